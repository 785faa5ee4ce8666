import type { ReactNode } from 'react';

/**
 * The subset of Markdown the report handler writes (headings, pipe tables, paragraphs), drawn as
 * React elements: no HTML from the document is ever injected into the page.
 */
export function MarkdownView({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      const className = level === 1 ? 'text-xl font-semibold' : level === 2 ? 'mt-2 text-base font-semibold' : 'text-sm font-semibold';
      blocks.push(
        level === 1 ? (
          <h3 key={i} className={className}>
            {heading[2]}
          </h3>
        ) : (
          <h4 key={i} className={className}>
            {heading[2]}
          </h4>
        ),
      );
    } else if (line.trim().startsWith('|')) {
      const rows: string[][] = [];
      while (i < lines.length && lines[i]!.trim().startsWith('|')) {
        rows.push(cells(lines[i]!));
        i += 1;
      }
      i -= 1;
      blocks.push(<MarkdownTable key={i} rows={rows} />);
    } else if (line.trim() !== '') {
      blocks.push(
        <p key={i} className="text-sm">
          {line}
        </p>,
      );
    }
  }
  return <div className="space-y-3">{blocks}</div>;
}

function MarkdownTable({ rows }: { rows: string[][] }) {
  const [header, separator, ...body] = rows;
  if (!header) return null;
  const isSeparator = separator?.every((cell) => /^:?-+:?$/.test(cell));
  const align = (index: number) => (isSeparator && separator?.[index]?.endsWith(':') ? 'text-right' : 'text-left');
  const bodyRows = isSeparator ? body : rows.slice(1);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="border-b border-border text-xs text-muted">
          <tr>
            {header.map((cell, index) => (
              <th key={index} scope="col" className={`px-2 py-1.5 font-medium ${align(index)}`}>
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {bodyRows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, index) => (
                <td key={index} className={`px-2 py-1 tabular-nums ${align(index)}`}>
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

/** `| a | b \| c |` → `['a', 'b | c']`: pipes escaped with a backslash stay in their cell. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replaceAll('\\|', '|'));
}
