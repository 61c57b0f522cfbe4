import { QUESTION_ANGLES, type Gap, type QuestionPlan } from '@gapflow/core';
import { questionExemplars, stableHash, type KnowledgeSnippet } from '@gapflow/llm';

/** Text compared by its words alone: case, spacing and punctuation aside. */
function normalized(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * The exemplar and angle of every gap's question in a batch, decided before the fan-out so
 * that no two questions of the session share an exemplar — neither within the batch nor with
 * a question already asked — and the angles go round (outcome, setback, trade-off,
 * influence), continuing after the session's earlier questions. Each gap starts from the
 * exemplar its id picks and takes the first one still free; when every exemplar of its skill
 * is taken (two gaps of one knowledge entry, say), the least used, so the angle tells them
 * apart. Deterministic: a retried batch plans the same.
 *
 * @example
 * const plans = planQuestions(gaps, contexts, session.questions.map((question) => question.text));
 */
export function planQuestions(gaps: readonly Pick<Gap, 'id' | 'skill'>[], contexts: ReadonlyMap<string, KnowledgeSnippet | null>, asked: readonly string[]): Map<string, QuestionPlan> {
  const askedText = asked.map(normalized);
  const uses = new Map<string, number>();
  const usesOf = (exemplar: string): number => (uses.get(normalized(exemplar)) ?? 0) + (askedText.some((question) => question.includes(normalized(exemplar))) ? 1 : 0);
  const plans = new Map<string, QuestionPlan>();
  gaps.forEach((gap, index) => {
    const exemplars = questionExemplars(gap.skill, contexts.get(gap.id) ?? undefined);
    const first = stableHash(gap.id) % exemplars.length;
    const inOrder = exemplars.map((_, offset) => exemplars[(first + offset) % exemplars.length] as string);
    const exemplar = inOrder.reduce((best, candidate) => (usesOf(candidate) < usesOf(best) ? candidate : best));
    uses.set(normalized(exemplar), (uses.get(normalized(exemplar)) ?? 0) + 1);
    plans.set(gap.id, { exemplar, angle: QUESTION_ANGLES[(asked.length + index) % QUESTION_ANGLES.length]! });
  });
  return plans;
}
