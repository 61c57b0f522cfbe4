import { Annotation, END, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import type { Gap, Question } from '@gapflow/core';
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
  draft: Annotation<{ text: string; signals: string[]; source: Question['source'] } | undefined>(),
  question: Annotation<Question | undefined>(),
});
export type QuestionGraphInput = Pick<typeof QuestionGraphState.State, 'sessionId' | 'gap' | 'knowledge' | 'avoid'>;

export interface QuestionGraphDependencies {
  model: LanguageModel;
  checkpointer: BaseCheckpointSaver;
  /** The session's CV and JD. Keeping them out of the graph state keeps every checkpoint small. */
  loadContext: (sessionId: string) => Promise<SessionContext>;
  observeNode?: NodeObserver;
}

/**
 * writeDraft → finalizeQuestion. `writeDraft` is the model call (the slow, fallible step); `finalizeQuestion` turns the
 * draft into a `Question` with its derived id. Checkpointed after each node, so a job retried
 * after its worker died resumes after the draft instead of paying for it again.
 */
export function buildQuestionGraph(deps: QuestionGraphDependencies) {
  return new StateGraph(QuestionGraphState)
    .addNode('writeDraft', observedNode(deps.observeNode, 'question', 'writeDraft', async (state: typeof QuestionGraphState.State) => {
      const context = await deps.loadContext(state.sessionId);
      const { value, source } = await deps.model.generate(
        structuredCall('question', { context, gap: state.gap, knowledge: state.knowledge ?? undefined, avoid: state.avoid }),
      );
      return { draft: { text: value.text, signals: value.signals, source } };
    }))
    .addNode('finalizeQuestion', observedNode(deps.observeNode, 'question', 'finalizeQuestion', async (state: typeof QuestionGraphState.State) => {
      const draft = state.draft;
      if (!draft) throw new Error('finalize ran without a draft');
      const question: Question = {
        id: questionIdFor(state.gap.id),
        gapId: state.gap.id,
        skill: state.gap.skill,
        severity: state.gap.severity,
        text: draft.text,
        signals: draft.signals,
        ...(state.knowledge ? { knowledgeId: state.knowledge.id } : {}),
        source: draft.source,
      };
      return { question };
    }))
    .addEdge(START, 'writeDraft')
    .addEdge('writeDraft', 'finalizeQuestion')
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
  const config = threadRunConfig(threadId);
  const snapshot = await graph.getState(config);
  const done = (snapshot.values as Partial<typeof QuestionGraphState.State>).question;
  if (done) return done;
  const final = hasUnfinishedRun(snapshot) ? await graph.invoke(null, config) : await graph.invoke(input, config);
  if (!final.question) throw new Error('the question graph ended without a question');
  return final.question;
}
