import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root, from this file's place in `packages/testing/{src,dist}`. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/**
 * The compiled entry point of an app, for tests that run it as a real process. `npm test`
 * builds first; running jest alone on a fresh clone gets a message saying so.
 */
export function builtEntry(app: 'gateway' | 'worker' | 'cli'): string {
  const entry = join(REPO_ROOT, 'apps', app, 'dist', 'main.js');
  if (!existsSync(entry)) {
    throw new Error(`${entry} does not exist: run \`npm run build\` (npm test does it for you) before this test.`);
  }
  return entry;
}
