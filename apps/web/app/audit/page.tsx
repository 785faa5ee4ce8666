import type { Metadata } from 'next';
import Link from 'next/link';
import { listAudit } from '../lib/data';
import { RelativeTime } from '../ui/relative-time';
import { EmptyState, ErrorState, PageHeader } from '../ui/states';

export const metadata: Metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The filters this page passes on to GET /audit, as they are in the URL. */
const FILTERS = ['action', 'tenant', 'actor', 'target'] as const;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const filters = Object.fromEntries(FILTERS.flatMap((name) => (first(params[name]) ? [[name, first(params[name])!]] : [])));
  const cursor = first(params.cursor);
  const page = await listAudit({ ...filters, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
  const query = new URLSearchParams(filters);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change made through the API and every refused authentication, newest first. Needs an admin key as the web's API_KEY."
      />
      <form method="get" action="/audit" className="card mb-4 flex flex-wrap items-end gap-3 p-4" aria-label="Filter the audit log">
        {FILTERS.map((name) => (
          <label key={name} className="text-sm">
            <span className="block text-xs font-medium uppercase tracking-wide text-muted">{name}</span>
            <input name={name} defaultValue={filters[name] ?? ''} className="field-input mt-1 w-44" />
          </label>
        ))}
        <button type="submit" className="btn-secondary">
          Filter
        </button>
      </form>
      {!page.ok ? (
        <ErrorState title="Could not load the audit log" message={page.message} />
      ) : page.data.data.length === 0 ? (
        <EmptyState title={cursor ? 'No older entries' : 'Nothing recorded yet'} />
      ) : (
        <>
          <div className="card overflow-x-auto">
            <table className="w-full min-w-[48rem] text-sm">
              <caption className="sr-only">Audit log, newest first</caption>
              <thead className="border-b border-border bg-slate-50 text-left text-xs text-muted">
                <tr>
                  {['When', 'Actor', 'Tenant', 'Action', 'Target', 'Status', 'From'].map((heading) => (
                    <th key={heading} scope="col" className="px-3 py-2.5 font-medium">
                      {heading}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {page.data.data.map((entry) => (
                  <tr key={entry.id} data-audit-action={entry.action} className="border-b border-border last:border-0">
                    <td className="px-3 py-2 whitespace-nowrap">
                      <RelativeTime iso={entry.at} mode="absolute" />
                    </td>
                    <td className="px-3 py-2 font-mono">{entry.actor}</td>
                    <td className="px-3 py-2">{entry.tenant ?? '-'}</td>
                    <td className="px-3 py-2 font-mono">{entry.action}</td>
                    <td className="px-3 py-2 font-mono break-all">{entry.target ?? '-'}</td>
                    <td className={`px-3 py-2 tabular-nums ${entry.status >= 400 ? 'text-red-700' : ''}`}>{entry.status}</td>
                    <td className="px-3 py-2 font-mono">{entry.source_ip ?? '-'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="mt-4 flex gap-3" aria-label="Pages">
            {cursor ? (
              <Link href={`/audit?${query.toString()}`} className="btn-secondary">
                Newest
              </Link>
            ) : null}
            {page.data.next_cursor ? (
              <Link
                href={`/audit?${new URLSearchParams([...query, ['cursor', page.data.next_cursor]]).toString()}`}
                className="btn-secondary"
              >
                Older
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </>
  );
}
