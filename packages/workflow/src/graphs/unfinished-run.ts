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

/**
 * Whether the thread waits for input: a task raised an interrupt that no run of that task has
 * answered yet. A task that was resumed and finished (its writes saved) before its worker died
 * still lists its interrupt, but has a result: that thread does not wait, its run is unfinished.
 */
export function isWaitingForInput(snapshot: StateSnapshot): boolean {
  return snapshot.tasks.some((task) => task.interrupts.length > 0 && task.result === undefined);
}
