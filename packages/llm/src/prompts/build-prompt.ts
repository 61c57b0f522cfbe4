import type { CallInputs, StructuredKind } from '../call-catalog';
import type { Prompt } from '../prompt';
import type { ComposeTask, KnowledgeSnippet, SessionContext } from '../tasks';
import { EXTRACTION_INSTRUCTIONS, INSTRUCTIONS, ROLE, RUBRIC } from './instructions';
import { renderSessionContext } from './render-context';

function renderKnowledge(knowledge: KnowledgeSnippet | undefined): string {
  if (!knowledge) return 'Knowledge base: no entry for this skill.';
  return [
    `Knowledge base entry: ${knowledge.skill}`,
    `Mastery: ${knowledge.mastery}`,
    `Signals of a strong answer: ${knowledge.signals.join('; ')}`,
    `Example questions: ${knowledge.questions.join(' | ')}`,
  ].join('\n');
}

/**
 * The stable prefix, one for every call kind of a session: the role, the rubric, the
 * instructions of every task, then the session's documents. Because no part of it depends
 * on the call kind, a question, a score, a deep dive and the final answer all read the same
 * bytes, so one context cache per session serves them all; the task is named in the suffix.
 */
export function sessionPrefix(context: SessionContext | undefined): string {
  const tasks = (Object.keys(INSTRUCTIONS) as (keyof typeof INSTRUCTIONS)[]).map((kind) => `Task ${kind}: ${INSTRUCTIONS[kind]}`);
  return [ROLE, RUBRIC, `Each request names one task and gives its inputs.\n${tasks.join('\n')}`, ...(context ? [`Session:\n${renderSessionContext(context)}`] : [])].join('\n\n');
}

function suffix(kind: StructuredKind | 'compose', lines: string[]): string {
  return [`Task: ${kind}`, ...lines].join('\n');
}

/** The prompt of a structured call: the session's stable, cacheable prefix and a per-call suffix. */
export function buildPrompt<K extends StructuredKind>(kind: K, input: CallInputs[K]): Prompt {
  switch (kind) {
    case 'question': {
      const task = input as CallInputs['question'];
      return {
        stablePrefix: sessionPrefix(task.context),
        variableSuffix: suffix('question', [
          `Gap: ${task.gap.skill} (${task.gap.severity})`,
          `Why it is a gap: ${task.gap.reason}`,
          `Evidence in the CV: ${task.gap.evidence.length ? task.gap.evidence.join('; ') : 'none'}`,
          renderKnowledge(task.knowledge),
          ...(task.plan ? [`Build the question on this exemplar: ${task.plan.exemplar}`, `Angle: ${task.plan.angle} (no other question of this session takes this exemplar)`] : []),
          `Already asked: ${task.avoid.length ? task.avoid.map((q) => `\n- ${q}`).join('') : 'nothing yet'}`,
        ]),
      };
    }
    case 'criterion': {
      const task = input as CallInputs['criterion'];
      return {
        stablePrefix: sessionPrefix(task.context),
        variableSuffix: suffix('criterion', [
          `Criterion: ${task.criterion}`,
          `Skill: ${task.skill}`,
          `Question: ${task.question}`,
          renderKnowledge(task.knowledge),
          `Answer:\n${task.answer}`,
        ]),
      };
    }
    case 'deepDive': {
      const task = input as CallInputs['deepDive'];
      return {
        stablePrefix: sessionPrefix(task.context),
        variableSuffix: suffix('deepDive', [
          `Skill: ${task.skill}`,
          `Question: ${task.question}`,
          `Scores: ${task.scores.map((s) => `${s.criterion} ${s.score.toFixed(2)}`).join(', ')}`,
          `Already asked (ask none again, and nothing the answer already gives): ${task.asked?.length ? task.asked.map((q) => `\n- ${q}`).join('') : 'nothing yet'}`,
          `Answer:\n${task.answer}`,
        ]),
      };
    }
    case 'cvExtraction':
    case 'jdExtraction': {
      const task = input as CallInputs['cvExtraction'];
      const what = kind === 'cvExtraction' ? 'CV' : 'Job description';
      return { stablePrefix: `${ROLE}\n\n${EXTRACTION_INSTRUCTIONS[kind as 'cvExtraction' | 'jdExtraction']}`, variableSuffix: suffix(kind, [`${what}:\n${task.text}`]) };
    }
    default:
      throw new Error(`no prompt for call kind ${String(kind)}`);
  }
}

export function buildComposePrompt(task: ComposeTask): Prompt {
  return {
    stablePrefix: sessionPrefix(task.context),
    variableSuffix: suffix('compose', [
      `Skill: ${task.skill}`,
      `Question: ${task.question}`,
      ...task.answerParts.map((part, index) => (index === 0 ? `Answer:\n${part}` : `Follow-up ${index}:\n${part}`)),
    ]),
  };
}
