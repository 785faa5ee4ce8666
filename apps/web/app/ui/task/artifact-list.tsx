import type { Artifact } from '@atropos/client';
import { formatBytes } from '../../lib/format';
import { RelativeTime } from '../relative-time';

/** The files a task saved, each downloaded through the web server (which holds the API key). */
export function ArtifactList({ taskId, artifacts }: { taskId: string; artifacts: Artifact[] }) {
  if (artifacts.length === 0) return <p className="text-sm text-muted">This task saved no files.</p>;
  return (
    <ul className="divide-y divide-border text-sm" data-testid="artifacts">
      {artifacts.map((artifact) => (
        <li key={artifact.name} className="flex flex-wrap items-center justify-between gap-2 py-2">
          <a
            href={`/api/tasks/${taskId}/artifacts/${encodeURIComponent(artifact.name)}`}
            download={artifact.name}
            className="font-mono text-brand hover:underline"
          >
            {artifact.name}
          </a>
          <span className="text-xs text-muted">
            {artifact.content_type} · {formatBytes(artifact.size_bytes)} · <RelativeTime iso={artifact.created_at} mode="absolute" />
          </span>
        </li>
      ))}
    </ul>
  );
}
