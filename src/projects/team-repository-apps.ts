import { Duration } from 'cdk8s';
import { KubeNamespace, KubeRole, KubeRoleBinding } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { SYNC_WAVE_ANNOTATION } from './sync-wave';
import { SyncWindowKind } from './sync-window';
import type { TeamProject } from './team-project';
import { Application } from '../imports/application-argoproj.io';
import { AppProject } from '../imports/appproject-argoproj.io';
import { IN_CLUSTER_SERVER } from '../platform/argo-environment';
import { ArgoPlatform } from '../platform/argo-platform';
import { SettingsConfigMap } from '../platform/argo-settings';
import { PlatformLabels } from '../platform/labels';
import { renderRetry } from '../platform/sync-options';
import { assertBranch, assertDnsLabel, assertGitUrl, assertRepositoryPath, fail, SYSTEM_NAMESPACES } from '../util/validation';

/**
 * A team's own repository, in which the team synthesizes its Applications (`ExternalTeamProject`
 * and `TeamApplication`) into one folder per environment, `<pathPrefix>/<env>`.
 */
export interface TeamRepositoryOptions {
  /** The repository URL (https://, ssh:// or git@host:org/repo), e.g. `https://github.com/civica/payments-apps.git`. */
  readonly repoUrl: string;
  /**
   * The branch Argo CD follows. `HEAD` is refused: it floats with the remote's default branch.
   * @default 'main'
   */
  readonly targetRevision?: string;
  /**
   * The folder of the synthesized output inside the repository; each environment's Applications
   * are in `<pathPrefix>/<env>`. A relative path; empty for the repository root.
   * @default 'dist'
   */
  readonly pathPrefix?: string;
  /**
   * Keep the team's production Applications on manual sync, whatever the team's repository says:
   * the team's production AppProject gets an always-open deny window on its production namespaces with
   * `manualSync: true`, so Argo CD never syncs them automatically while people still can (after PR
   * approval, as the seed's workflow wants). The window also covers the team's production
   * Applications declared in the platform repository, which sync by hand anyway unless one sets
   * `productionAutoSync`; turn this off for such a team.
   * @default true
   */
  readonly enforceManualProductionSync?: boolean;
}

/** Props for TeamRepositoryApps. */
export interface TeamRepositoryAppsProps {
  /** The team's project; the root Applications belong to it. */
  readonly project: TeamProject;
  /** The team's repository. */
  readonly repository: TeamRepositoryOptions;
  /**
   * The namespace on the Argo CD cluster where the team's Applications live.
   * @default - `<team>-apps`
   */
  readonly applicationNamespace?: string;
  /**
   * The namespace on the Argo CD cluster where the team's production Applications live (when the
   * platform has production environments).
   * @default - `<applicationNamespace>-prod`
   */
  readonly productionApplicationNamespace?: string;
}

/** The API server's service account in the argo-cd chart (release `argocd`). */
const ARGOCD_SERVER_SERVICE_ACCOUNT = 'argocd-server';

/**
 * What the platform sets up for a team that declares its Applications in its own repository
 * (Argo CD "Applications in any namespace"); created by `TeamProject` from its `teamRepository`
 * prop, whose documentation explains why this is safe. It renders the team's application
 * Namespace on the Argo CD cluster with a Role and RoleBinding that let argocd-server manage
 * Applications there (and only there), adds the namespace to `application.namespaces`, allows the
 * platform project to sync that Role, and renders one root Application `<team>-apps-<env>` per
 * environment in a contained project of its own (`rootProjectName`, named after the application
 * namespace): its only destination is that namespace on the Argo CD cluster and its only allowed
 * kind is `Application` (argoproj.io), so the team's repository cannot run Pods or create Roles
 * next to Argo CD. The project lists no source namespaces, so the Applications the root apps
 * create are accepted only in the team's own project (the one project that lists the namespace).
 */
export class TeamRepositoryApps extends Construct {
  /** The repository, with defaults applied. */
  public readonly repository: TeamRepositoryOptions;
  /** The namespace of the team's Applications. */
  public readonly applicationNamespace: string;
  /** The contained AppProject of the root Applications outside production (named after the application namespace). */
  public readonly rootProjectName: string;
  /**
   * The namespace of the team's production Applications.
   * @default - none: the platform has no production environment
   */
  public readonly productionApplicationNamespace?: string;
  /**
   * The contained AppProject of the production root Applications (named after the production application namespace).
   * @default - none: the platform has no production environment
   */
  public readonly productionRootProjectName?: string;
  private readonly rootApps = new Map<string, string>();
  private readonly project: TeamProject;
  private readonly platform: ArgoPlatform;

  constructor(scope: Construct, id: string, props: TeamRepositoryAppsProps) {
    super(scope, id);
    this.project = props.project;
    this.platform = props.project.platform;
    this.repository = this.checkRepository(props.repository);
    this.applicationNamespace = this.checkApplicationNamespace(props.applicationNamespace ?? `${this.project.team}-apps`);
    this.rootProjectName = this.applicationNamespace;
    if (this.platform.environments.some(e => e.production)) {
      this.productionApplicationNamespace = this.checkApplicationNamespace(
        props.productionApplicationNamespace ?? `${this.applicationNamespace}-prod`, 'productionApplicationNamespace');
      if (this.productionApplicationNamespace === this.applicationNamespace) {
        fail(this.project, 'productionApplicationNamespace', this.productionApplicationNamespace, 'is the application namespace outside production; production Applications need a namespace of their own');
      }
      this.productionRootProjectName = this.productionApplicationNamespace;
    } else if (props.productionApplicationNamespace !== undefined) {
      fail(this.project, 'productionApplicationNamespace', props.productionApplicationNamespace, 'the platform has no production environment');
    }
    this.render();
  }

  /** The root Application names by environment. */
  public get rootAppNames(): { [environment: string]: string } {
    return Object.fromEntries(this.rootApps);
  }

  /** The root Application of an environment, e.g. `payments-apps-prod`. */
  public rootAppNameFor(environment: string): string {
    const name = this.rootApps.get(environment);
    if (!name) fail(this.project, 'environment', environment, `has no root application; root applications exist for ${[...this.rootApps.keys()].join(', ')}`);
    return name;
  }

  private checkRepository(repository: TeamRepositoryOptions): TeamRepositoryOptions {
    const repoUrl = assertGitUrl(this.project, 'teamRepository.repoUrl', repository.repoUrl);
    const targetRevision = assertBranch(this.project, 'teamRepository.targetRevision', repository.targetRevision ?? 'main');
    const pathPrefix = assertRepositoryPath(this.project, 'teamRepository.pathPrefix', repository.pathPrefix ?? 'dist');
    return { repoUrl, targetRevision, pathPrefix, enforceManualProductionSync: repository.enforceManualProductionSync ?? true };
  }

  private checkApplicationNamespace(namespace: string, field = 'applicationNamespace'): string {
    assertDnsLabel(this.project, field, namespace);
    if (namespace === this.platform.argoCdNamespace) {
      fail(this.project, field, namespace, 'is Argo CD\'s own namespace; whoever writes Applications there is an Argo CD admin');
    }
    if (SYSTEM_NAMESPACES.includes(namespace)) fail(this.project, field, namespace, 'is a system namespace; give the team a namespace of its own');
    for (const env of this.platform.environments) {
      if (env.namespaceFor(this.project.team) === namespace) {
        fail(this.project, field, namespace, `is the team's deployment namespace in ${env.environmentName}; Applications live in a namespace of their own`);
      }
    }
    return namespace;
  }

  private render() {
    const repository = this.repository;
    const namespace = this.applicationNamespace;
    const production = this.platform.environments.filter(e => e.production).map(e => e.environmentName);
    if ((repository.enforceManualProductionSync ?? true) && production.length > 0) {
      this.project.addSyncWindow({
        kind: SyncWindowKind.DENY,
        schedule: '0 0 * * *',
        duration: Duration.hours(24),
        environments: production,
        manualSync: true,
        description: 'Production syncs by hand only (team repository); automated sync is always denied',
      });
    }
    const scopes: Array<{ production: boolean; namespace: string; rootProject: string }> = [
      { production: false, namespace, rootProject: this.rootProjectName },
      ...(this.productionApplicationNamespace
        ? [{ production: true, namespace: this.productionApplicationNamespace, rootProject: this.productionRootProjectName! }] : []),
    ];
    for (const scope of scopes) this.renderApplicationNamespace(scope.namespace, scope.production, scope.rootProject);

    const retry = renderRetry(this.project, {});
    for (const env of this.platform.environments) {
      const name = assertDnsLabel(this.project, 'rootApplicationName', `${this.project.team}-apps-${env.environmentName}`);
      const scope = scopes.find(s => s.production === env.production) ?? scopes[0];
      new Application(this.platform, `TeamRootApp-${this.project.projectName}-${env.environmentName}`, {
        metadata: {
          name,
          namespace: this.platform.argoCdNamespace,
          labels: {
            [PlatformLabels.ROOT_APP]: 'true',
            [PlatformLabels.TEAM]: this.project.team,
            [PlatformLabels.ENVIRONMENT]: env.environmentName,
            [PlatformLabels.PRODUCTION]: String(env.production),
          },
        },
        spec: {
          project: scope.rootProject,
          source: {
            repoUrl: repository.repoUrl,
            targetRevision: repository.targetRevision ?? 'main',
            path: repository.pathPrefix ? `${repository.pathPrefix}/${env.environmentName}` : env.environmentName,
          },
          destination: { server: IN_CLUSTER_SERVER, namespace: scope.namespace },
          // A merged pull request never deletes a production Application: removing one from the
          // team's repository leaves it OutOfSync until someone prunes it by hand (and a move to
          // another namespace or name never deletes the running one).
          syncPolicy: { automated: { prune: !scope.production, selfHeal: true }, retry },
        },
      });
      this.rootApps.set(env.environmentName, name);
      this.platform.applications.register(this, {
        name,
        namespace: this.platform.argoCdNamespace,
        environment: env.environmentName,
        projectName: scope.rootProject,
        team: this.project.team,
        construct: this,
      });
    }
  }

  /**
   * The namespace of the team's (production) Applications on the Argo CD cluster, the API
   * server's access to it, and the contained project of the root Applications writing into it.
   */
  private renderApplicationNamespace(namespace: string, production: boolean, rootProject: string) {
    const repository = this.repository;
    const suffix = production ? `${this.project.projectName}-production` : this.project.projectName;
    this.platform.settings.addToList(this.project, SettingsConfigMap.CMD_PARAMS_CM, 'application.namespaces', namespace, ',');
    new KubeNamespace(this.platform, `TeamApplicationNamespace-${suffix}`, {
      metadata: {
        name: namespace,
        labels: { [PlatformLabels.TEAM]: this.project.team, [PlatformLabels.APPLICATION_NAMESPACE]: 'true' },
      },
    });
    // Argo CD's API server manages Applications outside its namespace only where Kubernetes lets it:
    // a Role in this namespace alone, rather than the cluster-wide grant of the upstream example.
    const serverAccess = `${ARGOCD_SERVER_SERVICE_ACCOUNT}-${this.project.team}-${production ? 'production-' : ''}applications`;
    new KubeRole(this.platform, `TeamApplicationRole-${suffix}`, {
      metadata: { name: serverAccess, namespace, labels: { [PlatformLabels.TEAM]: this.project.team } },
      rules: [{
        apiGroups: ['argoproj.io'],
        resources: ['applications'],
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      }],
    });
    new KubeRoleBinding(this.platform, `TeamApplicationRoleBinding-${suffix}`, {
      metadata: { name: serverAccess, namespace, labels: { [PlatformLabels.TEAM]: this.project.team } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: serverAccess },
      subjects: [{ kind: 'ServiceAccount', name: ARGOCD_SERVER_SERVICE_ACCOUNT, namespace: this.platform.argoCdNamespace }],
    });
    // The platform folder (synced in the platform project) holds that Role and RoleBinding.
    this.platform.platformProject.addDestination({ server: IN_CLUSTER_SERVER, namespace });

    // The root Applications' own project: Applications into this namespace, nothing else.
    new AppProject(this, production ? 'ProductionRootProject' : 'RootProject', {
      metadata: {
        name: rootProject,
        namespace: this.platform.argoCdNamespace,
        labels: { [PlatformLabels.TEAM]: this.project.team, [PlatformLabels.ROOT_PROJECT]: 'true' },
        annotations: { [SYNC_WAVE_ANNOTATION]: '-1' },
      },
      spec: {
        description: `${production ? 'Production root' : 'Root'} applications of team ${this.project.team}: only Applications, only into ${namespace}`,
        sourceRepos: [repository.repoUrl],
        destinations: [{ server: IN_CLUSTER_SERVER, namespace }],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [{ group: 'argoproj.io', kind: 'Application' }],
      },
    });
  }

}
