import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { signOut } from './lib/auth-actions';
import { currentViewer } from './lib/session';
import { RoleProvider } from './ui/allowed';
import { HydrationMark } from './ui/hydration-mark';
import { NavLinks } from './ui/nav-links';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Atropos', template: '%s · Atropos' },
  description: 'Watch, create and manage Atropos background tasks.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// Whether people sign in (WEB_SIGN_IN), and who did, is read per request: no page is prerendered
// at build with the build machine's settings baked in.
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await currentViewer();
  // Signed out (the sign-in page), the least role: nothing to act with is shown.
  const role = viewer.mode === 'open' ? null : viewer.mode === 'signed-in' ? viewer.role : 'viewer';
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        {viewer.mode === 'open' ? <OpenBanner /> : null}
        <header className="border-b border-border bg-surface">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-3">
            <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-ink">
              <Logo />
              Atropos
            </Link>
            {viewer.mode === 'signed-out' ? null : (
              <RoleProvider role={role}>
                <nav aria-label="Main" className="flex items-center gap-1">
                  <NavLinks />
                </nav>
              </RoleProvider>
            )}
            {viewer.mode === 'signed-in' ? (
              <form action={signOut} className="flex items-center gap-2 text-sm">
                <span data-testid="signed-in-as" className="text-muted">
                  {viewer.name} · {viewer.role}
                  {viewer.tenant === 'default' ? '' : ` · ${viewer.tenant}`}
                </span>
                <button type="submit" className="btn-secondary">
                  Sign out
                </button>
              </form>
            ) : null}
          </div>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:py-8">
          <RoleProvider role={role}>{children}</RoleProvider>
        </main>
        <HydrationMark />
      </body>
    </html>
  );
}

/** Without sign-in (WEB_SIGN_IN unset), say so on every page: it is for development, on a machine no one else reaches. */
function OpenBanner() {
  return (
    <div role="status" data-testid="open-banner" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-900">
      This Atropos is open: anyone who reaches it can see and change every task, without signing in. Set WEB_SIGN_IN=true (and ADMIN_EMAIL,
      ADMIN_PASSWORD on the API) before anyone else can reach it.
    </div>
  );
}

function Logo() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6 text-brand" fill="none" stroke="currentColor" strokeWidth="2">
      <circle cx="12" cy="12" r="9" />
      <path d="M12 3v9l6 4" strokeLinecap="round" />
    </svg>
  );
}
