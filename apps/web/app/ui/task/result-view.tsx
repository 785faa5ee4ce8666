import type { TaskResult } from '@atropos/tasks';
import { readTaskResult } from '@atropos/tasks';
import { formatBytes, formatNumber, humanize } from '../../lib/format';
import { MarkdownView } from './markdown-view';

type DataResult = TaskResult<'data_processing'>;
type ReportResult = TaskResult<'report_generation'>;
type VideoResult = TaskResult<'video_processing'>;

/**
 * A completed task's result, rendered for people by its type. The built-in types' results are read
 * with their result schemas (@atropos/tasks); one of another shape, or of another type, shows as
 * plain fields, and the raw JSON is always one click away.
 */
export function ResultView({ taskType, result }: { taskType: string; result: unknown }) {
  const data = taskType === 'data_processing' ? readTaskResult(taskType, result) : undefined;
  const report = taskType === 'report_generation' ? readTaskResult(taskType, result) : undefined;
  const video = taskType === 'video_processing' ? readTaskResult(taskType, result) : undefined;
  const view = data ? (
    <DataResult result={data} />
  ) : report ? (
    <ReportResult result={report} />
  ) : video ? (
    <VideoResult result={video} />
  ) : isRecord(result) ? (
    <Fields values={result} />
  ) : null;
  return (
    <div className="space-y-4">
      {view}
      <RawJson label="Raw result (JSON)" value={result} open={view === null} />
    </div>
  );
}

export function RawJson({ label, value, open = false }: { label: string; value: unknown; open?: boolean }) {
  return (
    <details open={open} className="group rounded-md border border-border">
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-muted select-none hover:text-ink">{label}</summary>
      <pre className="max-h-96 overflow-auto border-t border-border bg-slate-50 p-3 font-mono text-xs leading-relaxed">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}

function DataResult({ result }: { result: DataResult }) {
  const buckets = result.histogram.buckets;
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  return (
    <div className="space-y-5">
      <Fields
        values={ordered(result.aggregates, ['count', 'sum', 'mean', 'std_dev', 'min', 'max'])}
        labels={{ std_dev: 'Standard deviation' }}
      />
      <figure>
        <figcaption className="mb-2 text-sm font-medium">Distribution of the {formatNumber(result.record_count)} records</figcaption>
        <table className="w-full text-xs">
          <thead className="sr-only">
            <tr>
              <th scope="col">Range</th>
              <th scope="col">Records</th>
            </tr>
          </thead>
          <tbody>
            {buckets.map((bucket) => (
              <tr key={bucket.from}>
                <th scope="row" className="w-24 py-0.5 pr-2 text-right font-normal whitespace-nowrap text-muted tabular-nums">
                  {formatNumber(bucket.from)}–{formatNumber(bucket.to)}
                </th>
                <td className="py-0.5">
                  <div className="flex items-center gap-2">
                    <div className="h-4 rounded-sm bg-brand/80" style={{ width: `${(bucket.count / max) * 85}%` }} aria-hidden="true" />
                    <span className="tabular-nums">{formatNumber(bucket.count)}</span>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
    </div>
  );
}

const EXTENSIONS = { markdown: 'md', csv: 'csv', json: 'json' } as const satisfies Record<ReportResult['format'], string>;

function ReportResult({ result }: { result: ReportResult }) {
  const extension = EXTENSIONS[result.format];
  const href = `data:${result.content_type};charset=utf-8,${encodeURIComponent(result.document)}`;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-muted">
          <span className="font-medium text-ink">{result.title}</span> · {result.format} · {result.sections} sections ·{' '}
          {formatBytes(result.byte_size)}
        </p>
        <a href={href} download={`${slug(result.title)}.${extension}`} className="btn-secondary">
          Download .{extension}
        </a>
      </div>
      {result.format === 'csv' ? <CsvTable text={result.document} /> : null}
      {result.format === 'markdown' ? (
        <div className="max-h-[40rem] overflow-auto rounded-md border border-border p-4">
          <MarkdownView text={result.document} />
        </div>
      ) : null}
      {result.format === 'json' ? (
        <Source format={result.format} text={prettyJson(result.document)} />
      ) : (
        <details className="rounded-md border border-border">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-muted select-none hover:text-ink">
            The {result.format} source
          </summary>
          <Source format={result.format} text={result.document} />
        </details>
      )}
      <p className="font-mono text-xs break-all text-muted">{result.checksum}</p>
    </div>
  );
}

function Source({ format, text }: { format: string; text: string }) {
  return (
    <pre
      aria-label={`The ${format} document`}
      className="max-h-[32rem] overflow-auto rounded-md border border-border bg-slate-50 p-4 font-mono text-xs leading-relaxed whitespace-pre-wrap"
    >
      {text}
    </pre>
  );
}

function CsvTable({ text }: { text: string }) {
  const rows = text
    .trim()
    .split(/\r?\n/)
    .map(
      (line) =>
        line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '').replaceAll('""', '"')) ?? [],
    );
  const [header, ...body] = rows;
  if (!header) return null;
  return (
    <div className="max-h-96 overflow-auto rounded-md border border-border">
      <table className="w-full text-xs">
        <thead className="sticky top-0 bg-slate-50 text-left">
          <tr>
            {header.map((cell, index) => (
              <th key={index} scope="col" className="px-2 py-1.5 font-medium">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {body.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) => (
                <td key={column} className="px-2 py-1 tabular-nums">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VideoResult({ result }: { result: VideoResult }) {
  const output = result.output;
  const values = {
    frames_processed: result.frames_processed,
    resolution: `${output.resolution} (${output.width} × ${output.height})`,
    fps: `${output.fps} fps`,
    duration: `${formatNumber(output.duration_s)} s`,
    codec: output.codec,
    bitrate: `${formatNumber(output.bitrate_kbps)} kbit/s`,
    size: formatBytes(output.estimated_size_bytes),
    average_luma: output.average_luma,
  };
  return (
    <div className="space-y-3">
      <Fields values={values} labels={{ fps: 'Frame rate', size: 'Estimated output size' }} />
      <p className="text-xs text-muted">
        Output checksum <span className="font-mono break-all text-ink">{output.checksum}</span>
      </p>
    </div>
  );
}

/** `values` with `first` keys in that order, then the rest. */
function ordered(values: Record<string, unknown>, first: string[]): Record<string, unknown> {
  return Object.fromEntries([
    ...first.filter((key) => key in values).map((key): [string, unknown] => [key, values[key]]),
    ...Object.entries(values).filter(([key]) => !first.includes(key)),
  ]);
}

type Scalar = string | number | boolean | null;

function isScalarEntry(entry: [string, unknown]): entry is [string, Scalar] {
  const value = entry[1];
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A record's scalar fields as a definition list. */
export function Fields({ values, labels = {} }: { values: Record<string, unknown>; labels?: Record<string, string> }) {
  const entries = Object.entries(values).filter(isScalarEntry);
  if (entries.length === 0) return null;
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-3">
      {entries.map(([key, value]) => (
        <div key={key} className="min-w-0">
          <dt className="text-xs text-muted">{labels[key] ?? humanize(key)}</dt>
          <dd className="truncate font-medium tabular-nums" title={String(value)}>
            {typeof value === 'number' ? formatNumber(value) : value === null ? '–' : String(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'report'
  );
}
