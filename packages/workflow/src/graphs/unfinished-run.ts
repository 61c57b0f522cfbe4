import type { StateSnapshot } from '@langchain/langgraph';

/**
 * Whether a thread holds a run that has not finished: a step still to run, or a step whose
 * task writes were saved before its worker died and the next checkpoint never was. LangGraph
 * leaves such a task out of `next` (and applies its writes to `values`), so `next` alone reads
 * as finished; `invoke(null)` continues the run from the saved writes.
 */
export function hasUnfinishedRun(snapshot: StateSnapshot): boolean {
  return snapshot.next.length > 0 || snapshot.tasks.length > 0;
}
