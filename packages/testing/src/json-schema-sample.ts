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

