import * as fc from 'fast-check';
import { AccessAudit, AccessRow } from '../../src/rbac/access-audit';
import { ACTION_FAMILIES, AUDIT_RESOURCES, entryAllows } from '../../src/rbac/access-cells';
import { globMatch } from '../../src/rbac/glob-match';
import { isProductionObject } from '../../src/rbac/object-scope';
import { ProjectRbac } from '../../src/rbac/project-roles';
import { RbacConfig } from '../../src/rbac/rbac-config';
import { RbacEvaluator } from '../../src/rbac/rbac-evaluator';

// Every cell of the audit against per-question evaluation (casbin, Argo CD's model, as the CLI's
// `rbac can` evaluates): generated policies with allow and deny lines, globs, project roles and a
// default role; for each group, project (named or not), environment class, resource and action,
// the row a reader would use must answer exactly as the evaluator does, object by object.

const ACTIONS = ['get', 'create', 'update', 'delete', 'sync', 'override', 'action/*', 'update/*', 'delete/*',
  'action/apps/Deployment/restart', 'delete/apps/Deployment/ns/api'];
const OBJECTS = ['*/*', '*', 'billing/*', 'billing/*-prod', 'orders/*', '*/*-prod', 'billing/api-*', 'billing/api-prod',
  'orders/web-dev', '*/api-*', 'bill*/*', 'orders/*-dev', '*-prod'];
const SUBJECTS = ['role:a', 'role:b', 'g1', 'role:c'];
const PROJECTS = ['billing', 'orders', 'elsewhere'];
const NAMES = ['api-prod', 'api-dev', 'web-staging', 'ns/api-prod', 'x'];
const GROUPS = ['g1', 'g2', 'g3', 'g4', 'stranger'];

const pLine = fc.record({
  subject: fc.constantFrom(...SUBJECTS),
  resource: fc.constantFrom('applications', 'applications', 'logs', 'exec', '*', 'repositories'),
  action: fc.constantFrom('get', 'sync', 'override', '*', 'action/*', 'action/apps/Deployment/restart', 'update/*', 'delete/*', 'delete', 'create'),
  object: fc.constantFrom(...OBJECTS),
  effect: fc.constantFrom('allow', 'allow', 'deny'),
}).map(l => `p, ${l.subject}, ${l.resource}, ${l.action}, ${l.object}, ${l.effect}`);

const gLine = fc.constantFrom('g, g1, role:a', 'g, g2, role:b', 'g, role:b, role:a', 'g, g3, role:readonly', 'g, g4, role:admin', 'g, g2, role:c');

const projectRole = fc.record({
  action: fc.constantFrom('*', 'sync', 'get', 'action/apps/Deployment/restart', 'override'),
  object: fc.constantFrom('*', '*-prod', 'api-*', 'api-prod'),
  effect: fc.constantFrom('allow', 'allow', 'deny'),
  group: fc.constantFrom('g1', 'g3', 'g4'),
});

const scenario = fc.record({
  pLines: fc.array(pLine, { minLength: 1, maxLength: 8 }),
  gLines: fc.uniqueArray(gLine, { maxLength: 4 }),
  policyDefault: fc.constantFrom('', '', 'role:readonly', 'role:c'),
  billingRoles: fc.array(projectRole, { maxLength: 3 }),
});

function claim(row: AccessRow | undefined, resource: string, action: string, object: string): boolean {
  const entries = row?.access[resource] ?? [];
  const own = entries.find(e => e.action === action);
  if (own) return entryAllows(own, object, globMatch);
  const family = resource === 'applications' ? ACTION_FAMILIES.find(f => f !== action && globMatch(action, f)) : undefined;
  const familyEntry = family ? entries.find(e => e.action === family) : undefined;
  return familyEntry ? entryAllows(familyEntry, object, globMatch, action) : false;
}

describe('AccessAudit exactness', () => {
  test('every cell answers like per-question evaluation on generated policies', async () => {
    await fc.assert(fc.asyncProperty(scenario, async s => {
      const config = new RbacConfig({ policyCsv: [...s.pLines, ...s.gLines].join('\n'), policyDefault: s.policyDefault });
      const projects: ProjectRbac[] = [
        {
          name: 'billing',
          roles: s.billingRoles.map((r, i) => ({
            name: `r${i}`,
            policies: [`p, proj:billing:r${i}, applications, ${r.action}, billing/${r.object}, ${r.effect}`],
            groups: [r.group],
          })),
        },
        { name: 'orders' },
      ];
      const audit = AccessAudit.compile(config, projects, { productionEnvironments: ['prod'] });
      const evaluator = await RbacEvaluator.create(config, { projects });
      const everyone = config.policyDefault;
      // Applications: every action (an action the policy does not name is answered by its family);
      // other resources: their own actions and those the policy names for them.
      const actionsOf = new Map(AUDIT_RESOURCES.map(([resource, base]) => [resource, resource === 'applications' ? ACTIONS
        : [...new Set([...base, ...s.pLines.map(l => l.split(', ')).filter(f => (f[2] === resource || f[2] === '*') && f[3] !== '*').map(f => f[3])])]]));
      for (const project of PROJECTS) {
        for (const name of NAMES) {
          const object = `${project}/${name}`;
          const production = isProductionObject(object, ['prod']);
          for (const group of [...GROUPS, 'admin']) {
            const principal = audit.principal(group);
            const shown = principal !== undefined && principal.kind !== 'user';
            const row = shown ? audit.rowFor(group, project, production) : undefined;
            const everyoneRow = everyone ? audit.rowFor(everyone, project, production) : undefined;
            for (const [resource, actions] of actionsOf) {
              for (const action of actions) {
                const expected = group === 'admin'
                  ? evaluator.canWithGroups('admin', [], resource, action, object)
                  : evaluator.canWithGroups('someone', [group], resource, action, object);
                const actual = claim(everyoneRow, resource, action, object) || claim(row, resource, action, object);
                if (actual !== expected) {
                  throw new Error(`${group} ${action} ${resource} ${object}: audit says ${actual}, evaluator ${expected}\n`
                    + `row: ${JSON.stringify(row)}\neveryone: ${JSON.stringify(everyoneRow)}\n${audit.render()}`);
                }
              }
            }
          }
        }
      }
    }), { numRuns: 45, seed: 9 });
  }, 240_000);
});
