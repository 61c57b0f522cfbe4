import { Worker } from 'bullmq';

/**
 * The baseline of the batch benchmark: a BullMQ worker process with an empty processor — what
 * the queue itself costs per job, with none of ours. Started by `raw-bullmq-baseline.ts` with
 * the Redis URL, queue name, prefix and concurrency as arguments; says "ready" when it is.
 */
const [url, queueName, prefix, concurrency] = process.argv.slice(2);
const { hostname, port } = new URL(url as string);
const worker = new Worker(queueName as string, async () => undefined, {
  connection: { host: hostname, port: Number(port), maxRetriesPerRequest: null },
  prefix: prefix as string,
  concurrency: Number(concurrency),
});
void worker.waitUntilReady().then(() => console.log('ready'));
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
