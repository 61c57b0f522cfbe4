/**
 * Makes a caller-supplied value (a thread id, a namespace, a checkpoint id) safe inside a Redis
 * key: anything but letters, digits, `_`, `.` and `-` is percent-encoded, so a value can never
 * act as a SCAN pattern (`*`, `?`, `[`), open a hash tag (`{`, `}`) or fake a separator (`:`).
 * The encoding is reversible and distinct values stay distinct. `get-checkpoint-2.lua` encodes
 * checkpoint ids the same way in Lua: change both together.
 */
export function encodeKeyPart(value: string): string {
  return value.replace(/[^A-Za-z0-9_.-]/gu, (char) =>
    Array.from(Buffer.from(char, 'utf8'))
      .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
}

export function decodeKeyPart(part: string): string {
  return decodeURIComponent(part);
}
