import { loadReport } from './load-report';
import { LoadUsageError, parseLoadArgs } from './parse-load-args';
import { runLoad } from './run-load';

/** `npm run load -- …`: exit 0 when nothing was lost or doubled, 1 when something was, 2 when the command cannot run. */
async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseLoadArgs(argv);
  } catch (error) {
    if (error instanceof LoadUsageError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  // SIGINT/SIGTERM end the run through its teardown, so no redis-server or app process is left behind.
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
  const run = await runLoad(options, (line) => console.log(`[load] ${line}`), stop.signal);
  console.log(loadReport(run).join('\n'));
  return run.problems.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
