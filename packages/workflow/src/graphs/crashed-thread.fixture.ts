import { MemorySaver } from '@langchain/langgraph';

/** One checkpoint of a finished thread: its step, and how many tasks saved writes against it. */
export interface SavedStep {
  checkpointId: string;
  step: number;
  tasks: number;
}

/** The checkpoints a finished thread went through, oldest first. */
export async function savedStepsOf(saver: MemorySaver, threadId: string): Promise<SavedStep[]> {
  const steps: SavedStep[] = [];
  for await (const tuple of saver.list({ configurable: { thread_id: threadId } })) {
    steps.push({
      checkpointId: tuple.checkpoint.id,
      step: tuple.metadata?.step ?? -1,
      tasks: new Set((tuple.pendingWrites ?? []).map(([taskId]) => taskId)).size,
    });
  }
  return steps.reverse();
}

/**
 * The points a SIGKILL could stop a finished thread at, one per count of saved tasks: after
 * each of its checkpoints, with none, the first one, the first two … or all of the next step's
 * tasks' writes saved (see `threadKilledAfter`). Prefixes in the order the tasks saved, not
 * every subset; and a task's writes go together (a task that raised an interrupt and was
 * resumed keeps its interrupt and its result as one).
 */
export async function killPointsOf(saver: MemorySaver, threadId: string): Promise<Array<{ step: number; savedTasks: number }>> {
  const steps = await savedStepsOf(saver, threadId);
  return steps.flatMap(({ step, tasks }) => Array.from({ length: tasks + 1 }, (_, savedTasks) => ({ step, savedTasks })));
}

/**
 * What a worker SIGKILLed in the middle of a superstep leaves in the checkpointer: every
 * checkpoint up to `step`, and the writes of the first `savedTasks` tasks of the superstep
 * that ran on it (LangGraph saves each task's writes as the task finishes, and the next
 * checkpoint only once the whole superstep is done). Built from the record of a finished run,
 * so a test can replay the retried job from each of `killPointsOf`'s points.
 *
 * Test-only: it copies MemorySaver's public `storage` and `writes` records.
 */
export async function threadKilledAfter(finished: MemorySaver, threadId: string, step: number, savedTasks: number): Promise<MemorySaver> {
  const crashed = new MemorySaver();
  for (const saved of await savedStepsOf(finished, threadId)) {
    if (saved.step > step) continue;
    const namespace = '';
    const record = finished.storage[threadId]?.[namespace]?.[saved.checkpointId];
    if (!record) throw new Error(`checkpoint ${saved.checkpointId} is not in the root namespace`);
    crashed.storage[threadId] ??= {};
    crashed.storage[threadId][namespace] ??= {};
    crashed.storage[threadId][namespace][saved.checkpointId] = record;
    const key = JSON.stringify([threadId, namespace, saved.checkpointId]);
    const writes = finished.writes[key];
    if (!writes) continue;
    const entries = Object.entries(writes);
    const keptTasks = saved.step < step ? undefined : new Set([...new Set(entries.map(([, [taskId]]) => taskId))].slice(0, savedTasks));
    crashed.writes[key] = Object.fromEntries(entries.filter(([, [taskId]]) => !keptTasks || keptTasks.has(taskId)));
  }
  return crashed;
}
