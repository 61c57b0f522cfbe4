import { splitSentences, wordsOf } from './text-analysis';

/** What a sentence of an answer does in the story it tells. */
export interface StorySentence {
  text: string;
  /** Where the story stands: a time, a place, a team, a state of things, a problem. */
  situation: boolean;
  /** Told in the past tense: something that happened. */
  past: boolean;
  /** What had to be achieved, and by whom. */
  task: boolean;
  /** Something the speaker did ("I traced…", "I proposed…"), in the past, as a fact. */
  ownAction: boolean;
  /** Something done as "we" or "the team", with no "I" doing it. */
  sharedAction: boolean;
  /** A decision the speaker owns ("I made the call", "I proposed", "I chose"). */
  decision: boolean;
  /** What came of it: a change, an end state. */
  result: boolean;
  /** Quantities that measure something (not years, dates or clock times): 0 when none. */
  measures: number;
  /** A comparison of two states: "from 9 to 1", "in under a minute instead of four", "down to 3". */
  comparison: boolean;
  /** A look back: a lesson, a trade-off, what would be done differently. */
  reflection: boolean;
  /** What would, should or usually happens, or a belief: not something that happened. */
  hypothetical: boolean;
}

/** A whole answer, read once: its sentences and a few counts the criteria share. */
export interface StoryReading {
  sentences: StorySentence[];
  words: number;
}

/** Verbs in the past that do not end in -ed; enough for what people say in interviews. */
const IRREGULAR_PAST =
  'built|wrote|led|ran|made|set|drove|took|chose|began|brought|caught|cut|found|got|gave|held|kept|met|paid|put|read|sold|sent|spent|split|taught|thought|told|won|rewrote|rebuilt|went|saw|did|spoke|knew|left|lost|felt|grew|became|understood|sat|stood|drew|fought|let|meant|sought|struck|threw|broke|bought|dealt|learnt|shut|hit|quit|sped|swapped|undid|withdrew|overrode';

const PAST_VERB = `(?:[a-z]+ed|${IRREGULAR_PAST})`;
/** "I" and a past verb, perhaps after a short adverb: "I traced", "I also rewrote", "I then went". */
const OWN_ACTION = new RegExp(`\\b[Ii] (?:(?:also|then|just|quickly|personally|first|finally|eventually|immediately|still|only|actually|deliberately|simply) )?(?:${PAST_VERB}|had (?!to\\b)[a-z]+ed)\\b`);
// Not "they": what stakeholders or customers did is not the speaker's team's doing.
const SHARED_ACTION = new RegExp(`\\b(?:[Ww]e|[Oo]ur team|[Tt]he team) (?:(?:also|then|just|quickly|finally|eventually|all|always|usually|often) )?(?:${PAST_VERB}|had (?!to\\b)[a-z]+ed)\\b`);
const DECISION = /\b(?:[Ii] (?:decided|chose|proposed|recommended|made the (?:call|decision|case)|insisted|pushed (?:for|back)|argued|convinced|persuaded|negotiated|agreed|committed|prioriti[sz]ed|picked|opted|called it|killed|stopped|paused|reverted|rolled back|escalated|declared)|my (?:call|decision|proposal|recommendation))\b/;

const SITUATION = /\b(?:at (?:the time|my (?:last|previous|current|first))|when I (?:joined|started|arrived|took over|was)|in (?:19|20)\d\d|last (?:year|spring|summer|autumn|fall|winter|quarter|month)|a (?:few|couple of) (?:years|months) ago|(?:there|it) (?:was|were)|we (?:had|were)|(?:our|the) (?:team|company|client|customer|service|system|product|platform|site|app|business|department|shift|store|warehouse|board|ceo|cfo|cto) (?:was|were|had|kept|needed|wanted)|kept (?:failing|crashing|breaking|slipping|missing|growing|dropping)|the (?:problem|issue|challenge|situation|context|background) (?:was|is)|I was (?:the|a|an|on|working|leading|running|responsible|hired|brought|asked)|I (?:joined|inherited|took over)|on a \w+day)\b/i;
const TASK = /\b(?:my (?:goal|job|task|role|responsibility|remit|brief|mandate|target)|I was (?:asked|responsible|tasked|hired|brought in|given)|asked me to|wanted me to|(?:needed|had|wanted|got) to|the (?:goal|aim|target|deadline|ask|brief) was|I owned|so that|in order to|had until|took it on|(?:it )?fell to me|it was (?:on|up to) me|I volunteered|by (?:the end of|january|february|march|april|may|june|july|august|september|october|november|december|q[1-4]))\b/i;
/** What came of it: a change of state, said in any of the ways people say it. */
const RESULT =
  /\b(?:as a result|result(?:ed|s)? in|in the end|by the end|afterwards|since then|from then on|a (?:week|month|quarter|year) later|within (?:a|an|one|two|three|four|five|six|\d+) (?:day|week|month|quarter|year|hour|minute|second)s?|reduced|increased|improved|cut|saved|grew|dropped|fell|rose|doubled|halved|tripled|shrank|lifted|lift of|went (?:from|down|up|live)|came (?:down|back|in)|down to|up to|back to (?:normal|green)|restored|recovered|resolved|fixed|stabili[sz]ed|shipped|launched|released|rolled out|signed|closed|won|renewed|retained|kept the|promoted|hired|hit|reached|beat|exceeded|met (?:the|our|its)|finished|completed|delivered|approved|adopted|agreed|accepted|stopped|no longer|never again|haven't had|have not had|has been|now|instead of|outcome|the result|after (?:that|this|the change|it)|nothing (?:else|more)|no more|zero)\b/i;
/** A measured change against how things were: "from 9 to 1", "instead of four", "down to 3", "up 18 percent". */
const NUM = '(?<![\\d.,])\\d+(?:[.,]\\d+)*';
const COMPARISON = new RegExp(
  [
    `\\b(?:up|down|rose|fell|grew|dropped|increased|decreased|cut|reduced|improved|lifted|raised|shrank)(?: by)? (?:about |around |almost |nearly |over |roughly )?[$€£]?${NUM}\\s?(?:%|percent|x\\b|points?)`,
    `\\bfrom (?:about |around |roughly |over |under )?[$€£]?${NUM}[^\\s\\d]* (?:\\S+ ){0,3}?to (?:about |around |under |over )?[$€£]?\\d`,
    `\\binstead of (?:about |around |over |under )?[$€£]?\\d`,
    `\\b(?:down|up) (?:to|from) [$€£]?\\d`,
    `${NUM}\\s?%? (?:to|->|→) [$€£]?${NUM}\\s?%`,
    `\\b(?:from|went from) (?:days|weeks|hours|months|minutes) to (?:hours|minutes|seconds|days|weeks)\\b`,
    `\\b(?:doubled|halved|tripled)\\b`,
  ].join('|'),
  'i',
);
const REFLECTION = /\b(?:differently|in hindsight|looking back|lessons?|learn(?:ed|t)|taught me|next time|the right (?:call|trade|thing|decision)|trade-?offs?|I still think|my (?:mistake|fault)|was mine|I should have|I wish|would have|if I did it again|I'd now|I now)\b/i;
const HYPOTHETICAL = /\b(?:would|I'd|I'll|I always|I usually|I generally|I typically|I normally|I tend to|I make sure|I believe|I'm a (?:big |strong |firm )?believer|is all about|is (?:really |so )?(?:important|key|crucial|essential)|the key is|best practices?|should|you (?:need|have|want) to|if (?:a|an|one|it|something|there|you)|usually|typically|generally|always|I haven't|I have not|I've never|I don't|I do not|I never|I'm (?:keen|comfortable|strong|very)|I think|I (?:create|use|focus|look|try|like|love|ensure|do|run|keep|work|feel|know|find|build|start|prefer|follow|get|aim|encourage|want|see|treat|rely|lean|care|enjoy|bring|push|drive|spend|help|believe))\b/i;

const UNITS =
  'seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|people|engineers?|users?|customers?|clients?|accounts?|deals?|tickets?|requests?|orders?|releases?|deploys?|incidents?|bugs?|tests?|teams?|stores?|sites?|calls?|meetings?|interviews?|leads?|points?|pounds|dollars|euros|hires?|reports?|services?|queries|steps?|pages?|errors?|shifts?|trucks?|units?|suppliers?|vendors?|features?|experiments?|participants?|stakeholders?|departments?|levels?|times';
const MEASURES = [
  new RegExp(`[$€£]\\s?${NUM}\\s?(?:k|m|bn|million|thousand)?`, 'gi'),
  new RegExp(`${NUM}\\s?(?:%|percent\\b|x\\b|k\\b|m\\b|bn\\b|ms\\b|(?:percentage )?points?\\b)`, 'gi'),
  new RegExp(`${NUM}\\s+(?:[a-z-]+\\s)?(?:${UNITS})\\b`, 'gi'),
  // A number written as a word, counting something people count.
  /\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|half|a third|a quarter)\s+(?:[a-z-]+\s)?(?:minutes|hours|days|weeks|months|quarters|years|people|engineers|customers|clients|accounts|deals|releases|incidents|teams|times|percent|million|thousand)\b/gi,
];

/**
 * The text without what looks like a quantity and is not one: years where a year is meant
 * ("in 2021", "2019–2021", "March 2020"), days of the month, clock times and version numbers.
 * "2000 new users" and "99.50%" stay.
 */
function withoutDates(text: string): string {
  const month = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*';
  return text
    .replace(/\b(?:19|20)\d\d\s?(?:-|–|to)\s?(?:(?:19|20)\d\d|now|present)\b/gi, ' ')
    .replace(new RegExp(`\\b(?:in|since|from|by|until|till|of|to|during|early|late|mid|spring|summer|autumn|fall|winter|q[1-4]|${month})\\s+(?:19|20)\\d\\d\\b`, 'gi'), ' ')
    .replace(/\b\d{1,2}:\d{2}\b/g, ' ')
    .replace(new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${month}\\b`, 'gi'), ' ')
    .replace(new RegExp(`\\b${month}\\s+\\d{1,2}(?:st|nd|rd|th)?\\b`, 'gi'), ' ')
    .replace(/\bv?\d+\.\d+\.\d+\b/g, ' ');
}

/**
 * The quantities that measure something in a sentence — a percentage, money, a duration, a
 * count of things, a multiple — not a year ("in 2021"), a day of the month ("on 3 March"), a
 * clock time ("at 02:10") or a version number.
 */
function measuresIn(text: string): number {
  const cleaned = withoutDates(text);
  // Money first, and each quantity once: "$40k" is not also "40k".
  let rest = cleaned;
  let count = 0;
  for (const pattern of MEASURES) {
    rest = rest.replace(pattern, () => {
      count += 1;
      return ' ';
    });
  }
  return count;
}

/** A verb in the past: what sets a scene happened, it is not a belief. */
const PAST_TENSE = new RegExp(`\\b(?:was|were|had|${PAST_VERB})\\b`, 'i');

const READ_CACHE_LIMIT = 64;
/** The five criteria of one answer read the same text: it is read once. */
const readCache = new Map<string, StoryReading>();

/**
 * Reads what each sentence of an answer does — situation, task, action (the speaker's own or
 * shared), decision, result, measure, comparison, reflection, or a hypothetical — by what the
 * sentence says rather than by the skill's keywords. The five criteria share this reading, so
 * that what one counts as a result the others count as one.
 */
export function readStory(answer: string): StoryReading {
  const cached = readCache.get(answer);
  if (cached) return cached;
  const reading = readSentences(answer);
  if (readCache.size >= READ_CACHE_LIMIT) readCache.delete(readCache.keys().next().value as string);
  readCache.set(answer, reading);
  return reading;
}

function readSentences(answer: string): StoryReading {
  const sentences = splitSentences(answer).map(({ text }): StorySentence => {
    const reflection = REFLECTION.test(text);
    const ownAction = OWN_ACTION.test(text);
    const sharedAction = !ownAction && SHARED_ACTION.test(text);
    const undated = withoutDates(text);
    const comparison = COMPARISON.test(undated);
    return {
      text,
      situation: SITUATION.test(text),
      past: PAST_TENSE.test(text),
      task: TASK.test(text),
      ownAction,
      sharedAction,
      decision: DECISION.test(text),
      result: RESULT.test(text) || comparison,
      measures: measuresIn(text),
      comparison,
      reflection,
      // A look back says "would" too ("what I would do differently"): that is not a hypothetical.
      // Nor is a habit told in the past ("we always ran retros, and that cut…").
      hypothetical: !reflection && !ownAction && !sharedAction && HYPOTHETICAL.test(text),
    };
  });
  return { sentences, words: wordsOf(answer).length };
}
