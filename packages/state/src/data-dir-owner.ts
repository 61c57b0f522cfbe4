import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GapflowError } from '@gapflow/core';

/** Who runs the redis-server that uses a data directory, written beside its AOF files. */
interface OwnerRecord {
  redisPid: number;
  ownerPid: number;
  port: number;
}

const OWNER_FILE = 'gapflow-owner.json';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process's command line, NULs as spaces; undefined when it cannot be read (gone, or no /proc and no ps). */
function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    // no /proc (macOS): ask ps
  }
  try {
    return execFileSync('ps', ['-p', String(pid), '-o', 'args='], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/**
 * Whether `pid` is still the redis-server we recorded: PIDs are reused, so a recorded pid
 * may now name any process. redis-server rewrites its title to `redis-server 127.0.0.1:<port>`,
 * and our launch passes `--port <port>`; either shape names the port as a word of its own.
 */
export function isRedisServerOnPort(pid: number, port: number): boolean {
  const commandLine = commandLineOf(pid);
  if (commandLine === undefined || !commandLine.includes('redis-server')) return false;
  return new RegExp(`(^|[\\s:])${port}(\\s|$)`).test(commandLine);
}

function readOwner(dir: string): OwnerRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as Partial<OwnerRecord>;
    if (typeof record.redisPid === 'number' && typeof record.ownerPid === 'number' && typeof record.port === 'number') {
      return record as OwnerRecord;
    }
  } catch {
    // no record, or an unreadable one: nobody owns the directory
  }
  return undefined;
}

/**
 * Makes sure no other redis-server writes to `dir`: two servers on one AOF directory corrupt
 * it. A server left behind by an owner that died (SIGKILL gives it no chance to clean up) is
 * stopped; a server whose owner is still alive is somebody else's, and we refuse.
 */
export async function claimDataDir(dir: string, waitForExitMs = 5_000): Promise<void> {
  const owner = readOwner(dir);
  // A recorded pid that no longer names our redis-server (exited, or reused by another
  // process) leaves nothing to stop: never signal a pid without checking what it is now.
  if (!owner || !isAlive(owner.redisPid) || !isRedisServerOnPort(owner.redisPid, owner.port)) return;
  if (owner.ownerPid !== process.pid && isAlive(owner.ownerPid)) {
    throw new GapflowError(
      'CONFLICT',
      `Another gapflow process (pid ${owner.ownerPid}) runs a redis-server on port ${owner.port} with the data in ${dir}. ` +
        'Stop it first, or give this one its own GAPFLOW_DATA_DIR.',
    );
  }
  process.kill(owner.redisPid, 'SIGTERM');
  const deadline = Date.now() + waitForExitMs;
  while (isAlive(owner.redisPid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (isAlive(owner.redisPid) && isRedisServerOnPort(owner.redisPid, owner.port)) process.kill(owner.redisPid, 'SIGKILL');
}

export function recordDataDirOwner(dir: string, redisPid: number, port: number): void {
  const record: OwnerRecord = { redisPid, ownerPid: process.pid, port };
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(record));
}

export function releaseDataDir(dir: string): void {
  rmSync(join(dir, OWNER_FILE), { force: true });
}
