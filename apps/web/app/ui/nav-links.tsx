'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { Role } from '../lib/roles';
import { Allowed } from './allowed';

/** The main links; one with a role only for those who have it. */
const LINKS: ReadonlyArray<{ href: string; label: string; active: (path: string) => boolean; role?: Role }> = [
  { href: '/', label: 'Dashboard', active: (path: string) => path === '/' },
  { href: '/tasks', label: 'Tasks', active: (path: string) => path.startsWith('/tasks') && path !== '/tasks/new' },
  { href: '/workflows', label: 'Workflows', active: (path: string) => path.startsWith('/workflows') },
  // The API shows schedules and the audit log to admins only.
  { href: '/schedules', label: 'Schedules', active: (path: string) => path.startsWith('/schedules'), role: 'admin' },
  { href: '/webhooks', label: 'Webhooks', active: (path: string) => path.startsWith('/webhooks') },
  { href: '/audit', label: 'Audit', active: (path: string) => path.startsWith('/audit'), role: 'admin' },
];

export function NavLinks() {
  const path = usePathname();
  return (
    <>
      {LINKS.map((link) => {
        const active = link.active(path);
        const item = (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? 'page' : undefined}
            className={`rounded-md px-2.5 py-1.5 text-sm font-medium ${active ? 'bg-slate-100 text-ink' : 'text-muted hover:bg-slate-100 hover:text-ink'}`}
          >
            {link.label}
          </Link>
        );
        return link.role ? (
          <Allowed key={link.href} role={link.role}>
            {item}
          </Allowed>
        ) : (
          item
        );
      })}
      <Allowed role="operator">
        <Link href="/tasks/new" aria-current={path === '/tasks/new' ? 'page' : undefined} className="btn-primary ml-1">
          New task
        </Link>
      </Allowed>
    </>
  );
}
