import type { Metadata } from 'next';
import Link from 'next/link';
import { listWebhookDeliveries, listWebhooks } from '../lib/data';
import { Allowed } from '../ui/allowed';
import { RelativeTime } from '../ui/relative-time';
import { EmptyState, ErrorState, PageHeader } from '../ui/states';
import { RedeliverButton } from '../ui/webhooks/redeliver-button';

export const metadata: Metadata = { title: 'Webhooks' };
export const dynamic = 'force-dynamic';

const DELIVERIES_SHOWN = 50;

const STATUS_CLASSES: Record<string, string> = {
  delivered: 'bg-emerald-50 text-emerald-800',
  pending: 'bg-amber-50 text-amber-900',
  failed: 'bg-red-50 text-red-800',
};

/**
 * The webhooks of the caller's tenant and their newest deliveries, each with its last attempt;
 * an operator may send a delivery again. Subscriptions are made over the API (README, "Webhooks").
 */
export default async function WebhooksPage() {
  const [webhooks, deliveries] = await Promise.all([listWebhooks(), listWebhookDeliveries({ limit: DELIVERIES_SHOWN })]);
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Where Atropos POSTs tasks and runs that reach a final status, and how each delivery went. Subscribe with POST /webhooks."
      />
      <section aria-labelledby="webhooks-heading" className="mb-8">
        <h2 id="webhooks-heading" className="mb-3 text-lg font-semibold">
          Subscriptions
        </h2>
        {!webhooks.ok ? (
          <ErrorState title="Could not load the webhooks" message={webhooks.message} />
        ) : webhooks.data.data.length === 0 ? (
          <EmptyState title="No webhook yet" />
        ) : (
          <div className="card overflow-x-auto">
            <table className="w-full min-w-[40rem] text-sm">
              <caption className="sr-only">Webhook subscriptions</caption>
              <thead className="border-b border-border bg-slate-50 text-left text-xs text-muted">
                <tr>
                  {['URL', 'Events', 'Filter', 'State'].map((heading) => (
                    <th key={heading} scope="col" className="px-3 py-2.5 font-medium">
                      {heading}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {webhooks.data.data.map((webhook) => (
                  <tr key={webhook.id} data-webhook={webhook.id} className="border-b border-border last:border-0">
                    <td className="px-3 py-2 font-mono break-all">{webhook.url}</td>
                    <td className="px-3 py-2 font-mono">{webhook.events.join(', ')}</td>
                    <td className="px-3 py-2 font-mono break-all">{webhook.filter ? JSON.stringify(webhook.filter) : '-'}</td>
                    <td className="px-3 py-2">{webhook.enabled ? 'enabled' : 'disabled'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading" className="mb-3 text-lg font-semibold">
          Recent deliveries
        </h2>
        {!deliveries.ok ? (
          <ErrorState title="Could not load the deliveries" message={deliveries.message} />
        ) : deliveries.data.data.length === 0 ? (
          <EmptyState title="Nothing delivered yet" />
        ) : (
          <div className="card overflow-x-auto">
            <table className="w-full min-w-[56rem] text-sm">
              <caption className="sr-only">Webhook deliveries, newest first</caption>
              <thead className="border-b border-border bg-slate-50 text-left text-xs text-muted">
                <tr>
                  {['When', 'Event', 'Of', 'Destination', 'Status', 'Attempts', 'Last attempt', ''].map((heading, index) => (
                    <th key={heading || index} scope="col" className="px-3 py-2.5 font-medium">
                      {heading}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {deliveries.data.data.map((delivery) => {
                  const last = delivery.attempt_log.at(-1);
                  return (
                    <tr key={delivery.id} data-delivery={delivery.id} className="border-b border-border align-top last:border-0">
                      <td className="px-3 py-2 whitespace-nowrap">
                        <RelativeTime iso={delivery.created_at} />
                      </td>
                      <td className="px-3 py-2 font-mono">{delivery.event}</td>
                      <td className="px-3 py-2 font-mono">
                        {delivery.subject_id && delivery.event.startsWith('task.') ? (
                          <Link href={`/tasks/${delivery.subject_id}`} className="text-brand hover:underline">
                            {delivery.subject_id.slice(0, 8)}
                          </Link>
                        ) : delivery.subject_id && delivery.event.startsWith('workflow_run.') ? (
                          <Link href={`/workflows/runs/${delivery.subject_id}`} className="text-brand hover:underline">
                            {delivery.subject_id.slice(0, 8)}
                          </Link>
                        ) : (
                          '-'
                        )}
                      </td>
                      <td className="px-3 py-2 font-mono break-all">{delivery.url}</td>
                      <td className="px-3 py-2">
                        <span
                          data-testid="delivery-status"
                          className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_CLASSES[delivery.status] ?? ''}`}
                        >
                          {delivery.status}
                        </span>
                      </td>
                      <td className="px-3 py-2 tabular-nums" data-testid="delivery-attempts">
                        {delivery.attempts}
                      </td>
                      <td className="px-3 py-2">
                        {last ? (
                          <span className={last.status_code !== null && last.status_code < 300 ? '' : 'text-red-700'}>
                            {last.status_code ?? last.error ?? 'no answer'} · {last.latency_ms} ms
                          </span>
                        ) : (
                          '-'
                        )}
                      </td>
                      <td className="px-3 py-2">
                        <Allowed role="operator">
                          <RedeliverButton id={delivery.id} />
                        </Allowed>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
