import type { SessionReport } from '@gapflow/core';
import { useEffect, useRef } from 'preact/hooks';
import { CRITERION_LABELS, percent, SEVERITY_LABELS } from './labels';

const STATUS_WORDS: Record<SessionReport['gaps'][number]['status'], string> = {
  not_asked: 'not asked',
  not_answered: 'not answered yet',
  in_progress: 'in progress',
  completed: 'answered',
  failed: 'could not be asked',
};

/** The report, gap by gap; printing the page prints only this (a browser's "Save as PDF" makes the file). */
export function ReportView(props: { report: SessionReport; onClose: () => void }) {
  const { report } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening the report moves the focus to it, so a keyboard or screen-reader user is where it is.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="report" aria-labelledby="report-title">
      <h2 id="report-title" tabIndex={-1} ref={heading}>
        Report: {report.jobTitle}
      </h2>
      <p class="no-print">
        <button type="button" onClick={() => window.print()}>
          Print or save as PDF
        </button>{' '}
        <button type="button" onClick={props.onClose}>
          Close report
        </button>
      </p>
      {report.gaps.map((gap) => (
        <article key={gap.gapId} class="report-gap" aria-label={gap.skill}>
          <h3>
            {gap.skill} <span class={`severity severity-${gap.severity}`}>{SEVERITY_LABELS[gap.severity]}</span>
          </h3>
          <p>
            {gap.question === undefined ? (
              'No question was asked about this gap.'
            ) : (
              <>
                {gap.question} <em>({STATUS_WORDS[gap.status]}{gap.overallScore === undefined ? '' : `, ${percent(gap.overallScore)} overall`})</em>
              </>
            )}
          </p>
          {gap.scores.length > 0 && (
            <table>
              <caption>Scores{gap.scoredBy ? `, by ${gap.scoredBy.provider === 'gemini' ? `Gemini (${gap.scoredBy.model})` : gap.scoredBy.fallback ? 'the offline evaluator, standing in for Gemini' : 'the offline evaluator'}` : ''}</caption>
              <thead>
                <tr>
                  <th scope="col">Criterion</th>
                  <th scope="col">Score</th>
                  <th scope="col">Feedback</th>
                </tr>
              </thead>
              <tbody>
                {gap.scores.map((score) => (
                  <tr key={score.criterion}>
                    <th scope="row">{CRITERION_LABELS[score.criterion]}</th>
                    <td>{percent(score.score)}</td>
                    <td>{score.feedback}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {gap.finalAnswer && (
            <>
              <h4>Final answer</h4>
              <p>{gap.finalAnswer}</p>
            </>
          )}
          {gap.practise.length > 0 && (
            <>
              <h4>To practise</h4>
              <ul>
                {gap.practise.map((item, index) => (
                  <li key={index}>{item}</li>
                ))}
              </ul>
            </>
          )}
        </article>
      ))}
    </section>
  );
}
