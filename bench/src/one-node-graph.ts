import { Annotation, END, MemorySaver, START, StateGraph } from '@langchain/langgraph';

/**
 * The smallest checkpointed LangGraph graph: one node that returns at once, on LangGraph's
 * in-memory saver, saved once when its run ends (durability 'exit', as our question graph). What
 * a job that runs any graph pays at least, with nothing of ours in it.
 */
export function oneNodeGraph() {
  const State = Annotation.Root({ gap: Annotation<string>(), question: Annotation<string>() });
  const graph = new StateGraph(State)
    .addNode('ask', async (state) => ({ question: `What did you do about ${state.gap}?` }))
    .addEdge(START, 'ask')
    .addEdge('ask', END)
    .compile({ checkpointer: new MemorySaver() });
  return (threadId: string) => graph.invoke({ gap: threadId }, { configurable: { thread_id: threadId }, durability: 'exit' });
}
