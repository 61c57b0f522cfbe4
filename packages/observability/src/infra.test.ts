import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { findExecutable } from '@gapflow/state';
import { REPO_ROOT } from '@gapflow/testing';
import { GapflowMetrics } from './gapflow-metrics';

const INFRA = join(REPO_ROOT, 'infra');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The series names a process exports, histogram series included. */
async function exportedSeries(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const service of ['gateway', 'worker'] as const) {
    for (const metric of await new GapflowMetrics(service).registry.getMetricsAsJSON()) {
      names.add(metric.name);
      if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) names.add(`${metric.name}${suffix}`);
    }
  }
  return names;
}

/** gapflow series named in a text (a PromQL expression, a dashboard). */
function namedSeries(text: string): string[] {
  return [...new Set(text.match(/\bgapflow_[a-z0-9_]+\b/g) ?? [])];
}

describe('infra/', () => {
  const yamlFiles = [...filesUnder(INFRA).filter((file) => /\.ya?ml$/.test(file)), join(REPO_ROOT, 'docker-compose.yml')];
  const jsonFiles = filesUnder(INFRA).filter((file) => file.endsWith('.json'));

  it.each(yamlFiles.map((file) => [relative(REPO_ROOT, file), file]))('%s is valid YAML', (_name, file) => {
    const documents = parseAllDocuments(readFileSync(file, 'utf8'));
    for (const document of documents) expect(document.errors).toEqual([]);
    expect(documents.length).toBeGreaterThan(0);
  });

  it.each(jsonFiles.map((file) => [relative(REPO_ROOT, file), file]))('%s is valid JSON', (_name, file) => {
    expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
  });

  it('names in alert rules and dashboards only series the code exports', async () => {
    const exported = await exportedSeries();
    const referenced = [join(INFRA, 'prometheus', 'alerts.yml'), ...jsonFiles, join(INFRA, 'k8s', 'worker.yaml')].flatMap((file) =>
      namedSeries(readFileSync(file, 'utf8')).map((name) => ({ file: relative(REPO_ROOT, file), name })),
    );
    expect(referenced.length).toBeGreaterThan(20);
    expect(referenced.filter(({ name }) => !exported.has(name))).toEqual([]);
  });

  it('has a Deployment with probes and a graceful termination for gateway and worker, an HPA, PDBs and a KEDA ScaledObject', () => {
    const kinds = filesUnder(join(INFRA, 'k8s')).flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8')).map((document) => document.toJSON() as { kind: string; metadata: { name: string }; spec: Record<string, unknown> }));
    const named = (kind: string) => kinds.filter((resource) => resource.kind === kind).map((resource) => resource.metadata.name).sort();
    expect(named('Deployment')).toEqual(['gapflow-gateway', 'gapflow-worker']);
    expect(named('HorizontalPodAutoscaler')).toEqual(['gapflow-gateway']);
    expect(named('PodDisruptionBudget')).toEqual(['gapflow-gateway', 'gapflow-worker']);
    expect(named('ScaledObject')).toEqual(['gapflow-worker']);
    for (const deployment of kinds.filter((resource) => resource.kind === 'Deployment')) {
      const pod = (deployment.spec.template as { spec: { terminationGracePeriodSeconds: number; containers: { readinessProbe?: unknown; livenessProbe?: unknown }[] } }).spec;
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(45);
      expect(pod.containers[0]?.readinessProbe).toBeDefined();
      expect(pod.containers[0]?.livenessProbe).toBeDefined();
    }
  });
});

const promtool = findExecutable('promtool');
const describeWithPromtool = promtool ? describe : describe.skip;

if (!promtool) {
  // Said once, so a skipped run is never mistaken for a passing one.
  console.warn('promtool is not installed: the alert-rule tests are skipped. Install it with `apt-get install prometheus`; .ci/run does.');
}

describeWithPromtool('alert rules (promtool)', () => {
  const rules = join(INFRA, 'prometheus');

  it('pass promtool check rules', () => {
    expect(execFileSync(promtool as string, ['check', 'rules', 'alerts.yml'], { cwd: rules, encoding: 'utf8' })).toContain('SUCCESS: 6 rules found');
  });

  it('pass their unit tests (promtool test rules)', () => {
    expect(execFileSync(promtool as string, ['test', 'rules', 'alerts.test.yml'], { cwd: rules, encoding: 'utf8' })).toContain('SUCCESS');
  });
});
