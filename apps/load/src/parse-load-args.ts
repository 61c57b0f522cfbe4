import { DEFAULT_LOAD_OPTIONS, type LoadOptions } from './load-options';

/** A command line that cannot run: the message says what to change; exit code 2. */
export class LoadUsageError extends Error {
  override readonly name = 'LoadUsageError';
}

const NUMBER_FLAGS = {
  '--candidates': { field: 'candidates', min: 1, integer: true },
  '--gateways': { field: 'gateways', min: 1, integer: true },
  '--workers': { field: 'workers', min: 1, integer: true },
  '--worker-concurrency': { field: 'workerConcurrency', min: 1, integer: true },
  '--think-ms': { field: 'thinkMs', min: 0, integer: true },
  '--latency-scale': { field: 'latencyScale', min: 0, integer: false },
  '--latency-sigma': { field: 'latencySigma', min: 0, integer: false },
  '--kill-worker-every': { field: 'killWorkerEverySeconds', min: 0, integer: false },
  '--failover-every': { field: 'failoverEverySeconds', min: 0, integer: false },
  '--session-timeout-ms': { field: 'sessionTimeoutMs', min: 1000, integer: true },
} as const satisfies Record<string, { field: keyof LoadOptions; min: number; integer: boolean }>;

const BOOLEAN_FLAGS = { '--restart-redis': 'restartRedis', '--cluster': 'cluster' } as const satisfies Record<string, keyof LoadOptions>;

export const LOAD_USAGE = `npm run load -- [--candidates N] [--gateways M] [--workers K] [--worker-concurrency C] [--think-ms MS]
  [--latency-scale X] [--latency-sigma S] [--kill-worker-every SECONDS] [--restart-redis]
  [--cluster] [--failover-every SECONDS] [--session-timeout-ms MS]`;

/**
 * The options of `npm run load -- …`, over the defaults. `--flag value` and `--flag=value`.
 * @throws LoadUsageError on an unknown flag, a value that is not a number in range, or a
 * chaos that the chosen Redis cannot do (a failover without a cluster, a restart with one).
 */
export function parseLoadArgs(argv: string[]): LoadOptions {
  const options: LoadOptions = { ...DEFAULT_LOAD_OPTIONS, modelLatencyMeansMs: { ...DEFAULT_LOAD_OPTIONS.modelLatencyMeansMs } };
  const args = argv.flatMap((arg) => (arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg]));
  for (let index = 0; index < args.length; index += 1) {
    const flag = args[index] as string;
    if (flag in BOOLEAN_FLAGS) {
      (options as unknown as Record<string, unknown>)[BOOLEAN_FLAGS[flag as keyof typeof BOOLEAN_FLAGS]] = true;
      continue;
    }
    const spec = NUMBER_FLAGS[flag as keyof typeof NUMBER_FLAGS];
    if (!spec) throw new LoadUsageError(`unknown flag ${flag}\n${LOAD_USAGE}`);
    const raw = args[index + 1];
    index += 1;
    const value = Number(raw);
    if (raw === undefined || raw.trim() === '' || !Number.isFinite(value) || value < spec.min || (spec.integer && !Number.isInteger(value))) {
      throw new LoadUsageError(`${flag} needs ${spec.integer ? 'a whole number' : 'a number'} of at least ${spec.min}, not ${raw ?? 'nothing'}`);
    }
    (options as unknown as Record<string, unknown>)[spec.field] = value;
  }
  if (options.failoverEverySeconds > 0 && !options.cluster) throw new LoadUsageError('--failover-every fails a cluster primary over: add --cluster');
  if (options.restartRedis && options.cluster) throw new LoadUsageError('--restart-redis restarts the single node; on a cluster use --failover-every');
  return options;
}
