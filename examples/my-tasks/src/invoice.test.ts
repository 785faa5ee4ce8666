// A unit test of the task's run(), without PostgreSQL or Redis: @atropos/worker/testing gives a
// context that records progress and artifacts. `npm test` after `npm run build`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeContext } from '@atropos/worker/testing';
import { invoicePdf } from './invoice.js';

void test('renders every page, reports progress and saves the PDF it describes', async () => {
  const { context, reports, artifacts } = fakeContext();
  const parameters = invoicePdf.parameters.parse({ invoice_id: 'INV-1', pages: 3, seconds_per_page: 0 });

  const result = await invoicePdf.run(parameters, context);

  assert.deepEqual(reports.at(-1), { percent: 100, message: 'Rendered page 3 of 3' });
  const saved = artifacts.get('invoice-INV-1.pdf');
  assert.ok(saved);
  assert.equal(saved.contentType, 'application/pdf');
  assert.equal(saved.content.subarray(0, 8).toString(), '%PDF-1.4');
  assert.equal(result.bytes, saved.content.length);
  assert.equal(invoicePdf.result?.safeParse(result).success, true);
});

void test('stops when its signal aborts', async () => {
  const abort = new AbortController();
  const { context } = fakeContext(abort.signal);
  const running = invoicePdf.run(invoicePdf.parameters.parse({ invoice_id: 'INV-2', pages: 5, seconds_per_page: 10 }), context);
  abort.abort(new Error('cancelled'));
  await assert.rejects(running);
});
