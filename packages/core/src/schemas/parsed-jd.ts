import { z } from 'zod';
import { Limits } from '../limits';
import { checkDocumentSize } from './document-size';
import { boundedList, longText, shortText, Years } from './text';

export const Seniority = z.enum(['junior', 'mid', 'senior', 'lead'], {
  error: 'seniority must be one of junior, mid, senior, lead',
});
export type Seniority = z.infer<typeof Seniority>;

export const Importance = z.enum(['must', 'should', 'nice'], {
  error: 'importance must be one of must, should, nice',
});
export type Importance = z.infer<typeof Importance>;

export const JdRequirement = z.object({
  skill: shortText('a required skill'),
  importance: Importance,
  years: Years.optional(),
});
export type JdRequirement = z.infer<typeof JdRequirement>;

/** A job description after parsing. */
export const ParsedJD = z
  .object({
    title: shortText('the job title'),
    company: shortText('the company').optional(),
    seniority: Seniority.optional(),
    requirements: boundedList(JdRequirement, 'requirements', Limits.maxRequirements).min(1, {
      error: 'requirements must list at least one skill; gapflow measures the CV against them',
    }),
    responsibilities: boundedList(longText('a responsibility'), 'responsibilities', 100).optional(),
    description: longText('the description').optional(),
  })
  .superRefine(checkDocumentSize('JD'));
export type ParsedJD = z.infer<typeof ParsedJD>;
