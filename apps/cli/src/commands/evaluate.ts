import { readFileSync } from 'node:fs';
import { AnswerText, GapflowError, type AnswerEvaluation, type DeepDivePrompt } from '@gapflow/core';
import { knowledgeSnippet, runFirstRound } from '@gapflow/workflow';
import { createBrain } from '@gapflow/workflow';

export interface EvaluateOptions {
  question: string | undefined;
  skill: string | undefined;
  answerFile: string | undefined;
}

/**
 * `gapflow evaluate --question <text> --skill <name> --answer-file <file>`: the evaluation,
 * and the deep-dive prompts the answer would get when it needs detail.
 */
export async function evaluateCommand(options: EvaluateOptions): Promise<{ evaluation: AnswerEvaluation; deepDives: DeepDivePrompt[] }> {
  const missing = (['question', 'skill', 'answerFile'] as const).filter((name) => !options[name]?.trim());
  if (missing.length > 0) {
    const flags = missing.map((name) => (name === 'answerFile' ? '--answer-file' : `--${name}`));
    throw new GapflowError('VALIDATION_FAILED', `Missing ${flags.join(', ')}. Usage: gapflow evaluate --question <text> --skill <name> --answer-file <file>`);
  }
  const { question, skill, answerFile } = options as Required<{ [K in keyof EvaluateOptions]: string }>;
  let raw: string;
  try {
    raw = readFileSync(answerFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GapflowError('VALIDATION_FAILED', `The answer file ${answerFile} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}.`);
  }
  const answer = AnswerText.safeParse(raw);
  if (!answer.success) {
    throw new GapflowError('VALIDATION_FAILED', `The answer file ${answerFile}: ${answer.error.issues[0]?.message ?? 'is not a valid answer'}.`);
  }
  const brain = await createBrain();
  const [retrieved] = await brain.retriever.retrieve([skill]);
  const knowledge = knowledgeSnippet(retrieved?.best);
  return runFirstRound({ question, skill: retrieved?.best?.skill ?? skill, answer: answer.data, knowledge }, brain.model, { deepDives: true });
}
