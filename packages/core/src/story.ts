/**
 * A candidate's whole answer to one question: the first answer and each follow-up, in order,
 * a blank line apart. A final answer's source spans are offsets into this text, so whoever
 * shows them (the page) joins the parts exactly as whoever wrote them (the answer graph) did.
 */
export function storyOf(answerParts: readonly string[]): string {
  return answerParts.join('\n\n');
}
