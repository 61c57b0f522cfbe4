import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from './redis-connection';

/** Where the `.lua` files live, beside `src` and `dist` alike. */
const LUA_DIR = join(__dirname, '..', 'lua');

/**
 * Registers a Lua file as a command on a client, once per client. The name encodes the key
 * count (`append-event-2.lua` takes two keys), as BullMQ's commands do.
 */
export function defineLuaCommand(client: RedisClient, file: string): string {
  const match = /^(.+)-(\d+)\.lua$/.exec(file);
  if (!match) throw new Error(`Lua file ${file} must be named <name>-<numberOfKeys>.lua`);
  const name = `gapflow_${(match[1] as string).replace(/-/g, '_')}`;
  if (!(name in client)) {
    client.defineCommand(name, { numberOfKeys: Number(match[2]), lua: readFileSync(join(LUA_DIR, file), 'utf8') });
  }
  return name;
}

/** Queues a command registered by `defineLuaCommand` in a MULTI or pipeline of `client`'s. */
export function queueLuaCommand(client: RedisClient, transaction: ChainableCommander, file: string, ...args: (string | number | Buffer)[]): void {
  const name = defineLuaCommand(client, file);
  const command = (transaction as unknown as Record<string, (...a: (string | number | Buffer)[]) => unknown>)[name];
  if (!command) throw new Error(`Lua command ${name} was not defined before the transaction was made`);
  command.apply(transaction, args);
}

/** Runs a command registered by `defineLuaCommand`; its strings come back as strings. */
export function runLuaCommand<T>(client: RedisClient, file: string, ...args: (string | number | Buffer)[]): Promise<T> {
  return run<T>(client, defineLuaCommand(client, file), args);
}

/** As `runLuaCommand`, with the strings of the reply as Buffers (for binary values). */
export function runLuaCommandBuffer<T>(client: RedisClient, file: string, ...args: (string | number | Buffer)[]): Promise<T> {
  return run<T>(client, `${defineLuaCommand(client, file)}Buffer`, args);
}

async function run<T>(client: RedisClient, name: string, args: (string | number | Buffer)[]): Promise<T> {
  const command = (client as unknown as Record<string, (...a: (string | number | Buffer)[]) => Promise<T>>)[name];
  if (!command) throw new Error(`Lua command ${name} was not defined`);
  return command.apply(client, args);
}
