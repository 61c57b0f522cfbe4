import { metricsEnvOfWorkers } from './metrics-ports';

describe('the workers\' metrics settings', () => {
  it('gives worker N the base port + N - 1, still a default the worker may leave when taken', () => {
    expect(metricsEnvOfWorkers({ workers: 2, basePort: 9464, fallback: true })).toEqual([
      { METRICS_PORT: '9464', METRICS_PORT_FALLBACK: 'any' },
      { METRICS_PORT: '9465', METRICS_PORT_FALLBACK: 'any' },
    ]);
  });

  it('keeps the ports the operator set, taken or not: the worker then fails loudly', () => {
    expect(metricsEnvOfWorkers({ workers: 2, basePort: 9000, fallback: false })).toEqual([
      { METRICS_PORT: '9000', METRICS_PORT_FALLBACK: 'none' },
      { METRICS_PORT: '9001', METRICS_PORT_FALLBACK: 'none' },
    ]);
  });

  it('leaves METRICS_PORT=0 to every worker to pick', () => {
    expect(metricsEnvOfWorkers({ workers: 3, basePort: 0, fallback: false }).map((env) => env.METRICS_PORT)).toEqual(['0', '0', '0']);
  });
});
