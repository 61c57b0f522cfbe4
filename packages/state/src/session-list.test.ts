import { sampleSession, TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { GapflowKeys } from './keys';
import { decodeSessionCursor, encodeSessionCursor } from './session-page';
import { SessionStore } from './session-store';

describe.each(TEST_REDIS_BACKENDS)('listing a tenant’s sessions on $name', ({ start }) => {
  let redis: TestRedis;
  let sessions: SessionStore;
  const keys = new GapflowKeys('gapflow');
  let clock = Date.parse('2026-11-30T08:00:00.000Z');
  const createdAtOf = new Map<string, number>();

  /** A session of `tenant` created one second after the previous one (two share a millisecond when `sameTime`). */
  async function created(tenant: string, sameTime = false): Promise<string> {
    if (!sameTime) clock += 1_000;
    const at = new Date(clock).toISOString();
    const session = { ...sampleSession(tenant), createdAt: at, updatedAt: at };
    await sessions.create(session);
    createdAtOf.set(session.id, clock);
    return session.id;
  }

  beforeAll(async () => {
    redis = await start();
    sessions = new SessionStore({ client: redis.client(), keys, ttlSeconds: 3_600 });
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('pages through a tenant’s sessions newest first, missing and repeating none while new ones are created', async () => {
    const tenant = 'pager';
    const older: string[] = [];
    for (let index = 0; index < 7; index += 1) older.push(await created(tenant, index === 4));
    await created('someone-else');
    const seen: string[] = [];
    let page = await sessions.list(tenant, { limit: 3 });
    seen.push(...page.sessions.map((session) => session.id));
    while (page.nextCursor) {
      // Created between pages: newer than the cursor, so it shows on no later page.
      await created(tenant);
      page = await sessions.list(tenant, { limit: 3, cursor: decodeSessionCursor(encodeSessionCursor(page.nextCursor)) });
      seen.push(...page.sessions.map((session) => session.id));
    }
    // Newest first; two of one millisecond in descending id order, as Redis sorts equal scores.
    const expected = [...older].sort((a, b) => createdAtOf.get(b)! - createdAtOf.get(a)! || (a < b ? 1 : -1));
    expect(seen).toEqual(expected);
  });

  it('pages through many sessions of one millisecond one at a time, losing none', async () => {
    const tenant = 'ties';
    const ids = [await created(tenant)];
    for (let index = 0; index < 6; index += 1) ids.push(await created(tenant, true));
    const seen: string[] = [];
    let page = await sessions.list(tenant, { limit: 1 });
    seen.push(...page.sessions.map((session) => session.id));
    while (page.nextCursor) {
      page = await sessions.list(tenant, { limit: 1, cursor: page.nextCursor });
      seen.push(...page.sessions.map((session) => session.id));
    }
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(seen).toHaveLength(7);
  });

  it('lists one status only, and leaves out — and drops — sessions that are gone', async () => {
    const tenant = 'filter';
    const [first, second, third] = [await created(tenant), await created(tenant), await created(tenant)];
    await sessions.updateStatus(tenant, second!, 'completed');
    expect((await sessions.list(tenant, { limit: 10, status: 'completed' })).sessions.map((session) => session.id)).toEqual([second]);
    // Expired: its document is gone, its entry still listed.
    await redis.client().del(keys.session(third!));
    const listed = await sessions.list(tenant, { limit: 10 });
    expect(listed.sessions.map((session) => session.id)).toEqual([second, first]);
    expect(listed.sessions[0]).toMatchObject({ status: 'completed', gaps: expect.any(Number) });
    expect(listed.nextCursor).toBeUndefined();
    expect(await redis.client().zscore(keys.tenantSessions(tenant), third!)).toBeNull();
    await sessions.unlist(tenant, first!);
    expect((await sessions.list(tenant, { limit: 10 })).sessions.map((session) => session.id)).toEqual([second]);
  });

  it('refuses a cursor it did not hand out', () => {
    expect(() => decodeSessionCursor('not-a-cursor')).toThrow(/cursor must be the nextCursor of an earlier page/);
    expect(() => decodeSessionCursor(Buffer.from('["x","y"]').toString('base64url'))).toThrow(/cursor/);
  });
});
