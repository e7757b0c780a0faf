import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readManifests } from '../../src/cli/lint-command';
import { main } from '../../src/cli/main';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'guardrails');
const fixture = (name: string) => path.relative(process.cwd(), path.join(FIXTURES, name));

async function lint(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(['lint', ...argv], { out: t => { out += t; }, err: t => { err += t; } });
  return { code, out, err };
}

/** The SARIF 2.1.0 schema (draft-04, vendored from @microsoft/jest-sarif, MIT), compiled with ajv 8. */
function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
  // ajv 8 speaks draft-07: the draft-04 root `id` becomes `$id`; the rest of this schema reads the same in both.
  const { $schema: _draft, id, ...rest } = schema;
  // The schema's language pattern is not valid with the u flag (a stray `]`), as JavaScript reads it without.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ $id: id, ...rest });
}

describe('argocd-platform lint', () => {
  test('a folder of bad manifests: every finding with file, line, rule and object; exit 1', async () => {
    const { code, out } = await lint(fixture('bad'));
    expect(code).toBe(1);
    const bad = fixture('bad');
    expect(out.split('\n')).toEqual([
      `${bad}/apps.yaml:4: error ARGO-PRJ4 Application argocd/shop-api-prod: An Application belongs to the \`default\` project: spec.project is "default"`,
      `${bad}/apps.yaml:4: error ARGO-SYN1 Application argocd/shop-api-prod: A production Application syncs automatically (syncPolicy.automated): spec.syncPolicy.automated is set`,
      `${bad}/apps.yaml:4: error ARGO-SYN2 Application argocd/shop-api-prod: A production Application follows HEAD, an empty revision or a version range: spec.source.targetRevision is HEAD (follows the default branch) (got "HEAD")`,
      `${bad}/apps.yaml:20: error ARGO-PRJ1 AppProject argocd/shop: An AppProject allows source repositories by wildcard: spec.sourceRepos has "*"`,
      `${bad}/apps.yaml:20: error ARGO-PRJ2 AppProject argocd/shop: An AppProject allows every namespace or every cluster (\`*\` destination): spec.destinations[0].namespace is "*"`,
      `${bad}/apps.yaml:20: error ARGO-PRJ3 AppProject argocd/shop: An AppProject may create cluster-scoped resources by wildcard (\`*\` in clusterResourceWhitelist): spec.clusterResourceWhitelist[0] is {"group":"*","kind":"*"}`,
      `${bad}/apps.yaml:30: warning ARGO-ACC1 ConfigMap argocd/argocd-rbac-cm: Everyone who can log in gets a read-only default role (policy.default): data.policy.default is "role:readonly"`,
      `${bad}/workloads.yaml:1: error ARGO-IMG1 Deployment shop-dev/api: A container image is tagged :latest or not tagged at all: spec.template.spec.containers[api].image is tagged latest (got "civica.azurecr.io/shop/api:latest")`,
      `${bad}/workloads.yaml:17: error ARGO-SEC1 Secret shop-dev/db: A Kubernetes Secret carries secret data in the output (plain secrets in Git): stringData.password`,
      '2 files, 5 objects: 8 errors, 1 warnings, 0 acknowledged, 0 unreadable',
      '',
    ]);
  });

  test('a folder of good manifests passes; an acknowledge annotation shows as acknowledged; non-objects are skipped', async () => {
    const { code, out } = await lint(fixture('good'));
    expect(code).toBe(0);
    expect(out).toContain('application-prod.yml:1: acknowledged error ARGO-SYN1 Application argocd/shop-web-prod: A production Application syncs automatically (syncPolicy.automated): spec.syncPolicy.automated is set [acknowledged: stateless web front end; a rollback is a git revert]');
    expect(out).toContain('3 files, 3 objects: 0 errors, 0 warnings, 1 acknowledged, 0 unreadable');
  });

  test('broken files are reported with file and line, and do not stop the other files from being checked', async () => {
    const { code, out } = await lint(fixture('broken'));
    expect(code).toBe(1);
    const broken = fixture('broken');
    expect(out).toContain(`${broken}/bomb.yaml:1:1: error: cannot read YAML: Excessive alias count indicates a resource exhaustion attack`);
    expect(out).toContain(`${broken}/deep.yaml:5:`);
    expect(out).toContain('error: cannot read YAML: nested deeper than 64 levels');
    expect(out).toContain(`${broken}/duplicate-keys.yaml:5:3: error: cannot read YAML: Map keys must be unique`);
    expect(out).toMatch(new RegExp(`${broken.replace(/[.]/g, '\\.')}/unparsable\\.yaml:\\d+:\\d+: error: cannot read YAML: Missing closing "quote`));
    expect(out).toContain(`${broken}/after-broken.yaml:2: error ARGO-IMG1 Pod untagged:`);
    expect(out).toContain('5 files, 1 objects: 1 errors, 0 warnings, 0 acknowledged, 4 unreadable');
  });

  test('YAML is read as Kubernetes reads it: YAML 1.1 booleans, merge keys, several documents, List items', () => {
    const { objects, problems } = readManifests([
      'base: &base {apiVersion: v1, kind: ConfigMap}',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      'data: {enabled: yes}',
      '---',
      '<<: {apiVersion: v1, kind: ConfigMap}',
      'metadata: {name: merged}',
      '---',
      '',
    ].join('\n'), 'x.yaml');
    expect(problems).toEqual([]);
    expect(objects.map(o => [o.manifest.metadata.name, o.line])).toEqual([['a', 3], ['merged', 8]]);
    expect(objects[0].manifest.data.enabled).toBe(true);
  });

  test('--format json gives the findings and the unreadable files', async () => {
    const { code, out } = await lint(fixture('bad'), fixture('broken'), '--format', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.errors).toBe(9);
    expect(report.findings[0]).toEqual(expect.objectContaining({ file: `${fixture('bad')}/apps.yaml`, line: 4, ruleId: 'ARGO-PRJ4', level: 'error', object: 'Application argocd/shop-api-prod' }));
    expect(report.unreadable.map((u: any) => path.basename(u.file))).toEqual(['bomb.yaml', 'deep.yaml', 'duplicate-keys.yaml', 'unparsable.yaml']);
  });

  test('--format sarif is valid SARIF 2.1.0, with the pack\'s rules, results, suppressions and unreadable files', async () => {
    const validate = sarifValidator();
    const { code, out } = await lint(fixture('bad'), fixture('good'), fixture('broken'), '--format', 'sarif');
    expect(code).toBe(1);
    const sarif = JSON.parse(out);
    expect(validate(sarif)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: any) => r.id)).toContain('ARGO-IMG1');
    const image = run.results.find((r: any) => r.ruleId === 'ARGO-IMG1' && r.locations[0].physicalLocation.artifactLocation.uri.endsWith('workloads.yaml'));
    expect(image).toEqual(expect.objectContaining({ level: 'error', ruleIndex: run.tool.driver.rules.findIndex((r: any) => r.id === 'ARGO-IMG1') }));
    expect(image.locations[0].physicalLocation.region).toEqual({ startLine: 1 });
    const acknowledged = run.results.find((r: any) => r.suppressions);
    expect(acknowledged.suppressions).toEqual([{ kind: 'inSource', justification: 'stateless web front end; a rollback is a git revert' }]);
    expect(run.invocations[0].toolExecutionNotifications).toHaveLength(4);
    // An invalid log is caught by the same validator.
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  test('--production judges every object as production; --max-sources sets the giant-app limit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-'));
    try {
      fs.writeFileSync(path.join(dir, 'app.yaml'), [
        'apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'metadata: {name: api}',
        'spec:', '  project: shop', '  sources:', '    - {repoURL: r, path: a, targetRevision: main}', '    - {repoURL: r, path: b, targetRevision: main}',
        '  syncPolicy: {automated: {}}', '',
      ].join('\n'));
      expect((await lint(dir)).code).toBe(0);
      expect((await lint(dir, '--production')).out).toContain('error ARGO-SYN1');
      expect((await lint(dir, '--max-sources', '1')).out).toContain('warning ARGO-STR3 Application api: One Application holds too much');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the committed example output passes lint as it passes the synth (root apps are not production Applications)', async () => {
    const { code, out } = await lint(path.relative(process.cwd(), path.join(__dirname, '..', '..', 'dist')));
    expect(out).toMatch(/ 0 errors, \d+ warnings, 2 acknowledged, 0 unreadable\n$/);
    expect(out).toContain('acknowledged error ARGO-SEC1 Secret argocd/cluster-aks-prod');
    expect(out).toContain('acknowledged error ARGO-PRJ3 AppProject argocd/platform');
    expect(code).toBe(0);
  });

  test('usage errors exit 2', async () => {
    expect((await lint()).code).toBe(2);
    const bogus = await lint(fixture('good'), '--format', 'xml');
    expect(bogus.code).toBe(2);
    expect(bogus.err).toContain('error: --format must be text, json or sarif (got "xml")');
    expect((await lint('does/not/exist.yaml')).err).toContain('error: no such file or folder: does/not/exist.yaml');
    expect((await lint(fixture('good'), '--max-sources', 'many')).code).toBe(2);
    const help = await lint('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: argocd-platform lint PATH...');
  });
});
