import { DeltaSnapshot, JsonPlusSerializer } from '@langchain/langgraph-checkpoint';

/** A constructor LangGraph writes as `{ lc: 2, type: 'constructor', … }`. */
function constructorRecord(name: string, method: string | null, args: unknown[]): Record<string, unknown> {
  return { lc: 2, type: 'constructor', id: [name], method, args, kwargs: {} };
}

/**
 * What LangGraph's serializer writes in place of a value plain JSON cannot hold — its
 * `_default`, which it does not export, as of @langchain/langgraph-checkpoint 1.x. The test
 * compares our bytes with LangGraph's for each of these, so a change upstream fails there.
 */
function jsonPlusReplacement(value: unknown): unknown {
  if (value === undefined) return { lc: 2, type: 'undefined' };
  if (value instanceof DeltaSnapshot) return { lc: 2, type: 'delta_snapshot', value: value.value };
  if (value instanceof Set || value instanceof Map) return constructorRecord(value.constructor.name, null, [Array.from(value)]);
  if (value instanceof RegExp) return constructorRecord('RegExp', null, [value.source, value.flags]);
  if (value instanceof Error) return constructorRecord('Error', null, [value.message]);
  const send = value as { lg_name?: unknown; node?: unknown; args?: unknown; timeout?: unknown } | null;
  if (send?.lg_name === 'Send') return { node: send.node, args: send.args, ...(send.timeout !== undefined ? { timeout: send.timeout } : {}) };
  if (value instanceof Uint8Array) return constructorRecord('Uint8Array', 'from', [Array.from(value)]);
  return value;
}

/**
 * LangGraph's `JsonPlusSerializer`, the same bytes and the same values for what gapflow stores
 * (plain data: a session's CV and JD on every step, LangChain messages, Sets, Maps, errors),
 * without its costs on plain JSON.
 *
 * - Reading: LangGraph revives every parsed value through an async recursive walk (a promise
 *   per array and per object) to find its `lc` records. Every record it revives has an `lc`
 *   key, written by its own stringify, so text without `"lc"` has nothing to revive and plain
 *   `JSON.parse` gives the same value. Text with `"lc"` or `"__proto__"` (which LangGraph's
 *   walk turns into a prototype) takes LangGraph's path.
 * - Writing: LangGraph walks the whole value for cycles before `JSON.stringify`. A value with
 *   no cycle stringifies the same without that walk; one with a cycle makes `JSON.stringify`
 *   throw, and then LangGraph's path handles it as it always did.
 *
 * Where the two still differ, on values gapflow never stores: a getter is read once, not twice;
 * a `toJSON` that reads a property forming a cycle sees the property, where LangGraph's walk
 * had replaced it with "[Circular]"; text LangGraph's reviver would overflow the stack on
 * (arrays nested thousands deep) is read.
 *
 * `fast-json-plus-serializer.test.ts` checks both directions against LangGraph's serializer.
 */
export class FastJsonPlusSerializer extends JsonPlusSerializer {
  private readonly encoder = new TextEncoder();

  protected override _dumps(value: unknown): Uint8Array {
    let text: string;
    try {
      text = JSON.stringify(value, (_key, item: unknown) => jsonPlusReplacement(item));
    } catch {
      return super._dumps(value);
    }
    return this.encoder.encode(text);
  }

  protected override async _loads(text: string): Promise<unknown> {
    if (text.includes('"lc"') || text.includes('"__proto__"')) return super._loads(text);
    return JSON.parse(text) as unknown;
  }
}
