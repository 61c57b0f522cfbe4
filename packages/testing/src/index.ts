/** @gapflow/testing — what tests share: a real redis-server per test run, helpers to run the built apps as processes. */
export { TestRedisServer, type TestRedisOptions } from './test-redis-server';
export { ChildProcessOutput } from './child-process-output';
export { builtEntry, REPO_ROOT } from './built-entry';
export { SAMPLE_NAMES, FIXTURES_DIR, loadSample, samplePaths, type SampleName } from './samples';
export { ANSWER_TABLE, type RankedAnswers } from './answer-table';
export { scanKeys } from './scan-keys';
export { sampleSession } from './sample-session';
export { loadLongSample } from './long-sample';
export { largeCvAndJd, type SkillSource } from './large-cv';
export { runWholeSession, type WholeSessionOptions, type WholeSessionResult } from './whole-session';
export { readServerSentEvents, type ReceivedEvent } from './sse-client';
export { AppProcess } from './app-process';
export { GeminiTestServer, type GeminiTestServerOptions, type GeminiFault, type GeminiCallKind, type RecordedRequest } from './gemini-test-server';
export { sampleFromSchema } from './json-schema-sample';
export { QdrantTestServer, type QdrantFault } from './qdrant-test-server';
export { seriesValue } from './prometheus-text';
export { OtlpTestReceiver, type ReceivedSpan } from './otlp-test-receiver';
export { LoopbackServer } from './loopback-server';
