/** The words of jobs, field by field. */
const JOB_WORD_LISTS = [
      // Office, technology and management.
      'engineer|developer|programmer|architect|manager|lead|leader|head|director|analyst|scientist|designer|consultant|specialist|administrator|admin|officer|intern|internship|trainee|apprentice|graduate|sre|devops|owner|associate|assistant|coordinator|executive|representative|rep|accountant|bookkeeper|controller|auditor|actuary|underwriter|broker|trader|banker|economist|statistician|advisor|adviser|researcher|fellow|postdoc|technician|technologist|operator|founder|co-founder|cto|ceo|cfo|coo|vp|vice president|president|partner|principal|staff|senior|junior|chief|strategist|marketer|recruiter|writer|editor|reporter|correspondent|producer|translator|interpreter|librarian|curator|secretary|receptionist|clerk|cashier|planner|buyer|merchandiser|estimator|dispatcher|tester|qa',
      // Care, law, teaching and public service.
      'teacher|lecturer|professor|tutor|instructor|trainer|coach|nurse|midwife|paramedic|carer|caregiver|physician|surgeon|doctor|dentist|veterinarian|pharmacist|therapist|psychologist|counsel+or|social worker|worker|paralegal|solicitor|barrister|lawyer|attorney|counsel|inspector|surveyor|firefighter|constable',
      // Trades, transport and hospitality.
      'electrician|plumber|carpenter|joiner|welder|mechanic|fitter|machinist|labourer|laborer|foreman|forewoman|supervisor|agent|driver|pilot|captain|first officer|chef|sous chef|cook|baker|butcher|barista|bartender|waiter|waitress|concierge|housekeeper|steward|stewardess|attendant|storekeeper|warehouse operative|operative|handler|kennel hand',
];
/** The enumerated words of jobs, for telling a person's name from a title ("Lindqvist" ends in -ist, and is a name). */
export const JOB_WORDS = new RegExp(String.raw`\b(?:${JOB_WORD_LISTS.join('|')})\b`, 'iu');
/**
 * Words that make a phrase a job title rather than a company or a place: what tells "Senior
 * SRE" from "Acme" in "Acme — Senior SRE".
 */
export const TITLE_WORDS = new RegExp(
  String.raw`\b(?:` +
    [
      ...JOB_WORD_LISTS,
      // Occupations named by their ending: a physiotherapist, a journalist, an electrician.
      String.raw`(?!(?:assist|consist|persist|resist|insist|exist|checklist|playlist|wishlist|shortlist|blacklist|whitelist)\b)[\p{L}-]+(?:ist|ician)`,
    ].join('|') +
    String.raw`)\b`,
  'iu',
);

/** "Berlin", "Berlin, Germany", "Remote", "London, UK (hybrid)": a place, not a company. */
export const PLACE = /^(remote|hybrid|on-?site|[\p{Lu}][\p{L}.'-]+(?:\s[\p{Lu}][\p{L}.'-]+)?,\s*(?:[\p{Lu}]{2,3}|[\p{Lu}][\p{L}.'-]+(?:\s[\p{Lu}][\p{L}.'-]+)?)(?:\s*\((?:remote|hybrid|on-?site)\))?)$/iu;
