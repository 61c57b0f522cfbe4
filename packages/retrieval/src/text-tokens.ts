/**
 * Lower-case word tokens. `+`, `#` and `.` inside a word are kept because they make different
 * skills ("c++", "c#", "node.js").
 */
export function wordTokens(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9][a-z0-9+#.]*[a-z0-9+#]|[a-z0-9]/g) ?? []);
}

/** 32-bit FNV-1a: fast, well spread, and the same on every machine. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
