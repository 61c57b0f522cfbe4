import type { CallInputs, StructuredKind } from '../call-catalog';
import type { Prompt } from '../prompt';
import type { ComposeTask, KnowledgeSnippet } from '../tasks';
import { INSTRUCTIONS, ROLE, RUBRIC } from './instructions';
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

function prefix(kind: StructuredKind | 'compose', context?: string): string {
  return [ROLE, RUBRIC, `Task: ${INSTRUCTIONS[kind]}`, ...(context ? [`Session:\n${context}`] : [])].join('\n\n');
}

/** The prompt of a structured call: a stable, cacheable prefix and a per-call suffix. */
export function buildPrompt<K extends StructuredKind>(kind: K, input: CallInputs[K]): Prompt {
  switch (kind) {
    case 'question': {
      const task = input as CallInputs['question'];
      return {
        stablePrefix: prefix('question', renderSessionContext(task.context)),
        variableSuffix: [
          `Gap: ${task.gap.skill} (${task.gap.severity})`,
          `Why it is a gap: ${task.gap.reason}`,
          `Evidence in the CV: ${task.gap.evidence.length ? task.gap.evidence.join('; ') : 'none'}`,
          renderKnowledge(task.knowledge),
          `Already asked: ${task.avoid.length ? task.avoid.map((q) => `\n- ${q}`).join('') : 'nothing yet'}`,
        ].join('\n'),
      };
    }
    case 'criterion': {
      const task = input as CallInputs['criterion'];
      return {
        stablePrefix: prefix('criterion'),
        variableSuffix: [
          `Criterion: ${task.criterion}`,
          `Skill: ${task.skill}`,
          `Question: ${task.question}`,
          renderKnowledge(task.knowledge),
          `Answer:\n${task.answer}`,
        ].join('\n'),
      };
    }
    case 'deepDive': {
      const task = input as CallInputs['deepDive'];
      return {
        stablePrefix: prefix('deepDive'),
        variableSuffix: [
          `Skill: ${task.skill}`,
          `Question: ${task.question}`,
          `Scores: ${task.scores.map((s) => `${s.criterion} ${s.score.toFixed(2)}`).join(', ')}`,
          `Answer:\n${task.answer}`,
        ].join('\n'),
      };
    }
    default:
      throw new Error(`no prompt for call kind ${String(kind)}`);
  }
}

export function buildComposePrompt(task: ComposeTask): Prompt {
  return {
    stablePrefix: prefix('compose'),
    variableSuffix: [
      `Skill: ${task.skill}`,
      `Question: ${task.question}`,
      ...task.answerParts.map((part, index) => (index === 0 ? `Answer:\n${part}` : `Follow-up ${index}:\n${part}`)),
    ].join('\n'),
  };
}
