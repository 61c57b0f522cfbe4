import { type Gap } from '@gapflow/core';
import { createBrain } from '@gapflow/workflow';
import { readCvOrJdFile } from '../read-document-file';

/** `gapflow gaps <cv> <jd>` (each gapflow's JSON, or a PDF, Word, Markdown or text document): the gaps, most severe first. */
export async function gapsCommand(cvPath: string, jdPath: string): Promise<{ gaps: Gap[] }> {
  const cv = (await readCvOrJdFile(cvPath, 'cv')).parsed;
  const jd = (await readCvOrJdFile(jdPath, 'jd')).parsed;
  const brain = await createBrain();
  return { gaps: brain.analyzer.analyze(cv, jd) };
}
