'use client';

import { useId, useRef, useState, useTransition } from 'react';
import type { ActionResult } from '../../lib/actions';
import { retryWithParameters } from '../../lib/actions';
import { Spinner } from '../action-button';

/**
 * "Retry with new parameters": a dialog with the task's parameters as JSON to edit, sent whole
 * (`replace`) or as the keys to change (`merge`). The API checks them against the task's type and
 * keeps the version they replace; its field errors are shown in the dialog.
 */
export function EditAndRetry({ id, parameters }: { id: string; parameters: Record<string, unknown> }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const textId = useId();
  const [text, setText] = useState(() => JSON.stringify(parameters, null, 2));
  const [mode, setMode] = useState<'replace' | 'merge'>('replace');
  const [result, setResult] = useState<ActionResult>({});
  const [pending, startTransition] = useTransition();

  const submit = () =>
    startTransition(async () => {
      const answer = await retryWithParameters(id, text, mode);
      setResult(answer);
      if (!answer.error) dialog.current?.close();
    });

  return (
    <>
      <button
        type="button"
        className="btn-secondary"
        aria-haspopup="dialog"
        onClick={() => {
          setText(JSON.stringify(parameters, null, 2));
          setResult({});
          dialog.current?.showModal();
        }}
      >
        Retry with new parameters
      </button>
      {result.notice ? (
        <span role="status" className="text-sm text-muted">
          {result.notice}
        </span>
      ) : null}
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(34rem,calc(100vw-2rem))] rounded-lg border border-border bg-surface p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="space-y-3 p-5">
          <h2 id={titleId} className="text-base font-semibold text-ink">
            Run this task again with new parameters
          </h2>
          <p className="text-sm text-muted">The parameters it ran with are kept as an earlier version.</p>
          <label htmlFor={textId} className="block text-sm font-medium">
            Parameters (JSON)
          </label>
          <textarea
            id={textId}
            className="field-input h-48 w-full font-mono text-xs"
            spellCheck={false}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <fieldset className="flex gap-4 text-sm">
            <legend className="sr-only">How to apply them</legend>
            <label className="flex items-center gap-1.5">
              <input type="radio" name="mode" checked={mode === 'replace'} onChange={() => setMode('replace')} />
              Replace them all
            </label>
            <label className="flex items-center gap-1.5">
              <input type="radio" name="mode" checked={mode === 'merge'} onChange={() => setMode('merge')} />
              Change only these keys
            </label>
          </fieldset>
          {result.error ? (
            <div role="alert" className="text-sm text-red-700">
              <p>{result.error}</p>
            </div>
          ) : null}
          <div className="flex justify-end gap-2">
            <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()}>
              Keep it
            </button>
            <button type="button" className="btn-primary" disabled={pending} onClick={submit}>
              {pending ? <Spinner /> : null}
              Retry with these
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}
