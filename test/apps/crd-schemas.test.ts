import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Duration } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { ArgoAlerts, ArgoDashboards, ArgoPlatform, ArgoScraping, PlatformApp } from '../../src';
import { describeIfReference, referencePath } from '../helpers/reference';

/** Every CRD schema of the reference folder, by `apiVersion/kind`. */
/** CRD patterns are Go regular expressions; `(?i)` becomes JavaScript's `i` flag. */
const goRegExp = Object.assign((pattern: string, flags: string) =>
  pattern.includes('(?i)') ? new RegExp(pattern.split('(?i)').join(''), `${flags}i`) : new RegExp(pattern, flags), { code: 'new RegExp' });

function loadCrdValidators(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true, code: { regExp: goRegExp } });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>();
  const root = referencePath('crds');
  const files = fs.readdirSync(root, { recursive: true }).map(String).filter(f => /\.ya?ml$/.test(f)).sort();
  for (const file of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(root, file), 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        const schema = version.schema?.openAPIV3Schema;
        if (schema) validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
      }
    }
  }
  return validators;
}

function validateAll(validators: Map<string, ValidateFunction>, files: Record<string, string>) {
  const failures: string[] = [];
  const validated = new Map<string, number>();
  for (const [file, text] of Object.entries(files)) {
    if (!file.endsWith('.yaml')) continue;
    const object = parse(text);
    const validate = validators.get(`${object?.apiVersion}/${object?.kind}`);
    if (!validate) continue;
    validated.set(object.kind, (validated.get(object.kind) ?? 0) + 1);
    if (!validate(object)) {
      failures.push(`${file}: ${(validate.errors ?? []).map(e => `${e.instancePath} ${e.message}`).join('; ')}`);
    }
  }
  return { failures, validated };
}

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    const full = path.join(dir, file);
    if (fs.statSync(full).isFile()) out[file] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

describeIfReference('CRD schemas (reference crds/)', () => {
  const validators = loadCrdValidators();

  test('the reference CRDs cover Argo CD and Image Updater', () => {
    expect([...validators.keys()]).toEqual(expect.arrayContaining([
      'argoproj.io/v1alpha1/Application',
      'argoproj.io/v1alpha1/AppProject',
      'argocd-image-updater.argoproj.io/v1alpha1/ImageUpdater',
      'monitoring.coreos.com/v1alpha1/AlertmanagerConfig',
    ]));
  });

  test('every object of a fresh synth of the example matches its CRD schema', () => {
    const app = new PlatformApp({ outdir: path.join('.tmp', 'crd-schemas') });
    buildExamplePlatform(app);
    const { failures, validated } = validateAll(validators, app.render());
    expect(failures).toEqual([]);
    expect(validated.get('Application')).toBeGreaterThanOrEqual(9);
    expect(validated.get('AppProject')).toBeGreaterThanOrEqual(3);
    expect(validated.get('ImageUpdater')).toBeGreaterThanOrEqual(1);
    expect(validated.get('PrometheusRule')).toBe(1);
    expect(validated.get('GrafanaDashboard')).toBe(3);
  });

  test('monitoring without SelfManagedArgo (plain manifests: ServiceMonitors rendered, sidecar ConfigMap) matches the prometheus-operator CRDs', () => {
    const app = new PlatformApp({ outdir: path.join('.tmp', 'crd-schemas-monitoring') });
    const platform = new ArgoPlatform(app, 'argocd', {
      url: 'https://argocd.example.org',
      environments: [{ name: 'dev' }],
      gitOps: { repoUrl: 'git@github.com:civica/gitops-config.git' },
    });
    const scraping = new ArgoScraping(platform, 'Scraping', {
      labels: { release: 'kube-prometheus-stack' }, interval: Duration.seconds(15), scrapeTimeout: Duration.seconds(10), dex: true, commitServer: true,
    });
    const alerts = new ArgoAlerts(platform, 'Alerts', { scraping });
    new ArgoDashboards(platform, 'Dashboards', { alerts, communityDashboards: [{ name: 'argocd-14584', id: 14584, revision: 1, datasourceInputName: 'DS_PROMETHEUS' }] });
    const { failures, validated } = validateAll(validators, app.render());
    expect(failures).toEqual([]);
    expect(validated.get('ServiceMonitor')).toBe(7);
    expect(validated.get('PrometheusRule')).toBe(1);
    expect(validated.get('GrafanaDashboard')).toBe(1);
  });

  test('every object in the committed dist/ matches its CRD schema', () => {
    const { failures, validated } = validateAll(validators, readTree(path.join(__dirname, '..', '..', 'dist')));
    expect(failures).toEqual([]);
    expect(validated.get('Application')).toBeGreaterThanOrEqual(1);
  });

  test('a schema violation is reported (the check is not vacuous)', () => {
    const bad = 'apiVersion: argocd-image-updater.argoproj.io/v1alpha1\nkind: ImageUpdater\nmetadata: {name: x}\nspec:\n  namespace: argocd\n  applicationRefs: [{namePattern: x, useAnnotations: true}]\n  writeBackConfig: {method: svn}\n';
    const { failures } = validateAll(validators, { 'bad.yaml': bad });
    expect(failures.join('\n')).toMatch(/method must match pattern/);
  });
}, 'crds');
