import { GapflowClient } from '@gapflow/client';
import { useMemo } from 'preact/hooks';
import { Interview } from './interview';
import { NewInterview } from './new-interview';
import { readPageContext } from './page-context';

/** The whole page: a new interview at `/`, an existing one at `/s/{sessionId}`. */
export function App() {
  const context = useMemo(readPageContext, []);
  const { sessionId, candidateToken, developmentKey } = context;
  // A candidate acts with their link; the development key stands in only where no link is given.
  const token = candidateToken ?? developmentKey;
  const client = useMemo(() => (token === undefined ? undefined : new GapflowClient({ token })), [token]);
  const tenantClient = useMemo(() => (developmentKey === undefined ? undefined : new GapflowClient({ token: developmentKey })), [developmentKey]);

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
          <NewInterview developmentKey={developmentKey} />
        ) : client === undefined ? (
          <section class="notice" aria-labelledby="incomplete-link">
            <h1 id="incomplete-link">This link is incomplete</h1>
            <p>An interview link ends with <code>#token=…</code>. Open the whole link you were sent, or ask for a new one.</p>
          </section>
        ) : (
          <Interview sessionId={sessionId} client={client} tenantClient={tenantClient} />
        )}
      </main>
    </>
  );
}
