import { Duration } from 'cdk8s';
import { ArgoPlatform, SyncWindowKind, TeamAccess, TeamChannelKind, TeamProject } from '../../src';

/** Azure AD group object IDs of the example teams (Azure sends object IDs, not names, in the groups claim). */
export const TEAM_GROUPS = {
  paymentsDevelopers: '1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01',
  paymentsLeads: '2c7a1f3b-8d4e-4f6a-9b32-6a5d4c3b2e02',
  ordersDevelopers: '3d8b2a4c-9e5f-4a7b-8c43-7b6e5d4c3f03',
  ordersLeads: '4e9c3b5d-af60-4b8c-9d54-8c7f6e5d4a04',
  allDevelopers: '5fad4c6e-b071-4c9d-8e65-9d8a7f6e5b05',
} as const;

/**
 * The seed's two teams, each with two AppProjects: the team's (namespaces <team>-dev/-staging) and
 * its production project <project>-prod (only <team>-prod on aks-prod), developers bound to
 * role:<project>, and a team-lead project role; all developers read-only.
 * Access is declared per environment class, as the seed's workflow intends: developers sync dev
 * and staging; payments' team leads sync production after review, orders follows the seed's rule
 * "only the platform team syncs production" (TeamAccess.platformSyncsProduction()). Only the
 * platform team (role:admin) creates, updates or deletes production Applications (ARGO-ACC7);
 * nobody on a team gets override, exec, update/*, delete/* or resource actions in production.
 * The payments team also synthesizes Applications in its own repository.
 */
export function addTeams(platform: ArgoPlatform): { payments: TeamProject; orders: TeamProject } {
  // The teams' base + overlays live in the same GitOps repository as the platform's output.
  const GITOPS_REPO = platform.gitOps.repoUrl;
  const payments = new TeamProject(platform, 'Payments', {
    team: 'payments',
    projectName: 'payments-team',
    sourceRepos: [GITOPS_REPO],
    // The team declares more applications in its own repository (examples/team-repo); the platform
    // brings them in with the root Applications payments-apps-<env>, each in a contained project,
    // into the namespace payments-apps (production: payments-apps-prod, which only the production
    // project payments-team-prod accepts).
    teamRepository: { repoUrl: 'git@github.com:civica/payments-apps.git' },
    // Namespaces payments-dev/-staging (Argo CD's cluster) and payments-prod (on aks-prod).
    // The production project is payments-team-prod (productionProjectName, the default spelled out).
    productionProjectName: 'payments-team-prod',
    createNamespaces: true,
    developerGroups: [TEAM_GROUPS.paymentsDevelopers],
    // get, sync and resource actions on dev and staging; get only on prod (the default, spelled out)
    developerAccess: TeamAccess.developersDefault(),
    groupDisplayNames: { [TEAM_GROUPS.paymentsDevelopers]: 'Payments developers', [TEAM_GROUPS.paymentsLeads]: 'Payments team leads' },
    roles: [{
      name: 'team-lead',
      groups: [TEAM_GROUPS.paymentsLeads],
      access: TeamAccess.teamLeadsDefault(),
      description: 'Payments team leads: every action outside production; get and sync in production',
    }],
    notify: [{ kind: TeamChannelKind.SLACK, recipient: 'payments-deployments' }],
    syncWindows: [{
      kind: SyncWindowKind.DENY,
      schedule: '0 18 * * 5',
      duration: Duration.hours(63),
      environments: ['prod'],
      manualSync: true,
      timeZone: 'Europe/London',
      description: 'No automated prod syncs over the weekend; manual syncs stay possible',
    }],
  });

  const orders = new TeamProject(platform, 'Orders', {
    team: 'orders',
    projectName: 'orders-team',
    sourceRepos: [GITOPS_REPO],
    developerGroups: [TEAM_GROUPS.ordersDevelopers],
    createNamespaces: true,
    groupDisplayNames: { [TEAM_GROUPS.ordersDevelopers]: 'Orders developers', [TEAM_GROUPS.ordersLeads]: 'Orders team leads' },
    // Developers: TeamAccess.developersDefault(). Team leads: every action outside production and
    // get in it; the platform team syncs orders' production (the seed's workflow).
    roles: [{ name: 'team-lead', groups: [TEAM_GROUPS.ordersLeads], access: TeamAccess.platformSyncsProduction() }],
    notify: [{ kind: TeamChannelKind.SLACK, recipient: 'orders-deployments' }],
  });

  platform.rbac.bind(TEAM_GROUPS.allDevelopers, 'role:readonly', { displayName: 'All developers' });
  return { payments, orders };
}
