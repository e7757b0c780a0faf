import { AccessAudit, AuditFormat, MATRIX_QUERIES } from '../../src/rbac/access-audit';
import { RbacConfig } from '../../src/rbac/rbac-config';
import { RbacEvaluator } from '../../src/rbac/rbac-evaluator';
import { buildFleet, guid } from '../helpers/fleet';

describe('AccessAudit', () => {
  test('gives the same answers as the casbin evaluator on every matrix question (small fleet)', async () => {
    const fleet = buildFleet(4);
    const audit = AccessAudit.compile(fleet.config, fleet.projects);
    const casbin = await RbacEvaluator.create(fleet.config, { projects: fleet.projects });
    let checked = 0;
    for (const group of [...fleet.groups, 'stranger']) {
      for (const project of [...audit.projectNames, 'unknown-project']) {
        const access = audit.projectAccess(group, project);
        for (const [resource, actions] of MATRIX_QUERIES) {
          for (const action of actions) {
            const expected = casbin.canWithGroups('audit-subject', [group], resource, action, `${project}/*`);
            expect([group, project, resource, action, access.actions[resource].includes(action)])
              .toEqual([group, project, resource, action, expected]);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  test('whoCan lists groups, users and roles with the lines that allow them', () => {
    const fleet = buildFleet(2, { policyDefault: '' });
    const audit = AccessAudit.compile(fleet.config, fleet.projects);
    const grantees = audit.whoCan('sync', 'applications', 'team-001-dev/api');
    const subjects = grantees.map(g => g.subject);
    expect(subjects).toEqual(expect.arrayContaining([guid(9, 0), guid(1, 1), guid(2, 1), 'admin', 'role:admin', 'role:team-001', 'proj:team-001-dev:deployer']));
    expect(subjects).not.toContain(guid(1, 0));
    const developers = grantees.find(g => g.subject === guid(1, 1))!;
    expect(developers.displayName).toBe('team-001 developers');
    expect(developers.allowedBy).toEqual(['argocd-rbac-cm: p, role:team-001, applications, sync, team-001-*/*, allow']);
    const leads = grantees.find(g => g.subject === guid(2, 1))!;
    expect(leads.allowedBy).toEqual(['AppProject team-001-dev: p, proj:team-001-dev:deployer, applications, *, team-001-dev/*, allow']);
    // deny in prod
    expect(audit.whoCan('sync', 'applications', 'team-001-prod/api').map(g => g.subject)).not.toContain(guid(1, 1));
  });

  test('a group with policy lines but no g line is listed as ignored, not as having access', () => {
    const audit = AccessAudit.compile(new RbacConfig({ policyCsv: 'p, lonely, applications, get, */*, allow' }), [{ name: 'p' }]);
    expect(audit.render(AuditFormat.MARKDOWN)).toContain('## Subjects with policy lines but no `g` line');
    expect(audit.isAllowed('lonely', 'applications', 'get', 'p/a')).toBe(true); // as a token subject (local account)
  });

  test('reads admin.enabled as Argo CD does (strconv.ParseBool; absent means enabled)', () => {
    expect(AccessAudit.localAdminEnabled(undefined)).toBe(true);
    for (const off of ['false', 'FALSE', 'False', 'f', 'F', '0']) expect(AccessAudit.localAdminEnabled(off)).toBe(false);
    for (const on of ['true', '1', 'yes']) expect(AccessAudit.localAdminEnabled(on)).toBe(true);
  });

  test('renders md, csv and json with admins and display names', () => {
    const fleet = buildFleet(2);
    const audit = AccessAudit.compile(fleet.config, fleet.projects);
    const md = audit.render(AuditFormat.MARKDOWN);
    expect(md).toContain(`- Platform team (\`${guid(9, 0)}\`)`);
    expect(md).toContain(`| team-000 developers (\`${guid(1, 0)}\`) | team-000-dev | get, sync, action/* | get | create | get | get |`);
    expect(audit.render(AuditFormat.CSV).split('\n')[0]).toBe('principal,display_name,project,resource,action');
    const json = JSON.parse(audit.render(AuditFormat.JSON));
    // Sorted by label in code-unit order (never the machine's locale): "Platform team" before "admin".
    expect(json.admins).toEqual([{ subject: guid(9, 0), displayName: 'Platform team' }, { subject: 'admin' }]);
  });

  test('scales to 100 teams × 3 environments', () => {
    const fleet = buildFleet(100);
    const started = Date.now();
    const audit = AccessAudit.compile(fleet.config, fleet.projects);
    const rows = audit.matrix();
    expect(audit.projectNames).toHaveLength(300);
    expect(rows.length).toBeGreaterThanOrEqual(600);
    expect(Date.now() - started).toBeLessThan(60_000); // a sanity bound, not a benchmark (see bench:rbac)
  });

  test('projects known only from policy objects get rows, without AppProjects', () => {
    const config = new RbacConfig({
      policyCsv: [
        'p, role:dev, applications, get, a/*, allow',
        'p, role:dev, logs, get, b/api, allow',
        'p, role:ops, applications, sync, */*, allow',
        'p, role:ops, repositories, get, https://github.com/civica/*, allow',
        'g, dev-group, role:dev',
        'g, ops-group, role:ops',
      ].join('\n'),
    });
    const audit = AccessAudit.compile(config);
    expect(audit.projectNames).toEqual(['*', 'a', 'b']);
    const md = audit.render(AuditFormat.MARKDOWN);
    expect(md).not.toContain('(nothing beyond the default role)');
    expect(md).toContain('| `dev-group` | a | get | - | - | - | - |');
    expect(md).toContain('| `ops-group` | every project (`*`) | sync | - | - | - | - |');
    expect(audit.render(AuditFormat.CSV)).toContain('dev-group,,a,applications,get');
    // deterministic: the same input renders the same bytes, whatever the order of the lines
    const shuffled = AccessAudit.compile(new RbacConfig({ policyCsv: config.policyCsv.split('\n').reverse().join('\n') }));
    expect(shuffled.render(AuditFormat.MARKDOWN)).toBe(md);
    expect(shuffled.render(AuditFormat.JSON)).toBe(audit.render(AuditFormat.JSON));
  });

  test('a policy project segment of wildcards only is the every-project row; URLs are not projects', () => {
    const audit = AccessAudit.compile(new RbacConfig({
      policyCsv: 'p, role:x, applications, get, **/*, allow\np, role:x, clusters, get, https://k8s.example.com, allow\ng, g1, role:x',
    }));
    expect(audit.projectNames).toEqual(['*']);
  });
});
