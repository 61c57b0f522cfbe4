import { percentiles } from './percentiles';
import type { LoadResult } from './run-load';
import { SESSION_STEPS } from './simulated-candidate';

const ms = (value: number | undefined) => (value === undefined ? '-' : `${Math.round(value)}`);

function row(label: string, wall: number[], overhead: number[]): string {
  const w = percentiles(wall);
  const o = percentiles(overhead);
  return `${label.padEnd(28)} ${String(wall.length).padStart(5)}  ${ms(w?.p50).padStart(7)} ${ms(w?.p95).padStart(7)} ${ms(w?.p99).padStart(7)}   ${ms(o?.p50).padStart(7)} ${ms(o?.p95).padStart(7)} ${ms(o?.p99).padStart(7)}`;
}

/** CPU seconds by role over the run, and per completed session: what capacity plans are made of. */
function cpuLine(run: LoadResult, sessions: number): string {
  const { workers, gateways, redis, harness } = run.cpuSeconds;
  const seconds = (value: number) => value.toFixed(1);
  const perSession = (value: number) => (sessions > 0 ? `${(value / sessions).toFixed(3)}` : '-');
  return (
    `cpu s: workers ${seconds(workers)}, gateways ${seconds(gateways)}, redis ${seconds(redis)}${run.options.cluster ? ' (primaries)' : ''}, harness ${seconds(harness)} in ${seconds(run.elapsedMs / 1000)} s of wall time; ` +
    `per session: worker ${perSession(workers)}, gateway ${perSession(gateways)}, redis ${perSession(redis)}`
  );
}

/** The printed report of a run: the lines, ending in the one-line summary. */
export function loadReport(run: LoadResult): string[] {
  const { options, results } = run;
  const completed = results.filter((result) => !result.failure);
  const lines = [
    `load: ${options.candidates} candidates, ${options.gateways} gateway(s), ${options.workers} worker(s) × concurrency ${options.workerConcurrency}, think ${options.thinkMs} ms, latency scale ${options.latencyScale} (sigma ${options.latencySigma})` +
      (options.killWorkerEverySeconds > 0 ? `, kill a worker every ${options.killWorkerEverySeconds} s` : '') +
      (options.restartRedis ? ', restart redis once' : '') +
      (options.cluster ? `, six-node cluster${options.failoverEverySeconds > 0 ? `, a failover every ${options.failoverEverySeconds} s` : ''}` : ''),
    '',
    `${'step'.padEnd(28)} ${'n'.padStart(5)}  ${'wall ms: p50'.padStart(15)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}   ${'overhead: p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}`,
  ];
  for (const step of SESSION_STEPS) {
    const timings = results.flatMap((result) => result.steps.filter((timing) => timing.step === step));
    lines.push(row(step, timings.map((timing) => timing.wallMs), timings.map((timing) => timing.wallMs - timing.modelMs)));
  }
  lines.push(row('whole session (no think)', completed.map((result) => result.sessionWallMs), completed.map((result) => result.sessionWallMs - result.sessionModelMs)));
  const errors: Record<string, number> = {};
  for (const result of results) for (const [code, count] of Object.entries(result.errors)) errors[code] = (errors[code] ?? 0) + count;
  const minutes = run.elapsedMs / 60_000;
  const questions = results.reduce((sum, result) => sum + result.events.filter((event) => event.type === 'question.ready').length, 0);
  lines.push(
    '',
    `sessions/min ${(completed.length / minutes).toFixed(1)} (${completed.length} in ${(run.elapsedMs / 1000).toFixed(1)} s), ${questions} questions asked (${(questions / Math.max(1, results.length)).toFixed(1)} per session)`,
    `redis: ${Math.round(run.redis.opsPerSecond)} ops/s, peak ${run.redis.peakConnections} connections${options.cluster ? ' (over the primaries)' : ''}`,
    cpuLine(run, completed.length),
    `chaos: ${run.workerKills} worker kill(s), ${run.redisRestarts} redis restart(s), ${run.failovers} failover(s)`,
    `errors (retried ones included): ${Object.keys(errors).length === 0 ? 'none' : Object.entries(errors).map(([code, count]) => `${code} ${count}`).join(', ')}`,
    ...(run.unattributedModelCalls > 0 ? [`model calls without a candidate marker: ${run.unattributedModelCalls} (their time counts as overhead)`] : []),
    ...run.problems.slice(0, 20).map((problem) => `LOST OR DOUBLED: candidate ${problem.candidate} (${problem.sessionId ?? 'no session'}): ${problem.problem}`),
    ...(run.logsDir ? [`the gateways' and workers' logs: ${run.logsDir}`] : []),
    run.problems.length === 0
      ? `OK: ${completed.length}/${results.length} sessions completed, nothing lost or doubled, no key of an erased session left`
      : `FAILED: ${run.problems.length} problem(s); ${completed.length}/${results.length} sessions completed`,
  );
  return lines;
}
