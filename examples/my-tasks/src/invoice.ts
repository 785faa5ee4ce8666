import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineTask } from '@atropos/worker';
import { z } from 'zod';
import { renderPdf } from './pdf.js';

/**
 * This project's own task type: renders an invoice as a PDF, page by page, reporting progress,
 * and saves it as the task's artifact `invoice-<id>.pdf`. The API validates new tasks against
 * `parameters` (registered by the worker when it starts); the worker checks what `run` returns
 * against `result` before it is stored.
 */
export const invoicePdf = defineTask({
  name: 'invoice_pdf',
  description: 'Renders an invoice as a PDF, one page after another, and saves it as the artifact invoice-<invoice_id>.pdf.',
  parameters: z.strictObject({
    invoice_id: z
      .string()
      .max(40)
      .regex(/^[A-Za-z0-9-]{1,40}$/, 'must be 1-40 letters, digits or -')
      .describe('The invoice number, e.g. INV-2026-0042.'),
    customer: z.string().min(1).max(200).default('ACME Corp').describe('Who the invoice is for.'),
    amount_cents: z.int().min(0).max(1_000_000_000).default(100_000).describe('The total, in cents.'),
    pages: z.int().min(1).max(50).default(1).describe('Pages to render.'),
    seconds_per_page: z.number().min(0).max(60).default(0.2).describe('How long each page takes (a stand-in for real work).'),
  }),
  result: z.strictObject({
    invoice_id: z.string(),
    pages: z.int(),
    amount_cents: z.int(),
    bytes: z.int().min(1),
    artifact: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  timeout_s: 600,
  max_retries: 3,
  example: { invoice_id: 'INV-2026-0042', customer: 'ACME Corp', amount_cents: 123_450, pages: 2 },

  async run(params, ctx) {
    const rendered: string[][] = [];
    for (let page = 1; page <= params.pages; page++) {
      // The signal aborts on cancel, timeout and shutdown: the wait stops at once.
      await sleep(params.seconds_per_page * 1000, undefined, { signal: ctx.signal });
      rendered.push([
        `Invoice ${params.invoice_id}`,
        `Customer: ${params.customer}`,
        `Amount: ${(params.amount_cents / 100).toFixed(2)}`,
        `Page ${page} of ${params.pages}`,
      ]);
      ctx.progress((page / params.pages) * 100, `Rendered page ${page} of ${params.pages}`);
    }
    const pdf = renderPdf(rendered);
    const artifact = `invoice-${params.invoice_id}.pdf`;
    await ctx.saveArtifact(artifact, pdf, 'application/pdf');
    return {
      invoice_id: params.invoice_id,
      pages: params.pages,
      amount_cents: params.amount_cents,
      bytes: pdf.length,
      artifact,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    };
  },
});
