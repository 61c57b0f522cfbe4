#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { isGapflowError, loadConfig } from '@gapflow/core';
import { createLogger } from '@gapflow/observability';
import { startCommand } from './commands/start';

const USAGE = `Usage: gapflow <command>

Commands:
  start    run the gateway and the workers (an embedded redis-server when REDIS_URL is unset)
`;

async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false });
  const [command] = positionals;
  switch (command) {
    case 'start': {
      const config = loadConfig();
      const logger = createLogger({ name: 'gapflow', level: config.logLevel });
      return startCommand(config, logger);
    }
    case undefined:
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`gapflow: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`gapflow: ${isGapflowError(error) || error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
