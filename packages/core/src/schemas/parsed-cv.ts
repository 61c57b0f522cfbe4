import { z } from 'zod';
import { checkDocumentSize } from './document-size';
import { boundedList, CvDate, longText, shortText, Years } from './text';

/** A skill as a CV lists it: a bare name, or a name with years of use. */
export const CvSkill = z.union(
  [
    shortText('a skill'),
    z.object({ name: shortText('a skill name'), years: Years.optional() }),
  ],
  { error: 'a skill must be a name, or an object { name, years? }' },
);
export type CvSkill = z.infer<typeof CvSkill>;

export const CvExperience = z.object({
  title: shortText('a job title'),
  company: shortText('a company').optional(),
  start: CvDate.optional(),
  end: CvDate.optional(),
  description: longText('a description').optional(),
  highlights: boundedList(longText('a highlight'), 'highlights', 50).optional(),
});
export type CvExperience = z.infer<typeof CvExperience>;

export const CvEducation = z.object({
  institution: shortText('an institution').optional(),
  degree: shortText('a degree').optional(),
  field: shortText('a field of study').optional(),
  end: CvDate.optional(),
});
export type CvEducation = z.infer<typeof CvEducation>;

/** A CV after parsing: the structured form every part of gapflow reads. */
export const ParsedCV = z
  .object({
    name: shortText('the name').optional(),
    headline: shortText('the headline').optional(),
    summary: longText('the summary').optional(),
    skills: boundedList(CvSkill, 'skills'),
    experience: boundedList(CvExperience, 'experience'),
    education: boundedList(CvEducation, 'education', 50).optional(),
    certifications: boundedList(shortText('a certification'), 'certifications', 100).optional(),
  })
  .superRefine(checkDocumentSize('CV'));
export type ParsedCV = z.infer<typeof ParsedCV>;
