import type { CriterionDraft } from '../../call-catalog';
import type { CriterionTask } from '../../tasks';

/** A rule that scores one criterion from the answer text alone. */
export type CriterionScorer = (task: CriterionTask) => CriterionDraft;
