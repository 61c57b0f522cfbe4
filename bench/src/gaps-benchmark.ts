import { largeCvAndJd } from '@gapflow/testing';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { GapAnalyzer } from '@gapflow/workflow';
import { embeddingOnlyGaps } from './embedding-only-gap-baseline';
import { measure, row } from './measure';

/** The budget the issue sets for 50 requirements against a 10-page CV. */
const BUDGET_MS = 50;

export async function gapsBenchmark(): Promise<void> {
  const knowledge = loadKnowledgeBase();
  const { cv, jd, words } = largeCvAndJd(knowledge);
  const analyzer = new GapAnalyzer(knowledge);
  const asOf = new Date('2026-11-28T00:00:00Z');
  console.log(`gaps: ${jd.requirements.length} requirements against a CV of ${cv.experience.length} roles and ${cv.skills.length} skills (~${words.toLocaleString('en-US')} words)`);
  const ours = await measure(() => analyzer.analyze(cv, jd, asOf), 200);
  const baseline = await measure(() => embeddingOnlyGaps(cv, jd.requirements), 30, 3);
  console.log(row('gap analysis (aliases first, embeddings second)', ours));
  console.log(row('baseline: embed every CV sentence', baseline));
  console.log(`  ratio: ${(baseline.p50Ms / ours.p50Ms).toFixed(1)}x faster than the baseline at p50; p99 is ${((ours.p99Ms / BUDGET_MS) * 100).toFixed(1)}% of the ${BUDGET_MS} ms budget`);
}
