import { z } from 'zod';
import { AcceptedAnswer, CorrectedSession, CorrectSessionRequestShape, CreatedSession, CreateSessionRequestShape, ERROR_CODES, Gap, JobStatus, Session, SessionEvent, SessionEventData, SessionList, SessionReport, SessionStatus, SubmitAnswerRequest, SubmitQuestionsRequest, SubmittedQuestionGroup } from '@gapflow/core';

function schema(type: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const ErrorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});

function errors(...statuses: number[]): Record<string, unknown> {
  return Object.fromEntries(statuses.map((status) => [String(status), { description: 'An error; see docs/errors.md for the codes', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
}

const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const idParameter = (name: string, what: string) => ({ name, in: 'path', required: true, description: `The ${what} id`, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' } });

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests, so
 * the documentation cannot drift from what the gateway accepts.
 */
export function openApiDocument(): Record<string, unknown> {
  const secured = { security: [{ apiKey: [] }] };
  return {
    openapi: '3.1.0',
    info: {
      title: 'gapflow',
      version: '0.1.0',
      description: 'Turns the gap between a CV and a job description into an adaptive interview. A method a path does not serve is 405 METHOD_NOT_ALLOWED with an `Allow` header; a path that is not valid percent-encoding is 400; a body may be sent with `Content-Encoding: gzip`, `deflate` or `br` (a body that is not what it claims is 400, another encoding 415).',
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (`npx gapflow keys create --tenant <name>`), or a candidate\'s link to one session (`candidateToken` of the session\'s creation; 403 outside that session; also `?token=` on its events)' } },
      schemas: {
        // What a client sends; CreateSessionRequest validates it (each of cv and jd: parsed, or { text }).
        CreateSessionRequest: schema(CreateSessionRequestShape, 'input'),
        CorrectSessionRequest: schema(CorrectSessionRequestShape, 'input'),
        SubmitQuestionsRequest: schema(SubmitQuestionsRequest, 'input'),
        SubmitAnswerRequest: schema(SubmitAnswerRequest, 'input'),
        SessionReport: schema(SessionReport),
        SessionList: schema(SessionList),
        // queuePrefix is internal (the session's queue shard) and never in an answer.
        Session: schema(Session.omit({ queuePrefix: true, candidateTokenHash: true })),
        Gap: schema(Gap),
        JobStatus: schema(JobStatus),
        SessionEvent: schema(SessionEvent),
        // The answers of the POSTs, from the same schemas @gapflow/client checks them with.
        CreatedSession: schema(CreatedSession),
        CorrectedSession: schema(CorrectedSession),
        SubmittedQuestionGroup: schema(SubmittedQuestionGroup),
        AcceptedAnswer: schema(AcceptedAnswer),
        // What each event type carries in `data`, e.g. `EventData.answer.delta`.
        ...Object.fromEntries(Object.entries(SessionEventData).map(([type, data]) => [`EventData.${type}`, schema(data)])),
        Error: schema(ErrorBody),
      },
    },
    paths: {
      '/v1/sessions': {
        get: {
          ...secured,
          summary: 'The tenant\'s sessions, newest first, a page at a time',
          description: 'Each line says what a session is (status, job title, how many gaps), nothing the candidate wrote. Pass the page\'s `nextCursor` as `cursor` for the next page; sessions created meanwhile are newer and never shift a later page. Sessions that expired or were erased are not listed. A candidate\'s link cannot list (403). A query parameter this endpoint does not know is 400.',
          parameters: [
            { name: 'status', in: 'query', required: false, description: 'Only sessions in this status', schema: schema(SessionStatus) },
            { name: 'limit', in: 'query', required: false, description: 'Sessions per page (default 20)', schema: { type: 'integer', minimum: 1, maximum: 100 } },
            { name: 'cursor', in: 'query', required: false, description: 'The `nextCursor` of the page before, unchanged', schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'A page of sessions', content: json('SessionList') }, ...errors(400, 401, 403, 429) },
        },
        post: {
          ...secured,
          summary: 'Create a session from a CV and a job description: parsed, as text, or as files',
          description:
            'Each of `cv` and `jd` is the parsed form or `{ "text": "…" }`; or send a `multipart/form-data` form with a file or a text field `cv` and one `jd` (PDF, Word .docx, Markdown or plain text, read by content, at most 5 MB and 20 pages). A session with a document to parse starts as `parsing`: a parse job turns the documents into a CV and a JD and announces `documents.parsed` (each document\'s parse report), then gap analysis computes the gaps and `gaps.ready` follows. Without `gaps`, a gap-analysis job computes them. A document gapflow cannot read (a scan, a password, too many pages, another file type) is refused with 422 `DOCUMENT_REFUSED` and what to do instead.',
          requestBody: {
            required: true,
            content: {
              ...json('CreateSessionRequest'),
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['cv', 'jd'],
                  properties: {
                    cv: { description: 'The CV: a file (PDF, .docx, Markdown, text) or its text', oneOf: [{ type: 'string', format: 'binary' }, { type: 'string' }] },
                    jd: { description: 'The job description: a file or its text', oneOf: [{ type: 'string', format: 'binary' }, { type: 'string' }] },
                  },
                },
              },
            },
          },
          responses: { '201': { description: 'Created', headers: { Location: { description: 'The session\'s URL, `/v1/sessions/{id}`', schema: { type: 'string' } } }, content: json('CreatedSession') }, ...errors(400, 401, 403, 413, 415, 422, 429) },
        },
      },
      '/v1/sessions/{id}': {
        get: {
          ...secured,
          summary: 'The session: status, gaps, questions, answers, evaluations, deep dives, final answers; the documents with ?include=documents',
          description: 'Without `include`, a summary: `cv`, `jd` and `documents` (the CV and job description, parsed and as text) are left out, so a client that polls does not fetch both documents each time. `?include=documents` adds them (what a correction edits). Another value of `include` is 400; other parameters are ignored.',
          parameters: [idParameter('id', 'session'), { name: 'include', in: 'query', required: false, description: '`documents`: also the parsed CV and JD and their text', schema: { type: 'string', enum: ['documents'] } }],
          responses: { '200': { description: 'The session', content: json('Session') }, ...errors(400, 401, 403, 404, 410, 429) },
        },
        patch: {
          ...secured,
          summary: 'Correct the parsed CV and/or JD before any question is asked; gap analysis runs again',
          description:
            'Send `cv`, `jd` or both in the parsed form `GET` shows, corrected, and optionally `fromRevision` (the session\'s `revision` you corrected, 0 before any: `409` if it has moved on). The session becomes `analyzing` under a new `revision`; `session.corrected` is announced, then `gaps.ready` with that revision. Allowed while the session is `analyzing`, `ready` or `failed` (a session whose parse failed keeps the document that was read: send the one that was refused); `409` while its documents are parsed and once questions were submitted.',
          parameters: [idParameter('id', 'session')],
          requestBody: { required: true, content: json('CorrectSessionRequest') },
          responses: { '202': { description: 'Accepted: gap analysis runs again', content: json('CorrectedSession') }, ...errors(400, 401, 403, 404, 409, 410, 413, 415, 429) },
        },
        delete: { ...secured, summary: 'Erase the session and everything of it; afterwards every endpoint for it is 404', parameters: [idParameter('id', 'session')], responses: { '204': { description: 'Erased' }, ...errors(400, 401, 403, 404, 410, 429) } },
      },
      '/v1/sessions/{id}/report': {
        get: { ...secured, summary: 'Per gap: the question, the last score per criterion, the final answer, what to practise next', parameters: [idParameter('id', 'session')], responses: { '200': { description: 'The report', content: json('SessionReport') }, ...errors(400, 401, 403, 404, 410, 429) } },
      },
      '/v1/sessions/{id}/questions/{qid}/answers': {
        post: {
          ...secured,
          summary: 'Answer a question, or follow up on its deep dives',
          description: 'The first answer starts the evaluation; an answer while deep dives wait resumes it. While an answer is being evaluated another is refused with 409 (one run per question).',
          parameters: [idParameter('id', 'session'), idParameter('qid', 'question')],
          requestBody: { required: true, content: json('SubmitAnswerRequest') },
          responses: { '202': { description: 'Accepted', content: json('AcceptedAnswer') }, ...errors(400, 401, 403, 404, 409, 410, 413, 415, 429) },
        },
      },
      '/v1/sessions/{id}/questions': {
        post: {
          ...secured,
          summary: 'Submit all gaps (or the named ones) as one job group',
          parameters: [idParameter('id', 'session'), { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 128 }, description: 'A repeated submission with the same key and body returns the first group; the key with a different body is 422 IDEMPOTENCY_KEY_REUSED.' }],
          requestBody: { required: true, content: json('SubmitQuestionsRequest') },
          responses: { '202': { description: 'Accepted', content: json('SubmittedQuestionGroup') }, ...errors(400, 401, 403, 404, 409, 410, 413, 415, 422, 429) },
        },
      },
      '/v1/sessions/{id}/events': {
        get: {
          ...secured,
          summary: 'The session\'s events as Server-Sent Events, resumable with Last-Event-ID',
          parameters: [idParameter('id', 'session'), { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } }, { name: 'lastEventId', in: 'query', required: false, schema: { type: 'string' } }],
          responses: { '200': { description: 'text/event-stream of SessionEvent (event: type, id: event id, data: JSON whose `data` is the `EventData.<type>` schema); ends after session.erased when the session is erased', content: { 'text/event-stream': { schema: { $ref: '#/components/schemas/SessionEvent' } } } }, ...errors(400, 401, 403, 404, 410, 429) },
        },
      },
      '/v1/jobs/{id}': {
        get: { ...secured, summary: 'A job\'s status, result or error', parameters: [{ name: 'id', in: 'path', required: true, description: 'A jobId returned by the API', schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,159}$' } }], responses: { '200': { description: 'The job', content: json('JobStatus') }, ...errors(400, 401, 403, 404, 429) } },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'The process is up' } } } },
      '/readyz': { get: { summary: 'Readiness: Redis answers', responses: { '200': { description: 'Ready' }, '503': { description: 'Redis unreachable' } } } },
    },
  };
}
