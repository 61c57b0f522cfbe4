import { performance } from 'node:perf_hooks';
import { Annotation, END, MemorySaver, START, StateGraph } from '@langchain/langgraph';

/**
 * Invocations a second of the smallest checkpointed LangGraph graph — one node that returns at
 * once, LangGraph's in-memory saver, no queue, no Redis — in this process, `concurrency` at a
 * time as a worker runs jobs. A job that runs a LangGraph graph can go no faster than this, so
 * it bounds how close to raw BullMQ a question job can come while it runs as a graph.
 */
export async function langGraphInvokesPerSecond(invocations = 3_000, concurrency = 32): Promise<number> {
  const State = Annotation.Root({ gap: Annotation<string>(), question: Annotation<string>() });
  const graph = new StateGraph(State)
    .addNode('ask', async (state) => ({ question: `What did you do about ${state.gap}?` }))
    .addEdge(START, 'ask')
    .addEdge('ask', END)
    .compile({ checkpointer: new MemorySaver() });
  const run = async (count: number): Promise<number> => {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let index = next++; index < count; index = next++) await graph.invoke({ gap: `gap ${index}` }, { configurable: { thread_id: `floor-${count}-${index}` } });
      }),
    );
    return count / ((performance.now() - started) / 1000);
  };
  await run(Math.min(500, invocations));
  return run(invocations);
}
