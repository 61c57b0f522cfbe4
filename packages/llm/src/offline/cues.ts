/**
 * Phrases that mark the parts of a STAR story (situation, task, action, result) and the
 * speaker's ownership. The offline evaluator and composer share them, so that what one
 * counts as a result the other places as a result.
 */
export const SITUATION_CUE =
  /\b(when i (joined|started|arrived)|at the time|there was|there were|we had|we were|our (team|company|service|system|product|platform|clients?|customers?)|the (problem|issue|challenge|situation|context)|at my (last|previous|current)|in (19|20)\d\d|last year|a few years ago|back then|i was working|i worked (at|on|as))\b/i;

export const TASK_CUE =
  /\b(my (goal|job|task|role|responsibility|remit|brief)|i was (asked|responsible|tasked|hired|brought in)|(needed|had|wanted) to|the goal was|the aim was|the target was|i owned|my mandate|so i had to)\b/i;

/** "I" followed by something a person does; the irregular past tenses are listed. */
export const ACTION_CUE =
  /\bI (\w+ed|built|wrote|led|ran|made|set|drove|took|chose|began|brought|caught|cut|found|got|gave|held|kept|met|paid|put|read|sold|sent|spent|split|taught|thought|told|won|rewrote|redesigned|rebuilt|started|created|designed|proposed|introduced|automated|migrated|moved|mentored|coached|negotiated|hired|interviewed|analysed|analyzed|measured|tested|shipped|launched|deployed|organised|organized|ran|owned|decided|wrote|fixed|replaced|refactored|added|removed|pushed|pitched|closed|trained|modelled|modeled|mapped|documented|prioritised|prioritized|presented|reviewed|set up|sat down|dug|went|saw|did|spoke|knew|left|lost|felt|grew|became|understood|forecast|sat|stood|drew|fought|let|meant|sought|spent|struck|threw|ran|broke|bought|built|dealt|led|learnt|taught|won)\b/;

export const RESULT_CUE =
  /\b(as a result|the result|result(ed|s)? in|which (meant|led|cut|reduced|saved|gave|let|brought)|in the end|outcome|reduced|increased|improved|cut|saved|grew|dropped|fell|rose|doubled|halved|tripled|went (from|down|up)|from \S+ to \S+|down to|up to|so that|afterwards|after (that|this|the change)|since then|we hit|we reached|we closed|won|delivered|achieved)\b/i;

export const FIRST_PERSON_ACTION = new RegExp(ACTION_CUE.source, 'g');
export const WE_PATTERN = /\b(we|our|us|the team)\b/gi;

/** Words that pad a spoken answer without adding meaning; the composer removes them. */
export const FILLERS =
  /\b(um+|uh+|erm|you know|kind of|sort of|basically|actually|honestly|literally|i guess|i mean|like,)\s*/gi;
