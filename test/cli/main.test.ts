import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { itWithReference } from '../helpers/reference';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: t => { out += t; }, err: t => { err += t; } });
  return { code, out, err };
}

let tmp: string;
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rbac-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const POLICY = [
  'p, role:dev, applications, sync, payments/*, allow',
  'p, role:dev, applications, delete, */prod-*, deny',
  'p, lonely-group, applications, get, */*, allow',
  'g, dev-group, role:dev',
].join('\n');

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-rbac-cm
data:
  policy.csv: |
    p, role:dev, applications, sync, payments/*, allow
    g, dev-group, role:dev
  policy.extra.csv: |
    g, extra-group, role:dev
  policy.default: role:readonly
  scopes: '[groups, email]'
`;

const PROJECT = `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: orders
spec:
  roles:
    - name: deployer
      policies:
        - p, proj:orders:deployer, applications, sync, orders/*, allow
      groups:
        - orders-leads
`;

describe('argocd-platform rbac can', () => {
  test('Yes / exit 0 and No / exit 1, with resource shorthands', async () => {
    const policy = write('policy.csv', POLICY);
    expect(await run('rbac', 'can', 'dev-group', 'sync', 'app', 'payments/api', '--policy-file', policy)).toEqual({ code: 0, out: 'Yes\n', err: '' });
    expect(await run('rbac', 'can', 'dev-group', 'sync', 'apps', 'orders/api', '--policy-file', policy)).toEqual({ code: 1, out: 'No\n', err: '' });
    expect((await run('rbac', 'can', 'admin', 'get', 'cert', '--policy-file', policy)).out).toBe('Yes\n');
    expect((await run('rbac', 'can', 'admin', 'get', 'gpgkey', '--policy-file', policy, '--use-builtin-policy=false')).out).toBe('No\n');
    expect(await run('rbac', 'can', 'dev-group', 'sync', 'app', 'payments/api', '--policy-file', policy, '-q')).toEqual({ code: 0, out: '', err: '' });
  });

  test('an empty or * subresource of a project-scoped resource is */*', async () => {
    const policy = write('wild.csv', 'p, role:x, applications, get, */*, allow\ng, u, role:x');
    expect((await run('rbac', 'can', 'u', 'get', 'applications', '--policy-file', policy)).out).toBe('Yes\n');
    expect((await run('rbac', 'can', 'u', 'get', 'applications', '*', '--policy-file', policy)).out).toBe('Yes\n');
  });

  test('reads an argocd-rbac-cm manifest: policy.*.csv and policy.default', async () => {
    const cm = write('cm.yaml', CONFIGMAP);
    expect((await run('rbac', 'can', 'extra-group', 'sync', 'app', 'payments/a', '--policy-file', cm)).out).toBe('Yes\n');
    expect((await run('rbac', 'can', 'nobody', 'get', 'app', 'x/y', '--policy-file', cm)).out).toBe('Yes\n');
    expect((await run('rbac', 'can', 'nobody', 'get', 'app', 'x/y', '--policy-file', cm, '--default-role', 'role:none')).out).toBe('No\n');
  });

  test('strict mode refuses unknown resources and actions like Argo CD', async () => {
    const policy = write('p2.csv', POLICY);
    // A request Argo CD cannot make is a usage error: exit 2, the reason, then the usage (never "No", exit 1).
    const bogus = await run('rbac', 'can', 'u', 'get', 'bogus', '--policy-file', policy);
    expect(bogus.code).toBe(2);
    expect(bogus.out).toBe('');
    expect(bogus.err.split('\n')[0]).toBe("error: can: 'bogus' is not a valid resource name (Argo CD 3.5 has accounts, applications, applicationsets, certificates, clusters, extensions, gpgkeys, logs, exec, projects, repositories; --strict=false to ask anyway)");
    const sync = await run('rbac', 'can', 'u', 'sync', 'logs', '--policy-file', policy);
    expect(sync.code).toBe(2);
    expect(sync.err.split('\n')[0]).toBe("error: can: 'sync' is not a valid action for logs (it has get; --strict=false to ask anyway)");
    const teleport = await run('rbac', 'can', 'u', 'teleport', 'applications', 'p/a', '--policy-file', policy);
    expect(teleport.code).toBe(2);
    expect(teleport.err.split('\n')[0]).toBe("error: can: 'teleport' is not a valid action for applications (it has create, get, update[/…], delete[/…], action[/…], override, sync; --strict=false to ask anyway)");
    expect((await run('rbac', 'can', 'u', 'get', 'write-repositories', '--policy-file', policy)).err).toContain("'write-repositories' is not a valid resource name");
    expect((await run('rbac', 'can', 'admin', 'get', 'write-repositories', '*', '--policy-file', policy, '--strict=false')).out).toBe('Yes\n');
    expect((await run('rbac', 'can', 'admin', 'action/apps/Deployment/restart', 'app', 'p/a', '--policy-file', policy)).out).toBe('Yes\n');
  });

  test('plain `can` answers Yes for a group without g line; --groups (API server) ignores it', async () => {
    const policy = write('p3.csv', POLICY);
    expect((await run('rbac', 'can', 'lonely-group', 'get', 'app', 'a/b', '--policy-file', policy)).out).toBe('Yes\n');
    expect((await run('rbac', 'can', 'sub', 'get', 'app', 'a/b', '--policy-file', policy, '--groups', 'lonely-group')).out).toBe('No\n');
    expect((await run('rbac', 'can', 'sub', 'sync', 'app', 'payments/a', '--policy-file', policy, '--groups', 'x,dev-group')).out).toBe('Yes\n');
  });

  test('--project-file adds project roles; --dir reads a synthesized folder', async () => {
    const policy = write('p4.csv', POLICY);
    const project = write('orders.yaml', PROJECT);
    expect((await run('rbac', 'can', 'sub', 'sync', 'app', 'orders/a', '--policy-file', policy, '--project-file', project, '--groups', 'orders-leads')).out).toBe('Yes\n');
    const dir = path.join(tmp, 'dist-argocd');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'configmap-argocd-rbac-cm.yaml'), CONFIGMAP);
    fs.writeFileSync(path.join(dir, 'appproject-orders.yaml'), PROJECT);
    expect((await run('rbac', 'can', 'sub', 'sync', 'app', 'orders/a', '--dir', dir, '--groups', 'orders-leads')).out).toBe('Yes\n');
    expect((await run('rbac', 'can', 'sub', 'sync', 'app', 'payments/a', '--dir', dir, '--groups', 'orders-leads')).out).toBe('No\n');
  });

  test('bad flags and arguments: usage on stderr, exit 2, no stack trace', async () => {
    for (const argv of [
      ['rbac', 'can', 'a', 'get', 'app', '--bogus'],
      ['rbac', 'can', 'a', 'get'],
      ['rbac', 'can', 'a', 'get', 'app', '--policy-file', 'x', '--strict=maybe'],
      ['rbac', 'can', 'a', 'get', 'app'],
      ['rbac', 'nope'],
      ['rbac'],
      [],
    ]) {
      const result = await run(...argv);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/Usage: argocd-platform/);
      expect(result.err).not.toMatch(/\n\s+at /);
      expect(result.out).toBe('');
    }
  });

  test('--help on every command', async () => {
    for (const command of ['can', 'validate', 'who-can', 'audit']) {
      const result = await run('rbac', command, '--help');
      expect(result.code).toBe(0);
      expect(result.out).toContain(`Usage: argocd-platform rbac ${command}`);
    }
    expect((await run('rbac', '--help')).out).toContain('Commands:');
  });

  test('a missing file is an input error: one line, exit 1', async () => {
    const result = await run('rbac', 'can', 'a', 'get', 'app', '--policy-file', path.join(tmp, 'missing.csv'));
    expect(result).toEqual({ code: 1, out: '', err: `error opening file ${path.join(tmp, 'missing.csv')}: no such file\n` });
  });
});

describe('argocd-platform rbac validate', () => {
  test('valid policy', async () => {
    const policy = write('ok.csv', 'p, role:dev, applications, sync, payments/*, allow\ng, dev-group, role:dev');
    expect(await run('rbac', 'validate', '--policy-file', policy)).toEqual({ code: 0, out: 'Policy is valid.\n', err: '' });
  });

  test('syntax errors use Argo CD\'s message', async () => {
    const policy = write('bad.csv', 'p, role:dev, applications, sync, payments/*');
    expect(await run('rbac', 'validate', '--policy-file', policy)).toEqual({ code: 1, out: 'Policy is invalid: invalid RBAC policy: p, role:dev, applications, sync, payments/*\n', err: '' });
  });

  test('stricter checks name the line, field and value; --strict=false keeps only Argo CD\'s check', async () => {
    const policy = write('strict.csv', [
      'p, role:dev, applications, invoke, payments/*, allow',
      'p, role:dev, clusters, get, prod-cluster, allow',
      'p, role:dev, aplications, get, */*, allow',
      'p, 84ce98d1-e359-4f3b-85af-985b458de3c6, logs, get, */*, allow',
      'g, dev-group, role:dev',
    ].join('\n'));
    const result = await run('rbac', 'validate', '--policy-file', policy);
    expect(result.code).toBe(1);
    expect(result.out).toContain('Policy is invalid: 4 problems');
    expect(result.out).toContain('line 1: action: resource applications has no action invoke');
    expect(result.out).toContain('line 2: object: clusters objects are the cluster server URL (a cluster name is not accepted)');
    expect(result.out).toContain('line 3: resource: unknown resource');
    expect(result.out).toContain('line 4: subject: has policy lines but no g line');
    expect(await run('rbac', 'validate', '--policy-file', policy, '--strict=false')).toEqual({ code: 0, out: 'Policy is valid.\n', err: '' });
  });

  test('warns about roles bound without policies', async () => {
    const policy = write('warn.csv', 'g, dev-group, role:ghost');
    const result = await run('rbac', 'validate', '--policy-file', policy);
    expect(result.err).toBe('warning: user defined roles not found in policies: role:ghost\n');
  });

  itWithReference('accepts the upstream example ConfigMap syntax', 'argocd-data/argocd-rbac-cm.example.yaml', async file => {
    expect((await run('rbac', 'validate', '--policy-file', file, '--strict=false')).out).toBe('Policy is valid.\n');
    // my-org:team-alpha has a p line but no g line: the API server ignores it
    expect((await run('rbac', 'validate', '--policy-file', file)).out).toContain('"my-org:team-alpha"');
  });
});

describe('argocd-platform rbac who-can / audit', () => {
  let dir: string;
  beforeAll(() => {
    dir = path.join(tmp, 'dist-who');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'configmap-argocd-rbac-cm.yaml'), CONFIGMAP.replace('  policy.default: role:readonly\n', ''));
    fs.writeFileSync(path.join(dir, 'appproject-orders.yaml'), PROJECT);
  });

  test('who-can lists subjects and the lines that allow them', async () => {
    const result = await run('rbac', 'who-can', 'sync', 'applications', 'orders/api', '--dir', dir);
    expect(result.code).toBe(0);
    expect(result.out).toContain('orders-leads (group)\n  AppProject orders: p, proj:orders:deployer, applications, sync, orders/*, allow\n');
    expect(result.out).toContain('role:admin (role)\n  builtin: p, role:admin, applications, sync, */*, allow\n');
    expect(result.out).not.toContain('dev-group');
  });

  test('audit notes that the builtin admin account cannot log in when argocd-cm disables it', async () => {
    expect((await run('rbac', 'audit', '--dir', dir)).out).toContain('- `admin`\n');
    expect((await run('rbac', 'who-can', 'sync', 'applications', 'orders/api', '--dir', dir)).out).toContain('admin (local account)\n');
    const withCm = path.join(tmp, 'dist-admin-off');
    fs.cpSync(dir, withCm, { recursive: true });
    fs.writeFileSync(path.join(withCm, 'configmap-argocd-cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cm\ndata:\n  admin.enabled: "false"\n');
    expect((await run('rbac', 'audit', '--dir', withCm)).out)
      .toContain('- local admin account, disabled (admin.enabled: "false") (`admin`)\n');
    expect((await run('rbac', 'who-can', 'sync', 'applications', 'orders/api', '--dir', withCm)).out)
      .toContain('local admin account, disabled (admin.enabled: "false") (local account admin)\n');
  });

  test('audit in every format; a bad format is a usage error', async () => {
    expect((await run('rbac', 'audit', '--dir', dir)).out).toContain('# Argo CD access audit');
    expect((await run('rbac', 'audit', '--dir', dir, '--format', 'csv')).out).toContain('orders-leads,,orders,all,applications,sync,,,');
    expect(JSON.parse((await run('rbac', 'audit', '--dir', dir, '--format', 'json')).out).scopes).toEqual(['groups', 'email']);
    const bad = await run('rbac', 'audit', '--dir', dir, '--format', 'xml');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--format must be one of md, csv, json (got "xml")');
  });

  test('--dir must be a synthesized folder', async () => {
    const result = await run('rbac', 'audit', '--dir', tmp);
    expect(result.code).toBe(1);
    expect(result.err).toContain('has no configmap-argocd-rbac-cm.yaml');
  });
});

describe('argocd-platform rbac: roles named without role:, projects from the policy', () => {
  const GUID = '84ce98d1-e359-4f3b-85af-985b458de3c6';

  test('validate accepts a role named without the role: prefix that a g line binds', async () => {
    const policy = write('unprefixed.csv', `p, developers, applications, get, a/*, allow\ng, ${GUID}, developers\n`);
    expect(await run('rbac', 'validate', '--policy-file', policy)).toEqual({ code: 0, out: 'Policy is valid.\n', err: '' });
    expect((await run('rbac', 'can', 'developers', 'get', 'applications', 'a/x', '--policy-file', policy)).code).toBe(0);
  });

  test('validate reports an object that is not a valid glob', async () => {
    const policy = write('badglob.csv', `p, role:dev, applications, get, a/[z-a], allow\ng, ${GUID}, role:dev\n`);
    const result = await run('rbac', 'validate', '--policy-file', policy);
    expect(result.code).toBe(1);
    expect(result.out).toContain('line 1: object: is not a valid glob pattern');
  });

  test('audit --policy-file without project files shows access on projects named in the policy', async () => {
    const policy = write('dev-only.csv', `p, role:dev, applications, get, a/*, allow\ng, ${GUID}, role:dev\n`);
    const result = await run('rbac', 'audit', '--policy-file', policy);
    expect(result.code).toBe(0);
    expect(result.out).not.toContain('(nothing beyond the default role)');
    expect(result.out).toContain(`| \`${GUID}\` | a | all | get | - | - | - | - |`);
  });
});

