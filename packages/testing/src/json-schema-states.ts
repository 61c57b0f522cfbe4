/**
 * An estimate of how many states Gemini's constrained decoding needs for a response schema, after
 * the causes its refusal names: length limits (a string of at most N characters counts N), array
 * length limits, multiplied when nested (an array of at most M items counts M times its item),
 * numbers with bounds. Unbounded strings and arrays count 1: a bound, not a length, makes states.
 * Google does not publish the rule; this is the shape of it, for the test server to refuse what
 * the API refuses in the same way (see `GeminiLimits.maxSchemaStates`).
 */
export function schemaStates(schema: unknown): number {
  const node = (schema ?? {}) as Record<string, unknown>;
  const variants = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants)) return variants.reduce((sum: number, variant) => sum + schemaStates(variant), 0);
  if (Array.isArray(node.enum)) return node.enum.length;
  const type = Array.isArray(node.type) ? (node.type as string[]).find((t) => t !== 'null') : (node.type as string | undefined);
  switch (type) {
    case 'object':
      return Object.values((node.properties ?? {}) as Record<string, unknown>).reduce((sum: number, child) => sum + schemaStates(child), 1);
    case 'array':
      return Number(node.maxItems ?? 1) * schemaStates(node.items);
    case 'string':
      return Number(node.maxLength ?? 1);
    case 'number':
    case 'integer':
      return node.minimum !== undefined || node.maximum !== undefined ? 10 : 1;
    default:
      return 1;
  }
}
