import { DEFAULT_LOAD_OPTIONS, type LoadOptions } from './load-options';
import { LoadUnavailableError, runLoad } from './run-load';

/**
 * The load harness, small enough for CI: five candidates' whole sessions through the typed
 * client against a gateway and two worker processes (from the build: `npm run build` first),
 * while a worker is SIGKILLed and replaced every few seconds. Nothing is timed: the test
 * asserts that nothing was lost or doubled.
 */
describe('npm run load, small', () => {
  const small: LoadOptions = {
    ...DEFAULT_LOAD_OPTIONS,
    candidates: 5,
    gateways: 1,
    workers: 2,
    thinkMs: 100,
    latencyScale: 0.3,
    killWorkerEverySeconds: 3,
    sessionTimeoutMs: 90_000,
  };

  it('completes every session with each gap asked once and each final answer equal to its deltas, though workers are killed, and leaves no key of an erased session', async () => {
    const run = await runLoad(small);

    expect(run.problems).toEqual([]);
    expect(run.results.map((result) => result.failure)).toEqual(Array.from({ length: 5 }, () => undefined));
    expect(run.workerKills).toBeGreaterThanOrEqual(1);
    for (const result of run.results) {
      const types = result.events.map((event) => event.type);
      expect(types[types.length - 1]).toBe('session.erased');
      expect(types.filter((type) => type === 'question.ready').length).toBeGreaterThan(0);
      expect(types.filter((type) => type === 'answer.completed').length).toBe(types.filter((type) => type === 'question.ready').length);
    }
    // Every model call carried its candidate's marker, so the overhead figures subtract all model time.
    expect(run.unattributedModelCalls).toBe(0);
  }, 120_000);

  it('says a cluster is not available yet, until TestRedisCluster is', async () => {
    await expect(runLoad({ ...small, cluster: true })).rejects.toThrow(LoadUnavailableError);
  });
});
