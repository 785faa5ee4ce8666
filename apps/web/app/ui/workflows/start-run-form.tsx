'use client';

import type { Workflow } from '@atropos/api-client';
import { useId, useState, useTransition } from 'react';
import type { ActionResult } from '../../lib/actions';
import { startWorkflowRun } from '../../lib/actions';
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

/** The Start button of a workflow, with its input as JSON when its steps read any. */
export function StartRunForm({ workflow }: { workflow: Workflow }) {
  const needsInput = workflow.input_paths.length > 0;
  const [input, setInput] = useState(needsInput ? inputSkeleton(workflow.input_paths) : '{}');
  const [result, setResult] = useState<ActionResult>({});
  const [pending, startTransition] = useTransition();
  const inputId = useId();
  const errorId = useId();

  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => setResult((await startWorkflowRun(workflow.name, input)) ?? {}));
      }}
    >
      {needsInput ? (
        <>
          <label htmlFor={inputId} className="text-xs font-medium text-muted">
            Input (JSON): the steps read {workflow.input_paths.map((path) => `input.${path}`).join(', ')}
          </label>
          <textarea
            id={inputId}
            name="input"
            rows={Math.min(8, input.split('\n').length + 1)}
            value={input}
            onChange={(event) => setInput(event.target.value)}
            aria-invalid={result.error ? true : undefined}
            aria-describedby={result.error ? errorId : undefined}
            spellCheck={false}
            className="field-input font-mono text-xs"
          />
        </>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? <Spinner /> : null}
          Start {workflow.name}
        </button>
        {result.error ? (
          <p id={errorId} role="alert" className="text-sm text-red-700">
            {result.error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
