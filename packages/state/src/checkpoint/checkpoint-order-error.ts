/**
 * A fenced thread was handed a checkpoint whose id sorts before the thread's newest. LangGraph's
 * ids are uuid6, ordered by the clock of the process that made them, and the newest checkpoint
 * is the one whose id sorts last: saved, this one would never be read, and the run would carry
 * on from a checkpoint the thread does not show. It happens when the worker's clock is behind
 * the one that saved the newest checkpoint — a clock to fix, so the save fails loudly.
 */
export class CheckpointOrderError extends Error {
  override readonly name = 'CheckpointOrderError';

  constructor(
    readonly threadId: string,
    readonly checkpointId: string,
    readonly newest: string,
  ) {
    super(`Checkpoint ${checkpointId} of thread ${threadId} sorts before the thread's newest (${newest}): this worker's clock is behind the one that saved it; synchronize the workers' clocks (NTP).`);
  }
}
