import { IConstruct } from 'constructs';
import type { ArgoEnvironmentOptions, ClusterDestination } from './argo-environment';
import type { ArgoPlatform } from './argo-platform';
import { didYouMean, productionNameWord } from '../util/checks';
import { assertDnsLabel, describeInvalid, fail } from '../util/validation';

/** The Kubernetes in-cluster API server. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** Argo CD's name for the cluster it runs in. */
export const IN_CLUSTER_NAME = 'in-cluster';

export { productionNameWord } from '../util/checks';

/** The default pattern of a team's namespace in an environment. */
export const DEFAULT_NAMESPACE_PATTERN = '{team}-{env}';

/** An environment's settings after the shared checks, with defaults applied. */
export interface CheckedEnvironment {
  readonly production: boolean;
  readonly cluster: ClusterDestination;
  readonly namespacePattern: string;
}

/**
 * The one check of an environment's cluster and namespace pattern, shared by the platform's
 * `ArgoEnvironment` and a team repository's `ExternalTeamProject` (which restates the platform's
 * environments), so both accept and refuse exactly the same input with the same messages.
 * The environment's name is checked by the caller (its field differs).
 * @param scope named in errors
 * @param fieldPrefix prefixed to the field names in errors, e.g. `environments.prod.`
 */
export function checkEnvironmentOptions(scope: IConstruct, fieldPrefix: string, options: ArgoEnvironmentOptions): CheckedEnvironment {
  const cluster = options.cluster ?? {};
  if (cluster.server !== undefined && cluster.name !== undefined) {
    fail(scope, `${fieldPrefix}cluster`, cluster, 'give either server or name, not both');
  }
  if (cluster.server !== undefined && (typeof cluster.server !== 'string' || !/^https:\/\/[^\s/]+/.test(cluster.server))) {
    fail(scope, `${fieldPrefix}cluster.server`, cluster.server, 'must be the https:// URL of the cluster API server');
  }
  if (cluster.name !== undefined) assertDnsLabel(scope, `${fieldPrefix}cluster.name`, cluster.name);
  const namespacePattern = options.namespacePattern ?? DEFAULT_NAMESPACE_PATTERN;
  if (typeof namespacePattern !== 'string' || !namespacePattern.includes('{team}')) {
    fail(scope, `${fieldPrefix}namespacePattern`, namespacePattern, 'must contain {team}, or every team would share one namespace');
  }
  if (options.production !== undefined && typeof options.production !== 'boolean') {
    fail(scope, `${fieldPrefix}production`, options.production, 'must be true or false');
  }
  const checked: CheckedEnvironment = {
    production: options.production ?? false,
    cluster: cluster.name !== undefined ? { name: cluster.name } : { server: cluster.server ?? IN_CLUSTER_SERVER },
    namespacePattern,
  };
  // Check the pattern once with a representative team name.
  teamNamespaceOf(scope, fieldPrefix, checked, 'team', options.name);
  const productionWord = productionNameWord(options.name);
  if (options.production === undefined && productionWord !== undefined) {
    fail(scope, `${fieldPrefix}production`, options.production,
      `environment "${options.name}" is named like a production environment ("${productionWord}") but does not say whether it is one`,
      'set production: true (manual sync, production guardrails), or production: false to declare it non-production');
  }
  return checked;
}

/** A team's namespace in an environment: the pattern with `{team}` and `{env}` replaced; a DNS-1123 label. */
export function teamNamespaceOf(
  scope: IConstruct, fieldPrefix: string, environment: CheckedEnvironment, team: string, environmentName: string,
): string {
  const namespace = environment.namespacePattern.split('{team}').join(team).split('{env}').join(environmentName);
  return assertDnsLabel(scope, `${fieldPrefix}namespacePattern`, namespace);
}

/**
 * An environment's cluster given by name must be a cluster the platform declares (`ArgoCluster`,
 * or the platform's `clusters` prop) or `in-cluster`: Argo CD resolves `destination.name` through its
 * cluster Secrets, and an unknown name leaves every application of the environment unsynced.
 * Checked at validation, so the cluster may be declared after the platform.
 */
export function clusterReferenceProblems(platform: ArgoPlatform, fieldPrefix: string, cluster: ClusterDestination): string[] {
  if (cluster.name === undefined || cluster.name === IN_CLUSTER_NAME || platform.tryGetCluster(cluster.name)) return [];
  const known = [IN_CLUSTER_NAME, ...platform.clusters.map(c => c.clusterName)];
  return [describeInvalid(platform, `${fieldPrefix}cluster.name`, cluster.name,
    `no cluster of this platform is named so (it has ${known.join(', ')})`,
    `${didYouMean(cluster.name, known)}declare it with ArgoCluster (or the platform's clusters prop), or give the cluster's server URL`)];
}
