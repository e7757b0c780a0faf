import { ProjectRoles } from '../../src/rbac/project-roles';

describe('ProjectRoles', () => {
  test('policiesString: implicit projects get, the role policies, then group bindings', () => {
    expect(ProjectRoles.policiesString({
      name: 'payments',
      roles: [{ name: 'deployer', policies: ['p, proj:payments:deployer, applications, sync, payments/*, allow'], groups: ['g1', '"a,b"'] }],
    })).toBe([
      'p, proj:payments:deployer, projects, get, payments, allow',
      'p, proj:payments:deployer, applications, sync, payments/*, allow',
      'g, g1, proj:payments:deployer',
      'g, "a,b", proj:payments:deployer',
    ].join('\n'));
  });

  test.each([
    ['p, proj:payments:deployer, applications, sync, payments/*', "must be of the form: 'p, sub, res, act, obj, eft'"],
    ['p, proj:payments:other, applications, sync, payments/*, allow', "policy subject must be: 'proj:payments:deployer', not 'proj:payments:other'"],
    ['p, proj:payments:deployer, projects, get, payments, allow', "project resource must be: 'applications', 'applicationsets', 'repositories', 'exec', 'logs' or 'clusters', not 'projects'"],
    ['p, proj:payments:deployer, applications, invoke, payments/*, allow', "invalid action 'invoke'"],
    ['p, proj:payments:deployer, applications, sync, orders/*, allow', "object must be of form 'payments/*'"],
    ['p, proj:payments:deployer, applications, sync, payments/*, maybe', "effect can only have value 'allow' or 'deny'"],
  ])('refuses policy %s', (policy, message) => {
    expect(ProjectRoles.validate({ name: 'payments', roles: [{ name: 'deployer', policies: [policy] }] }))
      .toEqual([expect.stringContaining(`roles[0].policies[0]: invalid policy rule '${policy}': ${message}`)]);
  });

  test('accepts fine-grained actions and namespaced objects', () => {
    expect(ProjectRoles.validate({
      name: 'p',
      roles: [{
        name: 'r',
        policies: [
          'p, proj:p:r, applications, update/*, p/ns/*, allow',
          'p, proj:p:r, applications, action/apps/Deployment/restart, p/app-1, deny',
        ],
      }],
    })).toEqual([]);
  });

  test.each([
    ['a,b', "group 'a,b' must be quoted"],
    ['', "group '' is empty"],
    ['"a\tb"', "group 'a\tb' contains invalid characters"],
    ['" a"', "group ' a' contains a leading or trailing space"],
  ])('refuses group %j', (group, message) => {
    expect(ProjectRoles.validate({ name: 'p', roles: [{ name: 'r', groups: [group] }] })).toEqual([`roles[0].groups[0]: ${message}`]);
  });

  test('role names and duplicates', () => {
    expect(ProjectRoles.validate({ name: 'p', roles: [{ name: '-bad' }, { name: 'ok' }, { name: 'ok' }] })).toEqual([
      expect.stringContaining("roles[0].name: invalid role name '-bad'"),
      "roles[2].name: role 'ok' already exists",
    ]);
  });

  test.each([
    ['resource', 'p, proj:orders:deployer, applications , sync, orders/*, allow'],
    ['action', 'p, proj:orders:deployer, applications, sync , orders/*, allow'],
    ['object', 'p, proj:orders:deployer, applications, sync,  orders/*, allow'],
    ['subject', 'p,proj:orders:deployer , applications, sync, orders/*, allow'],
    ['effect', 'p, proj:orders:deployer, applications, sync, orders/*, allow '],
  ])('refuses a %s with a leading or trailing space (Casbin keeps it, so the rule never matches)', (field, policy) => {
    expect(ProjectRoles.policyProblem('orders', 'deployer', policy)).toContain(`${field} `);
    expect(ProjectRoles.policyProblem('orders', 'deployer', policy)).toContain('leading or trailing space');
  });

  test('one space after each comma, or none, is the normal form', () => {
    expect(ProjectRoles.policyProblem('orders', 'deployer', 'p, proj:orders:deployer, applications, sync, orders/*, allow')).toBeUndefined();
    expect(ProjectRoles.policyProblem('orders', 'deployer', 'p,proj:orders:deployer,applications,sync,orders/*,allow')).toBeUndefined();
  });
});
