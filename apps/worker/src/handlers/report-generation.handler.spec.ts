import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { TaskParameters } from '@atropos/tasks';
import { generateReport } from './report-generation.handler.js';
import { fakeContext } from '@atropos/worker/testing';

type ReportParameters = TaskParameters<'report_generation'>;

const parameters = (overrides: Partial<ReportParameters> = {}): ReportParameters => ({
  processing_time: 0,
  fail_attempts: 0,
  title: 'Quarterly sales',
  sections: 4,
  format: 'markdown',
  ...overrides,
});

/** RFC 4180, enough to read the report back: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') field += text.charAt(++i);
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (char !== '\r') field += char;
  }
  return rows;
}

describe('generateReport', () => {
  it.each([
    ['json', 'application/json', 'report.json', 'application/json'],
    ['csv', 'text/csv', 'report.csv', 'text/csv; charset=utf-8'],
    ['markdown', 'text/markdown', 'report.md', 'text/markdown; charset=utf-8'],
  ] as const)('returns a %s document with its size and checksum, saved as an artifact', async (format, contentType, name, artifactType) => {
    const { context, artifacts } = fakeContext();
    const result = await generateReport(parameters({ format, title: 'Überblick — Q3' }), context);

    expect(result).toMatchObject({ title: 'Überblick — Q3', format, sections: 4, content_type: contentType, artifact: name });
    expect(result.byte_size).toBe(Buffer.from(result.document, 'utf8').length);
    expect(result.checksum).toBe(`sha256:${createHash('sha256').update(result.document).digest('hex')}`);
    expect([...artifacts.keys()]).toEqual([name]);
    expect(artifacts.get(name)).toEqual({ content: Buffer.from(result.document, 'utf8'), contentType: artifactType });
  });

  it('renders JSON with the title and every section', async () => {
    const { document } = await generateReport(parameters({ format: 'json' }), fakeContext().context);
    const report = JSON.parse(document) as { title: string; sections: unknown[] };

    expect(report.title).toBe('Quarterly sales');
    expect(report.sections).toHaveLength(4);
    expect(report.sections[0]).toMatchObject({
      heading: expect.any(String),
      rows: expect.arrayContaining([{ metric: expect.any(String), value: expect.any(Number), change_pct: expect.any(Number) }]),
    });
  });

  it('renders CSV with a header and one row per metric, quoting what needs it', async () => {
    const { document } = await generateReport(parameters({ format: 'csv' }), fakeContext().context);
    const [header, ...rows] = parseCsv(document);

    expect(header).toEqual(['section', 'metric', 'value', 'change_pct']);
    expect(rows).toHaveLength(4 * 4);
    expect(rows.every((row) => row.length === 4 && Number.isFinite(Number(row[2])))).toBe(true);
    // The second section's heading holds a comma: quoted, it comes back whole.
    expect(rows.map((row) => row[0])).toContain('2. Orders, returns and refunds');
  });

  it('renders Markdown with the title, a heading and a table per section', async () => {
    const { document } = await generateReport(parameters({ title: 'Sales\nby | region' }), fakeContext().context);

    expect(document.startsWith('# Sales by | region\n')).toBe(true);
    expect(document.match(/^## /gm)).toHaveLength(4);
    expect(document.match(/^\| --- \| ---: \| ---: \|$/gm)).toHaveLength(4);
  });

  it('gives the same document for the same parameters, and another for another title', async () => {
    const first = await generateReport(parameters(), fakeContext().context);
    expect(await generateReport(parameters(), fakeContext().context)).toEqual(first);
    const other = await generateReport(parameters({ title: 'Annual sales' }), fakeContext().context);
    expect(other.checksum).not.toBe(first.checksum);
  });

  it('reports progress per section, ending at 100', async () => {
    const { context, reports } = fakeContext();
    await generateReport(parameters(), context);

    expect(reports).toEqual([
      { percent: 25, message: 'Built section 1 of 4' },
      { percent: 50, message: 'Built section 2 of 4' },
      { percent: 75, message: 'Built section 3 of 4' },
      { percent: 100, message: 'Built section 4 of 4' },
    ]);
  });

  it('rejects without working when the signal has already aborted', async () => {
    const { context, reports } = fakeContext(AbortSignal.abort(new Error('stopped')));
    await expect(generateReport(parameters(), context)).rejects.toThrow('stopped');
    expect(reports).toEqual([]);
  });

  it("stops with the signal's reason when it aborts mid-run", async () => {
    const controller = new AbortController();
    const reason = new Error('stopping');
    const { context } = fakeContext(controller.signal);
    setTimeout(() => controller.abort(reason), 50);

    await expect(generateReport(parameters({ processing_time: 60 }), context)).rejects.toBe(reason);
  });
});
