import assert from 'node:assert';
import { defectForLog, defectReason } from './defect';

const PERSONAL = 'Jane Roe, 12 Elm Street';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('a defect as clients and the log see it', () => {
  const syntaxError = thrown(() => JSON.parse(PERSONAL));

  it('is told to clients as its class and a fixed sentence', () => {
    expect((syntaxError as Error).message).toContain('Jane');
    expect(defectReason(syntaxError)).toBe('SyntaxError: an internal error; see the worker log with this job id');
  });

  it('is logged without the message of a SyntaxError, which quotes its input, but with its frames', () => {
    const logged = defectForLog(syntaxError);
    expect(logged).toEqual({ name: 'SyntaxError', stack: expect.stringMatching(/^\s+at /) });
    expect(JSON.stringify(logged)).not.toContain('Jane');
  });

  it('keeps the message of a TypeError, which quotes code', () => {
    const typeError = thrown(() => (undefined as unknown as { score: number }).score);
    expect(defectForLog(typeError)).toMatchObject({ name: 'TypeError', message: expect.stringContaining("reading 'score'") });
  });

  it('drops the message node:assert writes from the compared values, and keeps one the developer wrote', () => {
    expect(defectForLog(thrown(() => assert.strictEqual(PERSONAL, 'x'))).message).toBeUndefined();
    expect(defectForLog(thrown(() => assert.ok(false, 'the rounds are counted from 1'))).message).toBe('the rounds are counted from 1');
  });

  it('names a thrown non-error, or an error whose name is not a class name, as Error', () => {
    expect(defectReason('Jane Roe')).toBe('Error: an internal error; see the worker log with this job id');
    const renamed = Object.assign(new Error('x'), { name: 'Jane Roe, 12 Elm Street' });
    expect(defectReason(renamed)).toMatch(/^Error: /);
  });
});
