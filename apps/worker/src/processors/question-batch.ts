import { GapflowError } from '@gapflow/core';
import type { JobHandler, RetrievedContext } from '@gapflow/queue';
import { questionsOf } from '@gapflow/state';
import { knowledgeSnippet, planQuestions } from '@gapflow/workflow';
import type { WorkerDependencies } from '../worker-dependencies';

/**
 * The batch job: one retrieval for every gap of the batch (one embedding call, one search
 * round trip), the plan of every gap's question (its exemplar and angle), then one child job
 * per gap carrying its context and plan, under a group parent.
 */
export function questionBatchProcessor(deps: WorkerDependencies): JobHandler<'question-batches'> {
  return async (batch, job) => {
    const session = await deps.state.sessions.get(batch.tenantId, batch.sessionId);
    const gaps = batch.gapIds.map((gapId) => {
      const gap = session.gaps.find((candidate) => candidate.id === gapId);
      if (!gap) throw new GapflowError('NOT_FOUND', `Gap ${gapId} is not part of session ${batch.sessionId}.`);
      return gap;
    });
    const retrieved = await deps.brain.retriever.retrieve(gaps.map((gap) => gap.skill));
    const contexts = new Map<string, RetrievedContext | null>(
      gaps.map((gap, index) => {
        const snippet = knowledgeSnippet(retrieved[index]?.best);
        return [gap.id, snippet ? { ...snippet, aliases: [...snippet.aliases], signals: [...snippet.signals], keywords: [...snippet.keywords], questions: [...snippet.questions] } : null];
      }),
    );
    // Decided here, for the whole batch, before any question is written: no two questions of
    // the session share an exemplar, and their angles go round.
    // The session's questions live in its results, not in the stored session (whose list is
    // filled in when it is read). This batch's own are left out, so a retried batch plans the same.
    const asked = (await questionsOf(deps.state.results, batch.sessionId)).filter((question) => !batch.gapIds.includes(question.gapId)).map((question) => question.text);
    const plans = planQuestions(gaps, contexts, asked);
    // The flow stays on the batch's own shard (its prefix), whatever QUEUE_SHARDS says now.
    await deps.queues.fanOutQuestions(batch, contexts, job.prefix, plans);
    // The gateway moves the session to questioning when it takes the batch; a batch a gateway of
    // an earlier version took (during a rolling deploy) still needs it done here.
    if (session.status === 'ready') await deps.state.sessions.updateStatus(batch.tenantId, batch.sessionId, 'questioning');
    return { gaps: gaps.length };
  };
}
