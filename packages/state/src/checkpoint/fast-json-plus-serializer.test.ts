import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { DeltaSnapshot, JsonPlusSerializer } from '@langchain/langgraph-checkpoint';
import { Send } from '@langchain/langgraph';
import { loadSample } from '@gapflow/testing';
import { FastJsonPlusSerializer } from './fast-json-plus-serializer';

const reference = new JsonPlusSerializer();
const fast = new FastJsonPlusSerializer();

function cyclic(): Record<string, unknown> {
  const value: Record<string, unknown> = { name: 'loop' };
  value.self = value;
  return value;
}

/** Every kind of value LangGraph's serializer treats specially, and the plain ones gapflow stores. */
const VALUES: [string, () => unknown][] = [
  ['a session document', () => loadSample('platform-engineer')],
  ['nested arrays and nulls', () => ({ a: [1, [2, [3, null]], { b: [] }], c: null, d: '' })],
  ['an object with undefined fields', () => ({ kept: 1, dropped: undefined, list: [undefined, 2] })],
  ['undefined itself', () => undefined],
  ['a Set and a Map', () => ({ set: new Set([1, 'two']), map: new Map<string, unknown>([['k', { v: 1 }]]) })],
  ['a RegExp', () => /gap(s)?/giu],
  ['an Error', () => new Error('the model refused')],
  ['bytes', () => ({ bytes: new Uint8Array([0, 1, 255]) })],
  ['a Send', () => [new Send('question', { gapId: 'g1' })]],
  ['a delta snapshot', () => new DeltaSnapshot([1, 2, 3])],
  ['LangChain messages', () => [new HumanMessage('hello'), new AIMessage({ content: 'hi', id: 'm1' })]],
  ['text that mentions "lc" as data', () => ({ note: 'the key "lc": 1 appears in this string', lc: 'plain' })],
  ['a cycle', cyclic],
  ['a date', () => ({ at: new Date(Date.UTC(2026, 10, 29)) })],
];

describe('FastJsonPlusSerializer', () => {
  it.each(VALUES)('writes %s byte for byte as LangGraph’s JsonPlusSerializer', async (_name, make) => {
    const [fastType, fastBytes] = await fast.dumpsTyped(make());
    const [referenceType, referenceBytes] = await reference.dumpsTyped(make());
    expect(fastType).toBe(referenceType);
    expect(Buffer.from(fastBytes).toString()).toBe(Buffer.from(referenceBytes).toString());
  });

  it.each(VALUES)('reads %s back as LangGraph’s JsonPlusSerializer does', async (_name, make) => {
    const [type, bytes] = await reference.dumpsTyped(make());
    const fromFast = await fast.loadsTyped(type, bytes);
    const fromReference = await reference.loadsTyped(type, bytes);
    expect(fromFast).toEqual(fromReference);
    if (fromReference !== null && typeof fromReference === 'object') expect(Object.getPrototypeOf(fromFast)).toBe(Object.getPrototypeOf(fromReference));
  });

  it('takes LangGraph’s path exactly where there may be something to revive, and plain JSON.parse elsewhere', async () => {
    const slowPath = jest.spyOn(JsonPlusSerializer.prototype as unknown as { _loads(text: string): Promise<unknown> }, '_loads');
    try {
      const [, plain] = await reference.dumpsTyped({ tags: ['go'], note: 'no records here' });
      expect(await fast.loadsTyped('json', plain)).toEqual({ tags: ['go'], note: 'no records here' });
      expect(slowPath).not.toHaveBeenCalled();
      const [, withSet] = await reference.dumpsTyped({ tags: new Set(['go']) });
      expect(await fast.loadsTyped('json', withSet)).toEqual({ tags: new Set(['go']) });
      expect(slowPath).toHaveBeenCalledTimes(1);
    } finally {
      slowPath.mockRestore();
    }
  });

  it('reads a "__proto__" key as LangGraph does (its walk makes it the prototype)', async () => {
    const text = '{"a":{"__proto__":{"polluted":true}}}';
    const fromFast = (await fast.loadsTyped('json', text)) as { a: { polluted?: boolean } };
    const fromReference = (await reference.loadsTyped('json', text)) as { a: { polluted?: boolean } };
    expect(fromFast.a.polluted).toBe(fromReference.a.polluted);
    expect(Object.keys(fromFast.a)).toEqual(Object.keys(fromReference.a));
  });
});
