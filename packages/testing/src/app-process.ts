import { spawn, type ChildProcess } from 'node:child_process';
import { builtEntry } from './built-entry';
import { ChildProcessOutput } from './child-process-output';
import { processCpuSeconds } from './process-cpu-seconds';

/**
 * A gapflow app (gateway or worker) running as a real child process from its build, as a
 * deployment runs it. Its log lines are collected; `kill()` is a SIGKILL, as a crash.
 */
export class AppProcess {
  /** The CPU seconds read just before the process was killed or stopped. */
  private cpuSecondsAtExit: number | undefined;

  private constructor(
    readonly child: ChildProcess,
    readonly output: ChildProcessOutput,
  ) {}

  /** `nodeArguments` go to node before the entry, e.g. `--cpu-prof` (which NODE_OPTIONS refuses). */
  static async start(app: 'gateway' | 'worker', env: Record<string, string>, readyLine: string, nodeArguments: readonly string[] = []): Promise<AppProcess> {
    const child = spawn(process.execPath, [...nodeArguments, builtEntry(app)], {
      // METRICS_PORT 0: several workers of one test on one machine each get a free port.
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', METRICS_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new AppProcess(child, new ChildProcessOutput(child));
    await started.output.waitFor((line) => line.includes(readyLine), 20_000);
    return started;
  }

  /** CPU seconds the process has used so far (user + system); after it ended, what it had used by then. */
  cpuSeconds(): number {
    if (this.cpuSecondsAtExit !== undefined || this.child.pid === undefined) return this.cpuSecondsAtExit ?? 0;
    try {
      return processCpuSeconds(this.child.pid);
    } catch {
      // Exited on its own (crashed) before anyone read it: its CPU time is gone with it.
      return 0;
    }
  }

  /** SIGKILL: no graceful shutdown, no lock released. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.cpuSecondsAtExit = this.cpuSeconds();
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM and wait for the process to finish its work and exit. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    // Read now: once the process has exited, /proc no longer has it (its shutdown is not counted).
    this.cpuSecondsAtExit = this.cpuSeconds();
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.kill('SIGTERM');
    return exited;
  }
}
