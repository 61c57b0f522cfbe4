import { newId, Session } from '@gapflow/core';
import { loadSample, type SampleName } from './samples';

/** A valid session of `tenantId` built from a sample pair, with one gap and no questions. */
export function sampleSession(tenantId: string, sample: SampleName = 'platform-engineer'): Session {
  const { cv, jd } = loadSample(sample);
  const now = new Date().toISOString();
  return Session.parse({
    id: newId('ses'),
    tenantId,
    status: 'ready',
    createdAt: now,
    updatedAt: now,
    cv,
    jd,
    gaps: [{ id: 'gap-terraform', skill: 'Terraform', severity: 'critical', reason: 'The CV shows no Terraform.', evidence: [] }],
    questions: [],
    failedGaps: [],
  });
}
