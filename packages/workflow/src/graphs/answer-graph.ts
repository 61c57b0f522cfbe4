import { Annotation, Command, END, interrupt, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import { CRITERIA, GapflowError, storyOf, type AnswerEvaluation, type ErrorCode, type Criterion, type CriterionScore, type DeepDivePrompt, type GeneratedAnswer, type ProviderInfo } from '@gapflow/core';
import { composeCall, structuredCall, type KnowledgeSnippet, type LanguageModel, type SessionContext } from '@gapflow/llm';
import { aggregateEvaluation } from '../evaluation/aggregate-evaluation';
import { observedNode, type NodeObserver } from './node-observer';
import { hasUnfinishedRun, isWaitingForInput } from './unfinished-run';
import { threadRunConfig } from './thread-run-config';

/** The answer graph's state. Personal text (the answers) lives only in the session's own thread. */
export const AnswerGraphState = Annotation.Root({
  questionId: Annotation<string>(),
  question: Annotation<string>(),
  skill: Annotation<string>(),
  knowledge: Annotation<KnowledgeSnippet | null>(),
  /** The first answer, then each follow-up. */
  answerParts: Annotation<string[]>({ reducer: (all, next) => all.concat(next), default: () => [] }),
  /** The submissions already taken in, so a retried job never feeds its text in twice. */
  submissions: Annotation<string[]>({ reducer: (all, next) => all.concat(next), default: () => [] }),
  /** Deep-dive rounds asked so far. */
  round: Annotation<number>({ reducer: (_previous, next) => next, default: () => 0 }),
  /** This round's score per criterion; each branch writes its own. */
  scores: Annotation<Partial<Record<Criterion, CriterionScore>>>({ reducer: (all, next) => ({ ...all, ...next }), default: () => ({}) }),
  /**
   * Who scored this round; a fallback in any branch wins, so the evaluation says so. `null`
   * starts a new round unscored: the label belongs to the round that fell back, and a later
   * round scored by Gemini says `fallback: false`.
   */
  scoreSource: Annotation<ProviderInfo | undefined, ProviderInfo | null | undefined>({
    reducer: (kept, next) => (next === null ? undefined : kept?.fallback ? kept : next),
    default: () => undefined,
  }),
  evaluations: Annotation<AnswerEvaluation[]>({ reducer: (all, next) => all.concat(next), default: () => [] }),
  deepDives: Annotation<DeepDivePrompt[][]>({ reducer: (all, next) => all.concat(next), default: () => [] }),
  finalAnswer: Annotation<GeneratedAnswer | undefined>(),
  /**
   * The attempt whose deltas `finalAnswer` equals, as the listener numbered it (see
   * `answerDelta`): saved with the answer, so whichever run announces it names the right one.
   */
  answerAttempt: Annotation<number | undefined>(),
});
export type AnswerGraphValues = typeof AnswerGraphState.State;
export type AnswerGraphInput = Pick<AnswerGraphValues, 'questionId' | 'question' | 'skill' | 'knowledge' | 'answerParts'>;

/**
 * What the graph tells the outside world as it goes. Each call gets the state as it stands
 * after the step (so a listener can record progress before it announces the step: a client
 * that reads the session on an event finds what the event announced). Calls may repeat when
 * a job is retried; listeners make them idempotent.
 */
export interface AnswerGraphListener {
  evaluated(evaluation: AnswerEvaluation, round: number, state: AnswerGraphValues): Promise<void>;
  deepDivesAsked(prompts: DeepDivePrompt[], round: number, state: AnswerGraphValues): Promise<void>;
  /**
   * One chunk of the final answer, in order (`index` from 0 in each attempt; `attempt` from 1).
   * May return the number it announced the attempt under (numbered across runs); the graph
   * saves the last one with the final answer as `answerAttempt`.
   */
  answerDelta(chunk: string, index: number, attempt: number): Promise<number | void>;
  /**
   * The final answer starts over as `attempt` (the stream failed mid-way and is retried, or the
   * fallback model took over): the chunks of earlier attempts are void.
   */
  answerRestarted(attempt: number, reason: ErrorCode): Promise<void>;
  answerCompleted(answer: GeneratedAnswer, state: AnswerGraphValues): Promise<void>;
}

export interface AnswerGraphDependencies {
  model: LanguageModel;
  checkpointer: BaseCheckpointSaver;
  /**
   * The session's CV and JD, read from the session store when a node needs them, never kept
   * in the graph state (so never in a checkpoint). Every call of the graph puts them in its
   * stable prefix, the same bytes as the session's question calls: one context cache serves
   * all. @defaultValue none: the calls carry no documents (a graph run outside a session)
   */
  loadContext?: () => Promise<SessionContext>;
  listener: AnswerGraphListener;
  /** Deep-dive rounds before the answer is composed anyway. @defaultValue 3 */
  maxDeepDiveRounds?: number;
  observeNode?: NodeObserver;
}

const scorerNode = (criterion: Criterion) => `score_${criterion}` as const;
const SCORER_NODES = CRITERIA.map(scorerNode);

/**
 * The answer loop:
 *
 * ```
 *            ┌─ score_relevance ──┐
 * START ─────┼─ score_specificity ┼──▶ aggregate ──needs detail, rounds left──▶ askDeepDives ──▶ awaitFollowUp ─┐
 *   ▲        ├─ …                 │        │                                         (interrupt: the thread      │
 *   │        └─ score_impact ─────┘        └──sufficient or out of rounds──▶ compose ──▶ END   waits, no worker)  │
 *   └──────────────────────── the follow-up is appended; every criterion is scored again ◀────────────────────────┘
 * ```
 *
 * The five criteria are scored in parallel branches, each by its own model call. While the
 * graph waits for a follow-up it holds nothing but a checkpoint in Redis; any worker resumes
 * it. Deep dives are written in one node and awaited in the next, so resuming (which re-runs
 * the interrupted node) does not pay for the prompts again.
 */
export function buildAnswerGraph(deps: AnswerGraphDependencies) {
  const maxRounds = deps.maxDeepDiveRounds ?? 3;
  const story = (state: AnswerGraphValues): string => storyOf(state.answerParts);
  const context = async (): Promise<{ context?: SessionContext }> => {
    const loaded = await deps.loadContext?.();
    return loaded ? { context: loaded } : {};
  };

  let graph = new StateGraph(AnswerGraphState) as unknown as StateGraph<typeof AnswerGraphState.spec, AnswerGraphValues, Partial<AnswerGraphValues>, string>;
  for (const criterion of CRITERIA) {
    graph = graph.addNode(scorerNode(criterion), observedNode(deps.observeNode, 'answer', scorerNode(criterion), async (state: AnswerGraphValues) => {
      const { value, source } = await deps.model.generate(
        structuredCall('criterion', { ...(await context()), criterion, question: state.question, skill: state.skill, knowledge: state.knowledge ?? undefined, answer: story(state) }),
      );
      return { scores: { [criterion]: { criterion, ...value } }, scoreSource: source };
    })) as typeof graph;
    graph = graph.addEdge(START, scorerNode(criterion)) as typeof graph;
    graph = graph.addEdge('awaitFollowUp', scorerNode(criterion)) as typeof graph;
  }
  return graph
    .addNode('aggregate', observedNode(deps.observeNode, 'answer', 'aggregate', async (state: AnswerGraphValues) => {
      const criteria = CRITERIA.map((criterion) => state.scores[criterion]).filter((score): score is CriterionScore => score !== undefined);
      const evaluation = aggregateEvaluation(criteria, state.scoreSource ?? { provider: deps.model.provider, model: deps.model.provider });
      await deps.listener.evaluated(evaluation, state.round, { ...state, evaluations: [...state.evaluations, evaluation] });
      return { evaluations: [evaluation] };
    }))
    .addNode('askDeepDives', observedNode(deps.observeNode, 'answer', 'askDeepDives', async (state: AnswerGraphValues) => {
      const evaluation = state.evaluations[state.evaluations.length - 1] as AnswerEvaluation;
      const { value } = await deps.model.generate(structuredCall('deepDive', { ...(await context()), question: state.question, skill: state.skill, answer: story(state), scores: evaluation.criteria, asked: state.deepDives.flat().map((prompt) => prompt.text) }));
      const prompts = value.prompts.map((prompt) => ({ id: `dd-${state.round + 1}-${prompt.criterion}`, ...prompt }));
      await deps.listener.deepDivesAsked(prompts, state.round + 1, { ...state, deepDives: [...state.deepDives, prompts] });
      return { deepDives: [prompts] };
    }))
    .addNode('awaitFollowUp', observedNode(deps.observeNode, 'answer', 'awaitFollowUp', async (state: AnswerGraphValues) => {
      const prompts = state.deepDives[state.deepDives.length - 1] ?? [];
      const followUp = interrupt({ prompts }) as { text: string; submissionId: string };
      return { answerParts: [followUp.text], submissions: [followUp.submissionId], round: state.round + 1, scoreSource: null };
    }))
    .addNode('compose', observedNode(deps.observeNode, 'answer', 'compose', async (state: AnswerGraphValues) => {
      let attempt = 1;
      let index = 0;
      const stream = deps.model.composeAnswer(composeCall({ ...(await context()), question: state.question, skill: state.skill, answerParts: state.answerParts }), {
        onRestart: async (reason) => {
          attempt += 1;
          index = 0;
          await deps.listener.answerRestarted(attempt, reason);
        },
      });
      let announcedAttempt: number | undefined;
      for await (const chunk of stream.chunks) {
        const announced = await deps.listener.answerDelta(chunk, index, attempt);
        if (typeof announced === 'number') announcedAttempt = announced;
        index += 1;
      }
      const { value, source } = await stream.result;
      const finalAnswer: GeneratedAnswer = { text: value.text, sentences: value.sentences, source };
      await deps.listener.answerCompleted(finalAnswer, { ...state, finalAnswer, answerAttempt: announcedAttempt });
      return { finalAnswer, answerAttempt: announcedAttempt };
    }))
    .addEdge(SCORER_NODES as unknown as string[], 'aggregate')
    .addConditionalEdges('aggregate', (state: AnswerGraphValues) => {
      const evaluation = state.evaluations[state.evaluations.length - 1];
      return evaluation?.verdict === 'needs_detail' && state.round < maxRounds ? 'askDeepDives' : 'compose';
    }, ['askDeepDives', 'compose'])
    .addEdge('askDeepDives', 'awaitFollowUp')
    .addEdge('compose', END)
    .compile({ checkpointer: deps.checkpointer });
}

export type AnswerGraphOutcome =
  | { status: 'awaiting_follow_up'; values: AnswerGraphValues }
  | { status: 'completed'; values: AnswerGraphValues };

/** One thing the candidate sent: its text, and the id it was submitted under. */
export interface AnswerSubmission {
  text: string;
  submissionId: string;
}

/**
 * Runs the answer graph for one submission of the candidate on the question's thread:
 * starts it with the first answer; resumes a thread that waits for a follow-up with the new
 * text; continues a thread left mid-way by a worker that died (the retried job); and leaves
 * a finished thread alone. A submission the thread has already taken in is never fed in
 * again: a job retried after its graph moved on only continues or reports.
 */
export async function runAnswerGraph(deps: AnswerGraphDependencies, threadId: string, input: Omit<AnswerGraphInput, 'answerParts'>, submission: AnswerSubmission): Promise<AnswerGraphOutcome> {
  const graph = buildAnswerGraph(deps);
  const config = threadRunConfig(threadId);
  const snapshot = await graph.getState(config);
  const before = snapshot.values as Partial<AnswerGraphValues>;
  const consumed = (before.submissions ?? []).includes(submission.submissionId);
  const waiting = isWaitingForInput(snapshot);
  try {
    if (waiting && !consumed) await graph.invoke(new Command({ resume: submission }), config);
    else if (!waiting && hasUnfinishedRun(snapshot)) await graph.invoke(null, config);
    else if (!waiting && !consumed && !before.finalAnswer && (before.answerParts ?? []).length === 0) {
      await graph.invoke({ ...input, answerParts: [submission.text], submissions: [submission.submissionId] }, config);
    }
  } catch (error) {
    throw firstFailureOf(error);
  }
  const after = await graph.getState(config);
  const values = after.values as AnswerGraphValues;
  if (isWaitingForInput(after)) return { status: 'awaiting_follow_up', values };
  // Never report a story as complete without its answer: the job fails (and is retried)
  // instead of leaving the question silent for good.
  if (!values.finalAnswer) throw new GapflowError('INTERNAL', 'The answer graph stopped before writing the final answer; the job is retried.');
  return { status: 'completed', values };
}

/**
 * LangGraph gathers the failures of parallel branches (the five scorers) into one error whose
 * message only says there were several; the job's failure reason and its log need the first
 * branch's own error, e.g. the `TypeError` of a defect.
 */
function firstFailureOf(error: unknown): unknown {
  const errors = (error as { errors?: unknown })?.errors;
  return Array.isArray(errors) && errors.length > 0 ? firstFailureOf(errors[0]) : error;
}
