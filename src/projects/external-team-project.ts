import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoEnvironmentOptions } from '../platform/argo-environment';
import { ArgoPlatform } from '../platform/argo-platform';
import { checkEnvironmentOptions, teamNamespaceOf } from '../platform/environment-checks';
import { ITeamProject, TeamDeploymentTarget } from '../platform/team-project-ref';
import { assertDnsLabel, fail, sourceRepositoryReason } from '../util/validation';

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
   * The production AppProject's name, as in the platform's TeamProject: the team's Applications of
   * production environments belong to it.
   * @default - `<projectName>-prod` when an environment is a production environment
   */
  readonly productionProjectName?: string;
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
  /**
   * The team's application namespace on the Argo CD cluster, as the platform's TeamProject
   * declares it (its `applicationNamespace`, `<team>-apps` by default, set up together with
   * `teamRepository`). When given, the team's Applications are rendered into this namespace
   * instead of Argo CD's, where the platform's root Application `<team>-apps-<env>` (in a contained
   * project that may create only Applications, only there) creates them; the team's AppProject is
   * the only one that lists it in `sourceNamespaces`, so Argo CD accepts them for that project and
   * no other.
   * @default - the Applications are rendered into Argo CD's namespace (for a platform that copies
   * the team's output into its GitOps repository)
   */
  readonly applicationNamespace?: string;
  /**
   * The team's production application namespace, as the platform's TeamProject declares it (its
   * `productionApplicationNamespace`): the production Applications are rendered into it, where
   * only the platform's production root Application creates them. Only with `applicationNamespace`.
   * @default - `<applicationNamespace>-prod` when an environment is a production environment
   */
  readonly productionApplicationNamespace?: string;
  /**
   * Whether a CI step copies the team's `dist/<env>/` into the platform's GitOps repository, where the
   * platform's environment root Application creates the Applications in Argo CD's namespace. Without
   * it (and outside a platform repository), `applicationNamespace` is required: the platform's root
   * Application for a team repository may create Applications only in the team's application
   * namespace, so Applications written into Argo CD's namespace would never be created.
   * @default false
   */
  readonly copiedIntoPlatformRepository?: boolean;
}

/**
 * A team's AppProjects seen from the team's own repository. The platform repository owns the
 * AppProjects (the team's project and its production project), their roles and namespaces
 * (`TeamProject`); the team repository only declares its applications: those of production
 * environments in the production project and the production application namespace. This construct describes the facts the team relies on — project name, Argo CD
 * namespace, environments and permitted repositories — renders nothing itself, and creates one
 * chart per environment (`dist/<env>/`) for the team's Applications. The platform's root
 * Application for the team's repository (`TeamProject` with `teamRepository`; then set
 * `applicationNamespace` here), or a CI step copying `dist/<env>/` into the GitOps repository,
 * brings them to Argo CD.
 *
 * @example
 * // In the team's own repository: the platform repository owns the AppProject payments-team.
 * import { ApplicationSource, ExternalTeamProject, PlatformApp, TeamApplication } from 'cdk8s-argocd-platform';
 *
 * const app = new PlatformApp();
 * const payments = new ExternalTeamProject(app, 'Payments', {
 *   team: 'payments',
 *   projectName: 'payments-team',
 *   applicationNamespace: 'payments-apps',
 *   environments: [{ name: 'dev' }, { name: 'prod', production: true }],
 *   sourceRepos: ['https://github.com/example/payments-apps.git'],
 * });
 * new TeamApplication(payments, 'Worker', {
 *   project: payments,
 *   appName: 'payments-worker',
 *   source: ApplicationSource.fromDirectory({
 *     repoUrl: 'https://github.com/example/payments-apps.git',
 *     pathPattern: 'deploy/{app}/overlays/{env}',
 *   }),
 * });
 * app.synth();
 */
export class ExternalTeamProject extends Construct implements ITeamProject {
  /** The team name. */
  public readonly team: string;
  /** The AppProject name (outside production). */
  public readonly projectName: string;
  /**
   * The production AppProject name.
   * @default - none: no environment is a production environment
   */
  public readonly productionProjectName?: string;
  /**
   * The team's production application namespace.
   * @default - none
   */
  public readonly productionApplicationNamespace?: string;
  /** The namespace Argo CD runs in. */
  public readonly argoCdNamespace: string;
  /**
   * The team's application namespace, if the platform set one up.
   * @default - none; the Applications go into Argo CD's namespace
   */
  public readonly applicationNamespace?: string;
  private readonly targets: TeamDeploymentTarget[] = [];
  private readonly permittedRepos: string[];

  constructor(scope: Construct, id: string, props: ExternalTeamProjectProps) {
    super(scope, id);
    this.team = assertDnsLabel(this, 'team', props.team);
    this.projectName = assertDnsLabel(this, 'projectName', props.projectName ?? props.team);
    if (this.projectName === 'default') fail(this, 'projectName', this.projectName, 'team applications never use the "default" project');
    this.argoCdNamespace = assertDnsLabel(this, 'argoCdNamespace', props.argoCdNamespace ?? 'argocd');
    if (props.applicationNamespace !== undefined) {
      this.applicationNamespace = assertDnsLabel(this, 'applicationNamespace', props.applicationNamespace);
      if (this.applicationNamespace === this.argoCdNamespace) {
        fail(this, 'applicationNamespace', this.applicationNamespace, 'is Argo CD\'s own namespace; give the team\'s application namespace (the platform\'s TeamProject applicationNamespace, e.g. <team>-apps), or leave it out');
      }
    }
    const insidePlatform = ArgoPlatform.tryPlatformOf(this) !== undefined;
    if (props.copiedIntoPlatformRepository !== undefined && typeof props.copiedIntoPlatformRepository !== 'boolean') {
      fail(this, 'copiedIntoPlatformRepository', props.copiedIntoPlatformRepository, 'must be true or false');
    }
    if (props.copiedIntoPlatformRepository === true && props.applicationNamespace !== undefined) {
      fail(this, 'copiedIntoPlatformRepository', true, 'the output is read from the team\'s repository, in applicationNamespace; set one of them, not both');
    }
    if (!Array.isArray(props.sourceRepos) || props.sourceRepos.length === 0) {
      fail(this, 'sourceRepos', props.sourceRepos, 'list the repositories the platform allows this project');
    }
    for (const repo of props.sourceRepos) {
      const reason = sourceRepositoryReason(repo);
      if (reason) fail(this, 'sourceRepos', repo, reason);
    }
    this.permittedRepos = [...props.sourceRepos];
    if (!Array.isArray(props.environments) || props.environments.length === 0) fail(this, 'environments', props.environments, 'at least one environment is required');

    if (props.productionApplicationNamespace !== undefined && props.applicationNamespace === undefined) {
      fail(this, 'productionApplicationNamespace', props.productionApplicationNamespace, 'only applies with applicationNamespace');
    }
    const hasProduction = props.environments.some(env => env?.production === true);
    if (hasProduction) {
      this.productionProjectName = assertDnsLabel(this, 'productionProjectName', props.productionProjectName ?? `${this.projectName}-prod`);
      if (this.productionProjectName === this.projectName || this.productionProjectName === 'default') {
        fail(this, 'productionProjectName', this.productionProjectName, 'must be a project of its own, neither the team\'s project nor "default"');
      }
      if (this.applicationNamespace !== undefined) {
        this.productionApplicationNamespace = assertDnsLabel(this, 'productionApplicationNamespace', props.productionApplicationNamespace ?? `${this.applicationNamespace}-prod`);
        if ([this.argoCdNamespace, this.applicationNamespace].includes(this.productionApplicationNamespace)) {
          fail(this, 'productionApplicationNamespace', this.productionApplicationNamespace, 'must be a namespace of its own, neither Argo CD\'s nor the application namespace outside production');
        }
      }
    } else {
      if (props.productionProjectName !== undefined) fail(this, 'productionProjectName', props.productionProjectName, 'no environment is a production environment');
      if (props.productionApplicationNamespace !== undefined) fail(this, 'productionApplicationNamespace', props.productionApplicationNamespace, 'no environment is a production environment');
    }

    const root = this.node.scope ?? this;
    for (const env of props.environments) {
      const name = assertDnsLabel(this, 'environments.name', env.name);
      if (this.targets.some(t => t.environmentName === name)) fail(this, 'environments.name', name, 'environment names must be unique');
      const checked = checkEnvironmentOptions(this, `environments.${name}.`, env);
      const namespace = teamNamespaceOf(this, `environments.${name}.`, checked, this.team, name);
      const chart = (root.node.tryFindChild(name) as Chart | undefined) ?? new Chart(root, name, { disableResourceNameHashes: true });
      if (!Chart.isChart(chart)) fail(this, 'environments.name', name, 'another construct already uses this output folder');
      this.targets.push({
        environmentName: name,
        production: checked.production,
        namespace,
        cluster: checked.cluster,
        chart,
        projectName: checked.production && this.productionProjectName ? this.productionProjectName : this.projectName,
        applicationNamespace: (checked.production ? this.productionApplicationNamespace : undefined) ?? this.applicationObjectsNamespace,
      });
    }
    if (!insidePlatform && props.applicationNamespace === undefined && props.copiedIntoPlatformRepository !== true) {
      fail(this, 'applicationNamespace', undefined,
        `is required in a team repository: the team's Applications would go into Argo CD's namespace "${this.argoCdNamespace}", where the platform's root Application `
        + 'for the team\'s repository cannot create them (its project allows only the team\'s application namespace)',
        `set it to the namespace the platform's TeamProject declares (its applicationNamespace, "${this.team}-apps" by default), or build the project from the contract `
        + '(TeamContract.fromFile(\'argocd.teams.json\').teamProject(...)); if CI copies dist/ into the platform\'s GitOps repository instead, set copiedIntoPlatformRepository: true');
    }
    // Inside a platform (a platform repository that also declares this team's applications), the team is registered there.
    ArgoPlatform.tryPlatformOf(this)?.teams.register(this, {
      team: this.team,
      projectName: this.projectName,
      productionProjectName: this.productionProjectName,
      construct: this,
      applicationNamespace: this.applicationNamespace,
      productionApplicationNamespace: this.productionApplicationNamespace,
    });
  }

  /** The namespace the team's Application objects outside production are rendered into: `applicationNamespace`, else Argo CD's namespace. */
  public get applicationObjectsNamespace(): string {
    return this.applicationNamespace ?? this.argoCdNamespace;
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
