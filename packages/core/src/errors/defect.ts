/**
 * How a defect — an error that is not a `GapflowError` (a `TypeError`, a failed assertion, a
 * `SyntaxError` from `JSON.parse`) — may be shown. Its message is not ours: `JSON.parse`
 * quotes its input, an assertion prints the values it compared, and the input may be CV or
 * answer text. So clients and job records get its class and a fixed sentence; the worker log
 * gets its class and stack frames, and its message only where the message quotes code, never
 * data (see `defectForLog`).
 */

/** An error from any realm (`instanceof Error` fails for one made in another context). */
function isErrorLike(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/** A class name as code spells it; anything else (a name set from data) reads as `Error`. */
function classOf(error: unknown): string {
  const name = isErrorLike(error) ? error.name : undefined;
  return typeof name === 'string' && /^[A-Za-z_$][\w$]{0,63}$/.test(name) ? name : 'Error';
}

/** What a client is told of a defect: its class and a fixed sentence, e.g. `TypeError: an internal error; …`. */
export function defectReason(error: unknown): string {
  return `${classOf(error)}: an internal error; see the worker log with this job id`;
}

/** Messages that quote the program (a property read, a name), not the data it was given. */
function messageQuotesCode(error: Error): boolean {
  if (error.name === 'TypeError' || error.name === 'ReferenceError') return true;
  // node:assert writes its own message from the compared values (generatedMessage: true);
  // a message the developer wrote is code.
  return error.name === 'AssertionError' && (error as { generatedMessage?: unknown }).generatedMessage === false;
}

/**
 * A defect as the worker log shows it: its class, the frames of its stack without the
 * message, and the message only for `TypeError`, `ReferenceError` and assertions with a
 * written message.
 */
export function defectForLog(error: unknown): { name: string; message?: string; stack?: string } {
  const name = classOf(error);
  if (!isErrorLike(error)) return { name };
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return {
    name,
    ...(messageQuotesCode(error) ? { message: error.message } : {}),
    ...(frames.length > 0 ? { stack: frames.join('\n') } : {}),
  };
}
