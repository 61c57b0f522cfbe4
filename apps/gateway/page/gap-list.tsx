import type { Gap } from '@gapflow/core';
import { SEVERITY_LABELS } from './labels';

/** The gaps between the CV and the job description, most severe first, each with its reason. */
export function GapList(props: { gaps: readonly Gap[] }) {
  const order = { critical: 0, important: 1, minor: 2 } as const;
  const gaps = [...props.gaps].sort((a, b) => order[a.severity] - order[b.severity]);
  return (
    <section class="gaps" aria-labelledby="gaps-title">
      <h2 id="gaps-title">Gaps</h2>
      {gaps.length === 0 ? (
        <p>The CV shows everything the job description asks for: there is nothing to ask about.</p>
      ) : (
        <ul>
          {gaps.map((gap) => (
            <li key={gap.id}>
              <span class={`severity severity-${gap.severity}`}>{SEVERITY_LABELS[gap.severity]}</span> <strong>{gap.skill}</strong>
              <p>{gap.reason}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
