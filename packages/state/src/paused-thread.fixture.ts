import { Annotation, END, interrupt, START, StateGraph } from '@langchain/langgraph';
import { threadIdFor } from './session-thread';
import type { StateStores } from './state-stores';

/** A LangGraph thread of the session paused on a deep dive, as an answer with too little detail leaves it. */
export async function pauseOnDeepDive(state: StateStores, sessionId: string, questionId: string): Promise<void> {
  const State = Annotation.Root({ answer: Annotation<string>() });
  const graph = new StateGraph(State)
    .addNode('evaluate', async (s) => ({ answer: `${s.answer} (evaluated)` }))
    .addNode('deepDive', async () => ({ answer: interrupt('What was the measured result?') as string }))
    .addEdge(START, 'evaluate')
    .addEdge('evaluate', 'deepDive')
    .addEdge('deepDive', END)
    .compile({ checkpointer: state.checkpoints });
  await graph.invoke({ answer: 'I wrote Terraform modules for 3 regions' }, { configurable: { thread_id: threadIdFor(sessionId, questionId) } });
}
