import * as fc from 'fast-check';
import { PolicyCsv } from '../../src/rbac/policy-csv';
import { PolicyEffect, PolicyMatchMode, RbacPolicy } from '../../src/rbac/rbac-policy';
import { RbacActions, RbacResource } from '../../src/rbac/rbac-vocabulary';

describe('RbacPolicy', () => {
  test('renders deterministic blocks: comment, sorted p lines, quoted g lines with display names', () => {
    const policy = new RbacPolicy();
    policy.bind('84ce98d1-e359-4f3b-85af-985b458de3c6', 'payments', { displayName: 'Payments developers' });
    policy.addRole('payments', [
      { resource: RbacResource.LOGS, action: 'get', object: 'payments/*' },
      { resource: RbacResource.APPLICATIONS, action: 'sync', object: 'payments/*' },
      { resource: RbacResource.APPLICATIONS, action: RbacActions.resourceAction('apps', 'Deployment', 'restart'), object: 'payments/*' },
    ], { description: 'payments developers' });
    policy.bind('6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11', 'role:admin');
    expect(policy.render()).toBe([
      '# role:admin (built-in)',
      'g, "6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11", role:admin',
      '',
      '# role:payments: payments developers',
      'p, role:payments, applications, action/apps/Deployment/restart, payments/*, allow',
      'p, role:payments, applications, sync, payments/*, allow',
      'p, role:payments, logs, get, payments/*, allow',
      '# group: Payments developers',
      'g, "84ce98d1-e359-4f3b-85af-985b458de3c6", role:payments',
      '',
    ].join('\n'));
  });

  test('a team named like a policy line stays one quoted field', () => {
    const policy = new RbacPolicy();
    policy.addRole('x, applications, sync, team/app, allow', [{ resource: 'applications', action: 'get', object: 'x/*' }]);
    const lines = PolicyCsv.parse(policy.render());
    expect(lines).toHaveLength(1);
    expect(lines[0].fields[0]).toBe('role:x, applications, sync, team/app, allow');
    expect(lines[0].fields[1]).toBe('applications');
  });

  test('a role with a glob character in its name is refused: it is a name, not a pattern', () => {
    expect(() => new RbacPolicy().addRole('x, applications, *, */*, allow', [{ resource: 'applications', action: 'get', object: 'x/*' }]))
      .toThrow('role: must not contain the glob character "*"; it is a name, not a pattern (got "role:x, applications, *, */*, allow")');
  });

  test.each([
    ['subject', 'a\nb', 'must not contain a newline or carriage return'],
    ['subject', 'a\rb', 'must not contain a newline or carriage return'],
    ['subject', 'a\tb', 'must not contain a tab'],
    ['subject', 'a"b', 'must not contain a double quote'],
    ['subject', ' ab', 'must not start or end with a space'],
    ['subject', 'ab ', 'must not start or end with a space'],
  ])('bind refuses %s %j', (field, value, reason) => {
    expect(() => new RbacPolicy().bind(value, 'role:x')).toThrow(`${field}: ${reason} (got ${JSON.stringify(value)})`);
  });

  test.each([
    [{ resource: 'application', action: 'get', object: 'p/a' }, 'grants[0].resource: unknown resource', '"application"'],
    [{ resource: 'applications', action: 'invoke', object: 'p/a' }, 'grants[0].action: resource applications has no action invoke', '"invoke"'],
    [{ resource: 'applications', action: 'deploy', object: 'p/a' }, 'grants[0].action: unknown action', '"deploy"'],
    [{ resource: 'applications', action: 'rollback', object: 'p/a' }, 'rollback is not an RBAC action in Argo CD 3.5', '"rollback"'],
    [{ resource: 'logs', action: 'update/*', object: 'p/a' }, 'fine-grained "update/..." actions exist only for applications', '"update/*"'],
    [{ resource: 'applications', action: 'update/apps/Deployment', object: 'p/a' }, 'must be update/<group>/<kind>/<namespace>/<name>', '"update/apps/Deployment"'],
    [{ resource: 'applications', action: 'get', object: 'payments' }, 'grants[0].object: applications objects are <project>/<name>', '"payments"'],
    [{ resource: 'exec', action: 'create', object: 'a/b/c/d' }, 'exec objects are', '"a/b/c/d"'],
    [{ resource: 'clusters', action: 'get', object: 'prod-cluster' }, 'cluster name is not accepted', '"prod-cluster"'],
    [{ resource: 'repositories', action: 'get', object: 'my-repo' }, 'repositories objects are the repository URL', '"my-repo"'],
    [{ resource: 'projects', action: 'get', object: 'a/b' }, 'projects objects are a plain name or *', '"a/b"'],
    [{ resource: 'applications', action: 'get', object: 'p/a', effect: 'maybe' as PolicyEffect }, 'grants[0].effect: must be allow or deny', '"maybe"'],
    [{ resource: 'applications', action: 'get', object: 'p/a"' }, 'grants[0].object: must not contain a double quote', '"p/a\\""'],
  ])('addRole refuses %j', (grant, message, got) => {
    expect(() => new RbacPolicy().addRole('x', [grant])).toThrow(message);
    expect(() => new RbacPolicy().addRole('x', [grant])).toThrow(`(got ${got})`);
  });

  test('accepts Argo CD 3.5 vocabulary', () => {
    const policy = new RbacPolicy();
    expect(() => policy.addRole('ok', [
      { resource: 'write-repositories', action: 'create', object: 'https://github.com/org/*' },
      { resource: 'extensions', action: 'invoke', object: 'metrics' },
      { resource: 'applications', action: RbacActions.updateResource('', 'Pod', 'ns', '*'), object: 'p/ns/*' },
      { resource: 'applications', action: RbacActions.DELETE_ANY_RESOURCE, object: '*' },
      { resource: 'clusters', action: 'get', object: 'payments/https://kubernetes.default.svc' },
      { resource: 'repositories', action: 'get', object: 'payments/*' },
      { resource: 'repositories', action: 'get', object: 'git@github.com:org/repo.git' },
      { resource: '*', action: '*', object: '*' },
    ])).not.toThrow();
  });

  test('names the source construct when given', () => {
    expect(() => new RbacPolicy().addRole('x', [{ resource: 'logs', action: 'sync', object: 'p/*' }], { source: 'app/Payments' }))
      .toThrow('[app/Payments] grants[0].action: resource logs has no action sync');
  });

  test('validate() reports a role bound without grants', () => {
    const policy = new RbacPolicy();
    policy.bind('g1', 'role:ghost');
    policy.bind('g2', 'role:admin');
    expect(policy.validate()).toEqual([expect.stringContaining('role role:ghost is bound to "g1" but has no grants')]);
  });

  test('property: render then parse gives the same model', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    const display = fc.string({ minLength: 1, maxLength: 10 }).filter(s => !/[\n\r\t"]/.test(s) && s.trim() === s);
    const grant = fc.record({
      resource: fc.constantFrom('applications', 'logs', 'projects'),
      project: name,
      effect: fc.constantFrom(PolicyEffect.ALLOW, PolicyEffect.DENY),
    }).map(g => ({
      resource: g.resource,
      action: g.resource === 'projects' ? 'get' : 'get',
      object: g.resource === 'projects' ? g.project : `${g.project}/*`,
      effect: g.effect,
    }));
    const model = fc.record({
      roles: fc.array(fc.record({
        name: fc.oneof(name, name.map(n => `${n}, applications, sync, team/app, allow`)),
        grants: fc.array(grant, { minLength: 1, maxLength: 4 }),
      }), { maxLength: 4 }),
      bindings: fc.array(fc.record({
        subject: fc.oneof(fc.uuid(), name), role: name, displayName: fc.option(display, { nil: undefined }),
      }), { maxLength: 5 }),
    });
    fc.assert(fc.property(model, m => {
      const policy = new RbacPolicy();
      for (const r of m.roles) policy.addRole(r.name, r.grants, { description: `role ${r.name.length}` });
      for (const b of m.bindings) policy.bind(b.subject, b.role, { displayName: b.displayName });
      const parsed = RbacPolicy.parse(policy.render());
      const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
      const sortGrants = (p: RbacPolicy) => p.roleDefinitions.map(r => ({ ...r, grants: [...r.grants].sort(byJson) }));
      expect(sortGrants(parsed)).toEqual(sortGrants(policy));
      expect(parsed.bindings).toEqual(policy.bindings);
      expect(parsed.render()).toBe(policy.render());
    }), { numRuns: 200 });
  });

  test('refuses an object that is not a valid glob: Argo CD never matches it', () => {
    const policy = new RbacPolicy();
    expect(() => policy.addRole('dev', [{ resource: 'applications', action: 'get', object: 'a/[z-a]' }], { source: 'Platform/Team' }))
      .toThrow('[Platform/Team] grants[0].object: is not a valid glob pattern');
    expect(() => policy.addRole('dev', [{ resource: 'applications', action: 'get', object: 'a/[z-a]' }]))
      .toThrow(/grants\[0\]\.object: .*never matches \(got "a\/\[z-a\]"\)/);
    expect(policy.roleNames).toEqual([]);
  });

  test('in regex mode objects are compiled as regular expressions', () => {
    const policy = new RbacPolicy({ matchMode: PolicyMatchMode.REGEX });
    expect(policy.addRole('dev', [{ resource: 'applications', action: 'get', object: 'a/{x' }])).toBe('role:dev');
    expect(() => policy.addRole('dev', [{ resource: 'applications', action: 'get', object: 'a/(x' }]))
      .toThrow('grants[0].object: is not a valid regular expression');
    expect(() => RbacPolicy.parse('p, role:dev, applications, get, a/(x, allow\n', PolicyMatchMode.REGEX)).toThrow('not a valid regular expression');
  });
});
