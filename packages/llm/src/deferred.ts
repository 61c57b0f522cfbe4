/**
 * A promise with its resolve and reject at hand: how a stream hands its final result to the
 * caller once the last chunk is out. Its rejection is marked handled, since a caller that
 * only reads the chunks sees the error there.
 */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((resolveWith, rejectWith) => {
    resolve = resolveWith;
    reject = rejectWith;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
