import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { PlatformApp } from '../../src';
import { DiffReport } from '../../src/cli/diff-command';
import { main } from '../../src/cli/main';

const HOTFIX_GROUP = '7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';

/** Synthesizes the example platform into a temporary folder; `change` modifies it first. */
function synthExample(change?: (platform: ReturnType<typeof buildExamplePlatform>) => void): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-example-'));
  const app = new PlatformApp({ outdir });
  const platform = buildExamplePlatform(app);
  change?.(platform);
  app.synth();
  return outdir;
}

function edit(root: string, file: string, from: string | RegExp, to: string) {
  const full = path.join(root, file);
  const text = fs.readFileSync(full, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file}: ${from} not found`);
  fs.writeFileSync(full, next);
}

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: t => { out += t; }, err: t => { err += t; } });
  return { code, out, err };
}

function section(report: DiffReport, key: string) {
  const found = report.sections.find(s => s.key === key);
  if (!found) throw new Error(`no section ${key}`);
  return found.changes.map(c => ({ change: c.change, name: c.name, details: c.details }));
}

describe('argocd-platform diff', () => {
  let base: string;
  let head: string;
  beforeAll(() => {
    base = synthExample();
    // A production grant to a new group (a role with sync on the payments team's production applications) ...
    head = synthExample(platform => {
      platform.rbac.addRole('hotfix', [{ resource: 'applications', action: 'sync', object: 'payments-team-prod/*' }], { description: 'hotfix responders' });
      platform.rbac.bind(HOTFIX_GROUP, 'role:hotfix', { displayName: 'Hotfix responders' });
    });
    // ... and reviewed changes of every other kind, made to the synthesized output.
    edit(head, 'argocd/application-argocd.yaml', 'targetRevision: 10.1.1', 'targetRevision: 10.2.0');
    fs.rmSync(path.join(head, 'dev', 'application-orders-service-dev.yaml'));
    edit(head, 'argocd/prometheusrule-argocd-alerts.yaml', 'for: 30m', 'for: 45m');
    edit(head, 'argocd/appproject-payments-team-prod.yaml', 'duration: 63h', 'duration: 72h');
    edit(head, 'argocd/appproject-platform.yaml', /ARGO-PRJ3: [^"]*/, 'ARGO-PRJ3: reviewed again by the platform team');
    edit(head, 'argocd/cronjob-argocd-backup.yaml', 'schedule: 30 1 * * *', 'schedule: 30 3 * * *');
    edit(head, 'argocd/alertmanagerconfig-team-payments.yaml', 'channel: "#payments-deployments"', 'channel: "#payments-oncall"');
    edit(head, 'argocd/appproject-payments-team.yaml', '- on-health-degraded', '- on-deployed');
  }, 120_000);
  afterAll(() => {
    for (const dir of [base, head]) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('no change: exit 0 and says so', async () => {
    const { code, out } = await run('diff', base, base);
    expect(code).toBe(0);
    expect(out).toContain('Production access does not widen.');
    expect(out).toContain('No changes to the synthesized platform.');
  });

  test('reports each change by name, production access first, and exits 3 when a production grant widens', async () => {
    const { code, out } = await run('diff', base, head, '--format', 'json');
    expect(code).toBe(3);
    const report: DiffReport = JSON.parse(out);
    expect(report.productionAccessWidens).toBe(true);
    expect(report.sections[0].key).toBe('production-access');
    // From the exact evaluator: the new group gains sync on payments-team's production applications (every
    // application of that cell), nothing else and nowhere else.
    expect(section(report, 'production-access')).toEqual([{
      change: 'gained',
      name: 'Hotfix responders (7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d) in project payments-team-prod, production',
      details: ['applications sync'],
    }]);
    expect(section(report, 'applications')).toEqual([
      { change: 'changed', name: 'Application argocd/argocd', details: [expect.stringMatching(/^targetRevision: \["10\.1\.1"(,"main")?\] → \["10\.2\.0"(,"main")?\]$/)] },
      { change: 'removed', name: 'Application argocd/orders-service-dev', details: [] },
    ]);
    expect(section(report, 'alerts')).toEqual([
      { change: 'changed', name: expect.stringMatching(/^alert ArgoCDAppOutOfSync \(/), details: ['for: 30m → 45m'] },
    ]);
    expect(section(report, 'projects')).toEqual([
      { change: 'changed', name: 'AppProject argocd/payments-team-prod', details: [expect.stringMatching(/^syncWindows: .*"duration":"63h".* → .*"duration":"72h"/)] },
    ]);
    expect(section(report, 'acknowledgements')).toEqual([{
      change: 'changed',
      name: 'ARGO-PRJ3 on AppProject argocd/platform',
      details: [expect.stringMatching(/ → reviewed again by the platform team$/)],
    }]);
    expect(section(report, 'versions')).toEqual([
      { change: 'changed', name: 'chart argo-cd (Application argocd/argocd)', details: ['10.1.1 → 10.2.0'] },
      { change: 'removed', name: 'chart orders-service (Application argocd/orders-service-dev)', details: ['2.4.0'] },
    ]);
    expect(section(report, 'backup')).toEqual([
      { change: 'changed', name: 'CronJob argocd/argocd-backup', details: ['schedule: 30 1 * * * → 30 3 * * *'] },
    ]);
    expect(section(report, 'routes')).toEqual([{
      change: 'changed', name: 'AlertmanagerConfig argocd/team-payments', details: [expect.stringMatching(/^receivers: .*"#payments-deployments".* → .*"#payments-oncall"/)],
    }]);
    expect(section(report, 'subscriptions')).toEqual([{
      change: 'changed',
      name: 'AppProject argocd/payments-team notifications.argoproj.io/subscriptions',
      details: [expect.stringMatching(/on-health-degraded.* → .*on-deployed/)],
    }]);
    // argocd-rbac-cm changed (the role and binding): listed by name among the other objects.
    expect(section(report, 'other')).toEqual([{ change: 'changed', name: 'ConfigMap argocd/argocd-rbac-cm', details: [] }]);
  });

  test('a grant in the production project is production access only, never also "outside production"', async () => {
    const widened = synthExample();
    try {
      // A team lead widened in the production project (project role policies, as TeamAccess renders them).
      edit(widened, 'argocd/appproject-payments-team-prod.yaml',
        '        - p, proj:payments-team-prod:team-lead, applications, sync, payments-team-prod/*, allow\n',
        '        - p, proj:payments-team-prod:team-lead, applications, sync, payments-team-prod/*, allow\n'
        + '        - p, proj:payments-team-prod:team-lead, applications, override, payments-team-prod/*, allow\n');
      const { code, out } = await run('diff', base, widened, '--format', 'json');
      expect(code).toBe(3);
      const report: DiffReport = JSON.parse(out);
      expect(section(report, 'production-access')).toEqual([
        expect.objectContaining({ change: 'gained', name: expect.stringMatching(/in project payments-team-prod, production$/), details: ['applications override'] }),
      ]);
      expect(section(report, 'access')).toEqual([]);
      // The Projects section lists the project whose only change is in spec.roles, with the role's lines.
      expect(section(report, 'projects')).toEqual([{
        change: 'changed',
        name: 'AppProject argocd/payments-team-prod',
        details: [expect.stringMatching(/^roles: \[.*"team-lead: groups \[[^\]]*\], policies \[applications get payments-team-prod\/\* allow; applications sync payments-team-prod\/\* allow\]".*\] → \[.*"team-lead: groups \[[^\]]*\], policies \[applications get payments-team-prod\/\* allow; applications sync payments-team-prod\/\* allow; applications override payments-team-prod\/\* allow\]"/)],
      }]);
    } finally {
      fs.rmSync(widened, { recursive: true, force: true });
    }
  }, 120_000);

  test('Markdown for a pull-request comment: the widening first, each change by name', async () => {
    const { code, out } = await run('diff', base, head);
    expect(code).toBe(3);
    expect(out.split('\n').slice(0, 7)).toEqual([
      '## Argo CD platform changes',
      '',
      '**Production access widens**: this change needs a second approval.',
      '',
      '### Production access',
      '',
      '- **gained** Hotfix responders (7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d) in project payments-team-prod, production',
    ]);
    expect(out).toContain('### Applications\n\n- **changed** Application argocd/argocd\n');
    expect(out).toContain('- **removed** Application argocd/orders-service-dev');
  });

  test('the reverse change narrows production access: reported as lost, exit 0', async () => {
    const { code, out } = await run('diff', head, base, '--format', 'json');
    expect(code).toBe(0);
    const report: DiffReport = JSON.parse(out);
    expect(report.productionAccessWidens).toBe(false);
    expect(section(report, 'production-access')).toEqual([{
      change: 'lost', name: 'Hotfix responders (7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d) in project payments-team-prod, production', details: ['applications sync'],
    }]);
    expect(section(report, 'applications')).toContainEqual({ change: 'added', name: 'Application argocd/orders-service-dev', details: expect.any(Array) });
  });

  test('usage errors exit 2; a missing folder or ref exits 1', async () => {
    expect((await run('diff', base)).code).toBe(2);
    expect((await run('diff', base, head, '--format', 'html')).err).toContain('diff: --format must be md or json (got "html")');
    const missing = await run('diff', base, 'no-such-ref-or-folder');
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('no-such-ref-or-folder is neither a folder nor a git ref of the repository here\n');
  });
});
