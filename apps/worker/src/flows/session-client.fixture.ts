import { readServerSentEvents, type ReceivedEvent } from '@gapflow/testing';

/** A candidate's calls to a gateway, as the flow tests make them. */
/** Both are read at each call: tests know them only once `beforeAll` has run. */
export function sessionClient(gatewayUrl: () => string, apiKey: () => string) {
  const headers = () => ({ authorization: `Bearer ${apiKey()}`, 'content-type': 'application/json' });
  const api = (path: string, init: RequestInit = {}) => fetch(`${gatewayUrl()}${path}`, { ...init, headers: headers() });
  return {
    api,
    /** The session's events (after `lastEventId`) until `until` says enough. */
    follow: (sessionId: string, until: (events: ReceivedEvent[]) => boolean, lastEventId?: string) =>
      readServerSentEvents(`${gatewayUrl()}/v1/sessions/${sessionId}/events`, { headers: { ...headers(), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, until }),
    answer: (sessionId: string, questionId: string, text: string) =>
      api(`/v1/sessions/${sessionId}/questions/${questionId}/answers`, { method: 'POST', body: JSON.stringify({ text }) }),
  };
}
