/**
 * The form under which skill names and aliases are compared: lower case, punctuation that
 * people vary ("Node.js" / "NodeJS" / "node js") folded away, but the characters that make a
 * different skill kept ("C++" is not "C", "C#" is not "C").
 *
 * @example
 * skillKey(' Node.JS ') === skillKey('nodejs') // true
 */
export function skillKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9+#/&]+/g, '')
    .trim();
}
