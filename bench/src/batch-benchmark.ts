import { performance } from 'node:perf_hooks';
import { loadSample } from '@gapflow/testing';
import { structuredCall } from '@gapflow/llm';
import { createBrain, knowledgeSnippet } from '@gapflow/workflow';
import { gapsOf, newSession, perJob, percentile, runGroup, withDeployment } from './bench-deployment';
import type { BenchOptions } from './bench-options';
import { formatMs } from './measure';
import { graphJobsPerSecond, rawBullMqJobsPerSecond } from './raw-bullmq-baseline';

export async function batchBenchmark(options: BenchOptions): Promise<void> {
  const llmMs = 800;
  const embedMs = 80;
  const gaps = gapsOf(10);
  console.log(`batch: ten gaps, simulated latency ${llmMs} ms per LLM call and ${embedMs} ms per embedding call; one worker process (concurrency 32)`);

  const { sequential, batch } = await withDeployment({ workerEnv: { SIMULATED_LLM_LATENCY_MS: String(llmMs), SIMULATED_EMBEDDING_LATENCY_MS: String(embedMs) } }, async (state, queues) => {
    // Warm-up: the first group pays for connections and module loading.
    await runGroup(state, queues, await newSession(state, gaps), ['gap-0']);
    const sequentialSession = await newSession(state, gaps);
    let started = performance.now();
    for (const gap of gaps) await runGroup(state, queues, sequentialSession, [gap.id]);
    const sequentialMs = performance.now() - started;
    const batchSession = await newSession(state, gaps);
    started = performance.now();
    await runGroup(state, queues, batchSession, gaps.map((gap) => gap.id));
    return { sequential: sequentialMs, batch: performance.now() - started };
  });

  // The lower bound: the same calls in this process, one embedding call and ten model calls
  // at once, with no queue, no Redis and no second process.
  const brain = await createBrain({ simulatedLlmLatencyMs: llmMs, simulatedEmbeddingLatencyMs: embedMs });
  const { cv, jd } = loadSample('platform-engineer');
  let started = performance.now();
  const retrieved = await brain.retriever.retrieve(gaps.map((gap) => gap.skill));
  await Promise.all(
    gaps.map((gap, index) =>
      brain.model.generate(structuredCall('question', { context: { cv, jd }, gap, knowledge: knowledgeSnippet(retrieved[index]?.best), avoid: [] })),
    ),
  );
  const lowerBound = performance.now() - started;

  console.log(`  ${'ten sequential single-gap submissions'.padEnd(50)} ${formatMs(sequential).padStart(10)}`);
  console.log(`  ${'one batch of ten gaps'.padEnd(50)} ${formatMs(batch).padStart(10)}`);
  console.log(`  ${'in-process Promise.all, no queue (lower bound)'.padEnd(50)} ${formatMs(lowerBound).padStart(10)}`);
  console.log(`  ratios: batch is ${(sequential / batch).toFixed(1)}x faster than sequential; ${(((batch - lowerBound) / lowerBound) * 100).toFixed(1)}% above the lower bound`);

  console.log('batch, zero latency: throughput and orchestration overhead of one worker process');
  await withDeployment({ profile: options.profile }, async (state, queues, usage) => {
    await runGroup(state, queues, await newSession(state, gapsOf(5)), ['gap-0']);
    const sessions = await Promise.all(Array.from({ length: 10 }, () => newSession(state, gapsOf(50))));
    const before = await usage();
    started = performance.now();
    await Promise.all(sessions.map((session) => runGroup(state, queues, session, session.gaps.map((gap) => gap.id))));
    const elapsed = performance.now() - started;
    const after = await usage();
    const questionJobsPerSecond = 500 / (elapsed / 1000);
    console.log(`  ${'500 question jobs (10 batches of 50)'.padEnd(50)} ${formatMs(elapsed).padStart(10)}   ${Math.round(questionJobsPerSecond).toLocaleString('en-US')} question jobs/s`);
    console.log(`  ${''.padEnd(50)} ${perJob(before, after, 500)} (a question job's share of its batch and group included)`);
    const raw = await rawBullMqJobsPerSecond();
    console.log(`  ${'raw BullMQ: 10,000 empty jobs, one worker process'.padEnd(50)} ${Math.round(raw).toLocaleString('en-US').padStart(10)} jobs/s (concurrency 32, same machine, this run)`);
    console.log(`  ratio: question jobs/s are ${((questionJobsPerSecond / raw) * 100).toFixed(1)} % of raw BullMQ's empty-job rate (goal: at least 10 %)`);
    const graphJobs = await graphJobsPerSecond();
    console.log(`  ${'BullMQ jobs that each run a one-node graph'.padEnd(50)} ${Math.round(graphJobs).toLocaleString('en-US').padStart(10)} jobs/s (LangGraph's MemorySaver, saved once when each run ends; same worker shape)`);
    console.log(`  ceiling for a job that runs any checkpointed LangGraph graph: ${((graphJobs / raw) * 100).toFixed(1)} % of raw BullMQ; question jobs reach ${((questionJobsPerSecond / graphJobs) * 100).toFixed(0)} % of that ceiling`);
    const overheads: number[] = [];
    const single = await newSession(state, gapsOf(50));
    for (const gap of single.gaps) {
      const t0 = performance.now();
      await runGroup(state, queues, single, [gap.id]);
      overheads.push(performance.now() - t0);
    }
    console.log(`  ${'one single-gap group, submit to group.completed'.padEnd(50)} p50 ${formatMs(percentile(overheads, 0.5))}   p99 ${formatMs(percentile(overheads, 0.99))} (3 jobs: batch, question, group)`);
  });
}
