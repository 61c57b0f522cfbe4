import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '@gapflow/state';
import { builtEntry, ChildProcessOutput, REPO_ROOT } from '@gapflow/testing';

/** The README's "The API, step by step" shell block, as a reader copies it. */
function readmeWalkthrough(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The API, step by step'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no bash block under "The API, step by step"');
  return block;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('close', (code) => resolve(code)));
}

/**
 * The walk-through run as written against `gapflow start` on the embedded defaults: every
 * step reads a result only after the event that announces it, so no step can race the
 * workers (step 6 once read answers[0] straight after the 202 and crashed).
 */
describe('the README walk-through', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gapflow-readme-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs from start to erasure on npm start, each step after its event', async () => {
    const port = await findFreePort();
    const { REDIS_URL: _ignored, ...inherited } = process.env;
    // A short heartbeat ends the walk-through's stream readers soon after each wait.
    const gapflow = spawn(process.execPath, [builtEntry('cli'), 'start'], {
      env: { ...inherited, PORT: String(port), GAPFLOW_DATA_DIR: dataDir, METRICS_PORT: '0', LOG_LEVEL: 'warn', SSE_HEARTBEAT_MS: '200' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Read, so a full pipe never blocks the child; shown by jest when the test fails.
    const output = new ChildProcessOutput(gapflow);
    try {
      // Only where the reader's machine differs: the port and the key file of this run.
      const script = readmeWalkthrough().replaceAll('localhost:8080', `127.0.0.1:${port}`).replaceAll('.gapflow/dev-api-key', join(dataDir, 'dev-api-key'));
      expect(script).not.toContain('8080');
      await waitForGateway(port);
      const run = spawnSync('bash', ['-c', `set -euo pipefail\n${script}`], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
      if (run.status !== 0) console.error(`${run.stdout}\n${run.stderr}\n${output.lines.join('\n')}`);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines).toContain('event: documents.parsed');
      // The session was read from the PDF file and the pasted text.
      expect(run.stdout).toContain('"cv":{"kind":"pdf","text":"Maya Okafor');
      expect(lines).toContain('event: gaps.ready');
      expect(lines).toContain('event: group.completed');
      expect(lines).toContain('awaiting_follow_up');
      expect(run.stdout).toContain('event: answer.completed');
      expect(lines.at(-2)?.endsWith('204')).toBe(true);
    } finally {
      gapflow.kill('SIGTERM');
      await exitOf(gapflow);
    }
  }, 180_000);
});

async function waitForGateway(port: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if ((await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.status).catch(() => 0)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gapflow did not become ready on port ${port}`);
}
