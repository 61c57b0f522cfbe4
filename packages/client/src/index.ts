/** @gapflow/client — a typed client of gapflow's public API, for browsers and Node: fetch only. */
export { GapflowClient } from './gapflow-client';
export type { GapflowClientOptions, CallOptions, SubmitQuestionsOptions } from './gapflow-client-options';
export type { FollowEventsOptions } from './follow-events-options';
export { GapflowApiError, isGapflowApiError, type GapflowApiErrorOptions } from './gapflow-api-error';
export { ServerSentEventParser, type ServerSentEventMessage } from './server-sent-event-parser';
export { GapflowError, isGapflowError, type ErrorCode, type SessionEvent, type SessionEventType, type SessionEventDataOf, type TypedSessionEvent } from '@gapflow/core';
