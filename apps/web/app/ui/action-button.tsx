'use client';

import { useId, useRef, useState, useTransition } from 'react';
import type { ActionResult } from '../lib/actions';

export interface Confirmation {
  title: string;
  body: string;
  confirmLabel: string;
}

/**
 * A button that runs a Server Action, optionally after a confirmation dialog (a native
 * <dialog>: focus moves into it, Escape closes it, the page behind is inert). What the action
 * answers, an error or a notice, is announced next to the button.
 */
export function ActionButton({
  label,
  run,
  confirm,
  variant = 'secondary',
  onResult,
}: {
  label: string;
  /** Resolves to undefined in the browser when the action redirected (deleting a task does). */
  run: () => Promise<ActionResult | undefined>;
  confirm?: Confirmation;
  variant?: 'primary' | 'secondary' | 'danger';
  onResult?: (result: ActionResult) => void;
}) {
  const [pending, startTransition] = useTransition();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const [result, setResult] = useState<ActionResult>({});

  const execute = () => {
    dialog.current?.close();
    startTransition(async () => {
      const answer = await run();
      setResult(answer ?? {});
      onResult?.(answer ?? {});
    });
  };

  const buttonClass = variant === 'primary' ? 'btn-primary' : variant === 'danger' ? 'btn-danger' : 'btn-secondary';
  return (
    <>
      <button
        type="button"
        className={buttonClass}
        disabled={pending}
        aria-haspopup={confirm ? 'dialog' : undefined}
        onClick={() => (confirm ? dialog.current?.showModal() : execute())}
      >
        {pending ? <Spinner /> : null}
        {label}
      </button>
      {result.error || result.notice ? (
        <span role={result.error ? 'alert' : 'status'} className={`text-sm ${result.error ? 'text-red-700' : 'text-muted'}`}>
          {result.error ?? result.notice}
        </span>
      ) : null}
      {confirm ? (
        <dialog
          ref={dialog}
          aria-labelledby={titleId}
          aria-describedby={bodyId}
          className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-border bg-surface p-0 shadow-xl backdrop:bg-slate-900/40"
        >
          <div className="p-5">
            <h2 id={titleId} className="text-base font-semibold text-ink">
              {confirm.title}
            </h2>
            <p id={bodyId} className="mt-2 text-sm text-muted">
              {confirm.body}
            </p>
            <div className="mt-5 flex justify-end gap-2">
              <button type="button" className="btn-secondary" autoFocus onClick={() => dialog.current?.close()}>
                Keep it
              </button>
              <button type="button" className={variant === 'danger' ? 'btn-danger' : 'btn-primary'} onClick={execute}>
                {confirm.confirmLabel}
              </button>
            </div>
          </div>
        </dialog>
      ) : null}
    </>
  );
}

export function Spinner() {
  return <span aria-hidden="true" className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent" />;
}
