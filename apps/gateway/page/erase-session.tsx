import type { GapflowClient } from '@gapflow/client';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from './describe-error';

/** "Erase session", after a confirmation in a modal dialog (keyboard: focus moves into it; Escape cancels). */
export function EraseSession(props: { client: GapflowClient; sessionId: string; onErased: () => void }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [erasing, setErasing] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (open && dialog.current && !dialog.current.open) dialog.current.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);

  async function erase(): Promise<void> {
    setErasing(true);
    setError(undefined);
    try {
      await props.client.eraseSession(props.sessionId);
      setOpen(false);
      props.onErased();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setErasing(false);
    }
  }

  return (
    <>
      <button type="button" class="danger" onClick={() => setOpen(true)}>
        Erase session
      </button>
      <dialog ref={dialog} aria-labelledby="erase-title" aria-describedby="erase-what" onClose={() => setOpen(false)}>
        <h2 id="erase-title">Erase this interview?</h2>
        <p id="erase-what">The CV, the job description, every answer, the scores and the report are deleted for good. This cannot be undone.</p>
        {error !== undefined && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <p class="dialog-buttons">
          <button type="button" class="danger" disabled={erasing} onClick={() => void erase()}>
            Erase for good
          </button>{' '}
          <button type="button" autofocus onClick={() => setOpen(false)}>
            Cancel
          </button>
        </p>
      </dialog>
    </>
  );
}
