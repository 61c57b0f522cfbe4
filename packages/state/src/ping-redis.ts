import { connect } from 'node:net';

/**
 * True when a Redis server on `host:port` answers PING within `timeoutMs`. Speaks RESP over a
 * bare socket so that probing a server that is still starting leaves no client reconnecting.
 */
export function pingRedis(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    let settled = false;
    const finish = (answer: boolean): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => finish(chunk.toString('utf8').startsWith('+PONG')));
  });
}
