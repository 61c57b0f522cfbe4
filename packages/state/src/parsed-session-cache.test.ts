import { sampleSession } from '@gapflow/testing';
import { ParsedSessionCache } from './parsed-session-cache';

describe('ParsedSessionCache', () => {
  it('serves a session only under the etag it was kept with', () => {
    const cache = new ParsedSessionCache();
    const session = sampleSession('acme');
    cache.set(session.id, 'etag-1', session, 1_000);
    expect(cache.get(session.id, 'etag-1')).toBe(session);
    expect(cache.get(session.id, 'etag-2')).toBeUndefined();
    expect(cache.etagOf(session.id)).toBe('etag-1');
  });

  it('holds at most maxBytes of documents, dropping the least recently used first', () => {
    const cache = new ParsedSessionCache(2_500);
    const [first, second, third] = [sampleSession('acme'), sampleSession('acme'), sampleSession('acme')];
    cache.set(first.id, 'a', first, 1_000);
    cache.set(second.id, 'b', second, 1_000);
    cache.get(first.id, 'a');
    cache.set(third.id, 'c', third, 1_000);
    expect(cache.size).toEqual({ sessions: 2, bytes: 2_000 });
    expect(cache.etagOf(second.id)).toBeUndefined();
    expect(cache.etagOf(first.id)).toBe('a');
    const huge = sampleSession('acme');
    cache.set(huge.id, 'd', huge, 3_000);
    expect(cache.etagOf(huge.id)).toBeUndefined();
    expect(cache.size).toEqual({ sessions: 2, bytes: 2_000 });
  });

  it('forgets a session, and its bytes', () => {
    const cache = new ParsedSessionCache();
    const session = sampleSession('acme');
    cache.set(session.id, 'a', session, 1_000);
    cache.set(session.id, 'b', session, 1_500);
    expect(cache.size).toEqual({ sessions: 1, bytes: 1_500 });
    cache.forget(session.id);
    expect(cache.size).toEqual({ sessions: 0, bytes: 0 });
    expect(cache.get(session.id, 'b')).toBeUndefined();
  });
});
