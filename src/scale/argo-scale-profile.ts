import { createHash } from 'crypto';
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ResourceExclusion } from './resource-exclusion';
import { FleetSize, ResolvedScaleProfile, ShardingAlgorithm } from './scale-options';
import { IN_CLUSTER_SERVER } from '../platform/argo-environment';
import { ArgoPlatform } from '../platform/argo-platform';
import { SettingsConfigMap } from '../platform/argo-settings';
import { PlatformLabels } from '../platform/labels';
import { assertEnumMember } from '../util/checks';
import { goDuration } from '../util/duration';
import { fail } from '../util/validation';

/** Props for an ArgoScaleProfile. Every number overrides the preset's. */
export interface ArgoScaleProfileProps {
  /**
   * The preset the numbers start from.
   * @default FleetSize.SMALL
   */
  readonly fleetSize?: FleetSize;
  /**
   * Application controller replicas. Each replica is a shard that reconciles whole clusters, so more
   * replicas than clusters leave replicas idle (refused). The chart repeats the number in
   * `ARGOCD_CONTROLLER_REPLICAS` itself (from `controller.replicas`).
   * @default - 1 for SMALL; one per distinct cluster of the platform's environments for LARGE
   */
  readonly controllerReplicas?: number;
  /**
   * How clusters are spread over controller replicas (rendered only with more than one replica).
   * @default ShardingAlgorithm.LEGACY
   */
  readonly shardingAlgorithm?: ShardingAlgorithm;
  /**
   * Application status (reconciliation) processors per controller replica.
   * @default - 20 for SMALL (Argo CD's default), 50 for LARGE (the HA documentation's number for 1,000 applications)
   */
  readonly statusProcessors?: number;
  /**
   * Application operation (sync) processors per controller replica.
   * @default - 10 for SMALL (Argo CD's default), 25 for LARGE (the HA documentation's number for 1,000 applications)
   */
  readonly operationProcessors?: number;
  /**
   * Concurrent kubectl fork/execs per controller replica (`controller.kubectl.parallelism.limit`).
   * @default - not rendered: Argo CD's default (20)
   */
  readonly kubectlParallelismLimit?: number;
  /**
   * repo-server replicas.
   * @default - 2 for SMALL (the chart's HA example), 3 for LARGE
   */
  readonly repoServerReplicas?: number;
  /**
   * Concurrent manifest generations per repo-server (`reposerver.parallelism.limit`): the HA
   * documentation's guard against OOM kills of the fork/exec'd Helm and Kustomize.
   * @default 10
   */
  readonly repoServerParallelismLimit?: number;
  /**
   * API server replicas; also written to `ARGOCD_API_SERVER_REPLICAS`, which divides the login
   * rate limit between replicas.
   * @default - 2 for SMALL (the chart's HA example), 3 for LARGE (the HA documentation: "3 or more")
   */
  readonly serverReplicas?: number;
  /**
   * ApplicationSet controller replicas (leader-elected: the extra replica is a hot standby).
   * @default 2
   */
  readonly applicationSetReplicas?: number;
  /**
   * How often every Application is refreshed from Git without a webhook (`timeout.reconciliation`).
   * Longer means less repo-server and Git load; webhooks keep changes fast.
   * @default - 3 minutes for SMALL (Argo CD's documented default), 5 minutes for LARGE
   */
  readonly reconciliationTimeout?: Duration;
  /**
   * The most that is added at random to each refresh period (`timeout.reconciliation.jitter`),
   * which spreads the refreshes of a large fleet.
   * @default Duration.minutes(1)
   */
  readonly reconciliationJitter?: Duration;
  /**
   * Redis in HA mode (`redis-ha.enabled`: three Redis servers with Sentinel and three HAProxy pods).
   * Needs at least three schedulable nodes: the argo-cd chart's defaults `redis-ha.hardAntiAffinity: true`
   * and `redis-ha.haproxy.hardAntiAffinity: true` (argo-helm argo-cd 10.1.1 values.yaml) put each Redis
   * server and each HAProxy pod on its own node, so with fewer nodes some stay Pending. The
   * `BootstrapDocument` lists the node count among the prerequisites whenever this is on.
   * @default true
   */
  readonly redisHa?: boolean;
  /**
   * PodDisruptionBudgets (`maxUnavailable: 1`) for every component running more than one replica,
   * so node drains never take a whole component down.
   * @default true
   */
  readonly podDisruptionBudgets?: boolean;
  /**
   * High-churn kinds the controller should not watch, added to Argo CD's default exclusions.
   * @default - none beyond the defaults
   */
  readonly resourceExclusions?: ResourceExclusion[];
}

interface Preset {
  readonly statusProcessors: number;
  readonly operationProcessors: number;
  readonly repoServerReplicas: number;
  readonly serverReplicas: number;
  readonly reconciliationTimeout: Duration;
}

const PRESETS: Record<FleetSize, Preset> = {
  [FleetSize.SMALL]: {
    statusProcessors: 20, operationProcessors: 10, repoServerReplicas: 2, serverReplicas: 2, reconciliationTimeout: Duration.minutes(3),
  },
  [FleetSize.LARGE]: {
    statusProcessors: 50, operationProcessors: 25, repoServerReplicas: 3, serverReplicas: 3, reconciliationTimeout: Duration.minutes(5),
  },
};

/** argocd-cm keys the application controller (and, for the first, the repo-server) read only at pod start, through env vars. */
const RECONCILIATION_KEYS = ['timeout.hard.reconciliation', 'timeout.reconciliation', 'timeout.reconciliation.jitter'];

/**
 * High availability and scale for one Argo CD instance: replicas and sharding of the application
 * controller, repo-server and API server replicas and parallelism, reconciliation period and
 * jitter, controller processors, kubectl parallelism, Redis HA, PodDisruptionBudgets, resource
 * exclusions and annotation-based resource tracking, from a preset sized by fleet.
 *
 * Redis HA is on by default, and with it the cluster needs at least three nodes: the chart's
 * `hardAntiAffinity` (Redis servers and HAProxy, both true by default) allows one such pod per node.
 * Set `redisHa: false` on a smaller cluster.
 *
 * Everything goes through the platform's channels: argocd-cm and argocd-cmd-params-cm keys through
 * `platform.settings`, replicas, Redis HA and PDBs through `platform.chartValues` (rendered by
 * `SelfManagedArgo`). The cmd-params hash the platform puts on the pods rolls them when a
 * processor or parallelism number changes; this profile adds a hash of the `timeout.*` keys of
 * argocd-cm to the controller and repo-server pods, which read them only at start.
 *
 * The seed's advice for slow reconciliation, mapped: "increase controller resources" is
 * `controller.resources` (SelfManagedArgo `extraValues`) and more status processors; "reduce
 * reconciliation" is a longer `reconciliationTimeout` with jitter (fewer Git polls; webhooks keep
 * changes fast); "use resource tracking (annotation)" is rendered as
 * `application.resourceTrackingMethod: annotation`; "exclude non-essential resource types" is
 * `resourceExclusions`; "split into multiple Argo CD instances" is one `ArgoPlatform` per instance.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/high_availability/
 *
 * @example
 * import { ArgoPlatform, ArgoScaleProfile, FleetSize, ResourceExclusion } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * new ArgoScaleProfile(platform, 'HighAvailability', {
 *   fleetSize: FleetSize.SMALL,
 *   resourceExclusions: [ResourceExclusion.VELERO_OPERATIONS],
 * });
 */
export class ArgoScaleProfile extends Construct {
  /** The numbers this profile rendered. */
  public readonly profile: ResolvedScaleProfile;

  constructor(scope: Construct, id: string, props: ArgoScaleProfileProps = {}) {
    super(scope, id);
    const platform = ArgoPlatform.platformOf(this);
    const fleetSize = props.fleetSize ?? FleetSize.SMALL;
    assertEnumMember(this, 'fleetSize', fleetSize, FleetSize);
    const shardingAlgorithm = props.shardingAlgorithm ?? ShardingAlgorithm.LEGACY;
    assertEnumMember(this, 'shardingAlgorithm', shardingAlgorithm, ShardingAlgorithm);
    const preset = PRESETS[fleetSize];
    const clusters = distinctClusters(platform);

    this.profile = {
      fleetSize,
      controllerReplicas: this.count('controllerReplicas', props.controllerReplicas ?? (fleetSize === FleetSize.LARGE ? clusters : 1), 1),
      shardingAlgorithm,
      statusProcessors: this.count('statusProcessors', props.statusProcessors ?? preset.statusProcessors, 1),
      operationProcessors: this.count('operationProcessors', props.operationProcessors ?? preset.operationProcessors, 1),
      kubectlParallelismLimit: props.kubectlParallelismLimit === undefined ? undefined : this.count('kubectlParallelismLimit', props.kubectlParallelismLimit, 1),
      repoServerReplicas: this.count('repoServerReplicas', props.repoServerReplicas ?? preset.repoServerReplicas, 1),
      repoServerParallelismLimit: this.count('repoServerParallelismLimit', props.repoServerParallelismLimit ?? 10, 1),
      serverReplicas: this.count('serverReplicas', props.serverReplicas ?? preset.serverReplicas, 1),
      applicationSetReplicas: this.count('applicationSetReplicas', props.applicationSetReplicas ?? 2, 1),
      reconciliationTimeout: this.duration('reconciliationTimeout', props.reconciliationTimeout ?? preset.reconciliationTimeout),
      reconciliationJitter: this.duration('reconciliationJitter', props.reconciliationJitter ?? Duration.minutes(1)),
      redisHa: props.redisHa ?? true,
      podDisruptionBudgets: props.podDisruptionBudgets ?? true,
    };
    if (this.profile.controllerReplicas > clusters) {
      fail(this, 'controllerReplicas', this.profile.controllerReplicas,
        `each controller replica reconciles whole clusters, and this platform's environments deploy to ${clusters} cluster${clusters === 1 ? '' : 's'}; more replicas would sit idle`);
    }
    this.render(platform, props.resourceExclusions ?? []);
  }

  private render(platform: ArgoPlatform, exclusions: ResourceExclusion[]): void {
    const p = this.profile;
    const settings = platform.settings;
    const cm = SettingsConfigMap.ARGOCD_CM;
    const params = SettingsConfigMap.CMD_PARAMS_CM;
    settings.set(this, cm, 'timeout.reconciliation', goDuration(p.reconciliationTimeout));
    settings.set(this, cm, 'timeout.reconciliation.jitter', goDuration(p.reconciliationJitter));
    settings.set(this, cm, 'application.resourceTrackingMethod', 'annotation');
    for (const exclusion of exclusions) {
      if (!ResourceExclusion.isResourceExclusion(exclusion)) fail(this, 'resourceExclusions', exclusion, 'must be a ResourceExclusion (a preset or ResourceExclusion.of)');
      settings.addToList(this, cm, 'resource.exclusions', exclusion.toListItem(), '\n');
    }
    settings.set(this, params, 'controller.status.processors', String(p.statusProcessors));
    settings.set(this, params, 'controller.operation.processors', String(p.operationProcessors));
    if (p.kubectlParallelismLimit !== undefined) settings.set(this, params, 'controller.kubectl.parallelism.limit', String(p.kubectlParallelismLimit));
    settings.set(this, params, 'reposerver.parallelism.limit', String(p.repoServerParallelismLimit));
    if (p.controllerReplicas > 1) settings.set(this, params, 'controller.sharding.algorithm', p.shardingAlgorithm);

    const values = platform.chartValues;
    const replicas: Array<[string, number]> = [
      ['applicationSet', p.applicationSetReplicas],
      ['controller', p.controllerReplicas],
      ['repoServer', p.repoServerReplicas],
      ['server', p.serverReplicas],
    ];
    for (const [component, count] of replicas) {
      values.set(this, `${component}.replicas`, count);
      if (p.podDisruptionBudgets && count > 1) {
        values.set(this, `${component}.pdb.enabled`, true);
        values.set(this, `${component}.pdb.maxUnavailable`, 1);
      }
    }
    // The chart does not derive this one from server.replicas (the HA docs ask to repeat it).
    values.set(this, 'server.env', [{ name: 'ARGOCD_API_SERVER_REPLICAS', value: String(p.serverReplicas) }]);
    values.set(this, 'redis-ha.enabled', p.redisHa);
    platform.facts.setRedisHa(this, 'redisHa', p.redisHa);
    // The controller and repo-server read timeout.* of argocd-cm through env vars at start: roll them on a change.
    for (const component of ['controller', 'repoServer']) {
      values.setLazy(this, `${component}.podAnnotations`, {
        produce: () => ({ [`${PlatformLabels.SETTINGS_HASH_PREFIX}reconciliation`]: reconciliationHash(platform) }),
      });
    }
  }

  private count(field: string, value: number, min: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 1000) {
      fail(this, field, value, `must be a whole number from ${min} to 1000`);
    }
    return value;
  }

  private duration(field: string, value: Duration): Duration {
    if (!(value instanceof Duration)) fail(this, field, value, 'must be a Duration');
    const ms = value.toMilliseconds({ integral: false });
    if (ms < 0 || ms % 1000 !== 0) fail(this, field, goDuration(value), 'must be a whole number of seconds, zero or more');
    return value;
  }
}

/** SHA-256 of the reconciliation keys of argocd-cm as rendered (whoever contributed them). */
function reconciliationHash(platform: ArgoPlatform): string {
  const data = RECONCILIATION_KEYS.map(key => [key, platform.settings.tryGet(SettingsConfigMap.ARGOCD_CM, key) ?? null]);
  return createHash('sha256').update(JSON.stringify(data)).digest('hex');
}

/** The distinct clusters the platform's environments deploy to. */
function distinctClusters(platform: ArgoPlatform): number {
  const seen = new Set(platform.environments.map(env => env.cluster.name !== undefined ? `name:${env.cluster.name}` : `server:${env.cluster.server ?? IN_CLUSTER_SERVER}`));
  return Math.max(1, seen.size);
}

