import { GapflowClient, isGapflowApiError } from '@gapflow/client';
import type { CreatedSession } from '@gapflow/core';
import { useState } from 'preact/hooks';
import { describeError } from './describe-error';

interface DocumentInput {
  text: string;
  file: File | undefined;
}

const EMPTY: DocumentInput = { text: '', file: undefined };

/** One document: pasted text or a chosen file (PDF, Word, Markdown, text); a file wins over text. */
function DocumentField(props: { id: string; label: string; hint: string; value: DocumentInput; onChange: (value: DocumentInput) => void }) {
  const { id, label, hint, value, onChange } = props;
  return (
    <fieldset class="document-field">
      <legend>{label}</legend>
      <label for={`${id}-text`}>{label}</label>
      <textarea id={`${id}-text`} rows={10} aria-describedby={`${id}-hint`} value={value.text} onInput={(event) => onChange({ ...value, text: event.currentTarget.value })} />
      <p id={`${id}-hint`} class="hint">
        {hint}
      </p>
      <label for={`${id}-file`}>{`${label} file`}</label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".pdf,.docx,.md,.markdown,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain,text/markdown"
        onChange={(event) => onChange({ ...value, file: event.currentTarget.files?.[0] })}
      />
      {value.file && (
        <p class="hint">
          {value.text.trim() ? `The file ${value.file.name} is used, not the pasted text.` : `The file ${value.file.name} is used.`}{' '}
          <button
            type="button"
            onClick={(event) => {
              // The input keeps its choice until told; clearing both lets the same file be chosen again.
              const input = (event.currentTarget.closest('fieldset') as HTMLFieldSetElement).querySelector<HTMLInputElement>('input[type=file]');
              if (input) input.value = '';
              onChange({ ...value, file: undefined });
            }}
          >
            {`Remove ${label} file`}
          </button>
        </p>
      )}
    </fieldset>
  );
}

/**
 * `/`: paste or choose a CV and a job ad, and start. The session is created with an API key —
 * the development key in development mode, or one the person types (kept in this page's memory
 * only) — and the page then moves to the candidate's link, as a candidate would open it.
 */
export function NewInterview(props: { developmentKey: string | undefined; onStarted: (created: CreatedSession, key: string) => void }) {
  const [cv, setCv] = useState<DocumentInput>(EMPTY);
  const [jd, setJd] = useState<DocumentInput>(EMPTY);
  const [typedKey, setTypedKey] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [starting, setStarting] = useState(false);
  const key = props.developmentKey ?? typedKey.trim();
  // An error about what was missing goes once something changes.
  const changeCv = (value: DocumentInput) => {
    setCv(value);
    setError(undefined);
  };
  const changeJd = (value: DocumentInput) => {
    setJd(value);
    setError(undefined);
  };

  async function start(event: Event): Promise<void> {
    event.preventDefault();
    const missing = [!cv.file && !cv.text.trim() ? 'a CV' : undefined, !jd.file && !jd.text.trim() ? 'a job description' : undefined].filter(Boolean);
    if (missing.length > 0) {
      setError(`Paste or choose ${missing.join(' and ')} first.`);
      return;
    }
    if (!key) {
      setError('Enter the API key your gapflow operator gave you, or open the interview link you were sent.');
      return;
    }
    setError(undefined);
    setStarting(true);
    try {
      const client = new GapflowClient({ token: key });
      const created =
        cv.file || jd.file
          ? await client.createSessionFromDocuments({ cv: cv.file ?? cv.text, jd: jd.file ?? jd.text })
          : await client.createSession({ cv: { text: cv.text }, jd: { text: jd.text } });
      props.onStarted(created, key);
    } catch (failure) {
      const badKey = isGapflowApiError(failure) && failure.status === 401;
      setError(badKey ? 'That API key is not valid: check it with your gapflow operator, or open the interview link you were sent.' : describeError(failure));
      setStarting(false);
    }
  }

  return (
    <form class="new-interview" onSubmit={(event) => void start(event)} aria-labelledby="new-interview-title">
      <h1 id="new-interview-title">Start an interview</h1>
      <p>gapflow reads the CV and the job description, finds what the CV does not show yet, and asks about each gap.</p>
      <div class="documents">
        <DocumentField id="cv" label="CV" hint="Paste the CV, or choose its file (PDF, Word, Markdown or text, up to 5 MB)." value={cv} onChange={changeCv} />
        <DocumentField id="jd" label="Job description" hint="Paste the job ad, or choose its file." value={jd} onChange={changeJd} />
      </div>
      {props.developmentKey === undefined && (
        <p>
          <label for="api-key">API key</label>
          <input id="api-key" type="password" autocomplete="off" value={typedKey} onInput={(event) => setTypedKey(event.currentTarget.value)} aria-describedby="api-key-hint" />
          <span id="api-key-hint" class="hint">
            Kept in this page only. Candidates do not need one: they open the link they were sent.
          </span>
        </p>
      )}
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={starting}>
        {starting ? 'Starting…' : 'Start interview'}
      </button>
    </form>
  );
}
