import { DEFAULT_LOAD_OPTIONS, type LoadOptions } from './load-options';
import { parseLoadArgs } from './parse-load-args';
import { runLoad, type LoadResult } from './run-load';

/**
 * The load harness inside `npm test`, from the build (`npm run build` first): whole sessions
 * through the typed client against real gateway and worker processes while the chaos runs.
 * Nothing is timed: the tests assert that nothing was lost or doubled.
 */
describe('npm run load', () => {
  function expectNothingLostOrDoubled(run: LoadResult): void {
    expect(run.problems).toEqual([]);
    expect(run.results.map((result) => result.failure)).toEqual(run.results.map(() => undefined));
    for (const result of run.results) {
      const types = result.events.map((event) => event.type);
      expect(types[types.length - 1]).toBe('session.erased');
      expect(types.filter((type) => type === 'question.ready').length).toBeGreaterThan(0);
      expect(types.filter((type) => type === 'answer.completed').length).toBe(types.filter((type) => type === 'question.ready').length);
    }
    // Every model call carried its candidate's marker, so the overhead figures subtract all model time.
    expect(run.unattributedModelCalls).toBe(0);
  }

  it('on one node: five candidates complete, each gap asked once and each final answer equal to its deltas, though workers are SIGKILLed every 3 s and Redis (AOF) is SIGKILLed and restarted; no key of an erased session is left', async () => {
    const small: LoadOptions = { ...DEFAULT_LOAD_OPTIONS, candidates: 5, workers: 2, thinkMs: 100, latencyScale: 0.3, killWorkerEverySeconds: 3, restartRedis: true, sessionTimeoutMs: 60_000 };
    const run = await runLoad(small);
    expectNothingLostOrDoubled(run);
    expect(run.workerKills).toBeGreaterThanOrEqual(1);
    expect(run.redisRestarts).toBe(1);
  }, 150_000);

  it('the issue\'s command: `--candidates 50 --workers 2 --cluster --failover-every 10 --kill-worker-every 15` loses and doubles nothing on the six-node cluster', async () => {
    const options = parseLoadArgs(['--candidates', '50', '--workers', '2', '--cluster', '--failover-every', '10', '--kill-worker-every', '15']);
    // Well inside the test's timeout, so a stuck session is reported with its step, its events and what Redis holds of it.
    const run = await runLoad({ ...options, sessionTimeoutMs: 360_000 });
    expectNothingLostOrDoubled(run);
    expect(run.results).toHaveLength(50);
    expect(run.failovers).toBeGreaterThanOrEqual(3);
    expect(run.workerKills).toBeGreaterThanOrEqual(2);
  }, 480_000);
});
