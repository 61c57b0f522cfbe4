#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { isGapflowError, loadConfig } from '@gapflow/core';
import { createLogger } from '@gapflow/observability';
import { evaluateCommand } from './commands/evaluate';
import { gapsCommand } from './commands/gaps';
import { parseCommand } from './commands/parse';
import { createKeyCommand, listKeysCommand, revokeKeyCommand } from './commands/keys';
import { cleanCommand, pauseCommand, queuesCommand, retryFailedCommand } from './commands/queues';
import { questionsCommand } from './commands/questions';
import { startCommand } from './commands/start';
import { eraseTenantCommand } from './commands/tenants';

const USAGE = `Usage: gapflow <command>

Commands:
  start                                   run the gateway and the workers (an embedded
                                          redis-server when REDIS_URL is unset)
  parse cv <file> | parse jd <file>       print a CV or job ad (PDF, Word, Markdown or text)
                                          parsed into gapflow's JSON, with the parse report
  gaps <cv> <jd>                          print the gaps between a CV and a JD as JSON
  questions <cv> <jd>                     print the gaps and one probing question per gap
  evaluate --question <text> --skill <name> --answer-file <file>
                                          print the evaluation of an answer (and deep dives)
  keys create --tenant <name> [--scope admin] [--expires-in 90d]
                                          create an API key for a tenant in the Redis of
                                          REDIS_URL and print it once (admin: the operators'
                                          tools, not sessions)
  keys list [--tenant <name>]             every key's prefix, tenant, scope, creation, last
                                          use and expiry (never the key)
  keys revoke <prefix>                    revoke a key at once, on every gateway
  queues                                  every queue's jobs per state, paused or not, and
                                          its oldest waiting job's age (all shards)
  queues pause <queue> | resume <queue>   stop or restart the workers taking a queue's jobs
  queues retry-failed <queue> [--since 2h] [--dry-run]
                                          run again the jobs that failed for good (or list them)
  queues clean <queue> <state> --older-than 7d
                                          remove completed, failed, waiting or delayed jobs
  tenants erase <tenant>                  erase every session of a tenant and revoke its
                                          keys, with a count

<cv> and <jd> are gapflow's JSON (ParsedCV, ParsedJD) or documents: PDF, Word (.docx),
Markdown or plain text, read by content. parse, gaps, questions and evaluate run in-process
on the embedded defaults: the shipped knowledge base, local retrieval and the offline model.
No Redis is needed for them.
`;

class UsageError extends Error {}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function twoFiles(positionals: string[], command: string): [string, string] {
  const [cv, jd, ...extra] = positionals;
  if (!cv || !jd || extra.length > 0) throw new UsageError(`${command} takes two files: gapflow ${command} <cv> <jd>`);
  return [cv, jd];
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      question: { type: 'string' },
      skill: { type: 'string' },
      'answer-file': { type: 'string' },
      tenant: { type: 'string' },
      scope: { type: 'string' },
      'expires-in': { type: 'string' },
      since: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'older-than': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  switch (command) {
    case 'start': {
      const config = loadConfig();
      return startCommand(config, createLogger({ name: 'gapflow', level: config.logLevel }));
    }
    case 'gaps':
      printJson(await gapsCommand(...twoFiles(rest, 'gaps')));
      return 0;
    case 'questions':
      printJson(await questionsCommand(...twoFiles(rest, 'questions')));
      return 0;
    case 'parse': {
      const [role, path, ...extra] = rest;
      if ((role !== 'cv' && role !== 'jd') || !path || extra.length > 0) throw new UsageError('parse takes a kind and a file: gapflow parse cv <file>, or gapflow parse jd <file>');
      printJson(await parseCommand(role, path));
      return 0;
    }
    case 'evaluate':
      printJson(await evaluateCommand({ question: values.question, skill: values.skill, answerFile: values['answer-file'] }));
      return 0;
    case 'keys': {
      const [subcommand, ...arguments_] = rest;
      if (subcommand === 'create' && arguments_.length === 0) {
        printJson(await createKeyCommand(loadConfig(), values.tenant, { ...(values.scope !== undefined ? { scope: values.scope } : {}), ...(values['expires-in'] !== undefined ? { expiresIn: values['expires-in'] } : {}) }));
      } else if (subcommand === 'list' && arguments_.length === 0) {
        printJson(await listKeysCommand(loadConfig(), values.tenant));
      } else if (subcommand === 'revoke' && arguments_.length === 1) {
        printJson(await revokeKeyCommand(loadConfig(), arguments_[0]));
      } else {
        throw new UsageError('keys takes a subcommand: gapflow keys create --tenant <name>, gapflow keys list [--tenant <name>], or gapflow keys revoke <prefix>');
      }
      return 0;
    }
    case 'queues': {
      const [subcommand, queue, state, ...extra] = rest;
      const config = loadConfig();
      if (subcommand === undefined) printJson(await queuesCommand(config));
      else if ((subcommand === 'pause' || subcommand === 'resume') && queue && !state) printJson(await pauseCommand(config, queue, subcommand === 'pause'));
      else if (subcommand === 'retry-failed' && queue && !state) printJson(await retryFailedCommand(config, queue, { ...(values.since !== undefined ? { since: values.since } : {}), dryRun: values['dry-run'] ?? false }));
      else if (subcommand === 'clean' && queue && state && extra.length === 0) printJson(await cleanCommand(config, queue, state, values['older-than']));
      else throw new UsageError('queues takes: gapflow queues, queues pause|resume <queue>, queues retry-failed <queue> [--since 2h] [--dry-run], or queues clean <queue> <state> --older-than 7d');
      return 0;
    }
    case 'tenants': {
      const [subcommand, tenant, ...extra] = rest;
      if (subcommand !== 'erase' || !tenant || extra.length > 0) throw new UsageError('tenants takes: gapflow tenants erase <tenant>');
      printJson(await eraseTenantCommand(loadConfig(), tenant));
      return 0;
    }
    case undefined:
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: unknown })?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`gapflow: ${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    const message = isGapflowError(error) || error instanceof Error ? error.message : String(error);
    process.stderr.write(`gapflow: ${message}\n`);
    process.exit(1);
  },
);
