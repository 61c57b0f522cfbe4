import { type Gap, type Question } from '@gapflow/core';
import { createBrain, generateQuestions } from '@gapflow/workflow';
import { readCvOrJdFile } from '../read-document-file';

/** `gapflow questions <cv> <jd>` (each gapflow's JSON, or a PDF, Word, Markdown or text document): the gaps and one question for each. */
export async function questionsCommand(cvPath: string, jdPath: string): Promise<{ gaps: Gap[]; questions: Question[] }> {
  const cv = (await readCvOrJdFile(cvPath, 'cv')).parsed;
  const jd = (await readCvOrJdFile(jdPath, 'jd')).parsed;
  const brain = await createBrain();
  const gaps = brain.analyzer.analyze(cv, jd);
  const questions = await generateQuestions({ cv, jd }, gaps, brain);
  return { gaps, questions };
}
