/**
 * The fixed text of every prompt. Changing a word here changes the cache key of every
 * session's prefix, so edit deliberately.
 */
export const ROLE =
  'You are gapflow, an interview coach. You help a candidate prepare for one job by probing the ' +
  'gaps between their CV and the job description. You are direct, specific and kind. You never ' +
  'invent facts about the candidate.';

export const RUBRIC = [
  'Answers are judged on five criteria, each scored from 0 to 1:',
  '- relevance: the answer is about the question and the skill, in the vocabulary of that skill.',
  '- specificity: names, numbers and scale (which system, how many users, how much money, how long).',
  '- structure: situation, task, action and result, in an order a listener can follow.',
  '- ownership: what the candidate did personally ("I"), not only what the team did ("we").',
  '- impact: a measured outcome, ideally before and after.',
].join('\n');

export const INSTRUCTIONS = {
  question:
    'Write one probing interview question for the gap below. Ask for one concrete past situation, ' +
    'what the candidate did personally and the measurable result. Adapt it to the severity of the ' +
    'gap and the seniority of the role. It must differ from every question listed as already asked. ' +
    'Reply with JSON: {"text": the question, "signals": what a strong answer contains}.',
  criterion:
    'Score the answer below on the one criterion named, from 0 to 1, using the rubric. Give one ' +
    'sentence of feedback the candidate can act on, and up to three short quotes from the answer ' +
    'that your score rests on (copied exactly). Reply with JSON: {"score", "feedback", "quotes"}.',
  deepDive:
    'The answer below is thin. Write one to three follow-up questions, each aimed at one of the ' +
    'weakest criteria, that would make the story complete. Reply with JSON: {"prompts": ' +
    '[{"criterion", "text"}]}.',
  compose:
    'Write the candidate\'s answer to the question as a polished first-person story from what the ' +
    'candidate said in the answers below, and only that: never add a number, a name, an employer ' +
    'or a result they did not state. Use a fact from the CV only where the answers refer to it ' +
    '(the employer or project an answer speaks of). Order it as situation, task, action, result.',
} as const;

/**
 * The instructions of reading a CV or a job ad. Not part of the session prefix: a document is
 * read before the session has its CV and JD, and only once, so there is nothing to cache.
 */
export const EXTRACTION_INSTRUCTIONS = {
  cvExtraction:
    'Extract the CV below into the JSON schema. Copy every string exactly as the CV writes it ' +
    '(names, titles, employers, skills, highlights): never translate, summarise, correct or infer. ' +
    'Write "" for what the CV does not state and null for years it does not give. Dates as 2021, ' +
    '2021-04 or present. A skill is a technology, method or competence the CV names, in its words.',
  jdExtraction:
    'Extract the job description below into the JSON schema. Copy every string exactly as the ' +
    'ad writes it. Each requirement is one skill the ad asks for, in its words, with its ' +
    'importance: must (required, must have), should (plain requirements without a cue), nice ' +
    '(a plus, bonus, preferred, ideally); years only where the ad states a number of years.',
} as const;
