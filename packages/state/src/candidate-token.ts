import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A candidate's link to one session: `gfc.<sessionId>.<secret>`. The session id says which
 * session to check it against; only the secret's hash is stored, on the session itself, so the
 * token expires with the session and is revoked by its erasure. Characters a URL fragment and an
 * `Authorization` header both carry as they are.
 */
const CANDIDATE_TOKEN = /^gfc\.(ses_[A-Za-z0-9]{1,60})\.([A-Za-z0-9_-]{43})$/;

/** A new token for a session, and the hash its session keeps. */
export function newCandidateToken(sessionId: string): { token: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `gfc.${sessionId}.${secret}`, hash: secretHash(secret) };
}

/** The session a candidate token names and its secret, or undefined for anything that is no candidate token. */
export function parseCandidateToken(token: string): { sessionId: string; secret: string } | undefined {
  const match = CANDIDATE_TOKEN.exec(token);
  return match ? { sessionId: match[1] as string, secret: match[2] as string } : undefined;
}

/** Whether a secret is the one whose hash the session keeps (in constant time). */
export function candidateSecretMatches(secret: string, storedHash: string | undefined): boolean {
  if (!storedHash) return false;
  const given = Buffer.from(secretHash(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
