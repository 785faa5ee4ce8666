import { describe, expect, it } from '@jest/globals';
import { poolQueueName } from '@atropos/queue';
import { repoRoot } from '@atropos/testing';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * deploy/kubernetes, checked offline: `kubectl kustomize` (Debian's kubernetes-client, which
 * .ci/run installs) renders the overlay, and the objects it renders are checked for what running
 * Atropos needs: probes on the health routes, a grace period longer than the worker's, selectors
 * that select their pods, a KEDA ScaledObject per worker Deployment on its queue.
 */

/** The fields of the rendered objects these tests read, whichever kind holds them (each reads its own). */
interface Probe {
  httpGet: { path: string; port: string };
  exec: { command: string[] };
}

interface Container {
  image: string;
  command: string[];
  env: Array<{ name: string; value?: string }>;
  envFrom: Array<{ secretRef?: { name: string } }>;
  ports: Array<{ name: string }>;
  readinessProbe: Probe;
  livenessProbe: Probe;
  startupProbe: Probe;
}

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    /** A Deployment's or a PodDisruptionBudget's; a Service's selector is the labels themselves (serviceSelector). */
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: { containers: Container[]; terminationGracePeriodSeconds: number };
    };
    ports: Array<{ targetPort: string }>;
    scaleTargetRef: { name: string };
    triggers: Array<{ type: string; metadata: { listName: string; listLength: string }; authenticationRef: { name: string } }>;
    secretTargetRef: Array<{ name: string; key: string }>;
  };
}

const serviceSelector = (service: K8sObject) => service.spec.selector as unknown as Record<string, string>;

const deployDir = path.join(repoRoot(), 'deploy', 'kubernetes');

function render(target: string): K8sObject[] {
  const text = execFileSync('kubectl', ['kustomize', path.join(deployDir, target)], { encoding: 'utf8' });
  return parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new Error(String(document.errors[0]));
    return document.toJS() as K8sObject;
  });
}

const rendered = render('overlays/example');
const all = (kind: string) => rendered.filter((object) => object.kind === kind);
const one = (kind: string, name: string) => {
  const found = rendered.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found)
    throw new Error(`no ${kind} ${name}; rendered: ${rendered.map((object) => `${object.kind}/${object.metadata.name}`).join(', ')}`);
  return found;
};
const selects = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);
const container = (deployment: K8sObject) => deployment.spec.template.spec.containers[0]!;
const envOf = (deployment: K8sObject, name: string) => container(deployment).env.find((variable) => variable.name === name)?.value;

describe('deploy/kubernetes', () => {
  it('renders the base and the overlay with kubectl kustomize', () => {
    expect(render('base').length).toBeGreaterThan(0);
    expect(rendered.map((object) => object.kind).sort()).toEqual(
      [
        'ConfigMap',
        'Deployment',
        'Deployment',
        'Deployment',
        'Deployment',
        'Job',
        'Namespace',
        'PodDisruptionBudget',
        'PodDisruptionBudget',
        'PodDisruptionBudget',
        'PodDisruptionBudget',
        'ScaledObject',
        'ScaledObject',
        'Secret',
        'Service',
        'Service',
        'TriggerAuthentication',
      ].sort(),
    );
    for (const object of rendered.filter((object) => object.kind !== 'Namespace')) {
      expect((object.metadata as { namespace?: string }).namespace).toBe('atropos');
    }
  });

  it("selects each Deployment's pods with its selector, its Service and its PodDisruptionBudget", () => {
    for (const deployment of all('Deployment')) {
      const podLabels = deployment.spec.template.metadata.labels;
      expect(selects(deployment.spec.selector.matchLabels, podLabels)).toBe(true);
      const budgets = all('PodDisruptionBudget').filter((budget) => selects(budget.spec.selector.matchLabels, podLabels));
      expect(budgets.map((budget) => budget.metadata.name)).toEqual([deployment.metadata.name]);
    }
    for (const service of all('Service')) {
      const targets = all('Deployment').filter((deployment) => selects(serviceSelector(service), deployment.spec.template.metadata.labels));
      expect(targets.map((deployment) => deployment.metadata.name)).toEqual([service.metadata.name]);
      const ports = container(targets[0]!).ports.map((port) => port.name);
      for (const port of service.spec.ports) expect(ports).toContain(port.targetPort);
    }
  });

  it('wires the probes to the health routes', () => {
    const api = container(one('Deployment', 'atropos-api'));
    expect(api.readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(api.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(api.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    const web = container(one('Deployment', 'atropos-web'));
    expect(web.readinessProbe.httpGet.path).toBe('/api/health');
    expect(web.livenessProbe.httpGet.path).toBe('/api/health');
    const worker = container(one('Deployment', 'atropos-worker-default'));
    expect(worker.livenessProbe.exec.command).toEqual(['node', 'dist/healthcheck.js']);
    // The routes exist where the probes look.
    expect(readFileSync(path.join(repoRoot(), 'apps/api/src/health/health.controller.ts'), 'utf8')).toMatch(/@Get\('live'\)/);
    expect(readFileSync(path.join(repoRoot(), 'apps/web/app/api/health/route.ts'), 'utf8')).toMatch(/export (async )?function GET/);
  });

  it('gives every worker longer to stop than its SHUTDOWN_GRACE_MS', () => {
    const workers = all('Deployment').filter((deployment) => deployment.metadata.labels?.['atropos.dev/pool']);
    expect(workers.length).toBeGreaterThan(0);
    for (const worker of workers) {
      const graceMs = Number(envOf(worker, 'SHUTDOWN_GRACE_MS'));
      expect(graceMs).toBeGreaterThan(0);
      expect(worker.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThanOrEqual(graceMs + 10_000);
    }
  });

  it('runs one worker Deployment per pool, each serving its queue, scaled by a KEDA ScaledObject on the Bull wait list of that queue', () => {
    const workers = all('Deployment').filter((deployment) => deployment.metadata.labels?.['atropos.dev/pool']);
    expect(workers.map((worker) => worker.metadata.labels!['atropos.dev/pool']).sort()).toEqual(['default', 'video']);
    for (const worker of workers) expect(envOf(worker, 'WORKER_QUEUES')).toBe(worker.metadata.labels!['atropos.dev/pool']);
    const scaled = all('ScaledObject');
    expect(scaled.map((object) => object.spec.scaleTargetRef.name).sort()).toEqual(workers.map((worker) => worker.metadata.name).sort());
    const settings = (one('ConfigMap', 'atropos-settings') as unknown as { data: Record<string, string> }).data;
    for (const object of scaled) {
      const trigger = object.spec.triggers[0]!;
      const pool = object.metadata.labels!['atropos.dev/pool']!;
      expect(trigger.type).toBe('redis');
      expect(trigger.metadata.listName).toBe(`${settings.QUEUE_PREFIX!}:${poolQueueName(pool)}:wait`);
      expect(Number(trigger.metadata.listLength)).toBeGreaterThan(0);
      const auth = one('TriggerAuthentication', trigger.authenticationRef.name);
      const secret = one('Secret', auth.spec.secretTargetRef[0]!.name);
      expect(auth.spec.secretTargetRef.map((ref) => ref.key).sort()).toEqual(['REDIS_ADDRESS', 'REDIS_PASSWORD']);
      expect(Object.keys((secret as unknown as { data: Record<string, string> }).data)).toEqual(
        expect.arrayContaining(['REDIS_ADDRESS', 'REDIS_PASSWORD']),
      );
    }
  });

  it('takes PostgreSQL and Redis from the operator: every app and the migration Job read the same generated Secret', () => {
    const [secret] = all('Secret');
    expect(Object.keys((secret as unknown as { data: Record<string, string> }).data)).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'REDIS_URL']),
    );
    for (const name of ['atropos-api', 'atropos-worker-default']) {
      const sources = container(one('Deployment', name)).envFrom.map((source) => source.secretRef?.name);
      expect(sources).toContain(secret!.metadata.name);
    }
    const job = one('Job', 'atropos-migrate');
    const migrate = job.spec.template.spec.containers[0]!;
    expect(migrate.command).toEqual(['node', '/app/packages/db/dist/migrate-main.js']);
    expect(migrate.image).toBe(container(one('Deployment', 'atropos-api')).image);
    expect(migrate.envFrom[0]?.secretRef?.name).toBe(secret!.metadata.name);
    expect(
      all('Deployment')
        .flatMap((deployment) => deployment.spec.template.spec.containers)
        .every((c) => c.image.startsWith('registry.example.com/')),
    ).toBe(true);
  });
});
