import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTree } from '../helpers/file-tree';

/**
 * Fail closed through the real command: a project laid out like this repository (cdk8s.yaml with a
 * scratch `output`, PlatformApp writing dist/), run with `cdk8s synth` itself. A failing program
 * leaves the committed dist/ byte-identical, exits non-zero, prints each error on one line, and
 * prints no stack trace and no raw control character.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');

const PROGRAM = `import { ArgoPlatform, PlatformApp, PolicyEffect } from ${JSON.stringify(path.join(ROOT, 'src'))};
import { ApiObject } from 'cdk8s';

const app = new PlatformApp();
const platform = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.com', environments: [{ name: 'dev' }] });
platform.rbac.addRole('team', [{ resource: 'applications', action: 'get', object: 'team/*', effect: PolicyEffect.ALLOW }]);
platform.rbac.bind('6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11', 'team', { displayName: 'Team A' });
switch (process.env.BREAK) {
  case 'eager':
    // A prop refused while the tree is built: the display name would end its comment early.
    platform.rbac.bind('6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a12', 'team', { displayName: 'Team B\\u2028g, evil, role:admin' });
    break;
  case 'validation':
    // Two deferred errors (a role bound without grants) and two problems in rendered objects.
    platform.rbac.bind('11111111-2222-4333-8444-555555555551', 'empty-one');
    platform.rbac.bind('11111111-2222-4333-8444-555555555552', 'empty-two');
    break;
  case 'render':
    new ApiObject(platform, 'Big', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', labels: { team: 'x'.repeat(64) } }, data: { a: 'x'.repeat(1024 * 1024 + 1) } });
    new ApiObject(platform, 'Esc', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'esc' }, data: { note: 'a\\u001b[2Jb' } });
    break;
  default:
}
app.synth();
`;

function synth(project: string, env: Record<string, string> = {}) {
  const result = spawnSync(CDK8S, ['synth'], {
    cwd: project,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npx cdk8s synth fails closed', () => {
  let project: string;
  let committed: Record<string, string>;

  beforeAll(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'fail-closed-'));
    // The repository's own cdk8s.yaml, pointed at this program.
    const config = fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')
      .replace(/^app: [^;\n]*/m, `app: CDK8S_PLATFORM_OUTDIR=dist ${path.join(ROOT, 'node_modules', '.bin', 'ts-node')} --transpile-only --project ${path.join(ROOT, 'examples', 'tsconfig.json')} main.ts`)
      .replace(/^imports:[\s\S]*$/m, '');
    expect(config).toMatch(/^output: \.cdk8s-staging$/m);
    expect(config).toMatch(/; test -d \.cdk8s-staging \|\| kill -INT \$PPID$/m);
    fs.writeFileSync(path.join(project, 'cdk8s.yaml'), config);
    fs.writeFileSync(path.join(project, 'main.ts'), PROGRAM);
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
    const ok = synth(project);
    // The guardrail warnings reach the console, one line each, then their count.
    expect({ code: ok.code, stderr: ok.stderr.split('\n') }).toEqual({
      code: 0,
      stderr: [
        'warning ARGO-OPS1 [argocd] no construct provides the alerts capability',
        'warning ARGO-OPS2 [argocd] no construct provides the notifications capability',
        'warning ARGO-OPS3 [argocd] no construct provides the backup capability',
        'warning ARGO-STR1 [argocd] environment dev has no root Application (the platform has no GitOps repository to read it from)',
        '4 guardrail warnings in argocd (each rule explained in argocd.guardrails.md)',
        // Where the output went: cdk8s-cli's own list that follows names its scratch copy.
        expect.stringMatching(/^wrote \d+ files to dist\/ \(argocd\.guardrails\.md, .*argocd\/, dev\/\); cdk8s-cli lists below the same manifests, one file per folder, in its scratch folder \.cdk8s-staging\/$/),
        '',
      ],
    });
    committed = readTree(path.join(project, 'dist'));
    expect(Object.keys(committed)).toEqual(expect.arrayContaining(['argocd/configmap-argocd-rbac-cm.yaml', 'argocd/kustomization.yaml']));
  }, 180_000);

  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  test.each([
    ['eager', [
      /^\[argocd\] rbac\.bind\(displayName\): must not contain U\+2028 \(LINE SEPARATOR, a line break for go-yaml\) \(got "Team B\\u2028g, evil, role:admin"\)$/,
    ]],
    ['validation', [
      /^Validation failed with the following errors:$/,
      /^\[argocd\] rbac: role role:empty-one is bound to "11111111-2222-4333-8444-555555555551" but has no grants/,
      /^\[argocd\] rbac: role role:empty-two is bound to "11111111-2222-4333-8444-555555555552" but has no grants/,
    ]],
    ['render', [
      /^Validation failed with the following errors:$/,
      /^\[argocd\] ConfigMap big data: is 1048577 bytes, over the API server's limit of 1048576 bytes \(1 MiB\) for a ConfigMap/,
      /^\[argocd\] ConfigMap big metadata\.labels\.team: is 64 characters, over Kubernetes' limit of 63 for a label value/,
      /^\[argocd\] ConfigMap esc data\.note: must not contain an escape character \(got "a\\u001b\[2Jb"\)$/,
    ]],
  ])('a %s error: dist/ byte-identical, exit non-zero, one line per error, no stack trace', (kind, expected) => {
    const result = synth(project, { BREAK: kind });
    expect(result.code).not.toBe(0);
    expect(readTree(path.join(project, 'dist'))).toEqual(committed);
    const lines = result.stderr.split('\n').filter(l => l !== '');
    // Just our lines: cdk8s.yaml stops cdk8s-cli before it adds "app expected to create .cdk8s-staging".
    expect(lines).toEqual(expected.map(() => expect.anything()));
    expected.forEach((pattern, i) => expect(lines[i]).toMatch(pattern));
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/node_modules|\.ts:\d+/);
    expect(result.stderr + result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(fs.readdirSync(project).filter(f => /^dist\.(next|old)-/.test(f))).toEqual([]);
  }, 120_000);

  test('a successful synth afterwards replaces dist/ whole', () => {
    fs.writeFileSync(path.join(project, 'dist', 'argocd', 'stale.yaml'), 'stale');
    const ok = synth(project);
    expect(ok.code).toBe(0);
    expect(readTree(path.join(project, 'dist'))).toEqual(committed);
  }, 120_000);
});
