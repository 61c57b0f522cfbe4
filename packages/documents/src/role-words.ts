/**
 * Words that make a phrase a job title rather than a company or a place: what tells "Senior
 * SRE" from "Acme" in "Acme — Senior SRE".
 */
export const TITLE_WORDS =
  /\b(engineer|developer|programmer|architect|manager|lead|leader|head|director|analyst|scientist|designer|consultant|specialist|administrator|admin|officer|intern|internship|trainee|apprentice|sre|devops|owner|associate|assistant|coordinator|executive|representative|rep|accountant|controller|advisor|adviser|researcher|technician|operator|founder|co-founder|cto|ceo|cfo|coo|vp|vice president|president|partner|principal|staff|senior|junior|chief|strategist|marketer|recruiter|writer|editor|teacher|lecturer|professor|nurse|supervisor|agent|planner|buyer|tester|qa)\b/i;

/** "Berlin", "Berlin, Germany", "Remote", "London, UK (hybrid)": a place, not a company. */
export const PLACE = /^(remote|hybrid|on-?site|[\p{Lu}][\p{L}.'-]+(?:\s[\p{Lu}][\p{L}.'-]+)?,\s*(?:[\p{Lu}]{2,3}|[\p{Lu}][\p{L}.'-]+(?:\s[\p{Lu}][\p{L}.'-]+)?)(?:\s*\((?:remote|hybrid|on-?site)\))?)$/iu;
