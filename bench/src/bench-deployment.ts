import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId, type Gap, type Session, type SessionEvent } from '@gapflow/core';
import { GapflowQueues, JobIds } from '@gapflow/queue';
import { createRedisConnection, createStateStores, type RedisClient, type StateStores } from '@gapflow/state';
import { AppProcess, infoCpuSeconds, loadSample, TestRedisServer } from '@gapflow/testing';
import { formatProfileSummary, summarizeCpuProfiles } from './cpu-profile-summary';

const SKILLS = ['Terraform', 'Kubernetes', 'Go', 'Observability', 'CI/CD', 'Helm', 'Incident management', 'AWS', 'Docker', 'Linux', 'Python', 'Networking', 'Bash scripting', 'Ansible', 'Serverless'];

export function gapsOf(count: number): Gap[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `gap-${index}`,
    skill: SKILLS[index % SKILLS.length] as string,
    severity: 'important',
    reason: 'Not shown in the CV.',
    evidence: [],
  }));
}

export async function newSession(state: StateStores, gaps: Gap[]): Promise<Session> {
  const { cv, jd } = loadSample('platform-engineer');
  const now = new Date().toISOString();
  const session: Session = { id: newId('ses'), tenantId: 'bench', status: 'ready', createdAt: now, updatedAt: now, cv, jd, gaps, questions: [], failedGaps: [], answers: [] };
  await state.sessions.create(session);
  return session;
}

/** Submits one group and resolves when its group.completed event arrives. */
export async function runGroup(state: StateStores, queues: GapflowQueues, session: Session, gapIds: string[]): Promise<void> {
  const groupId = JobIds.group(session.id);
  const controller = new AbortController();
  const done = (async () => {
    for await (const event of state.events.subscribe(session.id, '0', { signal: controller.signal })) {
      if (event.type === 'group.completed' && (event.data as { groupId: string }).groupId === groupId) return;
    }
  })();
  await queues.submitQuestionBatch({ sessionId: session.id, tenantId: 'bench', groupId, gapIds });
  await done;
  controller.abort();
}

/** An answer as the gateway takes it: the question's lock, the text stored, the evaluation job enqueued. */
export async function submitAnswer(state: StateStores, queues: GapflowQueues, sessionId: string, questionId: string, text: string): Promise<void> {
  const submissionId = newId('sub');
  const jobId = JobIds.evaluation(submissionId);
  if (!(await state.answerLock.acquire(sessionId, questionId, jobId))) throw new Error(`question ${questionId} is still being evaluated`);
  await state.results.put(sessionId, { kind: 'submission', id: submissionId }, text);
  await state.sessionJobs.record(sessionId, [jobId]);
  await queues.enqueueEvaluation({ sessionId, tenantId: 'bench', questionId, submissionId });
}

/**
 * Waits for a question's events, one subscription per session for the whole benchmark: an
 * event that came before anyone waited for it is remembered, so no wait can miss it.
 */
export class QuestionEvents {
  private readonly controller = new AbortController();
  private readonly seen = new Map<string, number>();
  private readonly waiters = new Map<string, { count: number; resolve: () => void }[]>();
  private readonly following = new Set<string>();

  constructor(private readonly state: StateStores) {
    // One listener per session followed, on this one signal.
    setMaxListeners(1_000, this.controller.signal);
  }

  /** Resolves once `type` has come `count` times for the question. */
  waitFor(sessionId: string, type: SessionEvent['type'], questionId: string, count = 1): Promise<void> {
    this.follow(sessionId);
    // Question ids derive from gap ids, so sessions with the same gaps share them.
    const key = `${sessionId}:${type}:${questionId}`;
    if ((this.seen.get(key) ?? 0) >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.set(key, [...(this.waiters.get(key) ?? []), { count, resolve }]));
  }

  close(): void {
    this.controller.abort();
  }

  private follow(sessionId: string): void {
    if (this.following.has(sessionId)) return;
    this.following.add(sessionId);
    void (async () => {
      try {
        for await (const event of this.state.events.subscribe(sessionId, '0', { signal: this.controller.signal })) {
          const questionId = (event.data as { questionId?: string }).questionId;
          if (!questionId) continue;
          const key = `${sessionId}:${event.type}:${questionId}`;
          const seen = (this.seen.get(key) ?? 0) + 1;
          this.seen.set(key, seen);
          const ready = (this.waiters.get(key) ?? []).filter((waiter) => waiter.count <= seen);
          this.waiters.set(key, (this.waiters.get(key) ?? []).filter((waiter) => waiter.count > seen));
          for (const waiter of ready) waiter.resolve();
        }
      } catch (error) {
        if (!this.controller.signal.aborted) throw error;
      }
    })();
  }
}

export function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** What the deployment has used so far: CPU of the worker and of redis-server, and Redis commands run. */
export interface Usage {
  workerCpuSeconds: number;
  redisCpuSeconds: number;
  redisCommands: number;
}

/** INFO cpu and commandstats of one redis-server: its CPU seconds and the commands it has run. */
async function redisUsage(client: RedisClient): Promise<{ cpuSeconds: number; commands: number }> {
  const info = await client.info('everything');
  const commands = [...info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  return { cpuSeconds: infoCpuSeconds(info), commands };
}

/** The costs of `jobs` jobs between two usages, per job: worker and Redis CPU, and Redis commands. */
export function perJob(before: Usage, after: Usage, jobs: number): string {
  const ms = (seconds: number) => `${((seconds * 1000) / jobs).toFixed(2)} ms`;
  return `per job: worker CPU ${ms(after.workerCpuSeconds - before.workerCpuSeconds)}, redis-server CPU ${ms(after.redisCpuSeconds - before.redisCpuSeconds)}, ${((after.redisCommands - before.redisCommands) / jobs).toFixed(1)} Redis commands`;
}

export interface DeploymentOptions {
  /** The worker's environment on top of the bench's. */
  workerEnv?: Record<string, string>;
  /** Profile the worker with `node --cpu-prof` and print where its CPU went when it exits. */
  profile?: boolean;
}

/**
 * One redis-server and one worker process (concurrency 32) of our own; `body` drives them
 * through the state stores and queues, as the gateway would.
 */
export async function withDeployment<T>(options: DeploymentOptions, body: (state: StateStores, queues: GapflowQueues, usage: () => Promise<Usage>) => Promise<T>): Promise<T> {
  const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'gapflow-profile-')) : undefined;
  const redis = await TestRedisServer.start({ appendOnly: false });
  const client = createRedisConnection(redis.url);
  const env = { REDIS_URL: redis.url, WORKER_CONCURRENCY: '32', LOG_LEVEL: 'info', ...options.workerEnv };
  const worker = await AppProcess.start('worker', env, 'worker ready', profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []).catch(async (error: unknown) => {
    await redis.stop();
    throw error;
  });
  const state = createStateStores({ client, keyPrefix: '{gapflow}', ttlSeconds: 3_600 });
  const queues = new GapflowQueues({ connection: client, prefix: '{gapflow}' });
  try {
    // Each reading is one INFO: counted among the commands, one against thousands.
    const usage = async (): Promise<Usage> => {
      const { cpuSeconds, commands } = await redisUsage(client);
      return { workerCpuSeconds: worker.cpuSeconds(), redisCpuSeconds: cpuSeconds, redisCommands: commands };
    };
    return await body(state, queues, usage);
  } finally {
    await queues.close();
    client.disconnect();
    await worker.stop();
    await redis.stop();
    if (profileDir) {
      console.log(formatProfileSummary(summarizeCpuProfiles(profileDir)).join('\n'));
      rmSync(profileDir, { recursive: true, force: true });
    }
  }
}
