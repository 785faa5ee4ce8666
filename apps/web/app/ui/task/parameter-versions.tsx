import type { TaskParameterVersion } from '@atropos/client';
import Link from 'next/link';
import { shortId } from '../../lib/format';
import { diffParameters } from '../../lib/parameter-diff';
import { RelativeTime } from '../relative-time';

const show = (value: unknown) => JSON.stringify(value);

function attemptsText(attempts: number[]): string {
  if (attempts.length === 0) return 'not run yet';
  const first = attempts[0]!;
  const last = attempts.at(-1)!;
  return first === last ? `ran attempt ${first}` : `ran attempts ${first}–${last}`;
}

/**
 * Every version of a task's parameters (each retry with edited parameters makes one), newest
 * first, each as a diff against the one before it, with who set it, when, and the attempts that
 * ran with it (or, for a step task a workflow resume made with new parameters, the task it replaced).
 */
export function ParameterVersions({ versions }: { versions: TaskParameterVersion[] }) {
  if (versions.length < 2) {
    const only = versions[0];
    return only ? (
      <p className="mt-4 border-t border-border pt-4 text-sm text-muted" data-testid="parameter-versions">
        As created; {attemptsText(only.attempts)}.
      </p>
    ) : null;
  }
  return (
    <ol className="mt-4 space-y-3 border-t border-border pt-4 text-sm" data-testid="parameter-versions" aria-label="Parameter versions">
      {[...versions].reverse().map((version, index, newestFirst) => {
        const previous = newestFirst[index + 1];
        const changes = previous ? diffParameters(previous.parameters, version.parameters) : [];
        return (
          <li key={version.version} data-version={version.version}>
            <p>
              <span className="font-medium">Version {version.version}</span>
              <span className="text-muted">
                {' · '}
                {version.changed_by ? `by ${version.changed_by}` : 'as created'}
                {' · '}
                <RelativeTime iso={version.changed_at} />
                {' · '}
                {version.ran_on_task_id ? (
                  <>
                    ran on the task it replaced,{' '}
                    <Link href={`/tasks/${version.ran_on_task_id}`} className="font-mono text-brand hover:underline">
                      {shortId(version.ran_on_task_id)}
                    </Link>
                  </>
                ) : (
                  attemptsText(version.attempts)
                )}
              </span>
            </p>
            {previous ? (
              changes.length === 0 ? (
                <p className="text-muted">The same as version {previous.version}.</p>
              ) : (
                <ul className="mt-1 space-y-0.5 font-mono text-xs" aria-label={`Changes from version ${previous.version}`}>
                  {changes.map((change) => (
                    <li key={change.key} data-change={change.kind}>
                      {change.kind === 'added' ? (
                        <span className="text-emerald-800">
                          + {change.key}: {show(change.after)}
                        </span>
                      ) : change.kind === 'removed' ? (
                        <span className="text-red-800">
                          − {change.key}: {show(change.before)}
                        </span>
                      ) : (
                        <span>
                          ~ {change.key}: <del className="text-red-800">{show(change.before)}</del> →{' '}
                          <ins className="text-emerald-800 no-underline">{show(change.after)}</ins>
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              )
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
