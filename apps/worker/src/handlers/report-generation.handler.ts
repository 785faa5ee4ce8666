import { createHash } from 'node:crypto';
import type { TaskParameters } from '@atropos/tasks';
import { Pacer } from './pacing.js';
import { seedFrom, seededRandom } from './seeded-random.js';
import type { TaskHandler } from './task-handler.js';

type ReportFormat = TaskParameters<'report_generation'>['format'];

interface MetricRow {
  metric: string;
  value: number;
  change_pct: number;
}

interface Section {
  heading: string;
  rows: MetricRow[];
}

const TOPICS = ['Sales', 'Orders, returns and refunds', 'Customers', 'Operations', 'Marketing', 'Regions'];
const METRICS = [
  'Revenue',
  'Orders',
  'Active customers',
  'Average order value',
  'Refund rate (%)',
  'Support tickets',
  'Net promoter score',
  'Fulfilment time (h)',
];
const ROWS_PER_SECTION = 4;

const CONTENT_TYPES = {
  json: 'application/json',
  csv: 'text/csv',
  markdown: 'text/markdown',
} as const satisfies Record<ReportFormat, string>;

const FILE_EXTENSIONS = { json: 'json', csv: 'csv', markdown: 'md' } as const satisfies Record<ReportFormat, string>;

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** The same title and index always give the same section, whichever worker builds it. */
function buildSection(title: string, index: number): Section {
  const random = seededRandom(seedFrom(`${title}#${index}`));
  const metrics = [...METRICS];
  // A partial Fisher–Yates shuffle picks distinct metrics for the section.
  for (let i = 0; i < ROWS_PER_SECTION; i++) {
    const j = i + Math.floor(random() * (metrics.length - i));
    [metrics[i], metrics[j]] = [metrics[j]!, metrics[i]!];
  }
  return {
    heading: `${index + 1}. ${TOPICS[index % TOPICS.length]!}`,
    rows: metrics.slice(0, ROWS_PER_SECTION).map((metric) => ({
      metric,
      value: round(random() * 100_000, 2),
      change_pct: round((random() - 0.5) * 40, 1),
    })),
  };
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function toCsv(sections: Section[]): string {
  const lines = [['section', 'metric', 'value', 'change_pct']];
  for (const { heading, rows } of sections) {
    for (const row of rows) lines.push([heading, row.metric, String(row.value), String(row.change_pct)]);
  }
  return lines.map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function toMarkdown(title: string, sections: Section[]): string {
  // A line break would end the heading early, and a pipe would split a table cell.
  const inline = (text: string) => text.replace(/\s+/g, ' ');
  const cell = (text: string) => inline(text).replaceAll('|', '\\|');
  const amount = (value: number) => value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const change = (pct: number) => `${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`;
  const parts = [`# ${inline(title)}`];
  for (const { heading, rows } of sections) {
    parts.push(
      `## ${inline(heading)}`,
      [
        '| Metric | Value | Change |',
        '| --- | ---: | ---: |',
        ...rows.map((row) => `| ${cell(row.metric)} | ${amount(row.value)} | ${change(row.change_pct)} |`),
      ].join('\n'),
    );
  }
  return parts.join('\n\n') + '\n';
}

function render(format: ReportFormat, title: string, sections: Section[]): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ title, sections }, null, 2);
    case 'csv':
      return toCsv(sections);
    case 'markdown':
      return toMarkdown(title, sections);
  }
}

/**
 * Builds the report section by section, then renders it, saves it as the artifact report.<ext>
 * and returns the document with its size and checksum.
 */
export const generateReport = (async (parameters, context) => {
  const { title, format, sections: sectionCount, processing_time: processingTime } = parameters;
  const pacer = new Pacer(processingTime, context.signal);
  const sections: Section[] = [];
  for (let i = 0; i < sectionCount; i++) {
    sections.push(buildSection(title, i));
    await pacer.step(i + 1, sectionCount);
    context.progress(((i + 1) / sectionCount) * 100, `Built section ${i + 1} of ${sectionCount}`);
    context.log.info(`Built section ${i + 1} of ${sectionCount}`);
  }
  const document = render(format, title, sections);
  const artifact = `report.${FILE_EXTENSIONS[format]}`;
  context.log.info(`Rendered ${format} (${Buffer.byteLength(document)} bytes), saving ${artifact}`);
  // text/* defaults to US-ASCII without a charset; a title may well not be.
  await context.saveArtifact(artifact, document, format === 'json' ? CONTENT_TYPES.json : `${CONTENT_TYPES[format]}; charset=utf-8`);
  return {
    title,
    format,
    sections: sectionCount,
    content_type: CONTENT_TYPES[format],
    document,
    byte_size: Buffer.byteLength(document, 'utf8'),
    checksum: `sha256:${createHash('sha256').update(document, 'utf8').digest('hex')}`,
    artifact,
  };
}) satisfies TaskHandler<'report_generation'>;
