import type { Gap, ParsedCV, ParsedJD } from '@gapflow/core';
import { loadKnowledgeBase, type KnowledgeBase } from '@gapflow/retrieval';
import { GapAnalyzer } from './gap-analyzer';

let shipped: GapAnalyzer | undefined;

export interface AnalyzeGapsOptions {
  /** @defaultValue the knowledge base shipped with gapflow */
  knowledge?: KnowledgeBase;
  /** The date "present" means in the CV. @defaultValue now */
  asOf?: Date;
}

/**
 * The gaps between a CV and a JD, most severe first. Builds its analyzer once per knowledge
 * base; for many calls, keep a `GapAnalyzer` yourself.
 *
 * @example
 * const gaps = analyzeGaps(cv, jd);
 */
export function analyzeGaps(cv: ParsedCV, jd: ParsedJD, options: AnalyzeGapsOptions = {}): Gap[] {
  const analyzer = options.knowledge ? new GapAnalyzer(options.knowledge) : (shipped ??= new GapAnalyzer(loadKnowledgeBase()));
  return analyzer.analyze(cv, jd, options.asOf);
}
