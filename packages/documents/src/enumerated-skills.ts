/** Words that lead into a list of what someone did or knows: "Responsible for", "I manage", "Care for". */
const LEAD_INTO_LIST =
  /^(?:(?:i|we)\s+)?(?:responsible for|in charge of|cared? for|caring for|manage[ds]?|managing|handled?|handling|own(?:s|ed)?|ran|run|oversaw|oversee|coordinated?|coordinating|speciali[sz]ed in|skilled in|experienced in|including|such as|covering)\s+/i;
/** Where an item of the list stops: a modifier after it ("wound care on a 32-bed floor"). */
const MODIFIER = /\s+(?:on|for|in|at|with|across|to|from|of|using|via|through|under|within|during|per)\s.*$/i;
/** An item that starts like this is a clause or a thing, not a competence. */
/**
 * A sentence that opens with a past-tense verb lists actions: "Partnered with Sales, …",
 * "Hired, trained and mentored …" (not "Distributed systems, …" after a lead-in).
 */
const ACTION = /^(?:partnered|reported|visited|hired|trained|mentored|managed|led|worked|developed|delivered|built|created|designed|implemented|launched|supported|coordinated|oversaw|handled|ran|drove|grew|increased|reduced|improved|negotiated|presented|organi[sz]ed|collaborated|liaised|advised|prepared|conducted|performed|provided|maintained|established|achieved|helped|introduced|wrote|taught|served|sold|won|cut|set up)\b/i;
const NOT_A_COMPETENCE = /^(?:i|we|you|they|he|she|it|our|my|their|his|her|its|the|a|an|this|that|these|those|every|each|all|some|any|no)\b/i;

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * The competences a CV's prose enumerates: lists of three or more short noun phrases, "A, B and
 * C" or "A, B, and C" ("Responsible for P&L management on a €2.4M budget, staff scheduling, hiring
 * and training, and supplier negotiation"; "manage vasoactive drips, arterial lines and
 * intra-aortic balloon pumps"). A list any of whose items is a clause, holds a number, starts
 * with a pronoun, an article or a past-tense verb, or whose items are all single words, is a
 * list of actions or of names, and yields nothing.
 */
export function enumeratedSkills(text: string): string[] {
  const skills: string[] = [];
  for (const clause of text.split(/(?<=[.!?])\s+|\n|;\s*/)) {
    const pieces = clause.replace(/[.!?]+$/, '').split(/\s*,\s*/);
    if (pieces.length < 2) continue;
    const last = pieces[pieces.length - 1] as string;
    // With a serial comma the last piece is "and C" (and "hiring and training" before it stays one item).
    const oxford = /^(?:and|or|&)\s+(.+)$/i.exec(last);
    const split = oxford ? undefined : /^(.+?)\s+(?:and|or|&)\s+(.+)$/i.exec(last);
    if (!oxford && !split) continue;
    const tail = oxford ? [oxford[1] as string] : [split?.[1] as string, split?.[2] as string];
    const items = [(pieces[0] as string).replace(LEAD_INTO_LIST, ''), ...pieces.slice(1, -1), ...tail].map((item) => item.replace(MODIFIER, '').trim());
    const led = LEAD_INTO_LIST.test(pieces[0] as string);
    const competences = items.every((item) => words(item) >= 1 && words(item) <= 4 && !/\d/.test(item) && !NOT_A_COMPETENCE.test(item)) && (led || !ACTION.test(items[0] as string));
    // A list of single words names things — places, teams, titles ("London, Paris and Berlin";
    // "Sales, Marketing and Finance"): tools among them are found by the knowledge base.
    const phrases = items.some((item) => words(item) > 1);
    if (items.length >= 3 && competences && phrases) skills.push(...items);
  }
  return skills;
}
