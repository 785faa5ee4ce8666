import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { signInEnabled } from '../lib/config';
import { SignInForm } from '../ui/auth/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  // An open Atropos has no one to sign in.
  if (!signInEnabled()) redirect('/');
  const { next } = await searchParams;
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-4 text-xl font-semibold">Sign in</h1>
      <SignInForm next={typeof next === 'string' ? next : '/'} />
    </div>
  );
}
