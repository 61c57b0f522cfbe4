import { DEFAULT_LOAD_OPTIONS } from './load-options';
import { LoadUsageError, parseLoadArgs } from './parse-load-args';

describe('the command line of npm run load', () => {
  it('takes the defaults when given nothing', () => {
    expect(parseLoadArgs([])).toEqual(DEFAULT_LOAD_OPTIONS);
  });

  it('reads numbers in both spellings and the chaos switches', () => {
    const options = parseLoadArgs(['--candidates', '50', '--workers=4', '--latency-scale', '0', '--kill-worker-every', '15', '--restart-redis']);
    expect(options).toMatchObject({ candidates: 50, workers: 4, latencyScale: 0, killWorkerEverySeconds: 15, restartRedis: true });
  });

  it.each([
    [['--candidates', '0'], /--candidates needs a whole number of at least 1, not 0/],
    [['--candidates', '2.5'], /whole number/],
    [['--think-ms'], /not nothing/],
    [['--latency-scale', 'fast'], /--latency-scale needs a number/],
    [['--candidate', '5'], /unknown flag --candidate/],
    [['--failover-every', '10'], /add --cluster/],
    [['--cluster', '--restart-redis'], /on a cluster use --failover-every/],
  ])('refuses %j with a sentence saying what to change', (argv, message) => {
    expect(() => parseLoadArgs(argv)).toThrow(LoadUsageError);
    expect(() => parseLoadArgs(argv)).toThrow(message);
  });
});
