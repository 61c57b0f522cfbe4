import type { QuestionAngle, Seniority } from '@gapflow/core';
import type { QuestionDraft } from '../call-catalog';
import { questionExemplars } from '../question-exemplars';
import type { QuestionTask } from '../tasks';
import { stableHash } from './stable-hash';

const GENERIC_SIGNALS = ['a concrete situation', 'what you did personally', 'a measured result'];

/** The opening that says why we ask: the candidate should know what the gap is. */
function opening(task: QuestionTask): string {
  const { gap, context } = task;
  const role = context.jd.title;
  switch (gap.severity) {
    case 'critical':
      return `This ${role} role needs ${gap.skill}, and your CV does not show it yet.`;
    case 'important':
      return gap.evidence.length > 0
        ? `Your CV mentions ${gap.skill}, but not enough to show the depth this ${role} role needs.`
        : `${gap.skill} matters for this ${role} role, and your CV does not show it yet.`;
    case 'minor':
      return `${gap.skill} would be a plus for this ${role} role.`;
  }
}

/** What the role's seniority adds to a question, unless the exemplar already asks it. */
const SENIORITY_CLOSING: Record<Seniority, { text: string; alreadyAsked: RegExp | undefined }> = {
  junior: { text: ' A course, side project or internship counts.', alreadyAsked: undefined },
  mid: { text: '', alreadyAsked: undefined },
  senior: { text: ' Include the trade-offs you weighed and why you chose as you did.', alreadyAsked: /trade-?offs?/i },
  lead: { text: ' Include how you brought others along, and what you would do differently now.', alreadyAsked: /differently/i },
};

function closingFor(seniority: Seniority, exemplar: string): string {
  const closing = SENIORITY_CLOSING[seniority];
  return closing.alreadyAsked?.test(exemplar) ? '' : closing.text;
}

/** What each angle asks for, unless the exemplar or the seniority's closing already does. */
const ANGLE_CLOSING: Record<QuestionAngle, { text: string; alreadyAsked: RegExp }> = {
  outcome: { text: ' Finish with what changed, and how you measured it.', alreadyAsked: /measur|result|outcome|what changed/i },
  setback: { text: ' A time it went wrong counts as much as a success.', alreadyAsked: /wrong|fail|mistake|did not go|didn.t go|setback|surprised/i },
  'trade-off': { text: ' Say which options you weighed, and why you chose as you did.', alreadyAsked: /trade-?off|weigh|options|chose|choose/i },
  influence: { text: ' Say who else was involved, and how you brought them along.', alreadyAsked: /brought others|convinc|persuad|stakeholder|align|brought .* along/i },
};

function angleFor(angle: QuestionAngle | undefined, asked: string): string {
  if (!angle) return '';
  const closing = ANGLE_CLOSING[angle];
  return closing.alreadyAsked.test(asked) ? '' : closing.text;
}

/** What a question adds when its exemplar was already asked in this session. */
function anotherExample(round: number): string {
  if (round === 0) return '';
  if (round === 1) return ' Pick an example you have not used yet in this interview.';
  return ` Pick an example you have not used yet in this interview (example ${round}).`;
}

/**
 * The offline question for one gap: an exemplar from the knowledge base (or a generic one),
 * framed by the gap's severity and evidence, adapted to the role's seniority and given the
 * angle of the batch's plan. The exemplar is the plan's (without a plan, picked by the gap's
 * id), and any question in `avoid` is skipped.
 */
export function writeQuestion(task: QuestionTask): QuestionDraft {
  const exemplars = questionExemplars(task.gap.skill, task.knowledge);
  // The batch's plan comes first: it chose an exemplar no other question of the session has.
  if (task.plan && !exemplars.includes(task.plan.exemplar)) exemplars.unshift(task.plan.exemplar);
  const seniority = task.context.jd.seniority ?? 'mid';
  const first = task.plan ? exemplars.indexOf(task.plan.exemplar) : stableHash(task.gap.id) % exemplars.length;
  const avoid = new Set(task.avoid);
  const signals = task.knowledge ? [...task.knowledge.signals] : GENERIC_SIGNALS;
  // Every exemplar as it is, then each again asking for a new example, then numbered: the
  // first candidate not yet asked wins, so the loop ends within avoid.size + 1 rounds.
  for (let round = 0; ; round += 1) {
    for (let offset = 0; offset < exemplars.length; offset += 1) {
      const exemplar = exemplars[(first + offset) % exemplars.length] as string;
      const closing = closingFor(seniority, exemplar);
      const text = `${opening(task)} ${exemplar}${anotherExample(round)}${closing}${angleFor(task.plan?.angle, exemplar + closing)}`;
      if (!avoid.has(text)) return { text, signals };
    }
  }
}
