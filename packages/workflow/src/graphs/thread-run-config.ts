/**
 * The config gapflow runs a multi-step graph thread with (the answer graph; the question graph,
 * one step, is saved only when its run ends — see runQuestionGraph): each step's checkpoint is saved before the next
 * step starts (`durability: 'sync'`). With LangGraph's default (`'async'`) saves queue behind
 * the steps and a refused one (`ThreadRaceError` from the fenced checkpointer) surfaces only
 * when the run ends — after the late run of a job has called the model and announced results
 * for every later step. Synced, the late run stops at the step whose save was refused.
 */
export function threadRunConfig(threadId: string) {
  return { configurable: { thread_id: threadId }, durability: 'sync' as const };
}
