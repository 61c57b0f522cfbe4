import { answersBenchmark } from './answers-benchmark';
import { batchBenchmark } from './batch-benchmark';
import type { BenchOptions } from './bench-options';
import { cachingBenchmark } from './caching-benchmark';
import { calibrationBenchmark } from './calibration-benchmark';
import { checkpointBenchmark } from './checkpoint-benchmark';
import { evaluateBenchmark } from './evaluate-benchmark';
import { gapsBenchmark } from './gaps-benchmark';
import { parseBenchmark } from './parse-benchmark';
import { shardsBenchmark } from './shards-benchmark';

/** `npm run bench [-- name …] [--profile]`: every benchmark, or the ones named. */
const BENCHMARKS: Record<string, (options: BenchOptions) => Promise<void>> = {
  gaps: gapsBenchmark,
  evaluate: evaluateBenchmark,
  checkpoint: checkpointBenchmark,
  batch: batchBenchmark,
  answers: answersBenchmark,
  caching: cachingBenchmark,
  parse: parseBenchmark,
  shards: shardsBenchmark,
  calibration: calibrationBenchmark,
};

const FLAGS = ['--profile', '--fit'];

async function main(args: string[]): Promise<void> {
  const names = args.filter((arg) => !arg.startsWith('--'));
  const unknown = [...names.filter((name) => !(name in BENCHMARKS)), ...args.filter((arg) => arg.startsWith('--') && !FLAGS.includes(arg))];
  if (unknown.length > 0) {
    console.error(`unknown benchmark or flag ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')} and ${FLAGS.join(', ')}`);
    process.exit(2);
  }
  const options: BenchOptions = { profile: args.includes('--profile'), fit: args.includes('--fit') };
  console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);
  for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
    await BENCHMARKS[name]!(options);
    console.log('');
  }
}

void main(process.argv.slice(2));
