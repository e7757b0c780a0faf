import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { ArgoPlatform } from './argo-platform';
import { CheckedEnvironment, checkEnvironmentOptions, teamNamespaceOf } from './environment-checks';
import { assertDnsLabel } from '../util/validation';

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
   * refused, and the stricter guardrails.
   * @default false
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

  /** Prefer `ArgoPlatform`'s `environments` prop, which creates one of these per environment. */
  constructor(scope: Construct, id: string, props: ArgoEnvironmentProps) {
    super(scope, id, { disableResourceNameHashes: true });
    Object.defineProperty(this, ENVIRONMENT_SYMBOL, { value: true });
    const { platform, ...options } = props;
    this.platform = platform;
    this.environmentName = assertDnsLabel(`${platform.node.path}/environments`, 'name', options.name);
    this.checked = checkEnvironmentOptions(this, '', options);
    this.production = this.checked.production;
    this.cluster = this.checked.cluster;
  }

  /** The namespace a team deploys to in this environment. */
  public namespaceFor(team: string): string {
    return teamNamespaceOf(this, '', this.checked, team, this.environmentName);
  }
}
