import { Duration } from 'cdk8s';

/**
 * How large the fleet an Argo CD instance manages is; picks the preset numbers of an
 * `ArgoScaleProfile`. Every number can be overridden one by one.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/high_availability/
 */
export enum FleetSize {
  /**
   * Up to a few hundred Applications on one to a few clusters. Argo CD's documented defaults for
   * the controller (20 status and 10 operation processors, Git polled every 3 minutes with up to 60s
   * jitter) and the argo-cd chart's "HA mode without autoscaling" example: Redis HA, 2 API servers,
   * 2 repo-servers, 2 ApplicationSet controllers, one application controller.
   */
  SMALL = 'small',
  /**
   * About 1,000 Applications and more, on several clusters. The HA documentation's numbers for
   * 1,000 applications (50 status and 25 operation processors), 3 API servers ("3 or more"), Git
   * polled every 5 minutes with up to 1 minute of jitter (the documentation's own example) to flatten
   * the refresh spikes on the repo-server, 3 repo-servers, and one application-controller shard per
   * cluster the platform deploys to.
   */
  LARGE = 'large',
}

/**
 * How the application controller spreads clusters over its replicas
 * (`controller.sharding.algorithm` in argocd-cmd-params-cm).
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/high_availability/#argocd-application-controller
 */
export enum ShardingAlgorithm {
  /** By cluster UID hash: stable, but can be uneven (Argo CD's default). */
  LEGACY = 'legacy',
  /** Equal distribution; experimental (removing the cluster at rank 0 reshuffles all of them). */
  ROUND_ROBIN = 'round-robin',
  /** Consistent hashing with bounded loads: even, little reshuffling; experimental. */
  CONSISTENT_HASHING = 'consistent-hashing',
}

/** The numbers a scale profile resolved to (preset plus overrides), as rendered. */
export interface ResolvedScaleProfile {
  /** The preset. */
  readonly fleetSize: FleetSize;
  /** Application controller replicas (shards); the chart sets `ARGOCD_CONTROLLER_REPLICAS` from it. */
  readonly controllerReplicas: number;
  /** The sharding algorithm (rendered only with more than one controller replica). */
  readonly shardingAlgorithm: ShardingAlgorithm;
  /** `controller.status.processors`. */
  readonly statusProcessors: number;
  /** `controller.operation.processors`. */
  readonly operationProcessors: number;
  /** `controller.kubectl.parallelism.limit`, when set. */
  readonly kubectlParallelismLimit?: number;
  /** repo-server replicas. */
  readonly repoServerReplicas: number;
  /** `reposerver.parallelism.limit`. */
  readonly repoServerParallelismLimit: number;
  /** API server replicas (also `ARGOCD_API_SERVER_REPLICAS`). */
  readonly serverReplicas: number;
  /** ApplicationSet controller replicas. */
  readonly applicationSetReplicas: number;
  /** `timeout.reconciliation` in argocd-cm. */
  readonly reconciliationTimeout: Duration;
  /** `timeout.reconciliation.jitter` in argocd-cm. */
  readonly reconciliationJitter: Duration;
  /** Redis HA (`redis-ha.enabled`). */
  readonly redisHa: boolean;
  /** PodDisruptionBudgets for every component with more than one replica. */
  readonly podDisruptionBudgets: boolean;
}
