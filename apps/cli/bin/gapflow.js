#!/usr/bin/env node
'use strict';
// The `gapflow` command. It runs the compiled CLI; `npm install` builds it (see the root
// package.json's `prepare`), and `npm run build` rebuilds it after a change.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('gapflow: the CLI is not built yet. Run `npm run build` in the gapflow repository first.\n');
  process.exit(1);
}
require(entry);
