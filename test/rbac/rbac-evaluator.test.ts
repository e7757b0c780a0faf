import { ProjectRbac } from '../../src/rbac/project-roles';
import { RbacConfig } from '../../src/rbac/rbac-config';
import { RbacEvaluator } from '../../src/rbac/rbac-evaluator';

const csv = (...lines: string[]) => lines.join('\n');

interface EvaluatorOptions { policyDefault?: string; matchMode?: string; projects?: ProjectRbac[] }

async function evaluator(policyCsv: string, options: EvaluatorOptions = {}) {
  const config = new RbacConfig({ policyCsv, policyDefault: options.policyDefault, matchMode: options.matchMode });
  return RbacEvaluator.create(config, { projects: options.projects });
}

describe('RbacEvaluator: Argo CD 3.5 semantics', () => {
  test('deny overrides allow, whatever the order', async () => {
    const e = await evaluator(csv(
      'p, role:dev, applications, delete, */prod-*, deny',
      'p, role:dev, applications, delete, */*, allow',
      'g, dev-group, role:dev'));
    expect(e.can('dev-group', 'applications', 'delete', 'myproject/prod-db')).toBe(false);
    expect(e.can('dev-group', 'applications', 'delete', 'myproject/test-db')).toBe(true);
  });

  test('* matches across / (gobwas without separators)', async () => {
    const e = await evaluator(csv('p, role:dev, applications, sync, myproject/*, allow', 'p, role:dev, clusters, get, *, allow', 'g, u, role:dev'));
    expect(e.can('u', 'applications', 'sync', 'myproject/sub/app')).toBe(true);
    expect(e.can('u', 'clusters', 'get', 'https://kubernetes.default.svc')).toBe(true);
    expect(e.can('u', 'applications', 'sync', 'other/app')).toBe(false);
  });

  test('regex mode is unanchored; an invalid regex denies', async () => {
    const e = await evaluator(csv('p, role:dev, applications, get, team-a/.*, allow', 'g, u, role:dev'), { matchMode: 'regex' });
    expect(e.can('u', 'applications', 'get', 'xteam-a/app')).toBe(true);
    const broken = await evaluator(csv('p, role:dev, applications, get, (, allow', 'g, u, role:dev'), { matchMode: 'regex' });
    expect(broken.can('u', 'applications', 'get', '(')).toBe(false);
  });

  test('the default role is checked first: a deny for the user cannot override it', async () => {
    const e = await evaluator(csv('p, alice, applications, get, */*, deny'), { policyDefault: 'role:readonly' });
    expect(e.can('alice', 'applications', 'get', 'p/a')).toBe(true);
    expect(e.can('alice', 'applications', 'sync', 'p/a')).toBe(false);
  });

  test('builtin roles: admin user, role:admin inherits role:readonly, nobody updates gpgkeys or invokes extensions', async () => {
    const e = await evaluator('');
    expect(e.can('admin', 'applications', 'sync', 'p/a')).toBe(true);
    expect(e.can('role:admin', 'logs', 'get', 'p/a')).toBe(true);
    expect(e.can('role:admin', 'gpgkeys', 'update', '*')).toBe(false);
    expect(e.can('role:admin', 'extensions', 'invoke', 'metrics')).toBe(false);
    expect(e.can('role:readonly', 'write-repositories', 'get', 'https://x')).toBe(true);
    expect(e.can('role:admin', 'applications', 'rollback', 'p/a')).toBe(false); // MASTER-ONLY line absent in v3.5.1
  });

  test('API server: a group needs a g line; `can` answers Yes for it anyway', async () => {
    const e = await evaluator(csv('p, lonely-group, applications, get, */*, allow', 'p, role:dev, applications, get, */*, allow', 'g, bound-group, role:dev'));
    expect(e.can('lonely-group', 'applications', 'get', 'p/a')).toBe(true);
    expect(e.canWithGroups('sub-1', ['lonely-group'], 'applications', 'get', 'p/a')).toBe(false);
    expect(e.canWithGroups('sub-1', ['bound-group'], 'applications', 'get', 'p/a')).toBe(true);
  });

  test('API server: project roles apply as runtime policy, only for their project', async () => {
    const projects: ProjectRbac[] = [{ name: 'payments', roles: [{ name: 'deployer', policies: ['p, proj:payments:deployer, applications, sync, payments/*, allow'], groups: ['g-pay'] }] }];
    const e = await evaluator('', { projects });
    expect(e.canWithGroups('sub', ['g-pay'], 'applications', 'sync', 'payments/api')).toBe(true);
    expect(e.canWithGroups('sub', ['g-pay'], 'applications', 'sync', 'orders/api')).toBe(false);
    // the implicit projects get line
    expect(e.canWithGroups('sub', ['g-pay'], 'projects', 'get', 'payments')).toBe(true);
    // a project token only sees its own project
    expect(e.canWithGroups('proj:payments:deployer', [], 'applications', 'sync', 'payments/api')).toBe(true);
    // plain `can` ignores project roles
    expect(e.can('g-pay', 'applications', 'sync', 'payments/api')).toBe(false);
  });

  test('invalid runtime policy falls back to builtin + user', async () => {
    const projects: ProjectRbac[] = [{ name: 'p', roles: [{ name: 'r', policies: ['p, proj:p:r, applications, sync'], groups: ['g'] }] }];
    const e = await evaluator('p, role:dev, applications, get, p/*, allow\ng, g, role:dev', { projects });
    expect(e.canWithGroups('sub', ['g'], 'applications', 'get', 'p/a')).toBe(true);
    expect(e.canWithGroups('sub', ['g'], 'applications', 'sync', 'p/a')).toBe(false);
  });

  test('quoted subjects with commas are one subject', async () => {
    const e = await evaluator(csv('p, role:x, applications, get, */*, allow', 'g, "x, applications, *, */*, allow", role:x'));
    expect(e.can('x, applications, *, */*, allow', 'applications', 'get', 'p/a')).toBe(true);
    expect(e.can('x', 'applications', 'delete', 'p/a')).toBe(false);
  });
});
