'use client';

import { useActionState, useId } from 'react';
import type { ResumeWithParametersState } from '../../lib/actions';
import { resumeWithParameters } from '../../lib/actions';
import { Spinner } from '../action-button';

/**
 * For a failed run: resume it with some of the failed step's parameters replaced, to fix what made
 * the step fail. Prefilled with the step's parameters as the workflow gives them.
 */
export function ResumeWithParameters({ id, stepName, parameters }: { id: string; stepName: string; parameters: Record<string, unknown> }) {
  const [state, formAction, pending] = useActionState<ResumeWithParametersState, FormData>(resumeWithParameters, {});
  const fieldId = useId();
  const errorId = useId();
  const text = state.parameters ?? JSON.stringify(parameters, null, 2);
  return (
    <details className="card mt-4 p-4" open={state.error ? true : undefined}>
      <summary className="cursor-pointer text-sm font-medium text-ink">Fix the step “{stepName}” and resume</summary>
      <form action={formAction} className="mt-3 flex flex-col gap-2">
        <input type="hidden" name="id" value={id} />
        <label htmlFor={fieldId} className="text-xs text-muted">
          Parameters (JSON) that replace the step’s, key by key, in this run only; the others stay as they are.
        </label>
        <textarea
          id={fieldId}
          name="parameters"
          rows={Math.min(10, text.split('\n').length + 1)}
          defaultValue={text}
          spellCheck={false}
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? errorId : undefined}
          className="field-input font-mono text-xs"
        />
        <div className="flex flex-wrap items-center gap-2">
          <button type="submit" className="btn-primary" disabled={pending}>
            {pending ? <Spinner /> : null}
            Resume with these parameters
          </button>
          {state.error ? (
            <p id={errorId} role="alert" className="text-sm text-red-700">
              {state.error}
            </p>
          ) : null}
        </div>
      </form>
    </details>
  );
}
