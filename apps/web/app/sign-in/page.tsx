import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { api } from '../lib/api';
import { signInEnabled } from '../lib/config';
import { SignInForm } from '../ui/auth/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  // An open Atropos has no one to sign in.
  if (!signInEnabled()) redirect('/');
  const { next, error } = await searchParams;
  const target = typeof next === 'string' ? next : '/';
  // The API says whether single sign-on is configured; if it cannot be asked, the password form still shows.
  const methods = await (
    await api()
  )
    .GET('/auth/methods')
    .then(({ data }) => data)
    .catch(() => undefined);
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-4 text-xl font-semibold">Sign in</h1>
      {typeof error === 'string' ? (
        <p role="alert" className="mb-3 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {methods?.oidc ? (
        <>
          <a href={`/sign-in/oidc?next=${encodeURIComponent(target)}`} className="btn-secondary mb-4 flex justify-center">
            Sign in with single sign-on
          </a>
          <p className="mb-4 text-center text-xs text-muted">or with your email and password</p>
        </>
      ) : null}
      <SignInForm next={target} />
    </div>
  );
}
