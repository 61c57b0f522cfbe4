import { FailedGap } from '@gapflow/core';
import { JobIds, type JobHandler } from '@gapflow/queue';
import type { WorkerDependencies } from '../worker-dependencies';

/**
 * The group's parent: runs once every question job of the batch has finished or failed for
 * good, and announces the group's end with which gaps failed and why.
 */
export function questionGroupProcessor(deps: WorkerDependencies): JobHandler<'question-groups'> {
  return async ({ sessionId, tenantId, groupId, gapIds }, job) => {
    const ignoredFailures = await job.getIgnoredChildrenFailures();
    const failedJobIds = new Set(Object.keys(ignoredFailures).map((key) => key.slice(key.lastIndexOf(':') + 1)));
    const failures = await deps.state.results.all(sessionId, 'failure');
    const failed = gapIds
      .filter((gapId) => failedJobIds.has(JobIds.question(groupId, gapId)))
      .map((gapId) => {
        const recorded = FailedGap.safeParse(failures.get(gapId));
        return recorded.success ? recorded.data : { gapId, code: 'INTERNAL', message: 'No question could be written for this gap. Submit it again to retry.' };
      });
    const completed = gapIds.filter((gapId) => !failed.some((failure) => failure.gapId === gapId));
    await deps.state.sessions.update(tenantId, sessionId, (session) => ({ ...session, status: 'interviewing' }));
    await deps.state.events.append(sessionId, { type: 'group.completed', data: { groupId, completed, failed }, idempotencyKey: `group:${groupId}` });
    return { completed, failed };
  };
}
