import type { Importance } from '@gapflow/core';

/*
 * How a job ad says how much a requirement matters, or that it is none: the cues of its lines,
 * sentences and clauses, and the years it asks.
 */

/** The sections of a job ad, by what their headings say of what is listed under them. */
export type JdSection = 'must' | 'should' | 'nice' | 'requirements' | 'skills' | 'responsibilities' | 'about' | 'other';

/** A line that says what is not asked: "You don't need prior experience with Kubernetes", "No Java experience required". */
export const NOT_ASKED = /\b(?:do(?:es)?\s*n[o'’]t (?:need|require)|don['’]t need|not (?:required|needed|necessary|expected|a requirement)|no (?:prior |previous )?(?:[\w+#./-]+\s){0,3}(?:experience\s|knowledge\s)?(?:is\s)?(?:required|needed|necessary))\b/i;
export const NOT_REQUIRED_BUT_NICE = /\bnot (?:required|needed|necessary|essential),? but (?:nice|welcome|helpful|useful|a plus|an advantage)\b/i;
/** A sentence about the job or the employer, whatever cue it holds: "Working here is a real advantage …". */
export const ABOUT_THE_JOB = /^(?:working (?:here|with us|at)|being part of|joining (?:us|our)|life at|our)\b/i;
export const MUST_CUE = /\b(required|requires?|must|essential|mandatory|need to have|you have to|you(?:'ll|’ll| will)? need|we need|we require|(?:we(?:'re|’re| are) )?looking for (?:someone|a candidate|people) with)\b/i;
export const NICE_CUE = /\b(ideally|preferred|highly regarded|(?:would be|is|are) (?:highly )?(?:valued|welcome|welcomed|beneficial|helpful|useful|looked on favourably|looked upon favorably)|preferably|a plus|is a plus|(?:a|an) (?:real |big |huge |definite |added )?(?:plus|advantage|bonus)|given preference|bonus|nice to have|nice-to-have|desirable|an advantage|advantageous|would (?:also )?be (?:great|nice|ideal)|good to have|optional|not (?:required|needed|necessary|essential),? but (?:nice|welcome|helpful|useful))\b/i;
export const SHOULD_CUE = /\b(should|familiarity|familiar with|exposure to|some experience)\b/i;
/** In prose, only words addressed to the candidate make a sentence a requirement ("you'll need", "is essential"), not any "should". */
export const PROSE_CUE = /\b(highly regarded|would be (?:highly )?(?:valued|welcome|beneficial|helpful|useful|ideal)|would help|you(?:'ll|’ll| will)? (?:need|must|should)|(?:applicants|candidates|the (?:successful |ideal )?candidate|the post ?holder) (?:(?:must|should|will need to) (?:have|hold|be)|will (?:have|hold))|we need (?:someone|a|an|people)|we(?:'re|’re| are) looking for (?:someone|a candidate|people) (?:with|who)|(?:is|are) (?:essential|required|a must|a plus|an advantage|desirable|preferred|beneficial|helpful)|required|(?:a|an) (?:real |big |huge )?(?:plus|advantage|bonus)|ideally|would (?:also )?be (?:great|nice)|a plus|preferred|we(?:'d|’d| would) love|familiarity with|exposure to)\b/i;
/** "5+ years of Go", "at least 3 years with Kubernetes", "3-5 years' experience in Python". */
export const YEARS = /(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*(?:\+|-\s*\d{1,2}|–\s*\d{1,2})?\s*\+?\s*(?:years?|yrs?)['’]?/i;
const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
/** Years as a number: "5", or "five". */
export const yearsOf = (written: string) => NUMBER_WORDS[written.toLowerCase()] ?? Number(written);

/** True when a line or clause says how much it matters: a must, nice-to-have or should cue. */
export function saysHowMuch(text: string): boolean {
  return MUST_CUE.test(text) || NICE_CUE.test(text) || SHOULD_CUE.test(text);
}

/**
 * The clauses of a sentence that weigh differently: split at ", and", ", but", ";" and ", as
 * would", where the part after says how much it matters ("…, and holding Y would be a real
 * advantage"); a part that says nothing of its weight is the end of a list, not a clause
 * ("locating leaks, clearing main lines, and reading blueprints").
 */
export function clausesOf(sentence: string): string[] {
  const parts = sentence.split(/,\s+(?:and|but)\s+|;\s+|,\s+(?=as would\b)/i);
  const clauses: string[] = [];
  let rest = sentence;
  for (const part of parts) {
    const at = rest.indexOf(part);
    const weighed = /^as would\b/i.test(part) || saysHowMuch(part);
    if (clauses.length > 0 && !weighed) clauses[clauses.length - 1] += rest.slice(0, at) + part;
    else clauses.push(part);
    rest = rest.slice(at + part.length);
  }
  return clauses;
}

/** A requirement's importance: a nice-to-have cue, the section, a should cue, a must cue or a must section; else unknown. */
export function importanceOf(section: JdSection | undefined, line: string): Importance | undefined {
  if (NICE_CUE.test(line)) return 'nice';
  if (section === 'nice') return 'nice';
  if (SHOULD_CUE.test(line)) return 'should';
  if (section === 'should') return 'should';
  if (MUST_CUE.test(line) || section === 'must' || section === 'requirements') return 'must';
  return undefined;
}
