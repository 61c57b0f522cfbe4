import type { Seniority } from '@gapflow/core';
import type { QuestionDraft } from '../call-catalog';
import type { QuestionTask } from '../tasks';
import { stableHash } from './stable-hash';

/** Used when the knowledge base has no entry for the skill: still one situation, one result. */
function genericQuestions(skill: string): string[] {
  return [
    `Tell me about the most demanding piece of work you have done with ${skill}: what was the situation, what did you do yourself, and what changed as a result?`,
    `Describe a problem you solved with ${skill}. How did you approach it, and how did you know it had worked?`,
    `Tell me about a time your ${skill} work did not go to plan. What did you notice, what did you change, and what was the outcome?`,
  ];
}

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

/** What a question adds when its exemplar was already asked in this session. */
function anotherExample(round: number): string {
  if (round === 0) return '';
  if (round === 1) return ' Pick an example you have not used yet in this interview.';
  return ` Pick an example you have not used yet in this interview (example ${round}).`;
}

/**
 * The offline question for one gap: an exemplar from the knowledge base (or a generic one),
 * framed by the gap's severity and evidence and adapted to the role's seniority. The exemplar
 * is picked by the gap's id, so a session asks different exemplars for similar gaps, and any
 * question in `avoid` is skipped.
 */
export function writeQuestion(task: QuestionTask): QuestionDraft {
  const exemplars = task.knowledge?.questions.length ? [...task.knowledge.questions] : genericQuestions(task.gap.skill);
  const seniority = task.context.jd.seniority ?? 'mid';
  const first = stableHash(task.gap.id) % exemplars.length;
  const avoid = new Set(task.avoid);
  const signals = task.knowledge ? [...task.knowledge.signals] : GENERIC_SIGNALS;
  // Every exemplar as it is, then each again asking for a new example, then numbered: the
  // first candidate not yet asked wins, so the loop ends within avoid.size + 1 rounds.
  for (let round = 0; ; round += 1) {
    for (let offset = 0; offset < exemplars.length; offset += 1) {
      const exemplar = exemplars[(first + offset) % exemplars.length] as string;
      const text = `${opening(task)} ${exemplar}${anotherExample(round)}${closingFor(seniority, exemplar)}`;
      if (!avoid.has(text)) return { text, signals };
    }
  }
}
