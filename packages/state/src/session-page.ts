import { GapflowError } from '@gapflow/core';

/** Where a page of the list ended: the creation time and id of its last session. */
export interface SessionCursor {
  createdAtMs: number;
  sessionId: string;
}

/** The cursor as the API hands it out: opaque to clients, so its shape can change. */
export function encodeSessionCursor(cursor: SessionCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAtMs, cursor.sessionId]), 'utf8').toString('base64url');
}

export function decodeSessionCursor(text: string): SessionCursor {
  try {
    const [createdAtMs, sessionId] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAtMs === 'number' && Number.isSafeInteger(createdAtMs) && typeof sessionId === 'string' && sessionId.length > 0 && sessionId.length <= 128) {
      return { createdAtMs, sessionId };
    }
  } catch {
    // falls through to the refusal
  }
  throw new GapflowError('VALIDATION_FAILED', 'cursor must be the nextCursor of an earlier page, unchanged; leave it out to start from the newest session.', {
    details: [{ path: 'cursor', message: 'not a cursor this API handed out' }],
  });
}
