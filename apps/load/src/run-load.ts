import { GapflowKeys, ApiKeyStore } from '@gapflow/state';
import { loadSample } from '@gapflow/testing';
import { LoadDeployment } from './load-deployment';
import type { LoadOptions } from './load-options';
import { lostOrDoubled, type LoadProblem } from './lost-or-doubled';
import { candidateMarker, ModelLatency } from './model-latency';
import { RedisStatsSampler, type RedisStats } from './redis-stats-sampler';
import { runCandidate, type CandidateResult } from './simulated-candidate';
import { within } from './within';

export interface LoadResult {
  options: LoadOptions;
  results: CandidateResult[];
  problems: LoadProblem[];
  redis: RedisStats;
  /** From the first candidate's start to the last one's end. */
  elapsedMs: number;
  workerKills: number;
  redisRestarts: number;
  failovers: number;
  /** Model calls without a candidate's marker (their time is not subtracted from anyone's overhead). */
  unattributedModelCalls: number;
  /** CPU seconds used during the sessions, by role; `harness` is this process (the candidates and the Gemini test server). */
  cpuSeconds: { workers: number; gateways: number; redis: number; harness: number };
  /** Where the gateways' and workers' logs were written, when something was lost or doubled. */
  logsDir: string | undefined;
}

/**
 * A whole load run: starts the deployment, lets every candidate run its session at once,
 * injects the chaos asked for, then checks that nothing was lost or doubled, and tears it
 * all down. Aborting `stop` ends the sessions where they are (they count as not completed).
 */
export async function runLoad(options: LoadOptions, log: (line: string) => void = () => undefined, stop?: AbortSignal): Promise<LoadResult> {
  const latency = new ModelLatency(options.modelLatencyMeansMs, options.latencyScale, options.latencySigma);
  log(`starting ${options.cluster ? 'a six-node redis cluster' : 'redis'}, the Gemini test server, ${options.gateways} gateway(s) and ${options.workers} worker(s)`);
  const deployment = await LoadDeployment.start(options, latency);
  const stats = new RedisStatsSampler(deployment.redisClient());
  const chaos: Promise<void>[] = [];
  let killTimer: NodeJS.Timeout | undefined;
  let failoverTimer: NodeJS.Timeout | undefined;
  let failovers = 0;
  let workerKills = 0;
  let redisRestarts = 0;
  try {
    const keys = GapflowKeys.fromPrefix('{gapflow}');
    const apiKeys = new ApiKeyStore(deployment.redisClient(), keys);
    // One tenant per candidate: a load of many people, not one tenant's quota.
    const tokens = await Promise.all(Array.from({ length: options.candidates }, (_, candidate) => apiKeys.create(`load-tenant-${candidate}`)));
    const sample = loadSample('platform-engineer');
    // `stop` (Ctrl-C) ends the sessions early; the deployment is still torn down and reported on.
    // A timer of our own, not AbortSignal.timeout: AbortSignal.any holds its sources weakly,
    // and an unreferenced timeout signal is collected on Node 20 before it fires.
    const sessionTimeout = new AbortController();
    const sessionTimer = setTimeout(() => sessionTimeout.abort(new Error(`sessions not finished after ${options.sessionTimeoutMs} ms`)), options.sessionTimeoutMs);
    sessionTimer.unref();
    const signal = AbortSignal.any([sessionTimeout.signal, ...(stop ? [stop] : [])]);

    let withQuestions = 0;
    const onQuestions = () => {
      withQuestions += 1;
      if (options.restartRedis && redisRestarts === 0 && withQuestions >= Math.ceil(options.candidates / 2)) {
        redisRestarts += 1;
        log('chaos: SIGKILL redis-server and restart it (AOF)');
        chaos.push(deployment.restartRedis());
      }
    };
    // One kill at a time: the next is timed from when the replacement is up, so kills never pile up.
    let running = true;
    const scheduleKill = () => {
      killTimer = setTimeout(() => {
        if (!running) return;
        workerKills += 1;
        log(`chaos: SIGKILL a worker and start a new one (${workerKills})`);
        const killing = deployment.killAndReplaceWorker().then(() => {
          if (running) scheduleKill();
        });
        chaos.push(killing);
      }, options.killWorkerEverySeconds * 1000);
    };
    if (options.killWorkerEverySeconds > 0) scheduleKill();
    // Failovers likewise one at a time, each primary in turn.
    const scheduleFailover = () => {
      failoverTimer = setTimeout(() => {
        if (!running) return;
        failovers += 1;
        log(`chaos: fail a cluster primary over (${failovers})`);
        chaos.push(
          deployment.failOver().then(
            (primary) => {
              log(`chaos: ${primary} is primary now`);
              if (running) scheduleFailover();
            },
            (error: unknown) => log(`chaos: the failover failed: ${String(error)}`),
          ),
        );
      }, options.failoverEverySeconds * 1000);
    };
    if (options.failoverEverySeconds > 0) scheduleFailover();

    log(`${options.candidates} candidates start their sessions`);
    stats.start();
    const startedAt = Date.now();
    const appCpuBefore = deployment.cpuSeconds();
    const harnessCpuBefore = process.cpuUsage();
    const results = await Promise.all(
      tokens.map((apiKey, candidate) =>
        runCandidate({
          candidate,
          commandUrl: deployment.gatewayUrls[candidate % options.gateways] as string,
          eventsUrl: deployment.gatewayUrls[(candidate + 1) % options.gateways] as string,
          apiKey,
          cv: { ...sample.cv, headline: `Platform engineer ${candidateMarker(candidate)}` },
          jd: sample.jd,
          thinkMs: options.thinkMs,
          latency,
          // A signal of the candidate's own, derived from the run's: fetch listens on the signal
          // of every request in flight and resets its listener limit to 1,500, so a thousand
          // candidates on one shared signal warned of a leak that was not one.
          signal: AbortSignal.any([signal]),
          onQuestions,
        }),
      ),
    );
    const elapsedMs = Date.now() - startedAt;
    const appCpu = deployment.cpuSeconds();
    const harnessCpu = process.cpuUsage(harnessCpuBefore);
    running = false;
    clearTimeout(killTimer);
    clearTimeout(failoverTimer);
    // A chaos step still under way (a worker starting, a failover settling) gets 30 s to end.
    await within(Promise.allSettled(chaos), 30_000, []);
    const redis = await stats.stop();
    log('checking that nothing was lost or doubled');
    const problems = await lostOrDoubled(results, deployment.redisClient());
    const logsDir = problems.length > 0 ? deployment.writeLogs() : undefined;
    const cpuSeconds = {
      workers: appCpu.workers - appCpuBefore.workers,
      gateways: appCpu.gateways - appCpuBefore.gateways,
      redis: redis.cpuSeconds,
      harness: (harnessCpu.user + harnessCpu.system) / 1e6,
    };
    return { options, results, problems, redis, elapsedMs, workerKills, redisRestarts, failovers, unattributedModelCalls: latency.unattributedCalls, cpuSeconds, logsDir };
  } finally {
    clearTimeout(killTimer);
    clearTimeout(failoverTimer);
    await within(Promise.allSettled(chaos), 30_000, []);
    await deployment.close();
  }
}
