import type { ModelCall } from '@gapflow/testing';
import type { ModelLatencyMeansMs } from './load-options';

/** One simulated model call of one candidate: when the server began to wait, and for how long. */
interface ModelInterval {
  startMs: number;
  endMs: number;
}

/** The marker a candidate writes into its CV and answers, so the Gemini test server can tell whose call it is answering. */
export function candidateMarker(candidate: number): string {
  return `[load-candidate-${candidate}]`;
}

const MARKER = /\[load-candidate-(\d+)\]/;

/** A standard normal draw (Box–Muller). */
function standardNormal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * The simulated model latency of the load run, and the ledger of what it added, per candidate.
 *
 * Each generate or stream call waits a time drawn from a log-normal distribution (model
 * latencies are right-skewed: most calls near the typical time, a long tail) whose mean is the
 * task's configured mean × `scale` and whose sigma is `sigma` (0: always the mean).
 *
 * Orchestration overhead is measured, not assumed: the Gemini test server calls `latencyOf`
 * for every model call, the call's prompt carries the candidate's marker (in the CV, which
 * every prompt's prefix holds with context caching off, and in the candidate's answers), and
 * the ledger keeps the interval the server spent waiting for that candidate. The model time
 * on a candidate's path during a step is then the length of the UNION of that candidate's
 * intervals inside the step's window: calls that overlap (a session's questions, an answer's
 * criteria, all run side by side) count once, as a user waits for them once. Wall time minus
 * that is the time the candidate waited for everything but the model: HTTP, queues, workers,
 * Redis, the event stream — the orchestration overhead.
 */
export class ModelLatency {
  private readonly intervals = new Map<number, ModelInterval[]>();
  /** Model calls that carried no candidate marker (should stay 0; else overhead is overstated). */
  unattributedCalls = 0;

  constructor(
    private readonly meansMs: ModelLatencyMeansMs,
    private readonly scale: number,
    private readonly sigma: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** For `GeminiTestServer`'s `modelLatencyMs`. */
  readonly latencyOf = (call: ModelCall): number => {
    const meanMs = (this.meansMs[call.task as keyof ModelLatencyMeansMs] ?? 0) * this.scale;
    // A log-normal with this mean: median = mean · e^(−σ²/2).
    const latencyMs = meanMs <= 0 ? 0 : Math.round(meanMs * Math.exp(this.sigma * standardNormal(this.random) - (this.sigma * this.sigma) / 2));
    const marker = MARKER.exec(JSON.stringify(call.body));
    if (!marker) {
      this.unattributedCalls += 1;
      return latencyMs;
    }
    const candidate = Number(marker[1]);
    const startMs = Date.now();
    const list = this.intervals.get(candidate) ?? [];
    list.push({ startMs, endMs: startMs + latencyMs });
    this.intervals.set(candidate, list);
    return latencyMs;
  };

  /** The length of the union of `candidate`'s model intervals clipped to [fromMs, toMs]. */
  modelTimeMs(candidate: number, fromMs: number, toMs: number): number {
    const clipped = (this.intervals.get(candidate) ?? [])
      .map((interval) => ({ startMs: Math.max(fromMs, interval.startMs), endMs: Math.min(toMs, interval.endMs) }))
      .filter((interval) => interval.endMs > interval.startMs)
      .sort((a, b) => a.startMs - b.startMs);
    let total = 0;
    let coveredUntil = Number.NEGATIVE_INFINITY;
    for (const interval of clipped) {
      const start = Math.max(interval.startMs, coveredUntil);
      if (interval.endMs > start) total += interval.endMs - start;
      coveredUntil = Math.max(coveredUntil, interval.endMs);
    }
    return total;
  }
}
