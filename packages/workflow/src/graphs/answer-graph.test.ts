import { MemorySaver } from '@langchain/langgraph';
import { CRITERIA, isThreadRaceError, ThreadRaceError, type AnswerEvaluation, type DeepDivePrompt, type GeneratedAnswer } from '@gapflow/core';
import { FallbackLanguageModel, GeminiLanguageModel, OfflineLanguageModel, type LanguageModel } from '@gapflow/llm';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { ANSWER_TABLE, GeminiTestServer } from '@gapflow/testing';
import { knowledgeSnippet } from '../knowledge-snippet';
import { runAnswerGraph, type AnswerGraphListener } from './answer-graph';
import { killPointsOf, threadKilledAfter } from './crashed-thread.fixture';
import { storyConclusion } from '../evaluation/story-conclusion';

const row = ANSWER_TABLE[0]!;
const input = { questionId: 'q-1', question: row.question, skill: row.skill, knowledge: knowledgeSnippet(loadKnowledgeBase().resolve(row.skill)) ?? null };

/** Records what the graph announces, as the worker would publish it. */
function recorder(): AnswerGraphListener & { evaluations: AnswerEvaluation[]; deepDives: DeepDivePrompt[][]; deltas: string[]; completed: GeneratedAnswer[] } {
  const record = { evaluations: [] as AnswerEvaluation[], deepDives: [] as DeepDivePrompt[][], deltas: [] as string[], completed: [] as GeneratedAnswer[] };
  return {
    ...record,
    evaluated: async (evaluation) => void record.evaluations.push(evaluation),
    deepDivesAsked: async (prompts) => void record.deepDives.push(prompts),
    answerDelta: async (chunk, index) => void (record.deltas[index] = chunk),
    answerRestarted: async () => void (record.deltas.length = 0),
    answerCompleted: async (answer) => void record.completed.push(answer),
  };
}

describe('the answer graph', () => {
  it('asks deep dives for a thin answer and waits; a follow-up resumes it to a composed, streamed answer', async () => {
    const checkpointer = new MemorySaver();
    const listener = recorder();
    const deps = { model: new OfflineLanguageModel({ chunkChars: 20 }), checkpointer, listener };

    const first = await runAnswerGraph(deps, 'thread-1', input, { text: row.medium, submissionId: 'sub-1' });
    expect(first.status).toBe('awaiting_follow_up');
    expect(listener.evaluations).toHaveLength(1);
    expect(listener.evaluations[0]?.verdict).toBe('needs_detail');
    expect(listener.deepDives[0]?.length).toBeGreaterThanOrEqual(1);
    expect(listener.deltas).toEqual([]);

    const second = await runAnswerGraph(deps, 'thread-1', input, { text: row.strong, submissionId: 'sub-2' });
    expect(second.status).toBe('completed');
    // The whole story is evaluated again, the first answer and the follow-up together.
    expect(second.values.answerParts).toEqual([row.medium, row.strong]);
    expect(listener.evaluations).toHaveLength(2);
    const final = second.values.finalAnswer as GeneratedAnswer;
    expect(listener.deltas.length).toBeGreaterThan(3);
    expect(listener.deltas.join('')).toBe(final.text);
    expect(listener.completed).toEqual([final]);
    expect(final.source.provider).toBe('offline');
    // Provenance: each sentence points into the candidate's own combined text.
    const combined = [row.medium, row.strong].join('\n\n');
    for (const sentence of final.sentences) for (const span of sentence.sources) expect(span.end).toBeLessThanOrEqual(combined.length);
  });

  it('stops at the step whose save is refused (a run that lost its thread to another): no later node runs', async () => {
    // The scorers' step (0) is refused, as a fenced checkpointer refuses a run that was second.
    class RefusingSaver extends MemorySaver {
      override async put(...args: Parameters<MemorySaver['put']>): ReturnType<MemorySaver['put']> {
        if (args[2].step === 0) throw new ThreadRaceError('thread-race', 'parent', 'newer');
        return super.put(...args);
      }
    }
    const listener = recorder();
    const refused = await runAnswerGraph({ model: new OfflineLanguageModel(), checkpointer: new RefusingSaver(), listener }, 'thread-race', input, { text: row.strong, submissionId: 'sub-r' }).catch(
      (error: unknown) => error,
    );
    expect(isThreadRaceError(refused)).toBe(true);
    // With LangGraph's default durability ('async') the run would go on to aggregate and compose.
    expect(listener.evaluations).toEqual([]);
    expect(listener.deltas).toEqual([]);
  });

  it('saves the attempt the listener announced the answer under, for a run that only announces it', async () => {
    const checkpointer = new MemorySaver();
    // The worker numbers attempts across runs: here this run's first attempt is number 7.
    const numbering: AnswerGraphListener = { ...recorder(), answerDelta: async () => 7 };
    const composed = await runAnswerGraph({ model: new OfflineLanguageModel({ chunkChars: 20 }), checkpointer, listener: numbering }, 'thread-attempt', input, { text: row.strong, submissionId: 'sub-n' });
    expect(composed.values.answerAttempt).toBe(7);
    // A later run of the job finds the thread finished: it streams nothing, and still knows the attempt.
    const quiet = recorder();
    const again = await runAnswerGraph({ model: new OfflineLanguageModel(), checkpointer, listener: quiet }, 'thread-attempt', input, { text: row.strong, submissionId: 'sub-n' });
    expect(quiet.deltas).toEqual([]);
    expect(again.values.answerAttempt).toBe(7);
  });

  it('composes at once when the first answer is sufficient', async () => {
    const listener = recorder();
    const outcome = await runAnswerGraph({ model: new OfflineLanguageModel(), checkpointer: new MemorySaver(), listener }, 'thread-2', input, { text: row.strong, submissionId: 'sub-a' });
    expect(outcome.status).toBe('completed');
    expect(listener.deepDives).toEqual([]);
    expect(listener.evaluations[0]?.verdict).toBe('sufficient');
  });

  it('stops asking after the configured deep-dive rounds and composes from what it has', async () => {
    const listener = recorder();
    const deps = { model: new OfflineLanguageModel(), checkpointer: new MemorySaver(), listener, maxDeepDiveRounds: 2 };
    expect((await runAnswerGraph(deps, 'thread-3', input, { text: row.weak, submissionId: 'sub-3' })).status).toBe('awaiting_follow_up');
    expect((await runAnswerGraph(deps, 'thread-3', input, { text: 'Not sure.', submissionId: 'sub-4' })).status).toBe('awaiting_follow_up');
    const last = await runAnswerGraph(deps, 'thread-3', input, { text: 'It was fine.', submissionId: 'sub-5' });
    expect(last.status).toBe('completed');
    expect(listener.deepDives).toHaveLength(2);
    expect(listener.evaluations).toHaveLength(3);
  });

  describe('deep dives that follow the story', () => {
    const thin = 'I have done some of that at work.';

    it('stop after three rounds by default, saying why, and never ask the same words twice', async () => {
      const listener = recorder();
      const deps = { model: new OfflineLanguageModel(), checkpointer: new MemorySaver(), listener };
      for (const [index, text] of [thin, 'Not sure.', 'It went fine.'].entries()) {
        expect((await runAnswerGraph(deps, 'thread-rounds', input, { text, submissionId: `thin-${index}` })).status).toBe('awaiting_follow_up');
      }
      const last = await runAnswerGraph(deps, 'thread-rounds', input, { text: 'We did it as a team.', submissionId: 'thin-3' });
      expect(last.status).toBe('completed');
      expect(listener.deepDives).toHaveLength(3);
      const asked = listener.deepDives.flat().map((prompt) => prompt.text);
      expect(new Set(asked).size).toBe(asked.length);
      expect(storyConclusion(last.values.evaluations, last.values.deepDives.length)).toMatchObject({ reason: 'rounds', message: expect.stringContaining('After 3 rounds of follow-ups') });
    });

    it('ask about what the story so far still lacks, not what the candidate already gave, and end once it is given', async () => {
      const listener = recorder();
      const deps = { model: new OfflineLanguageModel(), checkpointer: new MemorySaver(), listener };
      // A story with its outcome measured, but no "I": impact is given, ownership is not.
      const ours = 'Last year our cluster kept running out of memory during the nightly batch. We moved the jobs to their own node pool and set requests and limits for every pod. Out-of-memory kills fell from 40 a week to 2, and the batch finished 3 hours earlier.';
      await runAnswerGraph(deps, 'thread-story', input, { text: ours, submissionId: 'ours' });
      const first = listener.deepDives[0]!.map((prompt) => prompt.criterion);
      expect(first).toContain('ownership');
      expect(first).not.toContain('impact');
      // The follow-up gives the candidate's own part: the story is now sufficient, and says so.
      const outcome = await runAnswerGraph(deps, 'thread-story', input, { text: 'I proposed the separate node pool, I wrote the resource limits myself and I convinced the data team to split their jobs.', submissionId: 'mine' });
      expect(outcome.status).toBe('completed');
      expect(listener.deepDives).toHaveLength(1);
      expect(storyConclusion(outcome.values.evaluations, outcome.values.deepDives.length)?.reason).toBe('sufficient');
    });
  });

  it('scores the five criteria in parallel branches, not one after another', async () => {
    const offline = new OfflineLanguageModel();
    let inFlight = 0;
    let mostAtOnce = 0;
    // Each criterion call holds a slot until every branch has started or 2 s pass: run one
    // after another, the first call would wait alone, so mostAtOnce would stay 1.
    const slow: LanguageModel = {
      provider: 'offline',
      composeAnswer: (call, options) => offline.composeAnswer(call, options),
      generate: async (call, options) => {
        if (call.kind === 'criterion') {
          inFlight += 1;
          mostAtOnce = Math.max(mostAtOnce, inFlight);
          const deadline = Date.now() + 2_000;
          while (inFlight < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
          await new Promise((resolve) => setTimeout(resolve, 20));
          inFlight -= 1;
        }
        return offline.generate(call, options);
      },
    };
    await runAnswerGraph({ model: slow, checkpointer: new MemorySaver(), listener: recorder() }, 'thread-4', input, { text: row.strong, submissionId: 'sub-b' });
    expect(mostAtOnce).toBe(5);
  });

  it('never feeds one submission in twice, as a retried job would', async () => {
    const listener = recorder();
    const deps = { model: new OfflineLanguageModel(), checkpointer: new MemorySaver(), listener };
    await runAnswerGraph(deps, 'thread-6', input, { text: row.medium, submissionId: 'first' });
    const retried = await runAnswerGraph(deps, 'thread-6', input, { text: row.medium, submissionId: 'first' });
    expect(retried.status).toBe('awaiting_follow_up');
    expect(retried.values.answerParts).toEqual([row.medium]);
    expect(listener.evaluations).toHaveLength(1);
    const followUp = await runAnswerGraph(deps, 'thread-6', input, { text: row.strong, submissionId: 'second' });
    const retriedFollowUp = await runAnswerGraph(deps, 'thread-6', input, { text: row.strong, submissionId: 'second' });
    expect(followUp.status).toBe('completed');
    expect(retriedFollowUp.values.answerParts).toEqual([row.medium, row.strong]);
    expect(listener.completed).toHaveLength(1);
  });

  it('leaves a finished thread alone', async () => {
    const listener = recorder();
    const deps = { model: new OfflineLanguageModel(), checkpointer: new MemorySaver(), listener };
    await runAnswerGraph(deps, 'thread-5', input, { text: row.strong, submissionId: 'sub-6' });
    const again = await runAnswerGraph(deps, 'thread-5', input, { text: 'something else', submissionId: 'sub-7' });
    expect(again.status).toBe('completed');
    expect(listener.completed).toHaveLength(1);
    expect(again.values.answerParts).toEqual([row.strong]);
  });
});

describe('a retried evaluation whose worker was killed in the middle of a step', () => {
  it('finishes the story from each point a kill could stop it at (killPointsOf), never "completed" without the answer', async () => {
    const threadId = 'thread-killed';
    const submission = { text: row.strong, submissionId: 'sub-k' };
    const finished = new MemorySaver();
    const whole = await runAnswerGraph({ model: new OfflineLanguageModel(), checkpointer: finished, listener: recorder() }, threadId, input, submission);
    expect(whole.status).toBe('completed');
    const points = await killPointsOf(finished, threadId);
    // The five scorers run in one superstep, so a kill can leave any number of them saved.
    expect(points.filter((point) => point.savedTasks >= 5).length).toBeGreaterThanOrEqual(1);

    for (const point of points) {
      const checkpointer = await threadKilledAfter(finished, threadId, point.step, point.savedTasks);
      const retried = await runAnswerGraph({ model: new OfflineLanguageModel(), checkpointer, listener: recorder() }, threadId, input, submission);
      expect({ point, status: retried.status, answer: retried.values.finalAnswer?.text, parts: retried.values.answerParts })
        .toEqual({ point, status: 'completed', answer: whole.values.finalAnswer?.text, parts: [row.strong] });
    }
  });

  it('finishes the story from each point a kill could stop the follow-up\'s run at, the interrupt\'s resumed task included', async () => {
    const threadId = 'thread-killed-follow-up';
    const first = { text: row.medium, submissionId: 'sub-first' };
    const followUp = { text: row.strong, submissionId: 'sub-follow-up' };
    const finished = new MemorySaver();
    const deps = { model: new OfflineLanguageModel(), checkpointer: finished, listener: recorder() };
    expect((await runAnswerGraph(deps, threadId, input, first)).status).toBe('awaiting_follow_up');
    const whole = await runAnswerGraph(deps, threadId, input, followUp);
    expect(whole.status).toBe('completed');

    for (const point of await killPointsOf(finished, threadId)) {
      const checkpointer = await threadKilledAfter(finished, threadId, point.step, point.savedTasks);
      const retried = { model: new OfflineLanguageModel(), checkpointer, listener: recorder() };
      // Both jobs run again, in order, as BullMQ would retry whichever was running.
      await runAnswerGraph(retried, threadId, input, first);
      const outcome = await runAnswerGraph(retried, threadId, input, followUp);
      expect({ point, status: outcome.status, answer: outcome.values.finalAnswer?.text, parts: outcome.values.answerParts })
        .toEqual({ point, status: 'completed', answer: whole.values.finalAnswer?.text, parts: [row.medium, row.strong] });
    }
  });

  it('asks for the follow-up from each point a kill could stop a thin answer at', async () => {
    const threadId = 'thread-killed-thin';
    const submission = { text: row.medium, submissionId: 'sub-thin' };
    const finished = new MemorySaver();
    const whole = await runAnswerGraph({ model: new OfflineLanguageModel(), checkpointer: finished, listener: recorder() }, threadId, input, submission);
    expect(whole.status).toBe('awaiting_follow_up');

    for (const point of await killPointsOf(finished, threadId)) {
      const checkpointer = await threadKilledAfter(finished, threadId, point.step, point.savedTasks);
      const retried = await runAnswerGraph({ model: new OfflineLanguageModel(), checkpointer, listener: recorder() }, threadId, input, submission);
      expect({ point, status: retried.status, deepDives: retried.values.deepDives.length, parts: retried.values.answerParts })
        .toEqual({ point, status: 'awaiting_follow_up', deepDives: 1, parts: [row.medium] });
    }
  });
});

describe('the answer graph and the session documents', () => {
  /** The offline model, recording the stable prefix of every call it answers. */
  function recordingModel(): LanguageModel & { prefixes: string[] } {
    const inner = new OfflineLanguageModel();
    const prefixes: string[] = [];
    return {
      prefixes,
      provider: inner.provider,
      generate: (call, options) => (prefixes.push(call.prompt.stablePrefix), inner.generate(call, options)),
      composeAnswer: (call, options) => (prefixes.push(call.prompt.stablePrefix), inner.composeAnswer(call, options)),
    };
  }

  it('gives every call the documents in one shared prefix, and keeps them out of the checkpoints', async () => {
    const context = { cv: { skills: ['Terraform'], experience: [{ title: 'Engineer', company: 'Parcelwise', highlights: ['Built the landing zone for 14 accounts'] }] }, jd: { title: 'Platform Engineer', requirements: [{ skill: 'Terraform', importance: 'must' as const }] } };
    const model = recordingModel();
    const checkpointer = new MemorySaver();
    const deps = { model, checkpointer, listener: recorder(), loadContext: async () => context };
    await runAnswerGraph(deps, 'thread-docs', input, { text: row.medium, submissionId: 'sub-1' });
    await runAnswerGraph(deps, 'thread-docs', input, { text: row.strong, submissionId: 'sub-2' });
    // Five scores per round, the deep dive, the final answer: all on one prefix with the CV in it.
    expect(model.prefixes.length).toBeGreaterThanOrEqual(12);
    expect(new Set(model.prefixes).size).toBe(1);
    expect(model.prefixes[0]).toContain('Built the landing zone for 14 accounts');
    const checkpoints = [];
    for await (const tuple of checkpointer.list({ configurable: { thread_id: 'thread-docs' } })) checkpoints.push(tuple);
    expect(checkpoints.length).toBeGreaterThan(0);
    // The checkpoints do hold the graph's own text (the answers), but not the documents.
    expect(JSON.stringify(checkpoints)).toContain(JSON.stringify(row.medium).slice(1, 40));
    expect(JSON.stringify(checkpoints)).not.toContain('landing zone');
  });
});

describe('the fallback label of a round', () => {
  let gemini: GeminiTestServer;
  beforeAll(async () => {
    gemini = await GeminiTestServer.start();
  });
  afterAll(async () => {
    await gemini.close();
  });

  it('belongs to the round that fell back: a later round scored by Gemini is not a fallback', async () => {
    const model = new FallbackLanguageModel(
      new GeminiLanguageModel({ apiKey: 'test-key', baseUrl: gemini.url, models: { fast: 'gemini-2.5-flash-lite', quality: 'gemini-2.5-flash' } }),
      new OfflineLanguageModel(),
    );
    const listener = recorder();
    const deps = { model, checkpointer: new MemorySaver(), listener, maxDeepDiveRounds: 2 };
    // Round 1: every criterion call meets a 503, so the offline model scores the thin answer.
    gemini.script('generate', ...Array.from({ length: CRITERIA.length }, () => ({ status: 503 as const })));
    const first = await runAnswerGraph(deps, 'thread-fallback-label', input, { text: row.medium, submissionId: 'sub-fb-1' });
    expect(first.status).toBe('awaiting_follow_up');
    expect(listener.evaluations[0]?.source).toMatchObject({ provider: 'offline', fallback: true, fallbackReason: 'UPSTREAM_UNAVAILABLE' });

    // Round 2: Gemini is healthy again and scores every criterion.
    await runAnswerGraph(deps, 'thread-fallback-label', input, { text: row.strong, submissionId: 'sub-fb-2' });
    expect(listener.evaluations).toHaveLength(2);
    expect(listener.evaluations[1]?.source).toEqual({ provider: 'gemini', model: 'gemini-2.5-flash-lite', fallback: false });
    expect(listener.evaluations[1]?.source.fallback).toBe(false);
  });
});

describe('a defect in a node', () => {
  it('fails the run with the TypeError itself; nothing falls back', async () => {
    const fallbacks: string[] = [];
    const offline = new OfflineLanguageModel();
    const broken: LanguageModel = {
      provider: 'gemini',
      composeAnswer: (call, options) => offline.composeAnswer(call, options),
      generate: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'score')");
      },
    };
    const listener = recorder();
    const deps = { model: new FallbackLanguageModel(broken, offline, (reason) => fallbacks.push(reason)), checkpointer: new MemorySaver(), listener };
    await expect(runAnswerGraph(deps, 'thread-defect', input, { text: row.medium, submissionId: 'sub-defect' })).rejects.toThrow("Cannot read properties of undefined (reading 'score')");
    expect(fallbacks).toEqual([]);
    expect(listener.evaluations).toEqual([]);
  });
});
