import type { z } from 'zod';
import {
  AcceptedAnswer,
  CorrectedSession,
  CreatedSession,
  GapflowError,
  JobStatus,
  Session,
  SessionList,
  SessionReport,
  type SessionStatus,
  SubmittedQuestionGroup,
  type CorrectSessionRequestShape,
  type CreateSessionRequestShape,
  type SubmitQuestionsRequest,
  type TypedSessionEvent,
} from '@gapflow/core';
import { errorFromResponse } from './error-from-response';
import type { FollowEventsOptions } from './follow-events-options';
import { followSessionEvents } from './follow-session-events';
import type { CallOptions, GapflowClientOptions, SubmitQuestionsOptions } from './gapflow-client-options';

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** A multipart form instead of a JSON body; fetch writes its Content-Type with the boundary. */
  form?: FormData;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/**
 * A typed client of gapflow's public API, for a browser page or a Node process alike: it uses
 * only `fetch`. Requests are typed from `@gapflow/core`'s zod schemas and responses checked
 * against them; every error answer is a `GapflowApiError` (a `GapflowError` with the API's
 * stable code, the HTTP status, and `retryAfterSeconds` from `Retry-After`).
 *
 * @example
 * const client = new GapflowClient({ baseUrl: 'http://localhost:8080', token: apiKey });
 * const { id } = await client.createSession({ cv, jd });
 * for await (const event of client.events(id)) {
 *   if (event.type === 'gaps.ready') await client.submitQuestions(id, {}, { idempotencyKey: 'first' });
 * }
 */
export class GapflowClient {
  private readonly baseUrl: string;
  private readonly token: string;
  private readonly fetchImpl: typeof fetch;
  private readonly validate: boolean;

  constructor(options: GapflowClientOptions) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.token = options.token;
    // Bound: a page's `window.fetch` throws "Illegal invocation" when called as a method of another object.
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.validate = options.validateResponses ?? true;
  }

  /** `POST /v1/sessions`. Without `gaps`, a gap-analysis job computes them and `gaps.ready` follows. */
  async createSession(request: CreateSessionRequestShape, options: CallOptions = {}): Promise<CreatedSession> {
    return this.parse(CreatedSession, await this.json({ method: 'POST', path: '/v1/sessions', body: request, signal: options.signal }), 'POST /v1/sessions');
  }

  /**
   * `POST /v1/sessions` as a multipart form, as a page's file inputs give them: each of the CV
   * and the job ad a file (PDF, Word, text; read by its content, at most 5 MB) or pasted text.
   * A parse job reads them; `documents.parsed` and then `gaps.ready` follow.
   */
  async createSessionFromDocuments(documents: { cv: Blob | string; jd: Blob | string }, options: CallOptions = {}): Promise<CreatedSession> {
    const form = new FormData();
    for (const role of ['cv', 'jd'] as const) {
      const document = documents[role];
      if (typeof document === 'string') form.append(role, document);
      else form.append(role, document, document instanceof File ? document.name : role);
    }
    return this.parse(CreatedSession, await this.json({ method: 'POST', path: '/v1/sessions', form, signal: options.signal }), 'POST /v1/sessions');
  }

  /**
   * `PATCH /v1/sessions/{id}`: the parsed CV and/or JD, corrected, before any question is asked;
   * gap analysis runs again and `gaps.ready` of the returned `revision` follows.
   */
  async correctSession(sessionId: string, correction: CorrectSessionRequestShape, options: CallOptions = {}): Promise<CorrectedSession> {
    const path = `/v1/sessions/${segment(sessionId)}`;
    return this.parse(CorrectedSession, await this.json({ method: 'PATCH', path, body: correction, signal: options.signal }), `PATCH ${path}`);
  }

  /**
   * `GET /v1/sessions/{id}`: status, gaps, questions, answers, evaluations, deep dives, final
   * answers; with `include: 'documents'`, also the parsed CV and JD (`cv`, `jd`) and their text
   * (`documents`), which the summary leaves out.
   */
  async getSession(sessionId: string, options: CallOptions & { include?: 'documents' } = {}): Promise<Session> {
    const path = `/v1/sessions/${segment(sessionId)}${options.include ? `?include=${options.include}` : ''}`;
    return this.parse(Session, await this.json({ method: 'GET', path, signal: options.signal }), `GET ${path}`);
  }

  /**
   * `GET /v1/sessions`: a page of the tenant's sessions, newest first (a tenant's key only).
   * Pass the page's `nextCursor` as `cursor` for the next one.
   */
  async listSessions(query: { status?: SessionStatus; limit?: number; cursor?: string } = {}, options: CallOptions = {}): Promise<SessionList> {
    const search = new URLSearchParams();
    if (query.status !== undefined) search.set('status', query.status);
    if (query.limit !== undefined) search.set('limit', String(query.limit));
    if (query.cursor !== undefined) search.set('cursor', query.cursor);
    const text = search.toString();
    const path = `/v1/sessions${text ? `?${text}` : ''}`;
    return this.parse(SessionList, await this.json({ method: 'GET', path, signal: options.signal }), 'GET /v1/sessions');
  }

  /** `GET /v1/sessions/{id}/report`. */
  async getReport(sessionId: string, options: CallOptions = {}): Promise<SessionReport> {
    const path = `/v1/sessions/${segment(sessionId)}/report`;
    return this.parse(SessionReport, await this.json({ method: 'GET', path, signal: options.signal }), `GET ${path}`);
  }

  /** `POST /v1/sessions/{id}/questions`: every critical and important gap (or `gapIds`) as one job group. */
  async submitQuestions(sessionId: string, request: SubmitQuestionsRequest = {}, options: SubmitQuestionsOptions = {}): Promise<SubmittedQuestionGroup> {
    const path = `/v1/sessions/${segment(sessionId)}/questions`;
    const headers: Record<string, string> = options.idempotencyKey === undefined ? {} : { 'Idempotency-Key': options.idempotencyKey };
    return this.parse(SubmittedQuestionGroup, await this.json({ method: 'POST', path, body: request, headers, signal: options.signal }), `POST ${path}`);
  }

  /** `POST /v1/sessions/{id}/questions/{qid}/answers`: an answer, or the follow-up to its deep dives. */
  async submitAnswer(sessionId: string, questionId: string, text: string, options: CallOptions = {}): Promise<AcceptedAnswer> {
    const path = `/v1/sessions/${segment(sessionId)}/questions/${segment(questionId)}/answers`;
    return this.parse(AcceptedAnswer, await this.json({ method: 'POST', path, body: { text }, signal: options.signal }), `POST ${path}`);
  }

  /** `GET /v1/jobs/{id}`. */
  async getJob(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    const path = `/v1/jobs/${segment(jobId)}`;
    return this.parse(JobStatus, await this.json({ method: 'GET', path, signal: options.signal }), `GET ${path}`);
  }

  /** `DELETE /v1/sessions/{id}`: erases the session and everything of it. */
  async eraseSession(sessionId: string, options: CallOptions = {}): Promise<void> {
    const response = await this.send({ method: 'DELETE', path: `/v1/sessions/${segment(sessionId)}`, signal: options.signal });
    await response.body?.cancel();
  }

  /**
   * `GET /v1/sessions/{id}/events` as an async iterator of session events, each one's `data`
   * typed (and checked) by its `type`, that reconnects by itself with `Last-Event-ID` and
   * never yields an event twice; it ends after `session.erased` or when `options.signal`
   * aborts. Breaking out of `for await` closes it.
   */
  events(sessionId: string, options: FollowEventsOptions = {}): AsyncGenerator<TypedSessionEvent, void, undefined> {
    const path = `/v1/sessions/${segment(sessionId)}/events`;
    return followSessionEvents(async (lastEventId, signal) => {
      const response = await this.send({
        method: 'GET',
        path,
        headers: { Accept: 'text/event-stream', ...(lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId }) },
        signal,
      });
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('text/event-stream')) {
        await response.body?.cancel();
        throw new GapflowError('UPSTREAM_INVALID_OUTPUT', `GET ${path} answered ${type || 'no content type'}, not text/event-stream.`);
      }
      return response;
    }, { ...options, validateData: this.validate });
  }

  /** Sends a call; a non-2xx answer becomes its typed error, an unreachable gateway `UPSTREAM_UNAVAILABLE`. */
  private async send(call: Call): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}`, ...call.headers };
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${call.path}`, {
        method: call.method,
        headers,
        ...(call.form ? { body: call.form } : call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        ...(call.signal ? { signal: call.signal } : {}),
      });
    } catch (error) {
      if (call.signal?.aborted) throw error;
      throw new GapflowError('UPSTREAM_UNAVAILABLE', `Could not reach the gapflow gateway for ${call.method} ${call.path}; check the base URL and the network, then try again.`, { cause: error });
    }
    if (!response.ok) throw await errorFromResponse(response, `${call.method} ${call.path}`);
    return response;
  }

  private async json(call: Call): Promise<unknown> {
    return (await this.send(call)).json();
  }

  private parse<T extends z.ZodType>(schema: T, body: unknown, what: string): z.output<T> {
    if (!this.validate) return body as z.output<T>;
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const where = parsed.error.issues[0]?.path.join('.') || 'body';
    throw new GapflowError('UPSTREAM_INVALID_OUTPUT', `${what} answered a body that does not match the API's schema (at ${where}): is this client older than the gateway?`);
  }
}

/** An id as one path segment: whatever it holds, it cannot leave its segment. */
function segment(id: string): string {
  return encodeURIComponent(id);
}
