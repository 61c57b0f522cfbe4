import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@gapflow/testing';

/**
 * The gateway is thin (DESIGN.md): it reads uploads through @gapflow/documents' main entry but
 * never loads a model or the knowledge base. Checked on the build, in a process of its own, by
 * what Node actually loaded — an import type-only in the source costs nothing; one at run time shows here.
 */
describe('what the gateway loads', () => {
  it('loads neither the Gemini SDK nor the llm, workflow or retrieval packages', () => {
    const app = join(REPO_ROOT, 'apps', 'gateway', 'dist', 'app.js');
    const script = `require(${JSON.stringify(app)}); console.log(JSON.stringify(Object.keys(require.cache)))`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const loaded = JSON.parse(run.stdout) as string[];
    expect(loaded.some((path) => path.includes(join('packages', 'documents', 'dist')))).toBe(true);
    expect(loaded.filter((path) => /@google[/\\]genai|packages[/\\](llm|workflow|retrieval)[/\\]dist/.test(path))).toEqual([]);
  });
});
