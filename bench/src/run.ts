import { batchBenchmark } from './batch-benchmark';
import { cachingBenchmark } from './caching-benchmark';
import { checkpointBenchmark } from './checkpoint-benchmark';
import { evaluateBenchmark } from './evaluate-benchmark';
import { gapsBenchmark } from './gaps-benchmark';
import { shardsBenchmark } from './shards-benchmark';

/** `npm run bench [-- name …]`: every benchmark, or the ones named. */
const BENCHMARKS: Record<string, () => Promise<void>> = {
  gaps: gapsBenchmark,
  evaluate: evaluateBenchmark,
  checkpoint: checkpointBenchmark,
  batch: batchBenchmark,
  caching: cachingBenchmark,
  shards: shardsBenchmark,
};

async function main(names: string[]): Promise<void> {
  const unknown = names.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(2);
  }
  console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);
  for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
    await BENCHMARKS[name]!();
    console.log('');
  }
}

void main(process.argv.slice(2));
