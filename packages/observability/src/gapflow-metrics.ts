import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: from a cached read to a slow LLM call. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Every metric gapflow exports, on one registry per process (`GET /metrics` on the gateway
 * and on each worker). Labels carry only bounded values — route templates, queue and node
 * names, providers, models, call kinds, error codes — never ids or personal text.
 * `infra/` (alert rules, dashboards) names these series; a test checks they exist.
 *
 * @example
 * const metrics = new GapflowMetrics('gateway');
 * metrics.httpRequests.inc({ method: 'GET', route: '/v1/sessions/:id', status: '200' });
 */
export class GapflowMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({ name: 'gapflow_http_requests_total', help: 'HTTP requests by method, route template and status.', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  readonly httpDuration = new Histogram({ name: 'gapflow_http_request_duration_seconds', help: 'HTTP request duration by method, route template and status.', labelNames: ['method', 'route', 'status'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly sseConnections = new Gauge({ name: 'gapflow_sse_connections', help: 'Server-Sent Events streams open on this gateway.', registers: [this.registry] });

  readonly queueJobs = new Gauge({ name: 'gapflow_queue_jobs', help: 'Jobs per queue and state, read at scrape time.', labelNames: ['queue', 'state'], registers: [this.registry] });
  readonly queueOldestWaiting = new Gauge({ name: 'gapflow_queue_oldest_waiting_seconds', help: 'Age of the oldest waiting job per queue, read at scrape time.', labelNames: ['queue'], registers: [this.registry] });
  readonly jobDuration = new Histogram({ name: 'gapflow_job_duration_seconds', help: 'Job processing time per queue and outcome.', labelNames: ['queue', 'outcome'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly jobAttempts = new Counter({ name: 'gapflow_job_attempts_total', help: 'Job attempts per queue and outcome (completed, failed, retried).', labelNames: ['queue', 'outcome'], registers: [this.registry] });
  /** Exported by workers only: a gateway reporting 0 would read as a dead worker. */
  readonly workerUp: Gauge;

  readonly graphNodeDuration = new Histogram({ name: 'gapflow_graph_node_duration_seconds', help: 'LangGraph node duration per graph, node and outcome.', labelNames: ['graph', 'node', 'outcome'], buckets: LATENCY_BUCKETS, registers: [this.registry] });

  readonly llmDuration = new Histogram({ name: 'gapflow_llm_call_duration_seconds', help: 'Language-model call latency per provider, model, call kind and outcome.', labelNames: ['provider', 'model', 'kind', 'outcome'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly llmErrors = new Counter({ name: 'gapflow_llm_errors_total', help: 'Language-model call errors per call kind and error code.', labelNames: ['kind', 'code'], registers: [this.registry] });
  readonly llmTokens = new Counter({ name: 'gapflow_llm_tokens_total', help: 'Tokens per provider, model, call kind and type (prompt, cached, output).', labelNames: ['provider', 'model', 'kind', 'type'], registers: [this.registry] });
  readonly llmCost = new Counter({ name: 'gapflow_llm_cost_usd_total', help: 'Estimated cost in US dollars per provider, model and call kind.', labelNames: ['provider', 'model', 'kind'], registers: [this.registry] });
  readonly llmFallbacks = new Counter({ name: 'gapflow_llm_fallbacks_total', help: 'Calls answered by the offline model instead, per reason and call kind.', labelNames: ['reason', 'kind'], registers: [this.registry] });
  readonly breakerState = new Gauge({ name: 'gapflow_breaker_open', help: '1 while the provider circuit breaker is open (or half-open), 0 while closed.', labelNames: ['provider'], registers: [this.registry] });
  readonly quotaWaits = new Counter({ name: 'gapflow_quota_waits_total', help: 'Calls that waited for the shared quota, per model.', labelNames: ['model'], registers: [this.registry] });
  readonly quotaWaitSeconds = new Counter({ name: 'gapflow_quota_wait_seconds_total', help: 'Time spent waiting for the shared quota, per model.', labelNames: ['model'], registers: [this.registry] });
  readonly contextCacheEvents = new Counter({ name: 'gapflow_context_cache_events_total', help: 'Context-cache events: created, reused, extended, expired, uncached (could use one, went without), ineligible (no session, prefix below the model minimum or refused by Gemini as too small, session erased), discarded (deleted right after creation: lease lost or session erased).', labelNames: ['event'], registers: [this.registry] });
  /**
   * Only the calls that could use a context cache (a session's Gemini calls with caching on
   * and a prefix above the model's minimum), so the hit ratio is not diluted by calls that
   * never could: its alert must not fire on normal traffic.
   */
  readonly contextCacheCalls = new Counter({ name: 'gapflow_context_cache_calls_total', help: 'Model calls that could use the session context cache, per call kind and result (hit, miss).', labelNames: ['kind', 'result'], registers: [this.registry] });
  readonly answerSentencesDropped = new Counter({ name: 'gapflow_answer_sentences_dropped_total', help: 'Sentences of a model-written answer left out because they stated a number or a name (reason) the candidate never gave.', labelNames: ['reason'], registers: [this.registry] });
  readonly embeddingCacheRequests = new Counter({ name: 'gapflow_embedding_cache_requests_total', help: 'Embedding-cache lookups by result (hit, miss).', labelNames: ['result'], registers: [this.registry] });

  readonly sessions = new Counter({ name: 'gapflow_sessions_total', help: 'Sessions started, completed and erased.', labelNames: ['event'], registers: [this.registry] });

  private readonly scrapeHooks: (() => Promise<void>)[] = [];

  constructor(readonly service: 'gateway' | 'worker') {
    this.workerUp = new Gauge({ name: 'gapflow_worker_up', help: '1 while this worker process consumes jobs.', registers: service === 'worker' ? [this.registry] : [] });
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'gapflow_' });
  }

  /** Runs before every scrape: for values read on demand (queue depths). */
  onScrape(hook: () => Promise<void>): void {
    this.scrapeHooks.push(hook);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    await Promise.all(this.scrapeHooks.map((hook) => hook().catch(() => undefined)));
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
