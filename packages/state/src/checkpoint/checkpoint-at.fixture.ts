import { emptyCheckpoint, uuid6, type Checkpoint } from '@langchain/langgraph-checkpoint';

/** A small checkpoint for step `step`, its id ordered by the step (uuid6's clock sequence). */
export function checkpointAt(step: number): Checkpoint {
  return { ...emptyCheckpoint(), id: uuid6(step), channel_values: { step }, channel_versions: { step: step + 1 } };
}
