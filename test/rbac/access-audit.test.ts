import { AccessAudit, AuditFormat, EnvironmentScope } from '../../src/rbac/access-audit';
import { RbacConfig } from '../../src/rbac/rbac-config';
import { RbacEvaluator } from '../../src/rbac/rbac-evaluator';
import { buildFleet, guid } from '../helpers/fleet';

const OPS = 'ops-group';

function audit(policyCsv: string[], options: { policyDefault?: string; projects?: any[] } = {}) {
  return AccessAudit.compile(new RbacConfig({ policyCsv: policyCsv.join('\n'), policyDefault: options.policyDefault }), options.projects ?? []);
}

function applications(a: AccessAudit, subject: string, project: string, production: boolean): string[] {
  return (a.rowFor(subject, project, production)?.access.applications ?? []).map(e =>
    [e.action, ...(e.on.length ? [`on ${e.on.join(' ')}`] : []), ...(e.except.length ? [`except ${e.except.join(' ')}`] : [])].join(' '));
}

describe('AccessAudit', () => {
  test('a deny line takes the permission away where it applies, as `rbac can` answers', async () => {
    const config = new RbacConfig({
      policyCsv: [
        'p, role:ops, applications, sync, */*, allow',
        'p, role:ops, applications, sync, billing/*-prod, deny',
        `g, ${OPS}, role:ops`,
      ].join('\n'),
    });
    const a = AccessAudit.compile(config);
    const evaluator = await RbacEvaluator.create(config);
    expect(evaluator.canWithGroups('u', [OPS], 'applications', 'sync', 'billing/api-prod')).toBe(false);
    expect(applications(a, OPS, 'billing', true)).toEqual([]);
    expect(applications(a, OPS, 'billing', false)).toEqual(['sync']);
    expect(applications(a, OPS, 'orders', true)).toEqual(['sync']);
    const md = a.render();
    expect(md).toContain('| `ops-group` | billing | production (prod) | - | - | - | - | - |');
    expect(md).toContain('| `ops-group` | any other project | all | sync | - | - | - | - |');
  });

  test('a deny that cuts into a project is written as a partial grant: "sync except billing/*-prod"', () => {
    const a = audit(['p, role:ops, applications, sync, billing/*, allow', 'p, role:ops, applications, sync, */*-prod, deny', `g, ${OPS}, role:ops`],
      { projects: [] });
    // Other projects: the allow names billing only, so nothing; billing: every non-production app.
    expect(applications(a, OPS, 'billing', false)).toEqual(['sync']);
    const partial = audit(['p, role:ops, applications, sync, */*, allow', 'p, role:ops, applications, sync, billing/api-*, deny', `g, ${OPS}, role:ops`]);
    expect(applications(partial, OPS, 'billing', true)).toEqual(['sync except billing/api-*']);
    expect(partial.render()).toContain('| `ops-group` | billing | all | sync except `billing/api-*` |');
  });

  test('specific actions are listed: a team lead with get and sync can also restart Deployments', () => {
    const a = audit([
      'p, role:lead, applications, get, payments/*, allow',
      'p, role:lead, applications, sync, payments/*, allow',
      'p, role:lead, applications, action/apps/Deployment/restart, payments/*, allow',
      'g, lead-group, role:lead',
    ]);
    expect(applications(a, 'lead-group', 'payments', true)).toEqual(['get', 'sync', 'action/apps/Deployment/restart']);
    expect(a.render()).toContain('| `lead-group` | payments | all | get, sync, action/apps/Deployment/restart |');
    // and a family with one action denied says so
    const denied = audit(['p, role:x, applications, action/*, */*, allow', 'p, role:x, applications, action/apps/Deployment/delete, */*, deny', 'g, gx, role:x']);
    expect(denied.render()).toContain('action/* (not action/apps/Deployment/delete)');
  });

  test('a group Argo CD ignores (policy lines, no g line) has no rows; it is listed as ignored', () => {
    const a = audit(['p, lonely, applications, get, */*, allow', 'p, role:x, applications, get, */*, allow', 'g, bound, role:x']);
    expect(a.rows().map(r => r.subject)).toEqual(['admin', 'bound']);
    const md = a.render();
    expect(md).toContain('## Subjects with policy lines but no `g` line');
    expect(md.split('## Access by group')[1]).not.toContain('lonely');
    expect(a.isAllowed('lonely', 'applications', 'get', 'p/a')).toBe(true); // as a token subject (local account)
  });

  test('opens with who can change production, high-risk actions marked, with the policy lines behind each', () => {
    const a = audit([
      'p, role:release, applications, sync, payments/*, allow',
      'p, role:release, applications, override, payments/*-prod, allow',
      'p, role:release, exec, create, payments/*, allow',
      'p, role:release, applications, get, payments/*, allow',
      'g, release-group, role:release',
    ]);
    const md = a.render();
    expect(md.startsWith('# Argo CD access audit\n\n## Who can change production\n')).toBe(true);
    const section = md.split('## Settings')[0];
    expect(section).toContain('| `release-group` | payments | sync, **override** (high risk), **exec create** (high risk) | '
      + '`argocd-rbac-cm: g, release-group, role:release`<br>`argocd-rbac-cm: p, role:release, applications, sync, payments/*, allow`<br>'
      + '`argocd-rbac-cm: p, role:release, applications, override, payments/*-prod, allow`<br>`argocd-rbac-cm: p, role:release, exec, create, payments/*, allow` |');
    // get is not a change; the local admin account is listed as such
    expect(section).not.toContain('get');
    expect(section).toContain('| `admin` | every project | create, update, delete, sync, **override** (high risk)');
  });

  test('whoCan lists groups, users and roles with the lines that allow them', () => {
    const fleet = buildFleet(2, { policyDefault: '' });
    const a = AccessAudit.compile(fleet.config, fleet.projects);
    const grantees = a.whoCan('sync', 'applications', 'team-001-dev/api');
    const subjects = grantees.map(g => g.subject);
    expect(subjects).toEqual(expect.arrayContaining([guid(9, 0), guid(1, 1), guid(2, 1), 'admin', 'role:admin', 'role:team-001', 'proj:team-001-dev:deployer']));
    expect(subjects).not.toContain(guid(1, 0));
    const developers = grantees.find(g => g.subject === guid(1, 1))!;
    expect(developers.displayName).toBe('team-001 developers');
    expect(developers.allowedBy).toEqual(['argocd-rbac-cm: p, role:team-001, applications, sync, team-001-*/*, allow']);
    const leads = grantees.find(g => g.subject === guid(2, 1))!;
    expect(leads.allowedBy).toEqual(['AppProject team-001-dev: p, proj:team-001-dev:deployer, applications, *, team-001-dev/*, allow']);
    expect(a.whoCan('sync', 'applications', 'team-001-prod/api').map(g => g.subject)).not.toContain(guid(1, 1));
  });

  test('reads admin.enabled as Argo CD does (strconv.ParseBool; absent means enabled)', () => {
    expect(AccessAudit.localAdminEnabled(undefined)).toBe(true);
    for (const off of ['false', 'FALSE', 'False', 'f', 'F', '0']) expect(AccessAudit.localAdminEnabled(off)).toBe(false);
    for (const on of ['true', '1', 'yes']) expect(AccessAudit.localAdminEnabled(on)).toBe(true);
  });

  test('renders md, csv and json with admins, display names and environment classes', () => {
    const fleet = buildFleet(2);
    const a = AccessAudit.compile(fleet.config, fleet.projects);
    const md = a.render(AuditFormat.MARKDOWN);
    expect(md).toContain(`- Platform team (\`${guid(9, 0)}\`)`);
    expect(md).toContain(`| team-000 developers (\`${guid(1, 0)}\`) | team-000-dev | all | get, sync, action/* | get | create | - | - |`);
    expect(md).toContain('| everyone (`role:readonly`) | every project | all | get | get | - | get | get |');
    const csv = a.render(AuditFormat.CSV).split('\n');
    expect(csv[0]).toBe('principal,display_name,project,environments,resource,action,on,except,except_actions');
    expect(csv).toContain(`${guid(1, 0)},team-000 developers,team-000-prod,all,applications,action/*,,,`);
    const json = JSON.parse(a.render(AuditFormat.JSON));
    // Sorted by label in code-unit order (never the machine's locale): "Platform team" before "admin".
    expect(json.admins).toEqual([{ subject: guid(9, 0), displayName: 'Platform team' }, { subject: 'admin' }]);
    expect(json.rows.find((r: any) => r.subject === guid(1, 0) && r.project === 'team-000-dev').environments).toBe(EnvironmentScope.ALL);
  });

  test('projects named only in policy objects get rows; deterministic whatever the order of the lines', () => {
    const lines = [
      'p, role:dev, applications, get, a/*, allow',
      'p, role:dev, logs, get, b/api, allow',
      'p, role:ops, applications, sync, */*, allow',
      'p, role:ops, repositories, get, https://github.com/civica/*, allow',
      'g, dev-group, role:dev',
      'g, ops-group, role:ops',
    ];
    const a = audit(lines);
    expect(a.projectNames).toEqual(['a', 'b']);
    const md = a.render(AuditFormat.MARKDOWN);
    expect(md).toContain('| `dev-group` | a | all | get | - | - | - | - |');
    expect(md).toContain('| `dev-group` | b | non-production | - | get on `b/api` | - | - | - |');
    expect(md).toContain('| `ops-group` | every project | all | sync | - | - | get on `https://github.com/civica/*` | - |');
    const shuffled = audit([...lines].reverse());
    expect(shuffled.render(AuditFormat.MARKDOWN)).toBe(md);
    expect(shuffled.render(AuditFormat.JSON)).toBe(a.render(AuditFormat.JSON));
  });

  test('the work grows linearly with the fleet (counted rule checks, not wall time), and so do the rows', () => {
    const measure = (teams: number) => {
      let operations = 0;
      const fleet = buildFleet(teams);
      const a = AccessAudit.compile(fleet.config, fleet.projects, { counter: { count: n => { operations += n; } } });
      a.render();
      return { operations, rows: a.rows().length };
    };
    const small = measure(10);
    const large = measure(40);
    expect(large.rows).toBeGreaterThanOrEqual(4 * small.rows - 20);
    // Four times the teams: at most about four times the work, and about the same work per printed row.
    expect(large.operations).toBeLessThanOrEqual(4.2 * small.operations);
    expect(large.operations / large.rows).toBeLessThanOrEqual(1.1 * small.operations / small.rows);
  });
});
