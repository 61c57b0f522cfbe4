/**
 * A value that satisfies a JSON Schema (the subset zod emits: objects, arrays, strings,
 * numbers, booleans, enums, anyOf), with strings built from `text` so replies read as
 * answers to the prompt. For the Gemini test server's structured replies.
 */
export function sampleFromSchema(schema: unknown, text: string, depth = 0): unknown {
  const node = (schema ?? {}) as Record<string, unknown>;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  if (node.const !== undefined) return node.const;
  const variants = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) return sampleFromSchema(variants[0], text, depth + 1);
  const type = Array.isArray(node.type) ? (node.type as string[]).find((t) => t !== 'null') : (node.type as string | undefined);
  switch (type) {
    case 'object': {
      const properties = (node.properties ?? {}) as Record<string, unknown>;
      const required = new Set((node.required as string[] | undefined) ?? Object.keys(properties));
      return Object.fromEntries(Object.entries(properties).filter(([name]) => required.has(name)).map(([name, child]) => [name, sampleFromSchema(child, text, depth + 1)]));
    }
    case 'array': {
      const count = Math.max(1, Number(node.minItems ?? 1));
      return Array.from({ length: Math.min(count, Number(node.maxItems ?? count)) }, () => sampleFromSchema(node.items, text, depth + 1));
    }
    case 'string': {
      const min = Number(node.minLength ?? 0);
      const max = Number(node.maxLength ?? 400);
      const value = text.padEnd(min, '.').slice(0, max);
      return value;
    }
    case 'number':
    case 'integer': {
      const min = Number(node.minimum ?? 0);
      const max = Number(node.maximum ?? Math.max(min, 1));
      return type === 'integer' ? Math.ceil((min + max) / 2) : (min + max) / 2;
    }
    case 'boolean':
      return true;
    default:
      return null;
  }
}

/**
 * Where `value` breaks a JSON Schema of the subset `sampleFromSchema` reads (types, required
 * and unknown properties, enums, lengths, bounds, anyOf), as a path and a reason; undefined when
 * it matches. Strict like constrained decoding: a property the schema does not list is a mismatch.
 */
export function schemaMismatch(schema: unknown, value: unknown, path = '$'): string | undefined {
  const node = (schema ?? {}) as Record<string, unknown>;
  const variants = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants)) return variants.some((variant) => schemaMismatch(variant, value, path) === undefined) ? undefined : `${path}: matches none of its variants`;
  if (Array.isArray(node.enum) && !node.enum.includes(value)) return `${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(node.enum)}`;
  const types = Array.isArray(node.type) ? (node.type as string[]) : node.type === undefined ? [] : [node.type as string];
  const typeOf = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (types.length > 0 && !types.includes(typeOf) && !(typeOf === 'integer' && types.includes('number'))) return `${path}: ${typeOf} where ${types.join(' or ')} is expected`;
  if (typeof value === 'string') {
    if (node.minLength !== undefined && value.length < Number(node.minLength)) return `${path}: shorter than ${String(node.minLength)}`;
    if (node.maxLength !== undefined && value.length > Number(node.maxLength)) return `${path}: longer than ${String(node.maxLength)}`;
  }
  if (typeof value === 'number') {
    if (node.minimum !== undefined && value < Number(node.minimum)) return `${path}: below ${String(node.minimum)}`;
    if (node.maximum !== undefined && value > Number(node.maximum)) return `${path}: above ${String(node.maximum)}`;
  }
  if (Array.isArray(value)) {
    if (node.minItems !== undefined && value.length < Number(node.minItems)) return `${path}: fewer than ${String(node.minItems)} items`;
    if (node.maxItems !== undefined && value.length > Number(node.maxItems)) return `${path}: more than ${String(node.maxItems)} items`;
    for (const [index, item] of value.entries()) {
      const mismatch = schemaMismatch(node.items, item, `${path}[${index}]`);
      if (mismatch) return mismatch;
    }
  }
  if (typeOf === 'object') {
    const record = value as Record<string, unknown>;
    const properties = (node.properties ?? {}) as Record<string, unknown>;
    for (const name of (node.required as string[] | undefined) ?? []) if (!(name in record)) return `${path}.${name}: missing`;
    for (const [name, item] of Object.entries(record)) {
      if (!(name in properties)) return `${path}.${name}: not in the schema`;
      const mismatch = schemaMismatch(properties[name], item, `${path}.${name}`);
      if (mismatch) return mismatch;
    }
  }
  return undefined;
}
