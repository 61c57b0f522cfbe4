import { Limits, type Gap, type JdRequirement, type ParsedCV, type ParsedJD, type Severity } from '@gapflow/core';
import { HashingEmbedder, namePattern, skillKey, type KnowledgeBase, type KnowledgeEntry } from '@gapflow/retrieval';
import { yearsCovered } from './cv-months';
import { describeEvidence, hasAnyEvidence, hasStrongEvidence, type RequirementEvidence } from './requirement-evidence';
import { skillFormMatcher } from './skill-forms';

export interface GapAnalyzerOptions {
  /**
   * Cosine similarity at which a listed skill counts as related evidence when no name matched.
   * Measured with the hashing embedder: a misspelling scores 0.65 ("incident managment"),
   * but different skills that share a word score up to 0.57 ("Project management" /
   * "Product management", "People management" / "Account management" 0.51), so only close
   * variants count.
   * @defaultValue 0.6
   */
  similarityThreshold?: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, important: 1, minor: 2 };
const IMPORTANCE_ORDER = { must: 0, should: 1, nice: 2 } as const;

/** The CV read once per analysis, so each requirement only runs its own patterns over it. */
interface CvFacts {
  roles: { job: ParsedCV['experience'][number]; text: string }[];
  skills: { name: string; entry: KnowledgeEntry | undefined; years: number; vector?: Float32Array }[];
  certifications: string[];
  profile: string;
}

/** A requirement after its name went through the alias index, duplicates merged. */
interface Requirement {
  /** As the JD words it: "Tableau" stays Tableau, although it is filed under data visualization. */
  skill: string;
  entry: KnowledgeEntry | undefined;
  importance: JdRequirement['importance'];
  years: number | undefined;
  matches: (text: string) => boolean;
}

function roleLabel(job: ParsedCV['experience'][number]): string {
  const period = job.start ? ` (${job.start}–${job.end ?? 'present'})` : '';
  return `${job.title}${job.company ? ` at ${job.company}` : ''}${period}`;
}

function skillName(skill: ParsedCV['skills'][number]): string {
  return typeof skill === 'string' ? skill : skill.name;
}

function slug(text: string): string {
  return skillKey(text).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56) || 'skill';
}

function formatYears(years: number): string {
  const rounded = Math.round(years * 10) / 10;
  if (rounded === 0) return 'none';
  return rounded === 1 ? 'about 1 year' : `about ${rounded} years`;
}

/**
 * Finds the gaps between a CV and a JD. For every requirement it looks for evidence in the
 * CV through the skill's names and aliases first (skills list, roles, certifications,
 * summary) — as written, or in other forms of their words (`skillFormMatcher`) — and by
 * embedding similarity of listed skills second; then it grades the gap:
 *
 * | requirement | CV shows | gap |
 * | --- | --- | --- |
 * | must | nothing | critical |
 * | must | only a listing or a mention, no role using it | important |
 * | should | nothing | important |
 * | should | only a listing or a mention | minor |
 * | nice | nothing | minor |
 * | any | fewer years than asked | at least important |
 *
 * Deterministic: the same CV, JD and `asOf` give the same gaps in the same order.
 *
 * @example
 * const analyzer = new GapAnalyzer(loadKnowledgeBase());
 * const gaps = analyzer.analyze(cv, jd);
 */
export class GapAnalyzer {
  private readonly embedder = new HashingEmbedder();
  private readonly similarityThreshold: number;

  constructor(
    private readonly knowledge: KnowledgeBase,
    options: GapAnalyzerOptions = {},
  ) {
    this.similarityThreshold = options.similarityThreshold ?? 0.6;
  }

  analyze(cv: ParsedCV, jd: ParsedJD, asOf: Date = new Date()): Gap[] {
    const requirements = this.requirementsOf(jd);
    const facts = this.factsOf(cv);
    const gaps: { gap: Gap; order: number }[] = [];
    requirements.forEach((requirement, order) => {
      const evidence = this.evidenceFor(requirement, facts, asOf);
      const graded = this.grade(requirement, evidence);
      if (graded) gaps.push({ gap: graded, order });
    });
    return gaps
      .sort((a, b) => SEVERITY_ORDER[a.gap.severity] - SEVERITY_ORDER[b.gap.severity] || a.order - b.order)
      .slice(0, Limits.maxGaps)
      .map(({ gap }) => gap);
  }

  /** JD requirements by canonical skill; two that name one skill merge, the stricter wins. */
  private requirementsOf(jd: ParsedJD): Requirement[] {
    const byKey = new Map<string, Requirement>();
    for (const raw of jd.requirements) {
      const entry = this.knowledge.resolve(raw.skill) ?? this.knowledge.findMentioned(raw.skill);
      const key = entry ? `kb:${entry.id}` : `name:${skillKey(raw.skill)}`;
      const known = byKey.get(key);
      if (known) {
        if (IMPORTANCE_ORDER[raw.importance] < IMPORTANCE_ORDER[known.importance]) known.importance = raw.importance;
        if (raw.years !== undefined) known.years = Math.max(known.years ?? 0, raw.years);
        continue;
      }
      const pattern = entry ? undefined : namePattern(raw.skill);
      const named = entry ? (text: string) => this.knowledge.mentionsOf(entry, text).length > 0 : (text: string) => (pattern as RegExp).test(text);
      // Past the names as written: "Ran an A/B test" shows A/B testing, "managed 8 people" people management.
      const forms = skillFormMatcher(entry ? [raw.skill, entry.skill, ...entry.aliases] : [raw.skill]);
      byKey.set(key, {
        skill: raw.skill,
        entry,
        importance: raw.importance,
        years: raw.years,
        matches: forms ? (text) => named(text) || forms.matches(text) : named,
      });
    }
    return [...byKey.values()];
  }

  private factsOf(cv: ParsedCV): CvFacts {
    return {
      // One text per role: a name never spans the line breaks, and one regex pass per role
      // keeps 50 requirements against a long CV within a few milliseconds.
      roles: cv.experience.map((job) => ({ job, text: [job.title, job.description ?? '', ...(job.highlights ?? [])].join('\n') })),
      skills: cv.skills.map((skill) => {
        const name = skillName(skill);
        return { name, entry: this.knowledge.resolve(name), years: typeof skill === 'string' ? 0 : (skill.years ?? 0) };
      }),
      certifications: cv.certifications ?? [],
      profile: [cv.summary ?? '', cv.headline ?? ''].join('\n'),
    };
  }

  private evidenceFor(requirement: Requirement, facts: CvFacts, asOf: Date): RequirementEvidence {
    const roles = facts.roles.filter((role) => requirement.matches(role.text)).map((role) => role.job);
    const listed = facts.skills.filter(
      (skill) => (requirement.entry !== undefined && skill.entry === requirement.entry) || requirement.matches(skill.name),
    );
    const evidence: RequirementEvidence = {
      roles: roles.map(roleLabel),
      certifications: facts.certifications.filter((certification) => requirement.matches(certification)),
      listed: listed.map((skill) => skill.name),
      mentioned: facts.profile.trim().length > 0 && requirement.matches(facts.profile),
      similar: [],
      yearsShown: Math.max(0, ...listed.map((skill) => skill.years), yearsCovered(roles, asOf)),
    };
    if (!hasAnyEvidence(evidence)) evidence.similar = this.similarListedSkills(requirement, facts);
    return evidence;
  }

  /** Embedding similarity, second: listed skills close to the requirement's canonical name. */
  private similarListedSkills(requirement: Requirement, facts: CvFacts): string[] {
    const target = this.embedder.embedOne(requirement.skill);
    // Hashed vectors of short names are sparse: a dot product over the target's non-zero
    // slots is the whole cosine, at a fiftieth of the work of a dense one.
    const slots: number[] = [];
    target.forEach((value, slot) => {
      if (value !== 0) slots.push(slot);
    });
    return facts.skills
      .filter((skill) => {
        skill.vector ??= this.embedder.embedOne(skill.entry?.skill ?? skill.name);
        const vector = skill.vector;
        let dot = 0;
        for (const slot of slots) dot += (target[slot] as number) * (vector[slot] as number);
        return dot >= this.similarityThreshold;
      })
      .map((skill) => skill.name);
  }

  private grade(requirement: Requirement, evidence: RequirementEvidence): Gap | undefined {
    const { skill, importance, years } = requirement;
    const strong = hasStrongEvidence(evidence);
    const any = hasAnyEvidence(evidence);
    const yearsShort = years !== undefined && evidence.yearsShown < years;
    const asked = years !== undefined ? ` (${years}+ years asked)` : '';
    const label = { must: 'a must-have', should: 'a should-have', nice: 'a nice-to-have' }[importance];

    let severity: Severity | undefined;
    let reason = '';
    if (!any) {
      severity = importance === 'must' ? 'critical' : importance === 'should' ? 'important' : 'minor';
      reason = `The role lists ${skill} as ${label}${asked}, and the CV shows no sign of it.`;
    } else if (!strong && importance !== 'nice') {
      severity = importance === 'must' ? 'important' : 'minor';
      reason = evidence.similar.length > 0
        ? `The role lists ${skill} as ${label}; the CV lists only related skills (${evidence.similar.join(', ')}), never ${skill} itself.`
        : `The CV names ${skill}, but no role in the experience shows it being used; the role lists it as ${label}.`;
    }
    if (yearsShort && years !== undefined) {
      const shown = `The role asks for ${years}+ years of ${skill}; the CV shows ${formatYears(evidence.yearsShown)}.`;
      if (severity === undefined || severity === 'minor') {
        severity = 'important';
        reason = shown;
      } else if (severity === 'important') {
        reason = `${reason} ${shown}`;
      }
    }
    if (severity === undefined) return undefined;
    return {
      id: `gap-${requirement.entry?.id ?? slug(skill)}`,
      skill,
      severity,
      reason,
      evidence: describeEvidence(evidence),
    };
  }
}
