import { randomUUID } from 'node:crypto';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { emptyCheckpoint, uuid6, type Checkpoint } from '@langchain/langgraph-checkpoint';
import { isThreadRaceError } from '@gapflow/core';
import { TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { RedisCheckpointSaver } from './redis-checkpoint-saver';

function checkpointAt(step: number): Checkpoint {
  return { ...emptyCheckpoint(), id: uuid6(step), channel_values: { step }, channel_versions: { step: step + 1 } };
}

const configOf = (threadId: string, parent?: string) => ({ configurable: { thread_id: threadId, checkpoint_ns: '', ...(parent ? { checkpoint_id: parent } : {}) } });

describe.each(TEST_REDIS_BACKENDS)('a fenced RedisCheckpointSaver on $name', ({ start }) => {
  let redis: TestRedis;

  beforeAll(async () => {
    redis = await start();
  });

  afterAll(async () => {
    await redis.stop();
  });

  const saverOf = (fenceRuns: boolean) => new RedisCheckpointSaver({ client: redis.client(), keyPrefix: `fence-${randomUUID()}`, fenceRuns });

  it('refuses a checkpoint on a parent that is no longer the newest, and keeps the winner; the same checkpoint put again is no race', async () => {
    const saver = saverOf(true);
    const [first, winner, loser] = [checkpointAt(0), checkpointAt(1), checkpointAt(2)];
    await saver.put(configOf('thread'), first, { source: 'input', step: -1, parents: {} }, {});
    await saver.put(configOf('thread', first.id), winner, { source: 'loop', step: 0, parents: {} }, {});
    // A second run, started from `first` too, saves after the winner.
    const refused = await saver.put(configOf('thread', first.id), loser, { source: 'loop', step: 0, parents: {} }, {}).catch((error: unknown) => error);
    expect(isThreadRaceError(refused)).toBe(true);
    expect((await saver.getTuple(configOf('thread')))?.checkpoint.id).toBe(winner.id);
    // Nothing of the refused checkpoint was written.
    expect(await saver.getTuple(configOf('thread', loser.id))).toBeUndefined();

    await expect(saver.put(configOf('thread', first.id), winner, { source: 'loop', step: 0, parents: {} }, {})).resolves.toBeDefined();
    // A run that believes the thread is new, on a thread that is not.
    const fresh = await saver.put(configOf('thread'), checkpointAt(3), { source: 'input', step: -1, parents: {} }, {}).catch((error: unknown) => error);
    expect(isThreadRaceError(fresh)).toBe(true);
  });

  it('unfenced (the default, as LangGraph\'s savers), forks from an older checkpoint', async () => {
    const saver = saverOf(false);
    const [first, second, fork] = [checkpointAt(0), checkpointAt(1), checkpointAt(2)];
    await saver.put(configOf('thread'), first, { source: 'input', step: -1, parents: {} }, {});
    await saver.put(configOf('thread', first.id), second, { source: 'loop', step: 0, parents: {} }, {});
    await saver.put(configOf('thread', first.id), fork, { source: 'loop', step: 0, parents: {} }, {});
    expect((await saver.getTuple(configOf('thread')))?.checkpoint.id).toBe(fork.id);
  });

  it('stops the later of two runs of one graph on one thread, as two runs of one job would race: the thread keeps the first run\'s line', async () => {
    const saver = saverOf(true);
    let releaseLate!: () => void;
    const lateMayFinish = new Promise<void>((resolve) => (releaseLate = resolve));
    const State = Annotation.Root({ notes: Annotation<string[]>({ reducer: (left, right) => left.concat(right), default: () => [] }) });
    const graphFor = (run: string, gate?: Promise<void>) =>
      new StateGraph(State)
        .addNode('draft', async () => {
          await gate;
          return { notes: [`draft by ${run}`] };
        })
        .addNode('finish', async () => ({ notes: [`finished by ${run}`] }))
        .addEdge(START, 'draft')
        .addEdge('draft', 'finish')
        .addEdge('finish', END)
        .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: 'raced' } };

    // The late run starts first and stalls in its model call; the other runs the thread to the end meanwhile.
    const late = graphFor('late', lateMayFinish).invoke({ notes: [] }, config).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const early = await graphFor('early').invoke({ notes: [] }, config).catch((error: unknown) => error);
    releaseLate();
    const lateOutcome = await late;

    // Whichever saved its first checkpoint second was stopped; the thread holds one run's line, whole.
    const outcomes = [early, lateOutcome];
    expect(outcomes.filter(isThreadRaceError)).toHaveLength(1);
    const winner = outcomes.find((outcome) => !isThreadRaceError(outcome)) as { notes: string[] };
    const run = winner.notes[0]?.replace('draft by ', '');
    expect(winner.notes).toEqual([`draft by ${run}`, `finished by ${run}`]);
    const saved = await saver.getTuple(config);
    expect(saved?.checkpoint.channel_values).toEqual({ notes: winner.notes });
  });
});
