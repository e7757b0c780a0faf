import { ApiObject } from 'cdk8s';
import { ClusterDestination } from './argo-environment';
import type { ArgoPlatform } from './argo-platform';
import { PlatformLabels } from './labels';
import { TeamContractEnvironment, TeamContractTeam } from './team-contract';
import { compareStrings } from '../util/validation';

/** The `apiVersion` of a team contract file. */
export const TEAM_CONTRACT_API_VERSION = 'argocd-platform/v1';
/** The `kind` of a team contract file. */
export const TEAM_CONTRACT_KIND = 'TeamContract';

/**
 * Renders the contract of a platform's teams (those whose AppProject the platform renders), from
 * the rendered AppProjects: each environment's project is the team's AppProject whose destinations
 * include the team's namespace there. Undefined when the platform has no such team.
 */
export function renderTeamContract(platform: ArgoPlatform): string | undefined {
  const projects = platform.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'AppProject')
    .map(p => p.toJson());
  const teams: TeamContractTeam[] = [];
  for (const registration of platform.teams.all) {
    const own = projects.filter(p => p.metadata?.labels?.[PlatformLabels.TEAM] === registration.team);
    const main = own.find(p => p.metadata.name === registration.projectName);
    if (!main) continue; // declared by an ExternalTeamProject: its project is owned elsewhere
    const environments: TeamContractEnvironment[] = platform.environments.map(env => {
      const namespace = env.namespaceFor(registration.team);
      const serving = own.filter(p => (p.spec?.destinations ?? []).some((d: any) => d.namespace === namespace && sameCluster(d, env.cluster)));
      // The team's production project in production; else the project serving the namespace, the team's main one last.
      const production = env.production && registration.productionProjectName
        ? own.find(p => p.metadata.name === registration.productionProjectName) : undefined;
      const project = production ?? serving.find(p => p !== main) ?? main;
      return {
        name: env.environmentName,
        production: env.production,
        cluster: { ...env.cluster },
        namespace,
        project: project.metadata.name,
        applicationNamespace: (env.production ? registration.productionApplicationNamespace : undefined) ?? registration.applicationNamespace,
        sourceRepos: [...(project.spec?.sourceRepos ?? [])],
      };
    });
    const clusters: ClusterDestination[] = [];
    for (const env of environments) {
      if (!clusters.some(c => sameCluster(c, env.cluster))) clusters.push(env.cluster);
    }
    const repository = (registration.construct as any).teamRepository;
    teams.push({
      team: registration.team,
      projectName: registration.projectName,
      productionProjectName: registration.productionProjectName,
      argoCdNamespace: platform.argoCdNamespace,
      applicationNamespace: registration.applicationNamespace,
      productionApplicationNamespace: registration.productionApplicationNamespace,
      teamRepository: repository
        ? { repoUrl: repository.repoUrl, targetRevision: repository.targetRevision, pathPrefix: repository.pathPrefix } : undefined,
      environments,
      clusters,
      sourceRepos: [...(main.spec?.sourceRepos ?? [])],
    });
  }
  if (teams.length === 0) return undefined;
  teams.sort((a, b) => compareStrings(a.team, b.team));
  return `${JSON.stringify({ apiVersion: TEAM_CONTRACT_API_VERSION, kind: TEAM_CONTRACT_KIND, platform: platform.platformName, teams }, null, 2)}\n`;
}

function sameCluster(a: ClusterDestination, b: ClusterDestination): boolean {
  const server = (c: ClusterDestination) => c.server ?? (c.name === undefined ? 'https://kubernetes.default.svc' : undefined);
  return a.name !== undefined || b.name !== undefined ? a.name === b.name && server(a) === server(b) : server(a) === server(b);
}
