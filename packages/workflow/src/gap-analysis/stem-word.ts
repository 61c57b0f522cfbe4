/** Past tenses and participles that suffix stripping cannot reach ("led" is "lead"). */
const IRREGULAR: Readonly<Record<string, string>> = {
  led: 'lead',
  ran: 'run',
  built: 'build',
  wrote: 'write',
  written: 'write',
  taught: 'teach',
  sold: 'sell',
  bought: 'buy',
  drove: 'drive',
  driven: 'drive',
  made: 'make',
  brought: 'bring',
  thought: 'think',
  chose: 'choose',
  chosen: 'choose',
  grew: 'grow',
  grown: 'grow',
  began: 'begin',
  begun: 'begin',
  spoke: 'speak',
  spoken: 'speak',
  found: 'find',
  held: 'hold',
  kept: 'keep',
  met: 'meet',
  won: 'win',
  analyses: 'analysis',
};

/** Endings of a word's form (plural, past, -ing), taken off first. */
const INFLECTIONS = ['ings', 'ing', 'ies', 'ied', 'ed', 'es', 's'];
/**
 * Endings that derive one word from another, taken off second, longest first, so that the
 * forms of one word meet: "managed", "managing", "managers", "management" → "manag";
 * "negotiated", "negotiations" → "negoti"; "engineer", "engineering" → "engine".
 */
const DERIVATIONS = ['ationally', 'izations', 'isations', 'ization', 'isation', 'ational', 'ations', 'ation', 'ators', 'ator', 'ates', 'ate', 'ments', 'ment', 'ership', 'ers', 'er', 'at', 'e'];

const MIN_STEM = 3;

/**
 * A word reduced to the stem its inflections and derivations share, by a light English
 * suffix stripper (not Porter's whole algorithm: only what skill names and CV lines need).
 * "-ies"/"-ied" become "y" ("companies" → "company"), and a final doubled consonant is
 * undoubled whether or not an ending came off ("planning" and "plan" → "plan"; "modelling"
 * and "model"; "install" and "installing" → "instal"), except "ss" ("process", "processes").
 * Stems are compared only with stems, so they need not be words.
 */
export function stemWord(word: string): string {
  const lower = word.toLowerCase();
  const irregular = IRREGULAR[lower];
  if (irregular !== undefined) return stemWord(irregular);
  if (!/^[a-z]+$/.test(lower)) return lower;
  let stem = lower;
  for (const suffix of INFLECTIONS) {
    if (!stem.endsWith(suffix) || stem.length - suffix.length < MIN_STEM) continue;
    // "ss" is a word's own ending ("process", "access"), not a plural.
    if (suffix === 's' && stem.endsWith('ss')) break;
    stem = stem.slice(0, -suffix.length) + (suffix === 'ies' || suffix === 'ied' ? 'y' : '');
    break;
  }
  for (const suffix of DERIVATIONS) {
    if (!stem.endsWith(suffix) || stem.length - suffix.length < MIN_STEM) continue;
    stem = stem.slice(0, -suffix.length);
    break;
  }
  // A derivation can leave a base that ends in "e" ("management" → "manage"): it goes too.
  if (stem.endsWith('e') && stem.length > MIN_STEM && stem !== lower) stem = stem.slice(0, -1);
  return /([b-df-hj-rt-z])\1$/.test(stem) ? stem.slice(0, -1) : stem;
}
