import type { Job, Worker } from 'bullmq';
import { cacheMinTokensFor, defectForLog, isGapflowError, type Config } from '@gapflow/core';
import { GapflowMetrics, inSpan, type Logger } from '@gapflow/observability';
import { defineWorker, GapflowQueues, isJobDefectError, QUEUE_NAMES, type JobHandler, type QueueName } from '@gapflow/queue';
import { GeminiCacheClient, GeminiEmbeddings } from '@gapflow/llm';
import { CachedEmbedder, collectionNameFor, QdrantVectorIndex, RemoteEmbedder } from '@gapflow/retrieval';
import { createRedisConnection, createStateStores, reportJobProgress, runInSession, SharedContextCaches, SharedEmbeddingCache, SharedQuota, type RedisClient, type RedisTarget } from '@gapflow/state';
import { createBrain, type Brain, type RetrievalMode } from '@gapflow/workflow';
import { evaluationProcessor, recordEvaluationFailure } from './processors/evaluation';
import { documentParsingProcessor } from './processors/document-parsing';
import { recordIntakeFailure } from './processors/intake-failure';
import { gapAnalysisProcessor } from './processors/gap-analysis';
import { deleteCachesOfErasedSession } from './erased-session-caches';
import { maintenanceProcessor } from './processors/maintenance';
import { questionProcessor } from './processors/question';
import { questionBatchProcessor } from './processors/question-batch';
import { questionGroupProcessor } from './processors/question-group';
import { MetricsServer } from './metrics-server';
import { ObservedLanguageModel } from './observed-language-model';
import { sessionContextCache } from './session-context-cache';
import type { WorkerDependencies } from './worker-dependencies';

export interface WorkerProcessOverrides {
  /** Another brain (a model that fails on purpose, in tests); the embedded one otherwise. */
  brain?: Brain;
}

/**
 * One worker process: BullMQ workers for every queue, sharing one brain and one set of
 * stores. Stateless: everything needed to resume lives in Redis, so any replica can take any
 * job, and a replica killed mid-job loses nothing (the job is taken up again after the stall
 * interval).
 */
export class WorkerProcess {
  private constructor(
    /** Where this process's retrieval runs; `offlineReason` says why it is local when Gemini was configured. */
    readonly retrieval: RetrievalMode | undefined,
    /** Context-cache counters of this process, when Gemini caching is on. */
    readonly contextCaches: SharedContextCaches | undefined,
    /** What this process's model calls used, by call kind and provider. */
    readonly usage: Brain['usage'],
    private readonly metricsServer: MetricsServer,
    private readonly redis: RedisClient,
    private readonly stateRedis: RedisClient,
    private readonly workers: Worker[],
    private readonly queues: GapflowQueues,
    private readonly logger: Logger,
  ) {}

  /** `redisTarget`: a URL, or a target from `redisTargetOf(config.redis)` (one node or a cluster). */
  static async start(config: Config, logger: Logger, redisTarget: string | RedisTarget, overrides: WorkerProcessOverrides = {}): Promise<WorkerProcess> {
    // `null`: a worker waits for Redis to come back rather than failing its jobs (BullMQ's rule).
    const target: RedisTarget = typeof redisTarget === 'string' ? { url: redisTarget } : redisTarget;
    const redis = createRedisConnection(target, { connectTimeoutMs: config.redis.connectTimeoutMs, maxRetriesPerRequest: null, connectionName: 'gapflow-worker' });
    redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
    await redis.ping();
    // State gets a connection of its own with a command timeout, so a hung Redis fails a job
    // instead of holding it; BullMQ's connections block on purpose and must not have one.
    const stateRedis = createRedisConnection(target, {
      connectTimeoutMs: config.redis.connectTimeoutMs,
      commandTimeoutMs: config.redis.commandTimeoutMs,
      connectionName: 'gapflow-worker-state',
    });
    stateRedis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
    const policy = { attempts: config.jobs.attempts, backoffMs: config.jobs.backoffMs, keepFinishedSeconds: config.session.ttlSeconds };
    const queues = new GapflowQueues({ connection: redis, prefix: config.redis.keyPrefix, shards: config.jobs.shards, policy });
    const metrics = new GapflowMetrics('worker');
    const state = createStateStores({ client: stateRedis, keyPrefix: config.redis.keyPrefix, ttlSeconds: config.session.ttlSeconds });
    const gemini = config.gemini;
    const cacheClient = gemini ? new GeminiCacheClient({ apiKey: gemini.apiKey, ...(gemini.baseUrl ? { baseUrl: gemini.baseUrl } : {}), apiVersion: gemini.apiVersion, timeoutMs: gemini.timeoutMs }) : undefined;
    const contextCaches =
      gemini && gemini.contextCaching && cacheClient
        ? new SharedContextCaches({
            client: stateRedis,
            keys: state.keys,
            backend: cacheClient,
            ttlSeconds: gemini.cacheTtlSeconds,
            createTimeoutMs: gemini.timeoutMs,
            sessionTtlSeconds: config.session.ttlSeconds,
            minTokensFor: (model) => cacheMinTokensFor(model, gemini.cacheMinTokens),
          })
        : undefined;
    const quotaLimits = gemini && (gemini.quota.requestsPerWindow > 0 || gemini.quota.tokensPerWindow > 0) ? gemini.quota : undefined;
    const quota = quotaLimits
      ? new SharedQuota({
          client: stateRedis,
          keys: state.keys,
          windowMs: quotaLimits.windowMs,
          limitsFor: () => ({
            requestsPerWindow: quotaLimits.requestsPerWindow || Number.MAX_SAFE_INTEGER,
            tokensPerWindow: quotaLimits.tokensPerWindow || Number.MAX_SAFE_INTEGER,
          }),
          onWait: (model, waitMs) => {
            logger.info({ model, waitMs }, 'waiting for the shared Gemini quota');
            metrics.quotaWaits.inc({ model });
            metrics.quotaWaitSeconds.inc({ model }, waitMs / 1000);
            // Visible to whoever polls the job (GET /v1/jobs/{id} shows BullMQ progress).
            void reportJobProgress({ waitingForQuota: { model, waitMs, since: new Date().toISOString() } });
          },
        })
      : undefined;
    // The knowledge base's vectors are shared through Redis: ten workers starting together
    // embed it once (one takes a lease, the others read its vectors).
    const embeddingCache = gemini
      ? new CachedEmbedder(
          new RemoteEmbedder(new GeminiEmbeddings({ apiKey: gemini.apiKey, ...(gemini.baseUrl ? { baseUrl: gemini.baseUrl } : {}), apiVersion: gemini.apiVersion, timeoutMs: gemini.timeoutMs, ...gemini.embeddings })),
          new SharedEmbeddingCache({ client: stateRedis, keys: state.keys }),
        )
      : undefined;
    const deps: WorkerDependencies = {
      state,
      queues,
      metrics,
      observeNode: async (graph, node, run) => {
        const started = process.hrtime.bigint();
        let outcome = 'ok';
        try {
          return await inSpan(`graph ${graph}.${node}`, { attributes: { 'gapflow.graph': graph, 'gapflow.node': node } }, run);
        } catch (error) {
          // An interrupt is how a graph pauses for the candidate, not a failure.
          outcome = (error as { name?: string })?.name === 'GraphInterrupt' ? 'interrupted' : 'error';
          throw error;
        } finally {
          metrics.graphNodeDuration.observe({ graph, node, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
        }
      },
      brain:
        overrides.brain ??
        (await createBrain({
          ...(embeddingCache ? { embedder: embeddingCache } : {}),
          onOfflineRetrieval: (reason) =>
            logger.warn(
              { reason, retrieval: 'offline' },
              'Gemini embeddings are unavailable at start-up: retrieval runs offline (local hashing embedder, in-memory index) until this worker restarts; questions and answers still use Gemini',
            ),
          ...(config.qdrant
            ? {
                indexFor: (knowledge, embedder) =>
                  new QdrantVectorIndex({
                    url: config.qdrant!.url,
                    ...(config.qdrant!.apiKey ? { apiKey: config.qdrant!.apiKey } : {}),
                    collection: collectionNameFor(knowledge.version, embedder.id),
                    dimensions: embedder.dimensions,
                  }),
              }
            : {}),
          simulatedLlmLatencyMs: config.simulated.llmLatencyMs,
          simulatedEmbeddingLatencyMs: config.simulated.embeddingLatencyMs,
          ...(gemini
            ? {
                gemini: {
                  ...gemini,
                  ...(quota ? { sharedQuota: quota } : {}),
                  onBreakerChange: (breaker: 'open' | 'closed' | 'half-open') => {
                    metrics.breakerState.set({ provider: 'gemini' }, breaker === 'closed' ? 0 : 1);
                    logger.warn({ provider: 'gemini', breaker }, 'circuit breaker changed state');
                  },
                  ...(contextCaches ? { contextCache: sessionContextCache(contextCaches) } : {}),
                },
              }
            : {}),
          onFallback: (reason, kind) => {
            logger.warn({ reason, kind }, 'language model fell back to the offline model');
            metrics.llmFallbacks.inc({ reason, kind });
          },
        })),
      logger,
    };
    deps.brain = {
      ...deps.brain,
      model: new ObservedLanguageModel(deps.brain.model, metrics),
      ...(deps.brain.documentModel ? { documentModel: new ObservedLanguageModel(deps.brain.documentModel, metrics) } : {}),
    };
    // Ids only: a job's data never goes to the log whole.
    const sessionOf = (job: Job) => (job.data as { sessionId?: string }).sessionId;
    const options = {
      connection: redis,
      prefix: config.redis.keyPrefix,
      concurrency: config.worker.concurrency,
      stalledIntervalMs: config.worker.stalledIntervalMs,
      lockDurationMs: config.worker.lockDurationMs,
      onThreadRace: (job: Job, retried: boolean) =>
        logger.warn(
          { jobId: job.id, sessionId: sessionOf(job), attempt: job.attemptsMade + 1 },
          retried ? 'a run of the job lost the race for its graph thread; the job is tried again in a second or so' : 'a run of the job lost the race for its graph thread and its lock; dropped, the job runs elsewhere',
        ),
    };
    // Every job runs in its session's scope, so what it creates deep down (a context cache)
    // is attributed to the session and erased with it.
    const scoped =
      <Q extends QueueName>(handler: JobHandler<Q>): JobHandler<Q> =>
      async (payload, job) => {
        try {
          return await runInSession(payload.sessionId, () => handler(payload, job), (progress) => job.updateProgress(progress));
        } finally {
          // The session may have been erased while this job ran: a context cache it created
          // since is deleted at Gemini too (the erasure's clean-up job did not know it).
          if (contextCaches && cacheClient) {
            await deleteCachesOfErasedSession(
              {
                isErased: (sessionId) => state.eraser.isErased(sessionId),
                namesOf: (sessionId) => contextCaches.namesOf(sessionId),
                deleteCache: (name) => cacheClient.delete(name),
                enqueueCleanup: (cleanup) => queues.enqueueCleanup(cleanup),
                logger,
              },
              { sessionId: payload.sessionId, tenantId: payload.tenantId },
            ).catch((error: unknown) => logger.error({ sessionId: payload.sessionId, err: error }, 'could not clean up the context caches of an erased session'));
          }
          // The session may have been erased while this job ran: remove what it wrote since.
          const purged = await state.eraser.purgeIfErased(payload.sessionId).catch(() => 0);
          if (purged > 0) logger.info({ sessionId: payload.sessionId, keysRemoved: purged }, 'removed what a job wrote after its session was erased');
        }
      };
    const processors = {
      documentParsing: scoped(documentParsingProcessor(deps)),
      gapAnalysis: scoped(gapAnalysisProcessor(deps)),
      questionBatches: scoped(questionBatchProcessor(deps)),
      questions: scoped(questionProcessor(deps)),
      questionGroups: scoped(questionGroupProcessor(deps)),
      evaluations: scoped(evaluationProcessor(deps, { maxDeepDiveRounds: config.maxDeepDiveRounds })),
      maintenance: maintenanceProcessor(deps, cacheClient),
    };
    // One set of Workers per queue shard (QUEUE_SHARDS): every process consumes every shard,
    // and the base prefix too when sharded, so jobs queued before the change still run.
    const workers = queues.prefixes.flatMap((prefix) => {
      const shardOptions = { ...options, prefix };
      return [
        defineWorker(QUEUE_NAMES.documentParsing, processors.documentParsing, shardOptions),
        defineWorker(QUEUE_NAMES.gapAnalysis, processors.gapAnalysis, shardOptions),
        defineWorker(QUEUE_NAMES.questionBatches, processors.questionBatches, shardOptions),
        defineWorker(QUEUE_NAMES.questions, processors.questions, shardOptions),
        defineWorker(QUEUE_NAMES.questionGroups, processors.questionGroups, shardOptions),
        defineWorker(QUEUE_NAMES.evaluations, processors.evaluations, { ...shardOptions, concurrency: config.worker.evaluationConcurrency }),
        defineWorker(QUEUE_NAMES.maintenance, processors.maintenance, shardOptions),
      ];
    });
    for (const worker of workers) {
      worker.on('completed', (job) => {
        metrics.jobAttempts.inc({ queue: worker.name, outcome: 'completed' });
        if (job.processedOn && job.finishedOn) metrics.jobDuration.observe({ queue: worker.name, outcome: 'completed' }, (job.finishedOn - job.processedOn) / 1000);
      });
      worker.on('failed', (job, error) => {
        const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled/i.test(error.message);
        // A job failed outside its processor (stalled too often) skipped the processor's own
        // bookkeeping: the question must not stay 'evaluating' and locked.
        if (final && job && worker.name === QUEUE_NAMES.evaluations) {
          const data = job.data as { sessionId?: string; questionId?: string };
          if (data.sessionId && data.questionId) {
            void recordEvaluationFailure(deps, { sessionId: data.sessionId, questionId: data.questionId }, String(job.id), error).catch((cause: unknown) =>
              logger.error({ jobId: job.id, err: cause }, 'could not record a failed evaluation'),
            );
          }
        }
        // A session must not wait in parsing or analyzing for a job that will never finish.
        const stage = worker.name === QUEUE_NAMES.documentParsing ? 'parse' : worker.name === QUEUE_NAMES.gapAnalysis && job?.name === 'analyze' ? 'gap-analysis' : undefined;
        if (final && job && stage) {
          const data = job.data as { sessionId?: string; tenantId?: string; revision?: number };
          if (data.sessionId && data.tenantId) {
            void recordIntakeFailure(deps, { sessionId: data.sessionId, tenantId: data.tenantId, ...(data.revision !== undefined ? { revision: data.revision } : {}) }, stage, String(job.id), error).catch((cause: unknown) =>
              logger.error({ jobId: job.id, err: cause }, 'could not record a failed intake'),
            );
          }
        }
        metrics.jobAttempts.inc({ queue: worker.name, outcome: final ? 'failed' : 'retried' });
        if (job?.processedOn) metrics.jobDuration.observe({ queue: worker.name, outcome: final ? 'failed' : 'retried' }, (Date.now() - job.processedOn) / 1000);
      });
      worker.on('active', (job) => logger.debug({ queue: worker.name, jobId: job.id, sessionId: sessionOf(job), attempt: job.attemptsMade + 1 }, 'job started'));
      worker.on('completed', (job, result) => logger.debug({ queue: worker.name, jobId: job.id, sessionId: sessionOf(job), status: (result as { status?: string } | undefined)?.status }, 'job completed'));
      worker.on('failed', (job, error) => {
        const where = { queue: worker.name, jobId: job?.id, attempt: job?.attemptsMade };
        // An outage or a refusal is a GapflowError, and its message is enough. A defect (a
        // TypeError, a failed assertion) is logged loudly, with its class and stack frames, but
        // its message only where it quotes code (defectForLog): JSON.parse quotes its input.
        if (isGapflowError(error)) logger.warn({ ...where, err: { message: error.message, code: error.code } }, 'job attempt failed');
        else if (isJobDefectError(error)) logger.error({ ...where, err: defectForLog(error.defect) }, 'job attempt failed on a defect');
        // Failed by BullMQ itself (stalled too often): its own message.
        else logger.error({ ...where, err: { name: error.name, message: error.message } }, 'job attempt failed');
      });
      worker.on('error', (error) => logger.error({ queue: worker.name, err: error }, 'worker error'));
    }
    await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    // Counters kept by the caches themselves are carried into Prometheus at each scrape.
    const seen = { contextCache: {} as Record<string, number> };
    metrics.onScrape(async () => {
      for (const [event, value] of Object.entries(contextCaches?.stats ?? {})) {
        const delta = value - (seen.contextCache[event] ?? 0);
        if (delta > 0) metrics.contextCacheEvents.inc({ event }, delta);
        seen.contextCache[event] = value;
      }
      for (const [result, value] of Object.entries(embeddingCache?.stats ?? {}) as ['hits' | 'misses', number][]) {
        const label = result === 'hits' ? 'hit' : 'miss';
        const delta = value - (seen.contextCache[`embedding-${label}`] ?? 0);
        if (delta > 0) metrics.embeddingCacheRequests.inc({ result: label }, delta);
        seen.contextCache[`embedding-${label}`] = value;
      }
    });
    metrics.workerUp.set(1);
    const metricsServer = await MetricsServer.start(metrics, config.worker.metricsPort, config.gateway.host, { fallbackToFreePort: config.worker.metricsPortFallback });
    if (metricsServer.takenPort !== undefined) {
      logger.warn(
        { takenPort: metricsServer.takenPort, metricsPort: metricsServer.port },
        `metrics port ${metricsServer.takenPort} is taken: this worker serves /metrics on free port ${metricsServer.port} instead; set METRICS_PORT to choose one`,
      );
    }
    return new WorkerProcess(deps.brain.retrieval, contextCaches, deps.brain.usage, metricsServer, redis, stateRedis, workers, queues, logger);
  }

  get metricsPort(): number {
    return this.metricsServer.port;
  }

  /** Finishes the jobs in hand (new ones are not taken), then disconnects. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await this.metricsServer.close();
    await this.queues.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
    await this.stateRedis.quit().catch(() => this.stateRedis.disconnect());
    this.logger.info('worker stopped');
  }
}
