import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGapflowError } from '@gapflow/core';
import { RedisServerProcess } from './redis-server-process';
import { pingRedis } from './ping-redis';

describe('RedisServerProcess', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gapflow-redis-process-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('says how to install redis-server when it is not on PATH', async () => {
    const error = await RedisServerProcess.start({ dir, bin: 'redis-server-that-does-not-exist' }).catch((e: unknown) => e);
    expect(isGapflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('apt-get install redis-server');
  });

  it('stops a server left behind by an owner that died, before using its directory', async () => {
    const first = await RedisServerProcess.start({ dir });
    // Pretend the owner died: rewrite the owner record with a pid that no longer exists.
    writeFileSync(join(dir, 'gapflow-owner.json'), JSON.stringify({ redisPid: first.pid, ownerPid: 2 ** 22 + 1, port: first.port }));

    const second = await RedisServerProcess.start({ dir });
    try {
      expect(await pingRedis(first.port)).toBe(false);
      expect(await pingRedis(second.port)).toBe(true);
    } finally {
      await second.stop();
    }
  });

  describe('when the recorded pid is no longer our redis-server (PIDs are reused)', () => {
    it('leaves a live process that is not redis-server alone', async () => {
      const bystander = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], { stdio: 'ignore' });
      const exited = new Promise((resolveExit) => bystander.once('exit', resolveExit));
      try {
        writeFileSync(join(dir, 'gapflow-owner.json'), JSON.stringify({ redisPid: bystander.pid, ownerPid: 2 ** 22 + 1, port: 6379 }));
        const server = await RedisServerProcess.start({ dir });
        await server.stop();
        expect(bystander.exitCode).toBeNull();
        expect(bystander.signalCode).toBeNull();
        expect(() => process.kill(bystander.pid as number, 0)).not.toThrow();
      } finally {
        bystander.kill('SIGKILL');
        await exited;
      }
    });

    it('leaves a redis-server on another port alone', async () => {
      const other = await RedisServerProcess.start({ dir: mkdtempSync(join(tmpdir(), 'gapflow-redis-other-')) });
      try {
        writeFileSync(join(dir, 'gapflow-owner.json'), JSON.stringify({ redisPid: other.pid, ownerPid: 2 ** 22 + 1, port: other.port + 1 }));
        const server = await RedisServerProcess.start({ dir });
        await server.stop();
        expect(await pingRedis(other.port)).toBe(true);
      } finally {
        await other.stop();
        rmSync(other.dir, { recursive: true, force: true });
      }
    });
  });

  it('refuses a directory whose redis-server belongs to a live process', async () => {
    const first = await RedisServerProcess.start({ dir });
    // process.ppid is alive: the directory belongs to someone else.
    writeFileSync(join(dir, 'gapflow-owner.json'), JSON.stringify({ redisPid: first.pid, ownerPid: process.ppid, port: first.port }));
    try {
      const error = await RedisServerProcess.start({ dir }).catch((e: unknown) => e);
      expect(isGapflowError(error, 'CONFLICT')).toBe(true);
      expect((error as Error).message).toContain('GAPFLOW_DATA_DIR');
      expect(await pingRedis(first.port)).toBe(true);
    } finally {
      await first.stop();
    }
  });
});
