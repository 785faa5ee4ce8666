import type { PendingApprovalList } from '@atropos/client';
import Link from 'next/link';
import { shortId } from '../../lib/format';
import { RelativeTime } from '../relative-time';

/** Approval steps waiting for a person, each linking to its run page where it is approved or rejected. */
export function PendingApprovals({ approvals }: { approvals: PendingApprovalList }) {
  return (
    <section aria-labelledby="pending-approvals" className="card p-4">
      <h2 id="pending-approvals" className="mb-2 font-semibold text-ink">
        Pending approvals
      </h2>
      {approvals.length === 0 ? (
        <p className="text-sm text-muted">No step is waiting for approval.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {approvals.map((approval) => (
            <li key={`${approval.run_id}-${approval.step}`} className="flex items-center justify-between gap-2 py-1.5">
              <Link href={`/workflows/runs/${approval.run_id}`} className="text-brand hover:underline">
                {approval.workflow} · {approval.step}
              </Link>
              <span className="text-xs text-muted">
                run <span className="font-mono">{shortId(approval.run_id)}</span>
                {approval.since ? (
                  <>
                    {' '}
                    · <RelativeTime iso={approval.since} />
                  </>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
