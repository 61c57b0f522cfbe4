import { isGapflowApiError, type GapflowClient } from '@gapflow/client';
import type { Session } from '@gapflow/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { withAnswerEvent, type AnswerDrafts } from './answer-drafts';
import { describeError } from './describe-error';

export interface InterviewState {
  /** The session as the server last showed it; the page's source of truth. */
  session: Session | undefined;
  /** Why the session could not be read just now, when it could not. */
  error: string | undefined;
  /** Final answers being written, by question id, until the session shows them done. */
  drafts: AnswerDrafts;
  /** Why nothing of the session is shown any more: erased (here or elsewhere), or no longer readable with this link. */
  gone: 'erased' | 'unavailable' | undefined;
  /** False once the event stream gave up: the page no longer updates by itself. */
  live: boolean;
}

/** A candidate's words for a link the API refuses (its own message speaks to developers about API keys). */
const LINK_REFUSED = 'This interview link is not valid: it may be incomplete or expired, or the interview was erased. Open the whole link you were sent, or ask whoever sent it for a new one.';

/** Read failures worth another try: the rate limit, the gateway or Redis for a moment, the network. */
function isPassing(error: unknown): boolean {
  if (!isGapflowApiError(error)) return true;
  return error.status === 429 || error.status >= 500;
}

/**
 * A session, kept current: read once, then read again whenever its event stream says
 * something changed (coalesced: one read in flight, at most one more queued; a read that
 * fails for a passing reason is tried again), with the final answers' text taken from the
 * stream as it is written. The stream is followed from its start, so a reloaded page sees an
 * answer being written whole; the client reconnects a dropped stream with `Last-Event-ID`.
 */
export function useInterview(client: GapflowClient, sessionId: string): InterviewState & { refresh: () => void; markErased: () => void; reconnect: () => void } {
  const [state, setState] = useState<InterviewState>({ session: undefined, error: undefined, drafts: {}, gone: undefined, live: true });
  const [generation, setGeneration] = useState(0);
  const refreshRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const stop = new AbortController();
    let reading = false;
    let readAgain = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    // The documents (the CV and JD, parsed and as text) are read with the first read and again
    // when they change; every other read is the summary, the documents kept from before.
    let documentsWanted = true;
    const read = async (options: { documents?: boolean } = {}): Promise<void> => {
      if (options.documents) documentsWanted = true;
      if (reading) {
        readAgain = true;
        return;
      }
      reading = true;
      try {
        do {
          readAgain = false;
          const withDocuments = documentsWanted;
          documentsWanted = false;
          const fresh = await client.getSession(sessionId, { signal: stop.signal, ...(withDocuments ? { include: 'documents' as const } : {}) });
          if (!stop.signal.aborted) {
            setState((previous) => {
              const kept = previous.session;
              const session = withDocuments || !kept ? fresh : { ...fresh, ...(kept.cv ? { cv: kept.cv } : {}), ...(kept.jd ? { jd: kept.jd } : {}), ...(kept.documents ? { documents: kept.documents } : {}) };
              return { ...previous, session, error: undefined };
            });
          }
        } while (readAgain && !stop.signal.aborted);
      } catch (error) {
        if (stop.signal.aborted) return;
        if (isPassing(error)) {
          const waitMs = isGapflowApiError(error) && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 2_000;
          clearTimeout(retryTimer);
          retryTimer = setTimeout(() => void read({ documents: true }), waitMs);
        }
        // Shown before and now refused (404, or 401 for a link whose session is gone): erased or expired.
        const refused = isGapflowApiError(error) && (error.status === 404 || error.status === 401);
        setState((previous) =>
          refused && previous.session !== undefined ? { ...previous, session: undefined, drafts: {}, gone: previous.gone ?? 'unavailable' } : { ...previous, error: isGapflowApiError(error) && error.status === 401 ? LINK_REFUSED : describeError(error) },
        );
      } finally {
        reading = false;
      }
    };
    refreshRef.current = () => void read();

    const follow = async (): Promise<void> => {
      try {
        for await (const event of client.events(sessionId, { signal: stop.signal })) {
          if (event.type === 'answer.delta' || event.type === 'answer.restarted') {
            setState((previous) => ({ ...previous, drafts: withAnswerEvent(previous.drafts, event) }));
          } else if (event.type === 'session.erased') {
            setState((previous) => ({ ...previous, session: undefined, drafts: {}, gone: 'erased' }));
            return;
          } else {
            // What was read changes with a parse, a correction, and the gaps computed from them.
            void read({ documents: event.type === 'documents.parsed' || event.type === 'session.corrected' || event.type === 'gaps.ready' });
          }
        }
      } catch (error) {
        if (stop.signal.aborted) return;
        // The stream gave up: say so (reads do not clear it), and read once more, which tells a
        // session that is gone from a gateway that is away.
        setState((previous) => ({ ...previous, live: false, error: describeError(error) }));
        void read();
      }
    };

    setState((previous) => ({ ...previous, live: true }));
    void read();
    void follow();
    return () => {
      stop.abort();
      clearTimeout(retryTimer);
    };
  }, [client, sessionId, generation]);

  return {
    ...state,
    refresh: () => refreshRef.current(),
    markErased: () => setState((previous) => ({ ...previous, session: undefined, drafts: {}, gone: 'erased' })),
    reconnect: () => setGeneration((value) => value + 1),
  };
}
