import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandCalls, everyPrimary, sampleSession, TestRedisCluster } from '@gapflow/testing';
import { AnswerLock } from './answer-lock';
import { ApiKeyStore } from './api-key-store';
import { pauseOnDeepDive } from './paused-thread.fixture';
import { RateLimiter } from './rate-limiter';
import { SessionLifetime } from './session-lifetime';
import { SharedContextCaches } from './shared-context-caches';
import { SharedEmbeddingCache } from './shared-embedding-cache';
import { SharedQuota } from './shared-quota';
import { createStateStores } from './state-stores';

const SOURCE_DIR = __dirname;
const LUA_DIR = join(__dirname, '..', 'lua');

/** Source files (under src/) that run a Lua script, a MULTI, a pipeline or a multi-key command. */
function filesWithMultiKeyCommands(dir = SOURCE_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesWithMultiKeyCommands(path).map((file) => `${entry.name}/${file}`);
    if (!entry.name.endsWith('.ts') || entry.name.includes('.test.') || entry.name.includes('.fixture.') || entry.name === 'lua-scripts.ts') return [];
    return /\.multi\(\)|\.pipeline\(\)|runLuaCommand[<(]|\.mget\(|\.del\(\.\.\./.test(readFileSync(path, 'utf8')) ? [entry.name] : [];
  });
}

/**
 * A Redis Cluster refuses (`CROSSSLOT`) a script, transaction or multi-key command whose keys
 * lie in different slots; one node never does. So each of them runs here, on a real cluster,
 * through the code that ships: the key builder's hash tags must keep each in one slot.
 */
describe('every Lua script and transaction on a Redis Cluster', () => {
  let cluster: TestRedisCluster;

  beforeAll(async () => {
    cluster = await TestRedisCluster.start();
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  /** The files exercised below; a new file with a script or transaction must be added here and run. */
  const EXERCISED = [
    'answer-attempt-counter.ts',
    'answer-lock.ts',
    'api-key-store.ts',
    'checkpoint/redis-checkpoint-saver.ts',
    'event-stream.ts',
    'idempotency-records.ts',
    'rate-limiter.ts',
    'result-store.ts',
    'session-eraser.ts',
    'session-jobs.ts',
    'session-lifetime.ts',
    'session-store.ts',
    'session-transaction.ts',
    'shared-context-caches.ts',
    'shared-embedding-cache.ts',
    'shared-quota.ts',
  ];

  it('knows every source file that runs a script, a transaction or a multi-key command', () => {
    expect(filesWithMultiKeyCommands().sort()).toEqual(EXERCISED);
  });

  it('runs each of them, and every .lua script, without CROSSSLOT', async () => {
    const client = cluster.client();
    const state = createStateStores({ client, keyPrefix: '{gapflow}', ttlSeconds: 3_600 });
    const session = sampleSession('acme');
    const execsBefore = await commandCalls(client, 'exec');

    // api-key-store: record-key-use-1.lua
    const apiKeys = new ApiKeyStore(client, state.keys);
    expect(await apiKeys.ownerOf(await apiKeys.create('acme'))).toEqual({ tenantId: 'acme', scope: 'tenant' });

    // session-store: create-session-1.lua, compare-and-set-session-1.lua, read-session-2.lua
    await state.sessions.create(session);
    await state.sessions.updateStatus('acme', session.id, 'interviewing');
    expect((await state.sessions.get('acme', session.id)).status).toBe('interviewing');
    // result-store, session-jobs, idempotency-records, answer-attempt-counter: MULTI with EXPIRE
    expect(await state.results.put(session.id, { kind: 'gap', id: 'gap-1' }, { text: 'q' })).toBe(true);
    await state.results.set(session.id, { kind: 'job', id: 'job-1' }, { state: 'completed' });
    await state.sessionJobs.record(session.id, ['job-1', 'job-2']);
    expect(await state.idempotency.claim(session.id, 'idem-1', { a: 1 }, { ok: true })).toEqual({ outcome: 'claimed' });
    expect(await state.idempotency.claim(session.id, 'idem-1', { a: 1 }, { ok: true })).toEqual({ outcome: 'replay', response: { ok: true } });
    expect(await state.answerAttempts.next(session.id, 'q-1')).toBe(1);
    // result-store: advance-result-1.lua (the record and its rank, one hash)
    expect(await state.results.advance(session.id, { kind: 'answer', id: 'q-1' }, { status: 'evaluating' }, 1)).toBe(true);
    // event-stream: append-event-2.lua (stream + idempotency hash)
    await state.events.append(session.id, { type: 'question.ready', data: { gapId: 'gap-1' }, idempotencyKey: 'q:gap-1' });
    // session-transaction: one MULTI of a result, the touch script and the append script
    await state.commitTogether([
      state.results.putFirstWrite(session.id, { kind: 'gap', id: 'gap-2' }, { text: 'q2' }),
      state.events.appendWrite(session.id, { type: 'question.ready', data: { gapId: 'gap-2' }, idempotencyKey: 'q:gap-2' }),
    ]);
    await state.events.append(session.id, { type: 'question.ready', data: { gapId: 'gap-1' }, idempotencyKey: 'q:gap-1' });
    expect(await client.xlen(state.keys.events(session.id))).toBe(2);
    // checkpoint saver: put-checkpoint-6.lua, get-checkpoint-2.lua and put-writes-5.lua, pipelined reads of list
    await pauseOnDeepDive(state, session.id, 'q-1');
    // session-lifetime: touch-session-10.lua, which also refreshes the checkpoint keys it reads from a set
    expect(await new SessionLifetime({ client, keys: state.keys, ttlSeconds: 3_600 }).touch(session.id)).toBe(true);
    // answer-lock: SET NX, release-lock-1.lua
    const lock = new AnswerLock(client, state.keys);
    expect(await lock.acquire(session.id, 'q-1', 'job-a')).toBe(true);
    expect(await lock.release(session.id, 'q-1', 'job-a')).toBe(true);
    // rate-limiter: MULTI INCR+EXPIRE on one key
    const apiKey = await new ApiKeyStore(client, state.keys).create('acme');
    expect((await new RateLimiter(client, state.keys, 10).take(createHash('sha256').update(apiKey).digest('hex'))).allowed).toBe(true);
    // shared-quota: take-quota-3.lua over the model's two sorted sets and their running total
    await new SharedQuota({ client, keys: state.keys, windowMs: 60_000, limitsFor: () => ({ requestsPerWindow: 10, tokensPerWindow: 10_000 }) }).acquire('gemini-2.5-flash', 100);
    // shared-embedding-cache: MGET and MULTI SET over one embedder's tag, lease with release-lock-1.lua
    const embeddings = new SharedEmbeddingCache({ client, keys: state.keys });
    await embeddings.setMany('gemini-embedding-001', [{ textHash: 'a', vector: [1] }, { textHash: 'b', vector: [2] }]);
    expect(await embeddings.getMany('gemini-embedding-001', ['a', 'b', 'c'])).toEqual([[1], [2], undefined]);
    const release = await embeddings.tryLease('gemini-embedding-001', 'batch-1', 5_000);
    await release?.();
    // shared-context-caches: the lease, renewed (renew-lock-1.lua) while the creation lasts and
    // released (release-lock-1.lua), and MULTI over the session's records
    const primaries = await everyPrimary(client);
    const ran = async (script: string) => {
      const sha = createHash('sha1').update(readFileSync(join(LUA_DIR, script), 'utf8')).digest('hex');
      const cached = await Promise.all(primaries.map(async (primary) => ((await primary.script('EXISTS', sha)) as number[])[0]));
      return cached.includes(1);
    };
    const creationOutlastingARenewal = async () => {
      for (let attempt = 0; attempt < 200 && !(await ran('renew-lock-1.lua')); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      return { name: 'cachedContents/c1', expiresAt: Date.now() + 3_600_000 };
    };
    const contextCaches = new SharedContextCaches({
      client,
      keys: state.keys,
      leaseMs: 30,
      backend: { create: creationOutlastingARenewal, extend: async (name) => ({ name, expiresAt: Date.now() + 3_600_000 }), delete: async () => undefined, isTooSmall: () => false },
      minTokensFor: () => 1,
    });
    expect((await contextCaches.lookup(session.id, 'instructions and documents', 'gemini-2.5-flash')).status).toBe('ready');
    // session-eraser: DEL of many keys of the session's slot, MULTI in the checkpoint saver
    const report = await state.eraser.erase('acme', session.id);
    expect(report.keysRemoved).toBeGreaterThan(10);

    expect(await commandCalls(client, 'exec')).toBeGreaterThan(execsBefore);
    // Every script in lua/ ran on some primary (ioredis EVALSHA-or-EVAL leaves it cached there).
    const scripts = readdirSync(LUA_DIR).filter((file) => file.endsWith('.lua'));
    expect(scripts.length).toBeGreaterThan(5);
    const notRun: string[] = [];
    for (const script of scripts) if (!(await ran(script))) notRun.push(script);
    expect(notRun).toEqual([]);
  });

  it('would be refused if keys of two sessions met in one transaction (the cluster checks what one node does not)', async () => {
    const client = cluster.client();
    const keys = createStateStores({ client, keyPrefix: '{gapflow}', ttlSeconds: 60 }).keys;
    const [one, two] = [sampleSession('acme').id, sampleSession('acme').id];
    await expect(client.multi().set(keys.session(one), '1').set(keys.session(two), '2').exec()).rejects.toThrow(/CROSSSLOT|slot/i);
  });
});
