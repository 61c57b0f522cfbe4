import type { Gap, ParsedCV, ParsedJD } from '@gapflow/core';
import { readServerSentEvents, type ReceivedEvent } from './sse-client';

export interface WholeSessionOptions {
  /** The gateway, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  apiKey: string;
  cv: ParsedCV;
  jd: ParsedJD;
  gaps: Gap[];
  /** The first answer to a question: thin, so that a deep dive follows. */
  answer: (skill: string) => string;
  /** The reply to the deep dive. */
  followUp: (skill: string) => string;
  /** @defaultValue 60000 */
  timeoutMs?: number;
}

export interface WholeSessionResult {
  sessionId: string;
  /** The session as `GET /v1/sessions/{id}` returns it at the end. */
  session: { questions: { id: string; skill: string; source: unknown }[]; answers: { questionId: string; status: string; evaluations: { source: unknown }[]; deepDives: unknown[][]; finalAnswer?: { text: string; source: unknown } }[] };
  events: ReceivedEvent[];
}

/**
 * A whole session through the HTTP API, as a client drives it: create the session with its
 * gaps, ask every question, answer each (thinly), reply to each deep dive, and wait for every
 * final answer. Answers to different questions run side by side. Events are read from the
 * session's SSE stream, never assumed.
 */
export async function runWholeSession(options: WholeSessionOptions): Promise<WholeSessionResult> {
  const headers = { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' };
  const timeoutMs = options.timeoutMs ?? 60_000;
  const created = await fetch(`${options.baseUrl}/v1/sessions`, { method: 'POST', headers, body: JSON.stringify({ cv: options.cv, jd: options.jd, gaps: options.gaps }) });
  if (created.status !== 201) throw new Error(`creating the session answered ${created.status}: ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const stream = `${options.baseUrl}/v1/sessions/${id}/events`;
  const ofType = (events: ReceivedEvent[], type: string) => events.filter((event) => event.event === type);
  const read = (until: (events: ReceivedEvent[]) => boolean) => readServerSentEvents(stream, { headers, until, timeoutMs });

  await fetch(`${options.baseUrl}/v1/sessions/${id}/questions`, { method: 'POST', headers, body: '{}' });
  await read((events) => ofType(events, 'group.completed').length > 0);
  const asked = (await (await fetch(`${options.baseUrl}/v1/sessions/${id}`, { headers })).json()) as WholeSessionResult['session'];
  const answer = (questionId: string, text: string) =>
    fetch(`${options.baseUrl}/v1/sessions/${id}/questions/${questionId}/answers`, { method: 'POST', headers, body: JSON.stringify({ text }) }).then(async (response) => {
      if (response.status !== 202) throw new Error(`answering ${questionId} answered ${response.status}: ${await response.text()}`);
    });
  const questionOf = (event: ReceivedEvent) => (event.data as { data?: { questionId?: string } }).data?.questionId;
  const settled = (events: ReceivedEvent[]) => new Set([...ofType(events, 'deepdive.ready'), ...ofType(events, 'answer.completed')].map(questionOf));

  await Promise.all(asked.questions.map((question) => answer(question.id, options.answer(question.skill))));
  const afterAnswers = await read((events) => settled(events).size >= asked.questions.length);
  const probed = new Set(ofType(afterAnswers.events, 'deepdive.ready').map(questionOf));
  await Promise.all(asked.questions.filter((question) => probed.has(question.id)).map((question) => answer(question.id, options.followUp(question.skill))));
  const final = await read((events) => new Set(ofType(events, 'answer.completed').map(questionOf)).size >= asked.questions.length);
  const session = (await (await fetch(`${options.baseUrl}/v1/sessions/${id}`, { headers })).json()) as WholeSessionResult['session'];
  return { sessionId: id, session, events: final.events };
}
