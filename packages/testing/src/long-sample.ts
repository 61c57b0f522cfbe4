import type { ParsedCV, ParsedJD } from '@gapflow/core';
import { loadSample, type SampleName } from './samples';

/**
 * A sample pair whose CV has `earlierRoles` more (older) roles. The shipped samples render
 * to a prompt prefix of about 760 tokens, below every model's minimum for an explicit Gemini
 * cache (1,024 on gemini-2.5-flash); six more roles take it to about 1,500, so tests of
 * caching use documents a real cache would accept instead of lowering the minimum.
 */
export function loadLongSample(name: SampleName = 'platform-engineer', earlierRoles = 6): { cv: ParsedCV; jd: ParsedJD } {
  const { cv, jd } = loadSample(name);
  const older = Array.from({ length: earlierRoles }, (_, index) => ({
    title: `Software Engineer (role ${index + 1})`,
    company: `Earlier Company ${index + 1}`,
    start: `${2008 + index}-01`,
    end: `${2008 + index}-12`,
    description: 'Maintained internal web services and the batch jobs around them, shared the on-call rotation and wrote the runbooks the support team used at night.',
    highlights: [
      `Reduced the nightly batch window from ${6 + index} hours to ${2 + index} hours by splitting the largest job into independent steps.`,
      `Moved ${index + 3} services to a shared deployment pipeline with automated rollbacks and release notes.`,
      'Documented the data model for the reporting team and answered their questions every week.',
    ],
  }));
  return { cv: { ...cv, experience: [...cv.experience, ...older] }, jd };
}
