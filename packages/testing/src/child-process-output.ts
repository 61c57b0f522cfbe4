import type { ChildProcess } from 'node:child_process';

/**
 * Collects a child process's stdout and stderr as lines, and lets a test wait for a line.
 * Tests of real processes read their logs this way instead of sleeping.
 */
export class ChildProcessOutput {
  readonly lines: string[] = [];
  private readonly waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];

  constructor(child: ChildProcess) {
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        pending += chunk;
        const parts = pending.split('\n');
        pending = parts.pop() ?? '';
        for (const line of parts) this.push(line);
      });
    }
  }

  /** Resolves with the first line (already seen or still to come) that `match` accepts. */
  waitFor(match: (line: string) => boolean, timeoutMs = 15_000): Promise<string> {
    const seen = this.lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching line within ${timeoutMs} ms; output so far:\n${this.lines.join('\n')}`)),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  /** The JSON log lines, parsed; other lines are skipped. */
  jsonLines(): Record<string, unknown>[] {
    return this.lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  private push(line: string): void {
    this.lines.push(line);
    for (let index = this.waiters.length - 1; index >= 0; index -= 1) {
      const waiter = this.waiters[index];
      if (waiter && waiter.match(line)) {
        this.waiters.splice(index, 1);
        waiter.resolve(line);
      }
    }
  }
}
