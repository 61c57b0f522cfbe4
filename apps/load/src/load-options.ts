/** The mean simulated model time of each call kind, in ms, before `latencyScale`. */
export interface ModelLatencyMeansMs {
  /** A question (the `question` task). @defaultValue 1500 */
  question: number;
  /** One criterion's score (the `criterion` task). @defaultValue 800 */
  criterion: number;
  /** A deep dive (the `deepDive` task). @defaultValue 1000 */
  deepDive: number;
  /** The final answer, streamed (the `compose` task), spread over its chunks. @defaultValue 2000 */
  compose: number;
}

/** What one `npm run load` does. Every field has its default in `DEFAULT_LOAD_OPTIONS`. */
export interface LoadOptions {
  /** Simulated candidates, each running one whole session, all at once. @defaultValue 10 */
  candidates: number;
  /** Gateway processes; candidate i talks to gateway i mod M and follows its events on the next one. @defaultValue 1 */
  gateways: number;
  /** Worker processes. @defaultValue 2 */
  workers: number;
  /** `WORKER_CONCURRENCY` of each worker. @defaultValue 8 */
  workerConcurrency: number;
  /** A candidate's think time between two steps (drawn uniformly from half to one and a half of it). @defaultValue 500 */
  thinkMs: number;
  /** Multiplies every model latency; 0 for none. @defaultValue 1 */
  latencyScale: number;
  /** Spread of the model latency: the sigma of a log-normal around each mean (0: always the mean). @defaultValue 0.3 */
  latencySigma: number;
  modelLatencyMeansMs: ModelLatencyMeansMs;
  /** SIGKILL a worker every this many seconds and start a new one; 0 for never. @defaultValue 0 */
  killWorkerEverySeconds: number;
  /** SIGKILL the (AOF) Redis once, when half the candidates have their questions, and restart it. @defaultValue false */
  restartRedis: boolean;
  /** Run on a six-node Redis Cluster (`TestRedisCluster`, three primaries) instead of one node. @defaultValue false */
  cluster: boolean;
  /** Fail a cluster primary over every this many seconds; 0 for never. Needs `cluster`. @defaultValue 0 */
  failoverEverySeconds: number;
  /** A session that has not finished by then counts as lost. @defaultValue 300000 */
  sessionTimeoutMs: number;
}

export const DEFAULT_LOAD_OPTIONS: LoadOptions = {
  candidates: 10,
  gateways: 1,
  workers: 2,
  workerConcurrency: 8,
  thinkMs: 500,
  latencyScale: 1,
  latencySigma: 0.3,
  modelLatencyMeansMs: { question: 1500, criterion: 800, deepDive: 1000, compose: 2000 },
  killWorkerEverySeconds: 0,
  restartRedis: false,
  cluster: false,
  failoverEverySeconds: 0,
  sessionTimeoutMs: 300_000,
};
