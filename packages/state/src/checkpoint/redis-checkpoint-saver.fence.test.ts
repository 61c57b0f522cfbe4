import { randomUUID } from 'node:crypto';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { isThreadRaceError } from '@gapflow/core';
import { TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { checkpointAt } from './checkpoint-at.fixture';
import { CheckpointOrderError } from './checkpoint-order-error';
import { RedisCheckpointSaver } from './redis-checkpoint-saver';

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

  it('fences a run saved only when it ends (durability exit, as the question graph runs): of two runs at once, the second to save is refused', async () => {
    const saver = saverOf(true);
    let arrived = 0;
    let releaseBoth!: () => void;
    const bothInside = new Promise<void>((resolve) => (releaseBoth = resolve));
    const State = Annotation.Root({ run: Annotation<string>(), question: Annotation<string>() });
    const graph = new StateGraph(State)
      .addNode('writeDraft', async (state) => {
        // Both runs are inside the model call before either saves.
        if (++arrived === 2) releaseBoth();
        await bothInside;
        return { question: `written by ${state.run}` };
      })
      .addEdge(START, 'writeDraft')
      .addEdge('writeDraft', END)
      .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: 'exit-thread' }, durability: 'exit' as const };
    const outcomes = await Promise.allSettled([graph.invoke({ run: 'first' }, config), graph.invoke({ run: 'second' }, config)]);
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    const saved = outcomes.filter((outcome): outcome is PromiseFulfilledResult<typeof State.State> => outcome.status === 'fulfilled');
    expect(refused).toHaveLength(1);
    expect(isThreadRaceError((refused[0] as PromiseRejectedResult).reason)).toBe(true);
    expect(saved).toHaveLength(1);
    expect((await graph.getState(config)).values.question).toBe(saved[0]!.value.question);
  });

  it('refuses, loudly, a checkpoint whose id sorts before the newest (a worker whose clock is behind)', async () => {
    const saver = saverOf(true);
    const [first, ahead] = [checkpointAt(0), checkpointAt(1)];
    // A uuid6 made by a clock in 1970: it sorts before every id made now.
    const behind = { ...checkpointAt(2), id: '00000000-0000-6000-8000-000000000000' };
    await saver.put(configOf('clock'), first, { source: 'input', step: -1, parents: {} }, {});
    await saver.put(configOf('clock', first.id), ahead, { source: 'loop', step: 0, parents: {} }, {});
    const refused = await saver.put(configOf('clock', ahead.id), behind, { source: 'loop', step: 1, parents: {} }, {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CheckpointOrderError);
    expect((refused as Error).message).toContain('clock');
    expect((await saver.getTuple(configOf('clock')))?.checkpoint.id).toBe(ahead.id);
  });

  it('unfenced (the default, as LangGraph\'s savers), forks from an older checkpoint', async () => {
    const saver = saverOf(false);
    const [first, second, fork] = [checkpointAt(0), checkpointAt(1), checkpointAt(2)];
    await saver.put(configOf('thread'), first, { source: 'input', step: -1, parents: {} }, {});
    await saver.put(configOf('thread', first.id), second, { source: 'loop', step: 0, parents: {} }, {});
    await saver.put(configOf('thread', first.id), fork, { source: 'loop', step: 0, parents: {} }, {});
    expect((await saver.getTuple(configOf('thread')))?.checkpoint.id).toBe(fork.id);
  });

  it('stops the late one of two runs of one graph on one thread at its refused save: it runs no further step, and the thread keeps the other run\'s line', async () => {
    const saver = saverOf(true);
    let lateStarted!: () => void;
    const lateIsDrafting = new Promise<void>((resolve) => (lateStarted = resolve));
    let releaseLate!: () => void;
    const lateMayFinish = new Promise<void>((resolve) => (releaseLate = resolve));
    const finishes: string[] = [];
    const State = Annotation.Root({ notes: Annotation<string[]>({ reducer: (left, right) => left.concat(right), default: () => [] }) });
    const graphFor = (run: 'late' | 'early') =>
      new StateGraph(State)
        .addNode('draft', async () => {
          if (run === 'late') {
            lateStarted();
            await lateMayFinish;
          }
          return { notes: [`draft by ${run}`] };
        })
        .addNode('finish', async () => {
          finishes.push(run);
          return { notes: [`finished by ${run}`] };
        })
        .addEdge(START, 'draft')
        .addEdge('draft', 'finish')
        .addEdge('finish', END)
        .compile({ checkpointer: saver });
    // As gapflow runs its graphs: each step's checkpoint saved before the next step starts.
    const config = { configurable: { thread_id: 'raced' }, durability: 'sync' as const };

    // The late run saves its input checkpoint, then stalls in its model call (a lock lapsed
    // around it); the job's second run takes the thread from there to the end meanwhile.
    const late = graphFor('late').invoke({ notes: [] }, config).catch((error: unknown) => error);
    await lateIsDrafting;
    const early = await graphFor('early').invoke({ notes: [] }, config);
    releaseLate();

    expect(isThreadRaceError(await late)).toBe(true);
    expect(early.notes).toEqual(['draft by early', 'finished by early']);
    // The late run stopped at the save after its draft: its next step never ran.
    expect(finishes).toEqual(['early']);
    expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ notes: early.notes });
  });
});
