import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { REDACTED, withoutQueryToken } from './redaction';

/** Collects every line the logger writes, as parsed JSON. */
function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const SECRET_CV_TEXT = 'Ada Lovelace, 12 Analytical Engine Road';
const SECRET_ANSWER = 'I migrated 40 services at Initech';

describe('the logger', () => {
  it('writes one JSON object per line with level, time, name and message', () => {
    const out = capture();
    createLogger({ name: 'gateway', pretty: false, destination: out.stream }).info({ sessionId: 'ses_1' }, 'session created');
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 30, name: 'gateway', sessionId: 'ses_1', msg: 'session created' });
    expect(typeof line?.time).toBe('string');
  });

  it.each([
    ['at the top level', { cv: { summary: SECRET_CV_TEXT }, answer: SECRET_ANSWER }],
    ['inside a job', { job: { data: { cv: { summary: SECRET_CV_TEXT }, text: SECRET_ANSWER } } }],
    ['three levels down', { event: { payload: { body: { text: SECRET_ANSWER, cv: SECRET_CV_TEXT } } } }],
    ['as a request body', { req: { body: { cv: SECRET_CV_TEXT, jd: 'JD', answer: SECRET_ANSWER } } }],
  ])('keeps CV and answer text out %s', (_label, fields) => {
    const out = capture();
    createLogger({ name: 'worker', pretty: false, destination: out.stream }).info(fields, 'processing');
    const written = JSON.stringify(out.lines());
    expect(written).not.toContain('Ada Lovelace');
    expect(written).not.toContain('Initech');
    expect(written).toContain(REDACTED);
  });

  it('still logs the ids and counts around the redacted text', () => {
    const out = capture();
    createLogger({ name: 'worker', pretty: false, destination: out.stream }).info(
      { job: { id: 'job_7', data: { sessionId: 'ses_9', text: SECRET_ANSWER } }, gaps: 4 },
      'processing',
    );
    const [line] = out.lines();
    expect(line).toMatchObject({ gaps: 4, job: { id: 'job_7', data: { sessionId: 'ses_9', text: REDACTED } } });
  });

  it('respects the level', () => {
    const out = capture();
    const logger = createLogger({ name: 'x', level: 'warn', pretty: false, destination: out.stream });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.lines().map((line) => line.msg)).toEqual(['shown']);
  });
});

describe('the logger and errors', () => {
  it('keeps the command arguments ioredis attaches to an error out of the line', () => {
    const out = capture();
    const error = Object.assign(new Error('OOM command not allowed when used memory > maxmemory'), {
      command: { name: 'evalsha', args: ['sha', '1', 'key', '{"cv":{"name":"Ada Lovelace"}}'] },
    });
    createLogger({ name: 'gateway', pretty: false, destination: out.stream }).error({ err: error }, 'request failed');
    const written = JSON.stringify(out.lines());
    expect(written).toContain('OOM command not allowed');
    expect(written).not.toContain('Ada Lovelace');
  });
});

describe('withoutQueryToken', () => {
  it('hides a candidate link in a URL and in a query string alone, and leaves other parameters', () => {
    expect(withoutQueryToken('/v1/sessions/ses_1/events?token=gfc.ses_1.abc&x=1')).toBe('/v1/sessions/ses_1/events?token=[redacted]&x=1');
    expect(withoutQueryToken('token=gfc.ses_1.abc')).toBe('token=[redacted]');
    expect(withoutQueryToken('/v1/jobs/job_1?after=2')).toBe('/v1/jobs/job_1?after=2');
  });
});
