import { GapflowClient } from '@gapflow/client';
import type { Gap, ParsedCV, ParsedJD, Session, SessionEvent } from '@gapflow/core';

export interface WholeSessionOptions {
  /** The gateway, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  apiKey: string;
  cv: ParsedCV;
  jd: ParsedJD;
  gaps: Gap[];
  /** The first answer to a question: thin, so that a deep dive follows. */
  answer: (skill: string) => string;
  /** The reply to each deep dive. */
  followUp: (skill: string) => string;
  /** @defaultValue 60000 */
  timeoutMs?: number;
}

export interface WholeSessionResult {
  sessionId: string;
  /** The session as `GET /v1/sessions/{id}` returns it at the end. */
  session: Session;
  /** Every event of the session, in order, up to the last `answer.completed`. */
  events: SessionEvent[];
}

/**
 * A whole session through the HTTP API, as a client drives it (with `@gapflow/client`):
 * create the session with its gaps, ask every question, answer each (thinly), reply to each
 * deep dive, and wait for every final answer. Answers to different questions run side by
 * side. Events are read from the session's SSE stream, never assumed.
 */
export async function runWholeSession(options: WholeSessionOptions): Promise<WholeSessionResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const signal = AbortSignal.timeout(timeoutMs);
  const client = new GapflowClient({ baseUrl: options.baseUrl, token: options.apiKey });
  const { id } = await client.createSession({ cv: options.cv, jd: options.jd, gaps: options.gaps }, { signal });
  await client.submitQuestions(id, {}, { signal });

  const events: SessionEvent[] = [];
  let questions: Session['questions'] = [];
  const finished = new Set<string>();
  const questionOf = (event: SessionEvent) => questions.find((question) => question.id === (event.data as { questionId?: string }).questionId);
  for await (const event of client.events(id, { signal })) {
    events.push(event);
    if (event.type === 'group.completed') {
      questions = (await client.getSession(id, { signal })).questions;
      await Promise.all(questions.map((question) => client.submitAnswer(id, question.id, options.answer(question.skill), { signal })));
    }
    const question = questionOf(event);
    if (event.type === 'deepdive.ready' && question) await client.submitAnswer(id, question.id, options.followUp(question.skill), { signal });
    if (event.type === 'answer.completed' && question) finished.add(question.id);
    if (questions.length > 0 && finished.size >= questions.length) break;
  }
  if (finished.size < questions.length || questions.length === 0) {
    throw new Error(`session ${id}: ${finished.size} of ${questions.length} final answers within ${timeoutMs} ms`);
  }
  return { sessionId: id, session: await client.getSession(id), events };
}
