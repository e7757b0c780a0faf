import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { ArgoPlatform } from './argo-platform';
import { CheckedEnvironment, checkEnvironmentOptions, clusterReferenceProblems, teamNamespaceOf } from './environment-checks';
import { PlatformLabels } from './labels';
import { renderRetry } from './sync-options';
import { Application } from '../imports/application-argoproj.io';
import { assertDnsLabel, fail } from '../util/validation';

/** The cluster an environment deploys to. */
export interface ClusterDestination {
  /**
   * The cluster's API server URL as registered in Argo CD.
   * @default 'https://kubernetes.default.svc' (the cluster Argo CD runs in), unless `name` is given
   */
  readonly server?: string;
  /**
   * The cluster's name as registered in Argo CD (use instead of `server`).
   * @default - the cluster is identified by `server`
   */
  readonly name?: string;
}

/** One environment an Argo CD instance deploys to. */
export interface ArgoEnvironmentOptions {
  /** The environment's name, e.g. `dev`, `staging`, `prod`. A DNS-1123 label; also its output folder. */
  readonly name: string;
  /**
   * Where its applications go.
   * @default - the in-cluster API server, https://kubernetes.default.svc
   */
  readonly cluster?: ClusterDestination;
  /**
   * Production semantics: no automated sync (manual sync behind PR approval), floating revisions
   * refused, and the stricter guardrails. An environment whose name says production (`prod`,
   * `production`, `prd`, `live`, as the name or a part of it such as `prod-eu`) must set it: `true`,
   * or `false` to declare explicitly that it is not production.
   * @default false (refused for a name that says production)
   */
  readonly production?: boolean;
  /**
   * How a team's namespace in this environment is named. `{team}` and `{env}` are replaced;
   * the result must be a DNS-1123 label.
   * @default '{team}-{env}' (e.g. `payments-prod`, as in the seed's multi-team model)
   */
  readonly namespacePattern?: string;
}

/** Props for an ArgoEnvironment. */
export interface ArgoEnvironmentProps extends ArgoEnvironmentOptions {
  /** The Argo CD instance that deploys this environment. */
  readonly platform: ArgoPlatform;
}

const ENVIRONMENT_SYMBOL = Symbol.for('cdk8s-argocd-platform.ArgoEnvironment');

export { IN_CLUSTER_SERVER } from './environment-checks';

/**
 * The chart of one environment: what Argo CD deploys there (the App of Apps children) is
 * synthesized into its own folder, `dist/<env>/`, which the platform's root Application for the
 * environment points at. Created by `ArgoPlatform`; get it with `platform.environment(name)`.
 */
export class ArgoEnvironment extends Chart {
  /**
   * Whether a construct is an ArgoEnvironment. (cdk8s makes `instanceof` true for every Chart
   * subclass, so use this instead.)
   */
  public static isArgoEnvironment(x: any): x is ArgoEnvironment {
    return x !== null && typeof x === 'object' && ENVIRONMENT_SYMBOL in x;
  }

  /** The environment's name. */
  public readonly environmentName: string;
  /** Whether production rules apply. */
  public readonly production: boolean;
  /** The destination cluster. */
  public readonly cluster: ClusterDestination;
  /** The platform (Argo CD instance) that deploys this environment. */
  public readonly platform: ArgoPlatform;
  private readonly checked: CheckedEnvironment;
  private remoteChart?: Chart;

  /** Prefer `ArgoPlatform`'s `environments` prop, which creates one of these per environment. */
  constructor(scope: Construct, id: string, props: ArgoEnvironmentProps) {
    super(scope, id, { disableResourceNameHashes: true });
    Object.defineProperty(this, ENVIRONMENT_SYMBOL, { value: true });
    const { platform, ...options } = props;
    this.platform = platform;
    this.environmentName = assertDnsLabel(`${platform.node.path}/environments`, 'name', options.name);
    // Reported where the user declared it: the platform's `environments[<index>]`.
    const field = `environments[${platform.environments.length}].`;
    this.checked = checkEnvironmentOptions(platform, field, options);
    this.production = this.checked.production;
    this.cluster = this.checked.cluster;
    this.node.addValidation({ validate: () => clusterReferenceProblems(platform, field, this.cluster) });
  }

  /** Whether the environment deploys to the cluster Argo CD runs in. */
  public get inCluster(): boolean {
    return this.platform.isInCluster(this.cluster);
  }

  /**
   * The chart for what must exist on the environment's own cluster before its applications sync
   * (team Namespaces). For the cluster Argo CD runs in that is this chart (`dist/<env>/`, applied
   * by the root Application `apps-<env>` there). For another cluster it is the chart
   * `<env>-cluster` (`dist/<env>-cluster/`), synced by the Application `cluster-<env>` in the
   * platform project with the environment's cluster as destination, created on first use: the root
   * Application `apps-<env>` applies Application objects to Argo CD's own cluster, so a Namespace
   * in `dist/<env>/` would land on the wrong cluster. `cluster-<env>` self-heals but never prunes:
   * removing a team never deletes its namespaces (and workloads) by itself.
   */
  public clusterResourcesChart(): Chart {
    if (this.inCluster) return this;
    if (this.remoteChart) return this.remoteChart;
    const platform = this.platform;
    const id = `${this.environmentName}-cluster`;
    const scope = this.node.scope!;
    if (scope.node.tryFindChild(id)) {
      fail(this, 'name', this.environmentName, `the output folder ${id} of the environment's cluster resources is already used by another construct`);
    }
    if (!platform.hasGitOps) {
      fail(this, 'cluster', this.cluster, `resources on the environment's own cluster are applied by the Application cluster-${this.environmentName}, which reads the platform's GitOps repository; set the platform's gitOps prop`);
    }
    this.remoteChart = new Chart(scope, id, { disableResourceNameHashes: true });
    const name = `cluster-${this.environmentName}`;
    const gitOps = platform.gitOps;
    // Namespaces are cluster-scoped: the destination namespace is only the default for namespaced objects (none here).
    platform.platformProject.addDestination({ ...this.cluster, namespace: 'default' });
    new Application(platform, `ClusterApp-${this.environmentName}`, {
      metadata: {
        name,
        namespace: platform.argoCdNamespace,
        labels: {
          [PlatformLabels.ROOT_APP]: 'true', [PlatformLabels.ENVIRONMENT]: this.environmentName, [PlatformLabels.PRODUCTION]: String(this.production),
        },
      },
      spec: {
        project: platform.platformProject.projectName,
        source: { repoUrl: gitOps.repoUrl, targetRevision: gitOps.targetRevision ?? 'main', path: platform.pathOf(id) },
        // Cluster-scoped objects only (Namespaces): the destination is the environment's cluster.
        destination: { ...this.cluster, namespace: 'default' },
        syncPolicy: {
          automated: { prune: false, selfHeal: true },
          retry: renderRetry(this, {}),
        },
      },
    });
    platform.applications.register(this, {
      name,
      namespace: platform.argoCdNamespace,
      environment: this.environmentName,
      projectName: platform.platformProject.projectName,
      construct: this,
    });
    return this.remoteChart;
  }

  /** The namespace a team deploys to in this environment. */
  public namespaceFor(team: string): string {
    return teamNamespaceOf(this, '', this.checked, team, this.environmentName);
  }
}
