import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from './built-entry';

/** Every TypeScript source file under a directory, tests included. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((match) => match[1] ?? match[2] ?? match[3] ?? '')
    .filter(Boolean);
}

const workspaces = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(REPO_ROOT, group)).map((name) => ({ group, name, src: join(REPO_ROOT, group, name, 'src') })),
);
const files = workspaces.flatMap((workspace) => sourceFiles(workspace.src).map((file) => ({ workspace, file })));

describe('the architecture', () => {
  it('finds the sources it checks', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('has packages that never import an app, and a core that imports no other package of ours', () => {
    const offences = files.flatMap(({ workspace, file }) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith('@gapflow/'))
        .filter((specifier) => {
          const target = specifier.slice('@gapflow/'.length).split('/')[0] ?? '';
          if (workspace.group === 'packages' && ['gateway', 'worker', 'cli'].includes(target)) return true;
          return workspace.name === 'core' && target !== 'core';
        })
        .map((specifier) => `${relative(REPO_ROOT, file)} imports ${specifier}`),
    );
    expect(offences).toEqual([]);
  });

  it('has a client that depends on core alone, so a page can bundle it', () => {
    const offences = files
      .filter(({ workspace }) => workspace.name === 'client')
      .flatMap(({ file }) =>
        importsOf(file)
          .filter((specifier) => specifier.startsWith('@gapflow/') && specifier !== '@gapflow/core')
          .map((specifier) => `${relative(REPO_ROOT, file)} imports ${specifier}`),
      );
    expect(files.some(({ workspace }) => workspace.name === 'client')).toBe(true);
    expect(offences).toEqual([]);
  });

  it('keeps what a browser runs free of Node: the client and core use no Node module and no Buffer', () => {
    const nodeModules = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const runtime = files.filter(({ workspace, file }) => ['client', 'core'].includes(workspace.name) && !/\.(test|fixture|conformance)\.ts$/.test(file));
    const offences = runtime.flatMap(({ file }) => {
      const text = readFileSync(file, 'utf8');
      const found = importsOf(file)
        .filter((specifier) => nodeModules.has(specifier) || ['ioredis', 'express', 'bullmq'].includes(specifier))
        .map((specifier) => `imports ${specifier}`);
      if (/\bBuffer\./.test(text)) found.push('uses Buffer');
      return found.map((what) => `${relative(REPO_ROOT, file)} ${what}`);
    });
    expect(runtime.length).toBeGreaterThan(10);
    expect(offences).toEqual([]);
  });

  it('keeps the gateway thin: it never imports workflow, llm or retrieval', () => {
    const offences = files
      .filter(({ workspace }) => workspace.name === 'gateway')
      .flatMap(({ file }) =>
        importsOf(file)
          .filter((specifier) => /^@gapflow\/(workflow|llm|retrieval)/.test(specifier))
          .map((specifier) => `${relative(REPO_ROOT, file)} imports ${specifier}`),
      );
    expect(offences).toEqual([]);
  });

  it('keeps the gateway off Redis: it calls the state and queue packages, never a Redis client', () => {
    // Only the composition root opens the connection (through the state package) and hands it
    // to the packages; tests and their fixtures may inspect Redis.
    const compositionRoot = /gateway-server\.ts$/;
    const offences = files
      .filter(({ workspace, file }) => workspace.name === 'gateway' && !/\.(test|fixture)\.ts$/.test(file))
      .flatMap(({ file }) => {
        const text = readFileSync(file, 'utf8');
        const found: string[] = [];
        if (importsOf(file).includes('ioredis') && !compositionRoot.test(file)) found.push('imports ioredis');
        if (/\bcreateRedisConnection\b|\bisRedisResponsive\b/.test(text) && !compositionRoot.test(file)) found.push('opens or probes a Redis connection');
        if (/\bdeps\.redis\b|\bredis\s*:\s*Redis\b/.test(text) && !compositionRoot.test(file)) found.push('hands a Redis client to routes');
        return found.map((what) => `${relative(REPO_ROOT, file)} ${what}`);
      });
    expect(offences).toEqual([]);
  });

  it('has no circular imports between files', () => {
    const graph = new Map<string, string[]>();
    for (const { file } of files) {
      const local = importsOf(file)
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => {
          const base = resolve(dirname(file), specifier);
          return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => graph.has(candidate) || files.some((f) => f.file === candidate)) ?? `${base}.ts`;
        });
      graph.set(file, local);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (node: string, path: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(node)), node].map((f) => relative(REPO_ROOT, f)).join(' -> '));
        return;
      }
      state.set(node, 'visiting');
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
