import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './built-entry';

/** What a run of the `gapflow` command printed, and how it ended. */
export interface GapflowCliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the installed `gapflow` bin, as `npx gapflow …` does after `npm install`, with `env` added to this process's. */
export function runGapflowCli(args: readonly string[], env: Record<string, string> = {}): Promise<GapflowCliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'node_modules', '.bin', 'gapflow'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
