'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { Allowed } from './allowed';

const LINKS = [
  { href: '/', label: 'Dashboard', active: (path: string) => path === '/' },
  { href: '/tasks', label: 'Tasks', active: (path: string) => path.startsWith('/tasks') && path !== '/tasks/new' },
  { href: '/workflows', label: 'Workflows', active: (path: string) => path.startsWith('/workflows') },
  { href: '/schedules', label: 'Schedules', active: (path: string) => path.startsWith('/schedules') },
  { href: '/audit', label: 'Audit', active: (path: string) => path.startsWith('/audit') },
];

export function NavLinks() {
  const path = usePathname();
  return (
    <>
      {LINKS.map((link) => {
        const active = link.active(path);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? 'page' : undefined}
            className={`rounded-md px-2.5 py-1.5 text-sm font-medium ${active ? 'bg-slate-100 text-ink' : 'text-muted hover:bg-slate-100 hover:text-ink'}`}
          >
            {link.label}
          </Link>
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
