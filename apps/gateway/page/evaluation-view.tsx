import type { AnswerEvaluation } from '@gapflow/core';
import { useId } from 'preact/hooks';
import { CRITERION_LABELS, percent } from './labels';

/** One round's evaluation: each criterion's score, what to do about it, and the words of the answer it rests on. */
export function EvaluationView(props: { evaluation: AnswerEvaluation; round: number; folded?: boolean }) {
  const { evaluation, round } = props;
  const titleId = useId();
  const title = (
    <>
      {round === 0 ? 'How your answer scored' : `How your answer scored after follow-up ${round}`}: {percent(evaluation.overallScore)}
      {evaluation.verdict === 'sufficient' ? ', a complete answer' : ', needs more detail'}
    </>
  );
  // A round a later one replaced is kept, folded: the page stays as long as the story, not as its drafts.
  if (props.folded) {
    return (
      <details class="evaluation">
        <summary>{title}</summary>
        <Criteria evaluation={evaluation} />
      </details>
    );
  }
  return (
    <section class="evaluation" aria-labelledby={titleId}>
      <h4 id={titleId}>{title}</h4>
      <Criteria evaluation={evaluation} />
    </section>
  );
}

function Criteria(props: { evaluation: AnswerEvaluation }) {
  const { evaluation } = props;
  return (
    <>
      <ul class="criteria">
        {evaluation.criteria.map((score) => (
          <li key={score.criterion}>
            <span class="criterion">{CRITERION_LABELS[score.criterion]}</span>
            <meter min={0} max={1} low={0.4} high={0.7} optimum={1} value={score.score} aria-label={`${CRITERION_LABELS[score.criterion]} score`}>
              {percent(score.score)}
            </meter>
            <span class="score">{percent(score.score)}</span>
            <p class="feedback">{score.feedback}</p>
            {score.quotes.length > 0 && (
              <ul class="quotes" aria-label={`From your answer, for ${CRITERION_LABELS[score.criterion].toLowerCase()}`}>
                {score.quotes.map((quote, index) => (
                  <li key={index}>
                    <q>{quote}</q>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <p class="provenance">Scored by {evaluation.source.provider === 'gemini' ? `Gemini (${evaluation.source.model})` : 'gapflow’s offline evaluator'}{evaluation.source.fallback ? ', standing in for Gemini' : ''}.</p>
    </>
  );
}
