import { Annotation, END, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import type { Gap, Question, QuestionPlan } from '@gapflow/core';
import { structuredCall, type KnowledgeSnippet, type LanguageModel, type SessionContext } from '@gapflow/llm';
import { questionIdFor } from '../questions/question-id';
import { observedNode, type NodeObserver } from './node-observer';
import { hasUnfinishedRun } from './unfinished-run';
import { threadRunConfig } from './thread-run-config';

/** The question graph's state: what it was given, and what it wrote. */
export const QuestionGraphState = Annotation.Root({
  /** The session, by id: its CV and JD are read when needed, never copied into checkpoints. */
  sessionId: Annotation<string>(),
  gap: Annotation<Gap>(),
  knowledge: Annotation<KnowledgeSnippet | null>(),
  /** Questions already asked in the session, to differ from. */
  avoid: Annotation<string[]>(),
  /** The exemplar and angle the batch planned for this gap (absent on threads of earlier versions). */
  plan: Annotation<QuestionPlan | undefined>(),
  /** Written by an earlier version's draft step, read by `finalizeQuestion` (see buildQuestionGraph). */
  draft: Annotation<{ text: string; signals: string[]; source: Question['source'] } | undefined>(),
  question: Annotation<Question | undefined>(),
});
export type QuestionGraphInput = Pick<typeof QuestionGraphState.State, 'sessionId' | 'gap' | 'knowledge' | 'avoid'> & { plan?: QuestionPlan };

export interface QuestionGraphDependencies {
  model: LanguageModel;
  checkpointer: BaseCheckpointSaver;
  /** The session's CV and JD. Keeping them out of the graph state keeps every checkpoint small. */
  loadContext: (sessionId: string) => Promise<SessionContext>;
  observeNode?: NodeObserver;
}

/** The question a draft makes for a gap: its text and signals, with the gap's id, skill and severity. */
function questionOf(state: typeof QuestionGraphState.State, draft: NonNullable<typeof QuestionGraphState.State.draft>): Question {
  return {
    id: questionIdFor(state.gap.id),
    gapId: state.gap.id,
    skill: state.gap.skill,
    severity: state.gap.severity,
    text: draft.text,
    signals: draft.signals,
    ...(state.knowledge ? { knowledgeId: state.knowledge.id } : {}),
    source: draft.source,
  };
}

/**
 * One step, `writeDraft`: the model call (the slow, fallible step) and the `Question` made from
 * its draft. Its writes are saved as soon as it ends, so a job retried after its worker died
 * resumes after the draft instead of paying for it again — and one step is one checkpoint
 * fewer to save per question than a separate finalizing step.
 *
 * `finalizeQuestion` remains for threads an earlier version left after its draft step (the
 * question was made in a second step then): such a thread continues there.
 */
export function buildQuestionGraph(deps: QuestionGraphDependencies) {
  return new StateGraph(QuestionGraphState)
    .addNode('writeDraft', observedNode(deps.observeNode, 'question', 'writeDraft', async (state: typeof QuestionGraphState.State) => {
      const context = await deps.loadContext(state.sessionId);
      const { value, source } = await deps.model.generate(
        structuredCall('question', { context, gap: state.gap, knowledge: state.knowledge ?? undefined, avoid: state.avoid, ...(state.plan ? { plan: state.plan } : {}) }),
      );
      return { question: questionOf(state, { text: value.text, signals: value.signals, source }) };
    }))
    .addNode('finalizeQuestion', observedNode(deps.observeNode, 'question', 'finalizeQuestion', async (state: typeof QuestionGraphState.State) => {
      if (!state.draft) throw new Error('finalize ran without a draft');
      return { question: questionOf(state, state.draft) };
    }))
    .addEdge(START, 'writeDraft')
    .addConditionalEdges('writeDraft', (state: typeof QuestionGraphState.State) => (state.question ? END : 'finalizeQuestion'), ['finalizeQuestion', END])
    .addEdge('finalizeQuestion', END)
    .compile({ checkpointer: deps.checkpointer });
}

/**
 * Runs the question graph on a thread: from the start, or — when an earlier attempt left
 * the thread mid-way — from where it stopped; a thread that already finished returns its
 * question without running anything.
 */
export async function runQuestionGraph(deps: QuestionGraphDependencies, threadId: string, input: QuestionGraphInput): Promise<Question> {
  const graph = buildQuestionGraph(deps);
  // Saved once, when the run ends ('exit'), not before and after its one step ('sync'): the
  // draft is safe from the same moment either way — the first write to Redis after the model
  // answers — so a retried job still never pays for it twice, and a job costs one checkpoint
  // write instead of three writes and two sets of pending writes. A late run of the job is
  // still refused by the fence when it saves. Threads an earlier version left mid-way resume
  // as before.
  const config = { ...threadRunConfig(threadId), durability: 'exit' as const };
  const snapshot = await graph.getState(config);
  const done = (snapshot.values as Partial<typeof QuestionGraphState.State>).question;
  if (done) return done;
  const final = hasUnfinishedRun(snapshot) ? await graph.invoke(null, config) : await graph.invoke(input, config);
  if (!final.question) throw new Error('the question graph ended without a question');
  return final.question;
}
