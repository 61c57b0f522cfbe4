import { Worker } from 'bullmq';
import { oneNodeGraph } from './one-node-graph';

/**
 * The baselines of the batch and answers benchmarks: a BullMQ worker process whose processor
 * does nothing ('empty': what the queue itself costs per job, with none of ours) or runs the
 * smallest LangGraph graph ('graph': what any job that runs a graph costs at least). Started by
 * `raw-bullmq-baseline.ts` with the Redis URL, queue name, prefix, concurrency and processor as
 * arguments; says "ready" when it is.
 */
const [url, queueName, prefix, concurrency, processor] = process.argv.slice(2);
const { hostname, port } = new URL(url as string);
const runGraph = processor === 'graph' ? oneNodeGraph() : undefined;
const worker = new Worker(queueName as string, async (job) => (runGraph ? void (await runGraph(job.id as string)) : undefined), {
  connection: { host: hostname, port: Number(port), maxRetriesPerRequest: null },
  prefix: prefix as string,
  concurrency: Number(concurrency),
});
void worker.waitUntilReady().then(() => console.log('ready'));
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
