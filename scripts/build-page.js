#!/usr/bin/env node
/**
 * Bundles the interview page (apps/gateway/page) with esbuild into apps/gateway/dist/page:
 * content-hashed scripts and styles under assets/ (each beside its brotli and gzip forms), and
 * manifest.json naming them, which the gateway reads to write the page's HTML. Part of
 * `npm run build`.
 *
 * The page imports @gapflow/client and @gapflow/core from their TypeScript sources (the page's
 * tsconfig maps them), so esbuild sees ES modules and leaves out what the page never uses.
 */
'use strict';
const { mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { brotliCompressSync, constants, gzipSync } = require('node:zlib');
const esbuild = require('esbuild');

const root = join(__dirname, '..');
const pageDir = join(root, 'apps/gateway/page');
const outDir = join(root, 'apps/gateway/dist/page');

async function main() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  const result = await esbuild.build({
    entryPoints: { page: join(pageDir, 'main.tsx') },
    tsconfig: join(pageDir, 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // Browsers of the last three years: nothing to transpile that they already run.
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    entryNames: '[name]-[hash]',
    outdir: join(outDir, 'assets'),
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const manifest = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const url = `/assets/${relative(join(outDir, 'assets'), join(root, file))}`;
    if (output.entryPoint && file.endsWith('.js')) manifest.script = url;
    if (file.endsWith('.css')) manifest.stylesheet = url;
  }
  // Compressed once here rather than on every request: the gateway sends the .br or .gz a browser accepts.
  for (const file of Object.keys(result.metafile.outputs).filter((name) => /\.(js|css)$/.test(name))) {
    const content = readFileSync(join(root, file));
    writeFileSync(join(root, `${file}.br`), brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(join(root, `${file}.gz`), gzipSync(content, { level: 9 }));
  }
  if (!manifest.script || !manifest.stylesheet) throw new Error(`build-page: esbuild wrote no page script or stylesheet (${Object.keys(result.metafile.outputs).join(', ')})`);
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
