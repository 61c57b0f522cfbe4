import { GapflowClient, isGapflowApiError, isGapflowError, type TypedSessionEvent } from '@gapflow/client';
import type { ParsedCV, ParsedJD } from '@gapflow/core';
import { candidateMarker, type ModelLatency } from './model-latency';
import { SessionEventLog } from './session-event-log';

/** The steps of a session, in the order a candidate takes them. */
export const SESSION_STEPS = ['create → gaps', 'questions', 'answers → deep dives', 'follow-ups → final answers', 'report', 'erase'] as const;
export type SessionStep = (typeof SESSION_STEPS)[number];

export interface StepTiming {
  step: SessionStep;
  wallMs: number;
  /** The simulated model time on the candidate's path during the step (see `ModelLatency`). */
  modelMs: number;
}

export interface CandidateResult {
  candidate: number;
  sessionId: string | undefined;
  steps: StepTiming[];
  /** From the first request to the erasure's event, think time excluded. */
  sessionWallMs: number;
  sessionModelMs: number;
  /** Every event the session's stream delivered. */
  events: TypedSessionEvent[];
  /** Error answers and failures seen, by code, retried ones included. */
  errors: Record<string, number>;
  /** Why the session did not complete, or undefined when it did. */
  failure: string | undefined;
}

export interface CandidateOptions {
  candidate: number;
  /** Where the candidate sends its requests. */
  commandUrl: string;
  /** Where it follows its session's events (another gateway when there are several). */
  eventsUrl: string;
  apiKey: string;
  cv: ParsedCV;
  jd: ParsedJD;
  thinkMs: number;
  latency: ModelLatency;
  signal: AbortSignal;
  /** Called when the candidate has its questions (the `--restart-redis` trigger counts these). */
  onQuestions?: () => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One simulated candidate: a whole session over the HTTP API and SSE through
 * `@gapflow/client`, step by step with a think time between steps. Requests that meet an
 * outage (5xx, 429, a gateway that cannot reach Redis during a restart) are retried, as a
 * page would; whatever it meets is counted.
 */
export async function runCandidate(options: CandidateOptions): Promise<CandidateResult> {
  const { candidate, latency, signal } = options;
  const marker = candidateMarker(candidate);
  const commands = new GapflowClient({ baseUrl: options.commandUrl, token: options.apiKey });
  const follower = new GapflowClient({ baseUrl: options.eventsUrl, token: options.apiKey });
  const result: CandidateResult = { candidate, sessionId: undefined, steps: [], sessionWallMs: 0, sessionModelMs: 0, events: [], errors: {}, failure: undefined };
  const countError = (error: unknown) => {
    const code = isGapflowError(error) ? error.code : error instanceof Error ? error.name : 'UNKNOWN';
    result.errors[code] = (result.errors[code] ?? 0) + 1;
  };

  /** Retries an outage; `landed(error)` says a retry's refusal means the first try got through. */
  async function call<T>(send: () => Promise<T>, landed: (error: unknown) => boolean = () => false): Promise<T | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await send();
      } catch (error) {
        countError(error);
        if (attempt > 1 && landed(error)) return undefined;
        const retryable = isGapflowApiError(error) ? error.status >= 500 || error.status === 429 : isGapflowError(error, 'UPSTREAM_UNAVAILABLE');
        if (!retryable || attempt >= 20 || signal.aborted) throw error;
        await sleep(isGapflowApiError(error) && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 250 * Math.min(attempt, 8));
      }
    }
  }

  let currentStep: SessionStep = SESSION_STEPS[0];
  async function step(name: SessionStep, run: () => Promise<void>): Promise<void> {
    currentStep = name;
    const startedAt = Date.now();
    await run();
    const endedAt = Date.now();
    result.steps.push({ step: name, wallMs: endedAt - startedAt, modelMs: latency.modelTimeMs(candidate, startedAt, endedAt) });
  }

  const think = () => sleep(options.thinkMs * (0.5 + Math.random()));
  let log: SessionEventLog | undefined;
  try {
    let sessionId = '';
    await step('create → gaps', async () => {
      const created = await call(() => commands.createSession({ cv: options.cv, jd: options.jd }, { signal }));
      sessionId = (created as { id: string }).id;
      result.sessionId = sessionId;
      log = new SessionEventLog(follower, sessionId, signal);
      await log.until((events) => events.some((event) => event.type === 'gaps.ready'));
    });
    const events = log as SessionEventLog;
    await think();

    await step('questions', async () => {
      // Every gap, the minor ones too (the default skips them): each must get exactly one question.
      const gapIds = events.of('gaps.ready').flatMap((event) => event.data.gaps.map((gap) => gap.id));
      await call(() => commands.submitQuestions(sessionId, { gapIds }, { signal, idempotencyKey: `load-${candidate}` }));
      await events.until((all) => all.some((event) => event.type === 'group.completed'));
    });
    options.onQuestions?.();
    const questions = events.of('question.ready').map((event) => event.data.question);
    if (questions.length === 0) throw new Error('the session got no question');
    await think();

    const answered = (questionId: string, type: 'deepdive.ready' | 'answer.completed') => (all: TypedSessionEvent[]) =>
      all.some((event) => (event.type === type || event.type === 'answer.completed') && event.data.questionId === questionId);
    // A retried answer that is refused as a conflict was accepted the first time.
    const conflict = (error: unknown) => isGapflowApiError(error, 'CONFLICT');
    await step('answers → deep dives', async () => {
      await Promise.all(
        questions.map(async (question) => {
          await call(() => commands.submitAnswer(sessionId, question.id, `We used ${question.skill} on the team. ${marker}`, { signal }), conflict);
          await events.until(answered(question.id, 'deepdive.ready'));
        }),
      );
    });
    await think();

    await step('follow-ups → final answers', async () => {
      await Promise.all(
        questions.map(async (question) => {
          const done = answered(question.id, 'answer.completed');
          if (!events.events.some((event) => event.type === 'answer.completed' && event.data.questionId === question.id)) {
            await call(() => commands.submitAnswer(sessionId, question.id, `I set up ${question.skill} myself for 3 services; releases went from 2 days to 4 hours. ${marker}`, { signal }), conflict);
          }
          await events.until(done);
        }),
      );
    });
    await think();

    await step('report', async () => {
      await call(() => commands.getReport(sessionId, { signal }));
    });
    await think();

    await step('erase', async () => {
      const gone = (error: unknown) => isGapflowApiError(error, 'NOT_FOUND') || (isGapflowApiError(error) && error.status === 410);
      await call(() => commands.eraseSession(sessionId, { signal }), gone);
      await events.until((all) => all.some((event) => event.type === 'session.erased'));
    });
  } catch (error) {
    countError(error);
    const seen = (log?.events ?? []).map((event) => event.type).filter((type, index, all) => type !== all[index - 1]);
    result.failure = `in step "${currentStep}": ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} (events: ${seen.join(' ')})`;
  }
  result.events = log?.events ?? [];
  result.sessionWallMs = result.steps.reduce((sum, timing) => sum + timing.wallMs, 0);
  result.sessionModelMs = result.steps.reduce((sum, timing) => sum + timing.modelMs, 0);
  return result;
}
