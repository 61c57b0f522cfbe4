import { SessionEvent } from '@gapflow/core';

/** Stream entries as ioredis returns them: `[id, [field, value, field, value, …]]`. */
export type StreamEntry = [string, string[]];

/** A stored entry as a session event; `undefined` for an entry that does not parse (skipped, never fatal). */
export function toSessionEvent([id, fields]: StreamEntry): SessionEvent | undefined {
  const record: Record<string, string> = {};
  for (let index = 0; index + 1 < fields.length; index += 2) record[fields[index] as string] = fields[index + 1] as string;
  let data: unknown;
  try {
    data = JSON.parse(record.data ?? 'null');
  } catch {
    return undefined;
  }
  const parsed = SessionEvent.safeParse({ id, type: record.type, data, at: record.at });
  return parsed.success ? parsed.data : undefined;
}

/** Orders two stream ids (`<ms>-<seq>`, or `0`): negative, zero or positive, like a comparator. */
export function compareStreamIds(left: string, right: string): number {
  const [leftMs = '0', leftSeq = '0'] = left.split('-');
  const [rightMs = '0', rightSeq = '0'] = right.split('-');
  const byMs = BigInt(leftMs) - BigInt(rightMs);
  if (byMs !== 0n) return byMs < 0n ? -1 : 1;
  const bySeq = BigInt(leftSeq) - BigInt(rightSeq);
  return bySeq === 0n ? 0 : bySeq < 0n ? -1 : 1;
}
