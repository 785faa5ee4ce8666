'use client';

import type { Workflow } from '@atropos/client';
import { useActionState, useId } from 'react';
import type { StartRunState } from '../../lib/actions';
import { startWorkflowRunFromForm } from '../../lib/actions';
import { Spinner } from '../action-button';

/** `{"title": null, "sections": null}` for the paths `title` and `sections`: what to fill in. */
function inputSkeleton(paths: string[]): string {
  const skeleton: Record<string, unknown> = {};
  for (const path of paths) {
    const keys = path.split('.').filter(Boolean);
    let node = skeleton;
    keys.forEach((key, index) => {
      if (index === keys.length - 1) node[key] ??= null;
      else node = (node[key] ??= {}) as Record<string, unknown>;
    });
  }
  return JSON.stringify(skeleton, null, 2);
}

/**
 * The Start button of a workflow, with its input as JSON when its steps read any. A form action,
 * so a click before the page has hydrated still starts the run.
 */
export function StartRunForm({ workflow }: { workflow: Workflow }) {
  const needsInput = workflow.input_paths.length > 0;
  const [state, formAction, pending] = useActionState<StartRunState, FormData>(startWorkflowRunFromForm, {});
  const inputId = useId();
  const errorId = useId();
  // After an error the form shows what was sent (React resets a form to its defaults after its action).
  const input = state.input ?? (needsInput ? inputSkeleton(workflow.input_paths) : '{}');

  return (
    <form action={formAction} className="flex flex-col gap-2">
      <input type="hidden" name="workflow" value={workflow.name} />
      {needsInput ? (
        <>
          <label htmlFor={inputId} className="text-xs font-medium text-muted">
            Input (JSON): the steps read {workflow.input_paths.map((path) => `input.${path}`).join(', ')}
          </label>
          <textarea
            id={inputId}
            name="input"
            rows={Math.min(8, input.split('\n').length + 1)}
            defaultValue={input}
            aria-invalid={state.error ? true : undefined}
            aria-describedby={state.error ? errorId : undefined}
            spellCheck={false}
            className="field-input font-mono text-xs"
          />
        </>
      ) : (
        <input type="hidden" name="input" value="{}" />
      )}
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? <Spinner /> : null}
          Start {workflow.name}
        </button>
        {state.error ? (
          <p id={errorId} role="alert" className="text-sm text-red-700">
            {state.error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
