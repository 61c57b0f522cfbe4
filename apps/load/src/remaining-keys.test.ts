import { TestRedisServer } from '@gapflow/testing';
import { remainingKeysBySession } from './lost-or-doubled';

describe('the keys an erased session left behind', () => {
  let redis: TestRedisServer;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('finds each session\'s leftover keys in one pass, whatever the key layout, and nothing of sessions not asked about', async () => {
    const client = redis.client();
    const [erased, clean, other] = ['ses_0123456789abcdef0123456789abcdef', 'ses_fedcba9876543210fedcba9876543210', 'ses_11111111111111111111111111111111'];
    await client.set(`gapflow:{${erased}}:results`, '1');
    await client.set(`gapflow:cp:{${erased}}:${erased}%3Agap-go::written`, '1');
    await client.set(`gapflow:{${other}}:events`, '1');

    const remaining = await remainingKeysBySession(client, [erased, clean], 0);
    expect([...remaining.keys()]).toEqual([erased]);
    expect(remaining.get(erased)?.sort()).toEqual([`gapflow:cp:{${erased}}:${erased}%3Agap-go::written`, `gapflow:{${erased}}:results`]);
  });
});
