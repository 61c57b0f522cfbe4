import type { GapflowClient } from '@gapflow/client';
import type { CvSkill, Importance, JdRequirement, ParseReport, Session } from '@gapflow/core';
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { describeError } from './describe-error';

const IMPORTANCE_LABELS: Record<Importance, string> = { must: 'Required', should: 'Preferred', nice: 'Nice to have' };
const IMPORTANCES: readonly Importance[] = ['must', 'should', 'nice'];

function skillName(skill: CvSkill): string {
  return typeof skill === 'string' ? skill : skill.name;
}

function lines(text: string): string[] {
  return [...new Set(text.split('\n').map((line) => line.trim()).filter(Boolean))];
}

function Warnings(props: { report: ParseReport | undefined; what: string }) {
  const warnings = props.report?.warnings ?? [];
  if (warnings.length === 0) return null;
  return (
    <div class="warnings">
      <p>
        <strong>Check {props.what}:</strong>
      </p>
      <ul>
        {warnings.map((warning, index) => (
          <li key={index}>{warning}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The corrections a person makes most: the CV's skills, and the job's requirements by
 * importance, one per line. Sent as the parsed documents, edited (`PATCH`), which runs gap
 * analysis again. Only with a tenant's key: a candidate's link cannot correct documents.
 */
function CorrectionForm(props: { session: Session & { cv: NonNullable<Session['cv']>; jd: NonNullable<Session['jd']> }; client: GapflowClient; onCorrected: () => void }) {
  const { session } = props;
  const [skills, setSkills] = useState(session.cv.skills.map(skillName).join('\n'));
  const [requirements, setRequirements] = useState<Record<Importance, string>>(() => {
    const byImportance: Record<Importance, string[]> = { must: [], should: [], nice: [] };
    for (const requirement of session.jd.requirements) byImportance[requirement.importance].push(requirement.skill);
    return { must: byImportance.must.join('\n'), should: byImportance.should.join('\n'), nice: byImportance.nice.join('\n') };
  });
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  async function save(event: Event): Promise<void> {
    event.preventDefault();
    // Years of a skill or a requirement stay with its name when the name is kept.
    const cvSkills: CvSkill[] = lines(skills).map((name) => session.cv.skills.find((skill) => skillName(skill) === name) ?? name);
    const jdRequirements: JdRequirement[] = IMPORTANCES.flatMap((importance) =>
      lines(requirements[importance]).map((skill) => ({ ...session.jd.requirements.find((requirement) => requirement.skill === skill), skill, importance })),
    );
    setSaving(true);
    setError(undefined);
    try {
      await props.client.correctSession(session.id, { cv: { ...session.cv, skills: cvSkills }, jd: { ...session.jd, requirements: jdRequirements }, fromRevision: session.revision ?? 0 });
      props.onCorrected();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setSaving(false);
    }
  }

  return (
    <details class="correction">
      <summary>Correct what was read</summary>
      <form onSubmit={(event) => void save(event)}>
        <p class="hint">One per line. Saving computes the gaps again.</p>
        <label for="correct-skills">CV skills</label>
        <textarea id="correct-skills" rows={6} value={skills} onInput={(event) => setSkills(event.currentTarget.value)} />
        {IMPORTANCES.map((importance) => (
          <Fragment key={importance}>
            <label for={`correct-${importance}`}>{`${IMPORTANCE_LABELS[importance]} skills`}</label>
            <textarea id={`correct-${importance}`} rows={4} value={requirements[importance]} onInput={(event) => setRequirements({ ...requirements, [importance]: event.currentTarget.value })} />
          </Fragment>
        ))}
        {error !== undefined && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={saving}>
          Save corrections
        </button>
      </form>
    </details>
  );
}

/** What gapflow read from the CV and the job description, with the parser's warnings; correctable before any question. */
export function ParsedDocuments(props: { session: Session; tenantClient: GapflowClient | undefined; onCorrected: () => void }) {
  const { session } = props;
  const [corrected, setCorrected] = useState(false);
  const { cv, jd } = session;
  if (!cv || !jd) return null;
  const canCorrect = props.tenantClient !== undefined && session.status === 'ready';
  return (
    <section class="parsed-documents" aria-labelledby="read-title">
      <h2 id="read-title">What gapflow read</h2>
      <div class="documents">
        <section aria-labelledby="read-cv">
          <h3 id="read-cv">CV{cv.name ? `: ${cv.name}` : ''}</h3>
          <Warnings report={session.documents?.cv?.report} what="the CV" />
          <p>
            <strong>Skills:</strong> {cv.skills.length === 0 ? 'none found' : cv.skills.map(skillName).join(', ')}
          </p>
          {cv.experience.length > 0 && (
            <ul aria-label="Roles">
              {cv.experience.map((role, index) => (
                <li key={index}>
                  {role.title}
                  {role.company ? `, ${role.company}` : ''}
                  {role.start ? ` (${role.start}–${role.end ?? 'now'})` : ''}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="read-jd">
          <h3 id="read-jd">
            Job: {jd.title}
            {jd.company ? `, ${jd.company}` : ''}
          </h3>
          <Warnings report={session.documents?.jd?.report} what="the job description" />
          {IMPORTANCES.map((importance) => {
            const skills = jd.requirements.filter((requirement) => requirement.importance === importance);
            return (
              skills.length > 0 && (
                <p key={importance}>
                  <strong>{IMPORTANCE_LABELS[importance]}:</strong> {skills.map((requirement) => requirement.skill + (requirement.years ? ` (${requirement.years}+ years)` : '')).join(', ')}
                </p>
              )
            );
          })}
        </section>
      </div>
      {corrected && (
        <p class="status" role="status">
          {session.status === 'analyzing' ? 'Saved. The gaps are being computed again…' : 'Saved. The gaps below are computed from your corrections.'}
        </p>
      )}
      {canCorrect && props.tenantClient && (
        <CorrectionForm
          key={session.revision ?? 0}
          session={{ ...session, cv, jd }}
          client={props.tenantClient}
          onCorrected={() => {
            setCorrected(true);
            props.onCorrected();
          }}
        />
      )}
    </section>
  );
}
