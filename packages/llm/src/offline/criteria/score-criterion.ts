import type { Criterion } from '@gapflow/core';
import type { CriterionDraft } from '../../call-catalog';
import type { CriterionTask } from '../../tasks';
import type { CriterionScorer } from './criterion-result';
import { scoreImpact } from './impact';
import { scoreOwnership } from './ownership';
import { scoreRelevance } from './relevance';
import { scoreSpecificity } from './specificity';
import { scoreStructure } from './structure';

const SCORERS: Record<Criterion, CriterionScorer> = {
  relevance: scoreRelevance,
  specificity: scoreSpecificity,
  structure: scoreStructure,
  ownership: scoreOwnership,
  impact: scoreImpact,
};

/** The offline score of one criterion; a pure function of the task. */
export function scoreCriterion(task: CriterionTask): CriterionDraft {
  return SCORERS[task.criterion](task);
}
