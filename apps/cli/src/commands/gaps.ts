import { ParsedCV, ParsedJD, type Gap } from '@gapflow/core';
import { createBrain } from '@gapflow/workflow';
import { readJsonFile } from '../read-json-file';

/** `gapflow gaps <cv.json> <jd.json>`: the gaps, most severe first. */
export async function gapsCommand(cvPath: string, jdPath: string): Promise<{ gaps: Gap[] }> {
  const cv = readJsonFile(cvPath, ParsedCV, 'CV');
  const jd = readJsonFile(jdPath, ParsedJD, 'JD');
  const brain = await createBrain();
  return { gaps: brain.analyzer.analyze(cv, jd) };
}
