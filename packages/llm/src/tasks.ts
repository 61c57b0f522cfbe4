import type { Criterion, CriterionScore, Gap, ParsedCV, ParsedJD, QuestionPlan } from '@gapflow/core';

/**
 * What the knowledge base knows about one skill, as much as a model call needs. Structural,
 * so that this package does not depend on the retrieval package.
 */
export interface KnowledgeSnippet {
  id: string;
  skill: string;
  aliases: readonly string[];
  mastery: string;
  signals: readonly string[];
  keywords: readonly string[];
  questions: readonly string[];
}

/**
 * The documents of the session: the stable part of every prompt of the session, whatever the
 * call kind. Absent only for a call outside any session (the CLI scoring one answer).
 */
export interface SessionContext {
  cv: ParsedCV;
  jd: ParsedJD;
}

/** Extract a CV or a job ad from its text; outside any session (the session has no CV or JD yet). */
export interface DocumentTask {
  text: string;
}

/** Write one probing question for one gap. */
export interface QuestionTask {
  context: SessionContext;
  gap: Gap;
  knowledge: KnowledgeSnippet | undefined;
  /** Questions already asked in this session; the new one must differ from each. */
  avoid: readonly string[];
  /** The exemplar and angle the batch chose for this gap, so that no two questions of a session share them. */
  plan?: QuestionPlan;
}

/** Score one answer on one criterion; the criteria of one answer run in parallel. */
export interface CriterionTask {
  /** The session's CV and JD; read from the session store, never from a checkpoint. */
  context?: SessionContext;
  criterion: Criterion;
  question: string;
  skill: string;
  knowledge: KnowledgeSnippet | undefined;
  /** Everything the candidate said about this question, follow-ups included. */
  answer: string;
}

/** Ask 1–3 follow-ups aimed at the weakest criteria of an evaluation. */
export interface DeepDiveTask {
  /** The session's CV and JD; read from the session store, never from a checkpoint. */
  context?: SessionContext;
  question: string;
  skill: string;
  answer: string;
  scores: readonly CriterionScore[];
  /** @defaultValue 3 */
  maxPrompts?: number;
  /** The follow-ups of earlier rounds: none is asked again in the same words. */
  asked?: readonly string[];
}

/** Write the polished first-person answer from what the candidate said, and only that. */
export interface ComposeTask {
  /** The session's CV and JD; read from the session store, never from a checkpoint. */
  context?: SessionContext;
  question: string;
  skill: string;
  /** The first answer, then each follow-up, in order. */
  answerParts: readonly string[];
}
