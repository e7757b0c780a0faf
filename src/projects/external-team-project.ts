import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ITeamProject, TeamDeploymentTarget } from './team-project-ref';
import { ArgoEnvironmentOptions, IN_CLUSTER_SERVER } from '../platform/argo-environment';
import { assertDnsLabel, fail, unsafeTokenReason } from '../util/validation';

/** Props for an ExternalTeamProject. */
export interface ExternalTeamProjectProps {
  /** The team name, as in the platform's TeamProject. */
  readonly team: string;
  /**
   * The AppProject's name, as in the platform's TeamProject.
   * @default - the team name
   */
  readonly projectName?: string;
  /**
   * The namespace Argo CD runs in.
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
  /**
   * The platform's environments, as the platform declares them (name, production, cluster,
   * namespacePattern). Each gets an output folder `dist/<env>/` in the team's repository.
   */
  readonly environments: ArgoEnvironmentOptions[];
  /**
   * The repositories the platform's TeamProject allows (its `sourceRepos`). Applications that use
   * another repository fail at synth instead of at sync with "repository not permitted".
   */
  readonly sourceRepos: string[];
}

/**
 * A team's AppProject seen from the team's own repository. The platform repository owns the
 * AppProject, its roles and namespaces (`TeamProject`); the team repository only declares its
 * applications. This construct describes the facts the team relies on — project name, Argo CD
 * namespace, environments and permitted repositories — renders nothing itself, and creates one
 * chart per environment (`dist/<env>/`) for the team's Applications. The platform's root
 * Application for the team's repository, or a CI step copying `dist/<env>/` into the GitOps
 * repository, brings them to Argo CD.
 */
export class ExternalTeamProject extends Construct implements ITeamProject {
  /** The team name. */
  public readonly team: string;
  /** The AppProject name. */
  public readonly projectName: string;
  /** The namespace Argo CD runs in. */
  public readonly argoCdNamespace: string;
  private readonly targets: TeamDeploymentTarget[] = [];
  private readonly permittedRepos: string[];

  constructor(scope: Construct, id: string, props: ExternalTeamProjectProps) {
    super(scope, id);
    this.team = assertDnsLabel(this, 'team', props.team);
    this.projectName = assertDnsLabel(this, 'projectName', props.projectName ?? props.team);
    if (this.projectName === 'default') fail(this, 'projectName', this.projectName, 'team applications never use the "default" project');
    this.argoCdNamespace = assertDnsLabel(this, 'argoCdNamespace', props.argoCdNamespace ?? 'argocd');
    if (!Array.isArray(props.sourceRepos) || props.sourceRepos.length === 0) {
      fail(this, 'sourceRepos', props.sourceRepos, 'list the repositories the platform allows this project');
    }
    for (const repo of props.sourceRepos) {
      if (unsafeTokenReason(repo) || repo.includes('*')) fail(this, 'sourceRepos', repo, 'must name one repository');
    }
    this.permittedRepos = [...props.sourceRepos];
    if (!Array.isArray(props.environments) || props.environments.length === 0) fail(this, 'environments', props.environments, 'at least one environment is required');

    const root = this.node.scope ?? this;
    for (const env of props.environments) {
      const name = assertDnsLabel(this, 'environments.name', env.name);
      if (this.targets.some(t => t.environmentName === name)) fail(this, 'environments.name', name, 'environment names must be unique');
      const cluster = env.cluster ?? {};
      if (cluster.server !== undefined && cluster.name !== undefined) fail(this, `environments.${name}.cluster`, cluster, 'give either server or name, not both');
      const pattern = env.namespacePattern ?? '{team}-{env}';
      if (!pattern.includes('{team}')) fail(this, `environments.${name}.namespacePattern`, pattern, 'must contain {team}');
      const namespace = assertDnsLabel(this, `environments.${name}.namespacePattern`, pattern.split('{team}').join(this.team).split('{env}').join(name));
      const chart = (root.node.tryFindChild(name) as Chart | undefined) ?? new Chart(root, name, { disableResourceNameHashes: true });
      if (!Chart.isChart(chart)) fail(this, 'environments.name', name, 'another construct already uses this output folder');
      this.targets.push({
        environmentName: name,
        production: env.production ?? false,
        namespace,
        cluster: cluster.name !== undefined ? { name: cluster.name } : { server: cluster.server ?? IN_CLUSTER_SERVER },
        chart,
      });
    }
  }

  /** The team's deployment target in every environment. */
  public deploymentTargets(): TeamDeploymentTarget[] {
    return [...this.targets];
  }

  /** Checks that the platform allows the repository; the project itself is not changed from here. */
  public addSourceRepo(repo: string): void {
    if (!this.permittedRepos.includes(repo)) {
      fail(this, 'sourceRepos', repo, `the platform's project ${this.projectName} allows only ${this.permittedRepos.join(', ')}; ask the platform team to add the repository`);
    }
  }
}
