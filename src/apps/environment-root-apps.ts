import { Construct } from 'constructs';
import { Application } from '../imports/application-argoproj.io';
import { IN_CLUSTER_SERVER } from '../platform/argo-environment';
import { ArgoPlatform } from '../platform/argo-platform';
import { PlatformLabels } from '../platform/labels';
import { renderRetry, SyncRetryOptions } from '../platform/sync-options';
import { assertEnvironmentSubset } from '../util/checks';
import { fail } from '../util/validation';

/** Props for EnvironmentRootApps. */
export interface EnvironmentRootAppsProps {
  /**
   * The environments that get a root Application.
   * @default - every environment of the platform
   */
  readonly environments?: string[];
  /**
   * How failed syncs of the root Applications are retried.
   * @default - 5 retries, waiting 5s, doubling, at most 3m
   */
  readonly retry?: SyncRetryOptions;
  /**
   * Also keep the platform's own folder (`dist/<platform>`: settings ConfigMaps, AppProjects,
   * these root Applications) in sync with an Application `<platform>-config`, the top of the App of
   * Apps. It self-heals but does not prune: deleting Argo CD's settings or a team's AppProject
   * should be a deliberate, manual sync.
   * @default true
   */
  readonly managePlatformFolder?: boolean;
}

/**
 * The App of Apps: one root Application per environment, `apps-<env>`, in the platform's
 * AppProject and Argo CD's namespace, reading the environment's output folder (`dist/<env>`) of
 * the platform's GitOps repository and creating the child Applications found there.
 *
 * Root Applications sync automatically with prune and self-heal in every environment, production
 * included: they only manage Application objects, and each child carries its own sync policy
 * (production children sync by hand), so a merged PR makes a production Application appear or
 * change, never its workloads. Pruning means an application removed from Git loses its
 * Application; production children carry no cascade finalizer, so their workloads are orphaned,
 * not deleted. Root Applications have no finalizer: deleting one never deletes an environment.
 *
 * The platform folder itself is kept in sync by `<platform>-config` (unless `managePlatformFolder`
 * is false). Restoring a cluster is `kubectl apply --server-side -k dist/<platform>/` (the seed's
 * "apply the root App of Apps").
 *
 * @example
 * import { ArgoPlatform, EnvironmentRootApps } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * // apps-dev, apps-prod, ...: each reads dist/<env>/ of the GitOps repository.
 * new EnvironmentRootApps(platform, 'RootApps');
 */
export class EnvironmentRootApps extends Construct {
  /** The platform. */
  public readonly platform: ArgoPlatform;
  /** The Application that syncs the platform folder, when there is one. */
  public readonly platformAppName?: string;
  private readonly names = new Map<string, string>();

  constructor(scope: Construct, id: string, props: EnvironmentRootAppsProps = {}) {
    super(scope, id);
    this.platform = ArgoPlatform.platformOf(this);
    if (!this.platform.hasGitOps) {
      fail(this, 'platform.gitOps', undefined, 'root applications read the platform\'s GitOps repository; set the platform\'s gitOps prop (repoUrl, targetRevision, pathPrefix)');
    }
    const gitOps = this.platform.gitOps;
    const known = this.platform.environments.map(e => e.environmentName);
    const selected = props.environments === undefined ? known : assertEnvironmentSubset(this, 'environments', props.environments, known);
    const retry = renderRetry(this, props.retry ?? {});

    // The children live in Argo CD's namespace of the cluster Argo CD runs in.
    this.platform.platformProject.addSourceRepo(gitOps.repoUrl);
    this.platform.platformProject.addDestination({ server: IN_CLUSTER_SERVER, namespace: this.platform.argoCdNamespace });

    if (props.managePlatformFolder ?? true) {
      this.platformAppName = `${this.platform.platformName}-config`;
      new Application(this.platform, 'PlatformApp', {
        metadata: {
          name: this.platformAppName,
          namespace: this.platform.argoCdNamespace,
          labels: { [PlatformLabels.ROOT_APP]: 'true' },
        },
        spec: {
          project: this.platform.platformProject.projectName,
          source: {
            repoUrl: gitOps.repoUrl,
            targetRevision: gitOps.targetRevision ?? 'main',
            path: this.platform.pathOf(this.platform.platformName),
          },
          destination: { server: IN_CLUSTER_SERVER, namespace: this.platform.argoCdNamespace },
          syncPolicy: { automated: { prune: false, selfHeal: true }, retry },
        },
      });
      this.platform.applications.register(this, {
        name: this.platformAppName, namespace: this.platform.argoCdNamespace, projectName: this.platform.platformProject.projectName, construct: this,
      });
    }

    for (const env of this.platform.environments.filter(e => selected.includes(e.environmentName))) {
      const name = `apps-${env.environmentName}`;
      // Rendered in the platform chart (scope: the platform), so the file is dist/<platform>/application-apps-<env>.yaml.
      new Application(this.platform, `RootApp-${env.environmentName}`, {
        metadata: {
          name,
          namespace: this.platform.argoCdNamespace,
          labels: {
            [PlatformLabels.ROOT_APP]: 'true', [PlatformLabels.ENVIRONMENT]: env.environmentName, [PlatformLabels.PRODUCTION]: String(env.production),
          },
        },
        spec: {
          project: this.platform.platformProject.projectName,
          source: {
            repoUrl: gitOps.repoUrl,
            targetRevision: gitOps.targetRevision ?? 'main',
            path: this.platform.pathOf(env.environmentName),
          },
          destination: { server: IN_CLUSTER_SERVER, namespace: this.platform.argoCdNamespace },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            retry,
          },
        },
      });
      this.names.set(env.environmentName, name);
      this.platform.applications.register(this, {
        name,
        namespace: this.platform.argoCdNamespace,
        environment: env.environmentName,
        projectName: this.platform.platformProject.projectName,
        construct: this,
      });
    }
  }

  /** The root Application's name of an environment, e.g. `apps-prod`. */
  public rootAppNameFor(environment: string): string {
    const name = this.names.get(environment);
    if (!name) fail(this, 'environment', environment, `has no root application; root applications exist for ${[...this.names.keys()].join(', ')}`);
    return name;
  }
}
