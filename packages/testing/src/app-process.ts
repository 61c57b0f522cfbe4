import { spawn, type ChildProcess } from 'node:child_process';
import { builtEntry } from './built-entry';
import { ChildProcessOutput } from './child-process-output';

/**
 * A gapflow app (gateway or worker) running as a real child process from its build, as a
 * deployment runs it. Its log lines are collected; `kill()` is a SIGKILL, as a crash.
 */
export class AppProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly output: ChildProcessOutput,
  ) {}

  static async start(app: 'gateway' | 'worker', env: Record<string, string>, readyLine: string): Promise<AppProcess> {
    const child = spawn(process.execPath, [builtEntry(app)], {
      // METRICS_PORT 0: several workers of one test on one machine each get a free port.
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', METRICS_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new AppProcess(child, new ChildProcessOutput(child));
    await started.output.waitFor((line) => line.includes(readyLine), 20_000);
    return started;
  }

  /** SIGKILL: no graceful shutdown, no lock released. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM and wait for the process to finish its work and exit. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.kill('SIGTERM');
    return exited;
  }
}
