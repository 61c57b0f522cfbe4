import { stemWord } from './stem-word';

/** Words a skill's name can drop or reorder without changing the skill ("management of people"). */
const FILLER_WORDS = new Set(['and', 'or', 'of', 'the', 'a', 'an', 'for', 'in', 'on', 'with', 'to', '&']);

/** Tokens as a skill name or a CV line has them: words, and names with symbols kept whole ("A/B", "C++", "CI/CD"). */
function tokensOf(text: string): string[] {
  return text.match(/[A-Za-z0-9][A-Za-z0-9+#/.&-]*[A-Za-z0-9+#]|[A-Za-z0-9]/g) ?? [];
}

function contentTokens(text: string): string[] {
  return tokensOf(text).filter((token) => !FILLER_WORDS.has(token.toLowerCase()));
}

/** A text's sentences, each as the set of its words' stems and its tokens as written. */
interface ReadSentence {
  stems: Set<string>;
  tokens: string[];
}

const READ_CACHE_LIMIT = 2_000;
/** One analysis asks of the same CV lines for every requirement: each line is read once. */
const readCache = new Map<string, ReadSentence[]>();

function sentencesOf(text: string): ReadSentence[] {
  const cached = readCache.get(text);
  if (cached) return cached;
  const sentences = text
    .split(/(?<=[.!?;:])\s+|\n+/)
    .map((sentence) => {
      const tokens = tokensOf(sentence);
      return { stems: new Set(tokens.map(stemWord)), tokens };
    })
    .filter((sentence) => sentence.tokens.length > 0);
  if (readCache.size >= READ_CACHE_LIMIT) readCache.clear();
  readCache.set(text, sentences);
  return sentences;
}

/** One way a skill can be written that its names as written do not catch. */
type Form = (sentence: ReadSentence) => boolean;

/**
 * "A/B testing" in "Ran an A/B test", "stakeholder management" in "managed the stakeholders of
 * two departments": every word of the name, by its stem, within one sentence, in any order.
 * A one-word name counts only when it is itself a derived form ("Negotiation", "Testing"):
 * "Spark" must not be found in "sparked a discussion", nor "Rust" in "rusted".
 */
/**
 * Names whose words, apart, mean something else: "learned to operate a CNC machine" is not
 * machine learning, "tested 40 units" not unit testing. They are found only as written.
 */
const COMPOUND_NAMES = new Set(['machine learning', 'deep learning', 'unit testing', 'event sourcing', 'customer success', 'data science', 'computer vision', 'supply chain', 'cost accounting', 'content design', 'design systems', 'system design', 'load balancing', 'code review']);

function stemsForm(name: string): Form | undefined {
  const tokens = contentTokens(name);
  if (tokens.length === 0 || COMPOUND_NAMES.has(tokens.join(' ').toLowerCase())) return undefined;
  const stems = tokens.map(stemWord);
  if (tokens.length === 1) {
    const word = tokens[0]!.toLowerCase();
    if (stems[0] === word) return undefined;
    // A derived one-word name ("Leadership", "Accounting", "Marketing") is found in its verb's
    // forms ("led", "negotiated"), never in the plain plural of its root ("leads", "accounts",
    // "markets"), which names things, not the activity.
    return (sentence) => sentence.tokens.some((token) => stemWord(token) === stems[0] && !isPluralOfStem(token, stems[0]!));
  }
  return (sentence) => stems.every((stem) => sentence.stems.has(stem));
}

function isPluralOfStem(token: string, stem: string): boolean {
  const lower = token.toLowerCase();
  return lower === `${stem}s` || lower === `${stem}es`;
}

/** "Site reliability engineering" written as "SRE": three words or more, their initials in capitals. */
function acronymForm(name: string): Form | undefined {
  const tokens = contentTokens(name);
  if (tokens.length < 3 || !tokens.every((token) => /^[A-Za-z]+$/.test(token))) return undefined;
  const acronym = tokens.map((token) => token[0]?.toUpperCase()).join('');
  return (sentence) => sentence.tokens.includes(acronym);
}

/**
 * "OKRs" written out as a name, "Objectives and Key Results": consecutive capitalised words
 * whose initials spell it. Capitals only — any three words of a sentence spell something
 * ("Sold quarterly licences" is not SQL).
 */
function expansionForm(name: string): Form | undefined {
  const acronym = /^([A-Z]{3,6})s?$/.exec(name.trim())?.[1];
  if (!acronym) return undefined;
  return (sentence) => {
    const words = sentence.tokens.filter((token) => !FILLER_WORDS.has(token.toLowerCase()));
    for (let start = 0; start + acronym.length <= words.length; start += 1) {
      if ([...acronym].every((letter, offset) => /^[A-Z][a-z]/.test(words[start + offset] ?? '') && words[start + offset]?.[0] === letter)) return true;
    }
    return false;
  };
}

/**
 * Finds a skill written in other forms than its names as written: through the stems of its
 * words (inflections, derivations, word order, words apart within a sentence), its acronym,
 * or the words an acronym stands for. Used beside the exact match of names and aliases, never
 * instead of it.
 *
 * @example
 * skillFormMatcher(['A/B testing'])?.matches('Ran an A/B test on guest checkout.'); // true
 */
export function skillFormMatcher(names: readonly string[]): { matches(text: string): boolean } | undefined {
  const forms = names.flatMap((name) => [stemsForm(name), acronymForm(name), expansionForm(name)]).filter((form): form is Form => form !== undefined);
  if (forms.length === 0) return undefined;
  return { matches: (text) => sentencesOf(text).some((sentence) => forms.some((form) => form(sentence))) };
}
