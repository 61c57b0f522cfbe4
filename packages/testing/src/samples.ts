import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParsedCV, ParsedJD } from '@gapflow/core';

/** The sample CV/JD pairs shipped in `packages/testing/fixtures`, from three fields. */
export const SAMPLE_NAMES = ['platform-engineer', 'ml-engineer', 'sales-manager'] as const;
export type SampleName = (typeof SAMPLE_NAMES)[number];

export const FIXTURES_DIR = join(__dirname, '..', 'fixtures');

export function samplePaths(name: SampleName): { cv: string; jd: string } {
  return { cv: join(FIXTURES_DIR, name, 'cv.json'), jd: join(FIXTURES_DIR, name, 'jd.json') };
}

/** A sample pair, validated by the same schemas the API uses. */
export function loadSample(name: SampleName): { cv: ParsedCV; jd: ParsedJD } {
  const paths = samplePaths(name);
  return {
    cv: ParsedCV.parse(JSON.parse(readFileSync(paths.cv, 'utf8'))),
    jd: ParsedJD.parse(JSON.parse(readFileSync(paths.jd, 'utf8'))),
  };
}
