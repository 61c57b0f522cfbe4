#!/usr/bin/env node
/**
 * Prints the one closing line CI reads — `N passed, N failed, N skipped` — from jest's JSON
 * results, and exits non-zero when anything failed or no test ran at all.
 *
 * A suite that could not run (a syntax error, a failing beforeAll) has no failed tests of its
 * own, so each such suite counts as one failure: otherwise a broken file would read as green.
 */
'use strict';
const { existsSync, readFileSync } = require('node:fs');

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`test-summary: ${file ?? '(no file given)'} was not written; jest did not run (see the output above).`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, 'utf8'));
const passed = results.numPassedTests;
const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
const skipped = results.numPendingTests + results.numTodoTests;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed + failed === 0) {
  console.error('test-summary: no test ran; that is a failure, not a pass.');
  process.exit(1);
}
process.exit(failed > 0 || results.success !== true ? 1 : 0);
