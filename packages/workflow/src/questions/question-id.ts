import { createHash } from 'node:crypto';

/** The question of a gap has an id derived from the gap's, so a retried job writes the same one. */
export function questionIdFor(gapId: string): string {
  return `q-${createHash('sha256').update(gapId).digest('hex').slice(0, 20)}`;
}
