import type { GapflowClient } from '@gapflow/client';
import { useRef, useState } from 'preact/hooks';
import { describeError } from './describe-error';

/** "Erase session", after a confirmation in a modal dialog (keyboard: focus moves into it; Escape cancels). */
export function EraseSession(props: { client: GapflowClient; sessionId: string; onErased: () => void }) {
  const [error, setError] = useState<string | undefined>();
  const [erasing, setErasing] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  // The dialog element keeps its own open state (Escape closes it too); the page only asks.
  const open = () => {
    setError(undefined);
    if (!dialog.current?.open) dialog.current?.showModal();
  };
  const close = () => dialog.current?.close();

  async function erase(): Promise<void> {
    setErasing(true);
    setError(undefined);
    try {
      await props.client.eraseSession(props.sessionId);
      close();
      props.onErased();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setErasing(false);
    }
  }

  return (
    <>
      <button type="button" class="danger" onClick={open}>
        Erase session
      </button>
      <dialog ref={dialog} aria-labelledby="erase-title" aria-describedby="erase-what" onCancel={(event) => erasing && event.preventDefault()}>
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
          <button type="button" autofocus disabled={erasing} onClick={close}>
            Cancel
          </button>
        </p>
      </dialog>
    </>
  );
}
