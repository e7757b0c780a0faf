import { ProjectRbac } from '../../src/rbac/project-roles';
import { RbacConfig } from '../../src/rbac/rbac-config';
import { RbacPolicy } from '../../src/rbac/rbac-policy';

export const ENVIRONMENTS = ['dev', 'staging', 'prod'];

/** A deterministic GUID for fleet group `n` of kind `k`. */
export function guid(k: number, n: number): string {
  const hex = (k * 100000 + n).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-0000-4000-8000-${hex}`;
}

export interface Fleet {
  readonly config: RbacConfig;
  readonly projects: ProjectRbac[];
  readonly groups: string[];
}

/**
 * An organisation of `teams` teams × 3 environments: per team a global role (apps get/sync/actions
 * and logs on its projects, deny delete in prod) bound to its developer group, and per project a
 * `deployer` project role bound to its lead group; a platform admin group; role:readonly as default.
 */
export function buildFleet(teams: number, options: { policyDefault?: string } = {}): Fleet {
  const policy = new RbacPolicy();
  const projects: ProjectRbac[] = [];
  const groups: string[] = [];
  policy.bind(guid(9, 0), 'role:admin', { displayName: 'Platform team' });
  groups.push(guid(9, 0));
  for (let t = 0; t < teams; t++) {
    const team = `team-${String(t).padStart(3, '0')}`;
    const developers = guid(1, t);
    const leads = guid(2, t);
    groups.push(developers, leads);
    const role = policy.addRole(team, [
      { resource: 'applications', action: 'get', object: `${team}-*/*` },
      { resource: 'applications', action: 'sync', object: `${team}-*/*` },
      { resource: 'applications', action: 'action/*', object: `${team}-*/*` },
      { resource: 'logs', action: 'get', object: `${team}-*/*` },
      { resource: 'exec', action: 'create', object: `${team}-dev/*` },
      { resource: 'applications', action: 'sync', object: `${team}-prod/*`, effect: 'deny' as any },
    ], { description: `developers of ${team}` });
    policy.bind(developers, role, { displayName: `${team} developers` });
    for (const env of ENVIRONMENTS) {
      const name = `${team}-${env}`;
      projects.push({
        name,
        roles: [{
          name: 'deployer',
          policies: [
            `p, proj:${name}:deployer, applications, ${env === 'prod' ? 'sync' : '*'}, ${name}/*, allow`,
            `p, proj:${name}:deployer, repositories, get, ${name}/*, allow`,
          ],
          groups: [leads],
        }],
      });
    }
  }
  return {
    config: new RbacConfig({ policyCsv: policy.render(), policyDefault: options.policyDefault ?? 'role:readonly' }),
    projects,
    groups,
  };
}
