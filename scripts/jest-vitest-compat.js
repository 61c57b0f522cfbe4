/**
 * @langchain/langgraph-checkpoint-validation is written for vitest and calls `expect.soft`,
 * which jest lacks. A soft assertion records a failure and lets the test continue; here it
 * fails at once, which is stricter and never hides a failure.
 */
'use strict';
if (typeof expect !== 'undefined' && typeof expect.soft !== 'function') {
  expect.soft = (...args) => expect(...args);
}
