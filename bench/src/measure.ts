import { performance } from 'node:perf_hooks';

export interface Timing {
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  runs: number;
}

/**
 * Times `run` after a warm-up, `runs` times. Percentiles over single runs; the functions
 * measured here take between microseconds and tens of milliseconds.
 */
export async function measure(run: () => unknown, runs = 200, warmup = 20): Promise<Timing> {
  for (let i = 0; i < warmup; i += 1) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number;
  return { p50Ms: at(0.5), p99Ms: at(0.99), meanMs: samples.reduce((a, b) => a + b, 0) / samples.length, runs };
}

export function formatMs(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
}

export function row(label: string, timing: Timing): string {
  return `  ${label.padEnd(50)} p50 ${formatMs(timing.p50Ms).padStart(10)}   p99 ${formatMs(timing.p99Ms).padStart(10)}`;
}
