import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { PlatformApp } from '../../src';
import { describeIfReference, referencePath } from '../helpers/reference';

/**
 * Every chart value the platform writes is a value of the pinned chart (argo-helm charts/argo-cd
 * 10.1.1 values.yaml): its path exists there, or it sits below a free-form map the chart passes
 * through (labels, annotations, `{}` defaults such as `podLabels`), and it has the type of the
 * chart's default, or a template reads it as `.Values.<path>`. Helm ignores an unknown key silently,
 * so a typo would simply not apply.
 */
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every `.Values.<path>` a chart template reads (some values are only commented in values.yaml, e.g. `serviceMonitor.interval`). */
function templateReads(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {walk(file);} else {
        const text = fs.readFileSync(file, 'utf8');
        for (const m of text.matchAll(/\.Values\.([A-Za-z0-9_.]+)/g)) out.add(m[1]);
        // Keys with dots are read with index: `index .Values.configs.params "server.insecure"`.
        for (const m of text.matchAll(/index \.Values\.([A-Za-z0-9_.]+) "([^"]+)"/g)) out.add(`${m[1]}.${m[2]}`);
      }
    }
  };
  walk(referencePath('upstream', 'argo-helm-argo-cd-10.1.1', 'templates'));
  return out;
}

/** Where a rendered leaf lands in the chart's values: ok, or why not. */
function checkLeaf(chart: unknown, leaf: string[], value: unknown, reads: Set<string> = new Set()): string | undefined {
  if (reads.has(leaf.join('.'))) return undefined;
  let node: unknown = chart;
  for (const [i, segment] of leaf.entries()) {
    if (!isMap(node)) return `${leaf.slice(0, i).join('.')} is not a map in the chart`;
    // A map the chart defaults to `{}` is free-form (labels, annotations, extra objects): anything below it goes.
    if (Object.keys(node).length === 0) return undefined;
    if (!(segment in node)) return `${leaf.slice(0, i + 1).join('.')} is not a chart value`;
    node = node[segment];
  }
  if (node === null || node === '' || value === null) return undefined;
  const type = (v: unknown) => (Array.isArray(v) ? 'list' : typeof v);
  return type(node) === type(value) ? undefined : `${leaf.join('.')} is a ${type(value)} but the chart's default is a ${type(node)}`;
}

function leaves(values: Record<string, unknown>, prefix: string[] = []): Array<[string[], unknown]> {
  return Object.entries(values).flatMap(([k, v]): Array<[string[], unknown]> =>
    (isMap(v) && Object.keys(v).length ? leaves(v, [...prefix, k]) : [[[...prefix, k], v]]));
}

describeIfReference('chart values contract (argo-helm argo-cd 10.1.1 values.yaml)', () => {
  const chart = parse(fs.readFileSync(referencePath('upstream', 'argo-helm-argo-cd-10.1.1', 'values.yaml'), 'utf8'));

  test('every value of the example platform\'s values file is a chart value of the same type', () => {
    const app = new PlatformApp({ outdir: '.tmp/contract' });
    buildExamplePlatform(app);
    const values = parse(app.render()['argocd.values.yaml']);
    const reads = templateReads();
    const problems = leaves(values).map(([leaf, value]) => checkLeaf(chart, leaf, value, reads)).filter(Boolean);
    expect(problems).toEqual([]);
    expect(leaves(values).length).toBeGreaterThan(30);
  });

  test('the check is not vacuous: a misspelt key and a wrong type are caught', () => {
    expect(checkLeaf(chart, ['crds', 'instal'], false)).toBe('crds.instal is not a chart value');
    expect(checkLeaf(chart, ['applicationSet', 'replicas'], '2')).toBe('applicationSet.replicas is a string but the chart\'s default is a number');
    expect(checkLeaf(chart, ['server', 'podLabels', 'azure.workload.identity/use'], 'true')).toBeUndefined();
  });
}, 'upstream', 'argo-helm-argo-cd-10.1.1');
