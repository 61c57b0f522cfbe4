import { GapflowError } from '@gapflow/core';
import { failureReasonOf, jobFailureOf } from './job-failure';

describe('a failed job’s reason, as its status says it', () => {
  it('keeps the code a job failed with', () => {
    const reason = failureReasonOf(new GapflowError('DOCUMENT_REFUSED', 'The CV is a PDF without a text layer (a scan). Paste the text.'));
    expect(jobFailureOf(reason)).toEqual({ code: 'DOCUMENT_REFUSED', message: 'The CV is a PDF without a text layer (a scan). Paste the text.' });
  });

  it('points a parent failed by its child at the child, not at a Redis key', () => {
    expect(jobFailureOf('child {gapflow}:document-parsing:ses_0123-parse failed')).toEqual({
      code: 'JOB_FAILED',
      message: 'This job did not run: the job it waited for, ses_0123-parse, failed. GET /v1/jobs/ses_0123-parse says why.',
    });
  });

  it('says JOB_FAILED with the message otherwise, a code-like word that is no code included', () => {
    expect(jobFailureOf('NOT_A_CODE: something broke')).toEqual({ code: 'JOB_FAILED', message: 'NOT_A_CODE: something broke' });
    expect(jobFailureOf(undefined)).toEqual({ code: 'JOB_FAILED', message: 'The job failed.' });
  });
});
