import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { AccessAuditReport, ArgoPlatform, PlatformApp } from '../../src';
import { AccessAudit, PrincipalKind } from '../../src/rbac/access-audit';
import { RbacConfig } from '../../src/rbac/rbac-config';

const SECTION = '### Through an Application not named as production';

function section(md: string): string {
  const start = md.indexOf(SECTION);
  expect(start).toBeGreaterThan(-1);
  const end = md.indexOf('\n## ', start);
  return md.slice(start, end);
}

describe('who can change production through an Application not named as production', () => {
  test('the example platform lists the team leads of payments and orders and the payments team repository', () => {
    const app = new PlatformApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'example-')) });
    buildExamplePlatform(app);
    const md = app.render()['argocd.access.md'];
    const text = section(md);
    // Under "Who can change production", before the settings.
    expect(md.indexOf(SECTION)).toBeLessThan(md.indexOf('## Settings'));
    expect(text).toContain('a separate production project per team');
    const rows = text.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| Project |'));
    expect(rows).toContainEqual(expect.stringMatching(/^\| payments-team \| `payments-prod` \| Payments team leads \(`2c7a1f3b-8d4e-4f6a-9b32-6a5d4c3b2e02`\) \| create, update \|/));
    expect(rows).toContainEqual(expect.stringMatching(/^\| orders-team \| `orders-prod` \| Orders team leads \(`4e9c3b5d-af60-4b8c-9d54-8c7f6e5d4a04`\) \| create, update \|/));
    expect(rows).toContainEqual(expect.stringMatching(/^\| payments-team \| `payments-prod` \| whoever can merge to `https:\/\/github\.com\/civica\/payments-apps\.git` .*`payments-apps`/));
    // Neither the platform project (no production destination) nor the team repository's own project gets a row.
    expect(rows.filter(r => r.startsWith('| platform |') || r.startsWith('| payments-apps |'))).toEqual([]);
  });

  test('a platform whose projects have no production destinations gets no subsection', () => {
    const app = new PlatformApp({ outdir: Testing.app().outdir });
    const argo = new ArgoPlatform(app, 'argocd', {
      url: 'https://argocd.example.internal',
      environments: [{ name: 'dev' }, { name: 'prod', production: true }],
    });
    argo.rbac.addRole('writers', [
      { resource: 'applications', action: 'create', object: 'shop/*' },
      { resource: 'applications', action: 'update', object: 'tools/*' },
    ]);
    argo.rbac.bind('1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01', 'writers', { displayName: 'Writers' });
    new AccessAuditReport(argo);
    // No AppProject deploys to production here: no subsection.
    expect(app.render()['argocd.access.md']).not.toContain(SECTION);
  });

  test('the audit computes writers per project from its cells, with exact object patterns', () => {
    const config = RbacConfig.fromData({
      'policy.csv': [
        'p, role:writers, applications, create, shop/*, allow',
        'p, role:writers, applications, create, shop/*-prod, deny',
        'p, role:prodonly, applications, update, shop/*-prod, allow',
        'g, writers-group, role:writers',
        'g, prod-group, role:prodonly',
      ].join('\n'),
    });
    const audit = AccessAudit.compile(config, [
      { name: 'shop', roles: [{ name: 'ci', policies: ['p, proj:shop:ci, applications, update, shop/*, allow'], groups: [] }] },
      { name: 'tools' },
    ], {
      productionEnvironments: ['prod'],
      productionDestinations: [{ project: 'shop', productionNamespaces: ['shop-prod'] }, { project: 'tools', productionNamespaces: [] }],
    });
    const paths = audit.unnamedProductionPaths();
    expect(paths.map(p => p.destination.project)).toEqual(['shop']);
    expect(paths[0].writers.map(w => [w.subject, w.kind, w.entries.map(e => e.action)])).toEqual([
      ['admin', PrincipalKind.LOCAL_ACCOUNT, ['create', 'update']], // the builtin policy's admin
      ['writers-group', PrincipalKind.GROUP, ['create']],
      ['proj:shop:ci', PrincipalKind.ROLE, ['update']],
    ]);
    // Only production-named objects: prod-group has no path (it cannot write a non-production name).
    expect(audit.isAllowed('writers-group', 'applications', 'create', 'shop/api-dev')).toBe(true);
    const md = audit.render();
    expect(md).toContain('| shop | `shop-prod` | `writers-group` | create |');
    expect(md).toContain('| shop | `shop-prod` | project role `proj:shop:ci` | update |');
  });
});
