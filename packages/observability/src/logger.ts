import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { REDACTED, redactionPaths } from './redaction';
import { activeTraceId } from './trace-context';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** The process or component, e.g. `gateway`; appears as `name` on every line. */
  name: string;
  /** @defaultValue `info` */
  level?: string;
  /**
   * Human-readable colour output instead of JSON lines.
   * @defaultValue true when stdout is a TTY
   */
  pretty?: boolean;
  /** Where lines go. @defaultValue stdout */
  destination?: DestinationStream;
}

/**
 * An error as a log line may show it: name, message, stack, code. ioredis attaches the failed
 * command with its arguments (`command.args`, `previousErrors`), and those arguments hold CV
 * and answer text inside JSON strings, where key-based redaction cannot see them.
 */
function safeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const { command: _command, previousErrors: _previous, ...rest } = pino.stdSerializers.err(error) as Record<string, unknown>;
  return rest;
}

/**
 * The one logger factory: JSON lines, personal text redacted, pretty on a terminal.
 *
 * @example
 * const logger = createLogger({ name: 'gateway', level: config.logLevel });
 * logger.info({ sessionId }, 'session created');
 */
export function createLogger(options: LoggerOptions): Logger {
  const usePretty = options.pretty ?? Boolean(process.stdout.isTTY);
  const destination =
    options.destination ??
    // pino-pretty as a stream (not a transport) keeps logging on the main thread: no worker
    // thread to outlive the process or lose the last lines on exit.
    (usePretty ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l' }) : pino.destination(1));
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      redact: { paths: redactionPaths(), censor: REDACTED },
      serializers: { err: safeError, error: safeError },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Every line carries the trace it belongs to, when tracing is on.
      mixin: () => {
        const traceId = activeTraceId();
        return traceId ? { traceId } : {};
      },
    },
    destination,
  );
}
