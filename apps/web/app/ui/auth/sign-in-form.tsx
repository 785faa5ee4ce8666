'use client';

import { useActionState, useId } from 'react';
import type { SignInState } from '../../lib/auth-actions';
import { signIn } from '../../lib/auth-actions';
import { Spinner } from '../action-button';

/** Email and password; a form action, so it works before the page has hydrated too. */
export function SignInForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signIn, {});
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();
  return (
    <form action={formAction} className="flex flex-col gap-3" aria-describedby={state.error ? errorId : undefined}>
      <input type="hidden" name="next" value={next} />
      <label htmlFor={emailId} className="text-sm font-medium">
        Email
      </label>
      <input id={emailId} name="email" type="email" autoComplete="username" required defaultValue={state.email} className="field-input" />
      <label htmlFor={passwordId} className="text-sm font-medium">
        Password
      </label>
      <input id={passwordId} name="password" type="password" autoComplete="current-password" required className="field-input" />
      {state.error ? (
        <p id={errorId} role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? <Spinner /> : null}
        Sign in
      </button>
    </form>
  );
}
