import { Limits, type Gap, type JdRequirement, type ParsedCV, type ParsedJD, type Severity } from '@gapflow/core';
import { cosine, HashingEmbedder, namePattern, skillKey, type KnowledgeBase, type KnowledgeEntry } from '@gapflow/retrieval';
import { yearsCovered } from './cv-months';
import { describeEvidence, hasAnyEvidence, hasStrongEvidence, type RequirementEvidence } from './requirement-evidence';

export interface GapAnalyzerOptions {
  /**
   * Cosine similarity at which a listed skill counts as related evidence when no name matched.
   * Measured with the hashing embedder: spelling variants score 0.6–0.8, unrelated names < 0.3.
   * @defaultValue 0.6
   */
  similarityThreshold?: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, important: 1, minor: 2 };
const IMPORTANCE_ORDER = { must: 0, should: 1, nice: 2 } as const;

/** A requirement after its name went through the alias index, duplicates merged. */
interface Requirement {
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
 * summary), and by embedding similarity of listed skills second; then it grades the gap:
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
    const listedVectors = new Map<string, Float32Array>();
    const gaps: { gap: Gap; order: number }[] = [];
    requirements.forEach((requirement, order) => {
      const evidence = this.evidenceFor(requirement, cv, asOf, listedVectors);
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
      byKey.set(key, {
        skill: entry?.skill ?? raw.skill,
        entry,
        importance: raw.importance,
        years: raw.years,
        matches: entry
          ? (text) => this.knowledge.mentionsOf(entry, text).length > 0
          : (text) => (pattern as RegExp).test(text),
      });
    }
    return [...byKey.values()];
  }

  private evidenceFor(
    requirement: Requirement,
    cv: ParsedCV,
    asOf: Date,
    listedVectors: Map<string, Float32Array>,
  ): RequirementEvidence {
    const roles = cv.experience.filter((job) =>
      [job.title, job.description ?? '', ...(job.highlights ?? [])].some((text) => text && requirement.matches(text)),
    );
    const listed = cv.skills.filter((skill) => {
      const name = skillName(skill);
      const entry = this.knowledge.resolve(name);
      return (requirement.entry !== undefined && entry === requirement.entry) || requirement.matches(name);
    });
    const certifications = (cv.certifications ?? []).filter((certification) => requirement.matches(certification));
    const mentioned = [cv.summary ?? '', cv.headline ?? ''].some((text) => text && requirement.matches(text));
    const statedYears = Math.max(0, ...listed.map((skill) => (typeof skill === 'string' ? 0 : (skill.years ?? 0))));
    const evidence: RequirementEvidence = {
      roles: roles.map(roleLabel),
      certifications,
      listed: listed.map((skill) => skillName(skill)),
      mentioned,
      similar: [],
      yearsShown: Math.max(statedYears, yearsCovered(roles, asOf)),
    };
    if (!hasAnyEvidence(evidence)) evidence.similar = this.similarListedSkills(requirement, cv, listedVectors);
    return evidence;
  }

  /** Embedding similarity, second: listed skills close to the requirement's canonical name. */
  private similarListedSkills(requirement: Requirement, cv: ParsedCV, listedVectors: Map<string, Float32Array>): string[] {
    const target = this.embedder.embedOne(requirement.skill);
    return cv.skills.map(skillName).filter((name) => {
      const canonical = this.knowledge.canonicalName(name);
      let vector = listedVectors.get(canonical);
      if (!vector) {
        vector = this.embedder.embedOne(canonical);
        listedVectors.set(canonical, vector);
      }
      return cosine(target, vector) >= this.similarityThreshold;
    });
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
