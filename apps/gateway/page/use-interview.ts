import { isGapflowApiError, type GapflowClient, type TypedSessionEvent } from '@gapflow/client';
import type { Session } from '@gapflow/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from './describe-error';

/** A final answer as it streams in: the chunks of one attempt, by index. */
export interface AnswerDraft {
  attempt: number;
  chunks: string[];
}

export interface InterviewState {
  /** The session as the server last showed it; the page's source of truth. */
  session: Session | undefined;
  /** Why the session could not be read, when it could not. */
  error: string | undefined;
  /** Final answers being written, by question id, until the session shows them done. */
  drafts: Readonly<Record<string, AnswerDraft>>;
  /** The session was erased (here or elsewhere): nothing of it is left to show. */
  erased: boolean;
}

function withDelta(drafts: Readonly<Record<string, AnswerDraft>>, event: TypedSessionEvent): Readonly<Record<string, AnswerDraft>> {
  if (event.type === 'answer.restarted') return { ...drafts, [event.data.questionId]: { attempt: event.data.attempt, chunks: [] } };
  if (event.type !== 'answer.delta') return drafts;
  const { questionId, attempt, index, chunk } = event.data;
  const current = drafts[questionId];
  // A later attempt starts over; chunks of an attempt already replaced are stale.
  if (current && current.attempt > attempt) return drafts;
  const chunks = current && current.attempt === attempt ? [...current.chunks] : [];
  chunks[index] = chunk;
  return { ...drafts, [questionId]: { attempt, chunks } };
}

/**
 * A session, kept current: read once, then read again whenever its event stream says
 * something changed (coalesced: one read in flight, at most one more queued), with the final
 * answers' text taken from the stream as it is written. The stream is followed from its
 * start, so a reloaded page sees the answer being written too; the client reconnects a
 * dropped stream with `Last-Event-ID` by itself.
 */
export function useInterview(client: GapflowClient, sessionId: string): InterviewState & { refresh: () => void; markErased: () => void } {
  const [state, setState] = useState<InterviewState>({ session: undefined, error: undefined, drafts: {}, erased: false });
  const refreshRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const stop = new AbortController();
    let reading = false;
    let readAgain = false;

    const read = async (): Promise<void> => {
      if (reading) {
        readAgain = true;
        return;
      }
      reading = true;
      try {
        do {
          readAgain = false;
          const session = await client.getSession(sessionId, { signal: stop.signal });
          if (!stop.signal.aborted) setState((previous) => ({ ...previous, session, error: undefined }));
        } while (readAgain && !stop.signal.aborted);
      } catch (error) {
        if (stop.signal.aborted) return;
        const notFound = isGapflowApiError(error) && error.status === 404;
        // A session that was shown and is now not found was erased (by another tab, or its owner).
        setState((previous) => ({ ...previous, error: describeError(error), erased: previous.erased || (notFound && previous.session !== undefined) }));
      } finally {
        reading = false;
      }
    };
    refreshRef.current = () => void read();

    const follow = async (): Promise<void> => {
      try {
        for await (const event of client.events(sessionId, { signal: stop.signal })) {
          if (event.type === 'answer.delta' || event.type === 'answer.restarted') {
            setState((previous) => ({ ...previous, drafts: withDelta(previous.drafts, event) }));
          } else if (event.type === 'session.erased') {
            setState((previous) => ({ ...previous, erased: true }));
          } else {
            void read();
          }
        }
      } catch (error) {
        // The stream gave up (a 404 for a session erased or never made, a link that expired):
        // reading the session once more says which, in the API's words.
        if (!stop.signal.aborted) void read();
        if (!stop.signal.aborted && !(isGapflowApiError(error) && error.status === 404)) {
          setState((previous) => ({ ...previous, error: describeError(error) }));
        }
      }
    };

    void read();
    void follow();
    return () => stop.abort();
  }, [client, sessionId]);

  return { ...state, refresh: () => refreshRef.current(), markErased: () => setState((previous) => ({ ...previous, erased: true })) };
}
