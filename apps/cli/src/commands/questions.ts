import { ParsedCV, ParsedJD, type Gap, type Question } from '@gapflow/core';
import { createBrain, generateQuestions } from '@gapflow/workflow';
import { readJsonFile } from '../read-json-file';

/** `gapflow questions <cv.json> <jd.json>`: the gaps and one question for each. */
export async function questionsCommand(cvPath: string, jdPath: string): Promise<{ gaps: Gap[]; questions: Question[] }> {
  const cv = readJsonFile(cvPath, ParsedCV, 'CV');
  const jd = readJsonFile(jdPath, ParsedJD, 'JD');
  const brain = await createBrain();
  const gaps = brain.analyzer.analyze(cv, jd);
  const questions = await generateQuestions({ cv, jd }, gaps, brain);
  return { gaps, questions };
}
