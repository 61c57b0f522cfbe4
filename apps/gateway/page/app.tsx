import { GapflowClient } from '@gapflow/client';
import type { CreatedSession } from '@gapflow/core';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Interview } from './interview';
import { NewInterview } from './new-interview';
import { candidateLink, readPageContext } from './page-context';

/** The whole page: a new interview at `/`, an existing one at `/s/{sessionId}`. */
export function App() {
  const [context, setContext] = useState(readPageContext);
  // An API key typed on `/`: kept in memory only, so it lets this tab correct what was read, and goes with the tab.
  const [typedKey, setTypedKey] = useState<string | undefined>();
  useEffect(() => {
    const onNavigate = () => setContext(readPageContext());
    window.addEventListener('popstate', onNavigate);
    return () => window.removeEventListener('popstate', onNavigate);
  }, []);
  const { sessionId, candidateToken, developmentKey } = context;
  const tenantKey = developmentKey ?? typedKey;
  // A candidate acts with their link; a tenant's key stands in only where no link is given.
  const token = candidateToken ?? tenantKey;
  const client = useMemo(() => (token === undefined ? undefined : new GapflowClient({ token })), [token]);
  const tenantClient = useMemo(() => (tenantKey === undefined ? undefined : new GapflowClient({ token: tenantKey })), [tenantKey]);

  // Moves to the candidate's link without reloading, so a typed key stays in memory.
  const onStarted = (created: CreatedSession, key: string): void => {
    if (developmentKey === undefined) setTypedKey(key);
    history.pushState(null, '', candidateLink(created.id, created.candidateToken));
    setContext(readPageContext());
    window.scrollTo(0, 0);
  };

  return (
    <>
      <header class="banner">
        <p class="brand">
          <a href="/">gapflow</a>
        </p>
        {developmentKey !== undefined && (
          <p class="development-notice" role="note">
            Development mode: this page acts with the development key of <code>npm start</code>. Elsewhere, candidates open the link your server gives them.
          </p>
        )}
      </header>
      <main>
        {sessionId === undefined ? (
          <NewInterview developmentKey={developmentKey} onStarted={onStarted} />
        ) : client === undefined ? (
          <section class="notice" aria-labelledby="incomplete-link">
            <h1 id="incomplete-link">This link is incomplete</h1>
            <p>An interview link ends with <code>#token=…</code>. Open the whole link you were sent, or ask for a new one.</p>
          </section>
        ) : (
          <Interview key={sessionId} sessionId={sessionId} client={client} tenantClient={tenantClient} />
        )}
      </main>
    </>
  );
}
