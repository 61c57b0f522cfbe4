/** What the page knows before it calls the API: where it is, and with which credential it acts. */
export interface PageContext {
  /** `/s/{sessionId}`: an interview to continue; absent on `/`, which starts one. */
  sessionId: string | undefined;
  /** The candidate link's token, from the fragment (`#token=…`), which never reaches a server. */
  candidateToken: string | undefined;
  /** Set only by a gateway in development mode (`npm start` on the embedded defaults, loopback only). */
  developmentKey: string | undefined;
}

export function readPageContext(): PageContext {
  const match = /^\/s\/([^/]+)\/?$/.exec(location.pathname);
  const fragment = new URLSearchParams(location.hash.slice(1));
  const key = document.querySelector<HTMLMetaElement>('meta[name="gapflow-development-key"]')?.content;
  return {
    sessionId: match?.[1] === undefined ? undefined : decodeURIComponent(match[1]),
    candidateToken: fragment.get('token') ?? undefined,
    developmentKey: key || undefined,
  };
}

/** The candidate link of a session, relative to this page's origin. */
export function candidateLink(sessionId: string, candidateToken: string | undefined): string {
  const path = `/s/${encodeURIComponent(sessionId)}`;
  return candidateToken === undefined ? path : `${path}#token=${encodeURIComponent(candidateToken)}`;
}
