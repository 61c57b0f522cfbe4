import { performance } from 'node:perf_hooks';
import { questionsOf } from '@gapflow/state';
import { gapsOf, newSession, perJob, percentile, QuestionEvents, runGroup, submitAnswer, withDeployment } from './bench-deployment';
import type { BenchOptions } from './bench-options';
import { formatMs } from './measure';
import { rawBullMqJobsPerSecond } from './raw-bullmq-baseline';

/** Thin enough that the offline model asks a deep dive (one round: the follow-up finishes the answer). */
const thinAnswer = (skill: string) => `We used ${skill} on the team.`;
const followUp = (skill: string) => `I set up ${skill} myself for 3 services; releases went from 2 days to 4 hours.`;

/**
 * The answer path at zero model latency, on one worker process: evaluation jobs a second
 * (first answers that end in a deep dive, then the follow-ups that end in a composed answer),
 * beside raw BullMQ's empty-job rate; and one question's whole answer — answer, deep dive,
 * follow-up, final answer — from first submission to `answer.completed`.
 */
export async function answersBenchmark(options: BenchOptions): Promise<void> {
  const sessionCount = 10;
  const questionsPerSession = 20;
  console.log(`answers, zero latency: evaluation jobs of one worker process (concurrency 32); ${sessionCount} sessions of ${questionsPerSession} questions`);
  // One deep-dive round, as the load harness runs: the follow-up then always ends in a final answer.
  await withDeployment({ profile: options.profile, workerEnv: { MAX_DEEP_DIVE_ROUNDS: '1' } }, async (state, queues, usage) => {
    const events = new QuestionEvents(state);
    try {
      const sessions = await Promise.all(Array.from({ length: sessionCount + 1 }, () => newSession(state, gapsOf(questionsPerSession))));
      await Promise.all(sessions.map((session) => runGroup(state, queues, session, session.gaps.map((gap) => gap.id))));
      const asked = await Promise.all(sessions.map(async (session) => ({ sessionId: session.id, questions: await questionsOf(state.results, session.id) })));
      const [single, ...many] = asked;
      if (!single) throw new Error('no session');
      const all = many.flatMap(({ sessionId, questions }) => questions.map((question) => ({ sessionId, question })));

      // Warm-up on one question of the single session: module loading, compiled scripts, connections.
      const [warm, ...singles] = single.questions;
      if (!warm) throw new Error('no question');
      await wholeAnswer(warm.id, warm.skill);

      const before = await usage();
      let started = performance.now();
      await Promise.all(all.map(({ sessionId, question }) => submitAnswer(state, queues, sessionId, question.id, thinAnswer(question.skill))));
      await Promise.all(all.map(({ sessionId, question }) => events.waitFor(sessionId, 'deepdive.ready', question.id)));
      const firstMs = performance.now() - started;
      started = performance.now();
      await Promise.all(all.map(({ sessionId, question }) => submitAnswer(state, queues, sessionId, question.id, followUp(question.skill))));
      await Promise.all(all.map(({ sessionId, question }) => events.waitFor(sessionId, 'answer.completed', question.id)));
      const followUpMs = performance.now() - started;
      const after = await usage();

      const rate = (jobs: number, ms: number) => jobs / (ms / 1000);
      const overall = rate(all.length * 2, firstMs + followUpMs);
      const raw = await rawBullMqJobsPerSecond();
      console.log(`  ${''.padEnd(50)} ${perJob(before, after, all.length * 2)} (the bench's own submissions included)`);
      const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')} jobs/s`;
      console.log(`  ${`${all.length} first answers (each ends in a deep dive)`.padEnd(50)} ${formatMs(firstMs).padStart(10)}   ${perSecond(rate(all.length, firstMs))}`);
      console.log(`  ${`${all.length} follow-ups (each ends in a final answer)`.padEnd(50)} ${formatMs(followUpMs).padStart(10)}   ${perSecond(rate(all.length, followUpMs))}`);
      console.log(`  ${'raw BullMQ: 10,000 empty jobs, one worker process'.padEnd(50)} ${perSecond(raw).padStart(10)} (concurrency 32, same machine, this run)`);
      console.log(`  ratio: evaluation jobs/s are ${((overall / raw) * 100).toFixed(1)} % of raw BullMQ's empty-job rate`);

      const wholeMs: number[] = [];
      for (const question of singles) {
        const t0 = performance.now();
        await wholeAnswer(question.id, question.skill);
        wholeMs.push(performance.now() - t0);
      }
      console.log(
        `  ${'one answer with one deep dive, submit to answer.completed'.padEnd(50)} p50 ${formatMs(percentile(wholeMs, 0.5))}   slowest ${formatMs(Math.max(...wholeMs))} (${wholeMs.length} questions, one at a time; 2 jobs each)`,
      );

      async function wholeAnswer(questionId: string, skill: string): Promise<void> {
        if (!single) return;
        await submitAnswer(state, queues, single.sessionId, questionId, thinAnswer(skill));
        await events.waitFor(single.sessionId, 'deepdive.ready', questionId);
        await submitAnswer(state, queues, single.sessionId, questionId, followUp(skill));
        await events.waitFor(single.sessionId, 'answer.completed', questionId);
      }
    } finally {
      events.close();
    }
  });
}
