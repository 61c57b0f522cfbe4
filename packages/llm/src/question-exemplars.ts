import type { KnowledgeSnippet } from './tasks';

/** Used when the knowledge base has no entry for the skill: still one situation, one result. */
function genericQuestions(skill: string): string[] {
  return [
    `Tell me about the most demanding piece of work you have done with ${skill}: what was the situation, what did you do yourself, and what changed as a result?`,
    `Describe a problem you solved with ${skill}. How did you approach it, and how did you know it had worked?`,
    `Tell me about a time your ${skill} work did not go to plan. What did you notice, what did you change, and what was the outcome?`,
  ];
}

/**
 * The questions a gap's question may be built on: its knowledge-base entry's exemplars, or
 * generic ones naming the skill. The batch plans which one each gap takes (no two alike in a
 * session); a provider builds the question on it.
 */
export function questionExemplars(skill: string, knowledge: KnowledgeSnippet | undefined): string[] {
  return knowledge?.questions.length ? [...knowledge.questions] : genericQuestions(skill);
}
