/**
 * jest's Node environment, plus the one global it leaves out: Node's undici dispatcher.
 *
 * Node keeps the dispatcher behind fetch on its own global object, under
 * Symbol.for('undici.globalDispatcher.1'); jest runs each test file in a separate global, so
 * code that looks the dispatcher up there — as @google/genai does to lift undici's timeouts —
 * finds nothing and fails with "Undici globalDispatcher is not available". This environment
 * hands the test global the same dispatcher the process uses: the code under test runs as it
 * does in production.
 */
'use strict';
const { TestEnvironment } = require('jest-environment-node');

const DISPATCHER = Symbol.for('undici.globalDispatcher.1');

class GapflowNodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    // Creating Headers initialises Node's bundled undici, which installs the dispatcher.
    new Headers();
    this.global[DISPATCHER] = globalThis[DISPATCHER];
  }
}

module.exports = GapflowNodeEnvironment;
