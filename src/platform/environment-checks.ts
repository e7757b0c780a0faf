import { IConstruct } from 'constructs';
import type { ArgoEnvironmentOptions, ClusterDestination } from './argo-environment';
import { assertDnsLabel, fail } from '../util/validation';

/** The Kubernetes in-cluster API server. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** Argo CD's name for the cluster it runs in. */
export const IN_CLUSTER_NAME = 'in-cluster';

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
  const checked: CheckedEnvironment = {
    production: options.production ?? false,
    cluster: cluster.name !== undefined ? { name: cluster.name } : { server: cluster.server ?? IN_CLUSTER_SERVER },
    namespacePattern,
  };
  // Check the pattern once with a representative team name.
  teamNamespaceOf(scope, fieldPrefix, checked, 'team', options.name);
  return checked;
}

/** A team's namespace in an environment: the pattern with `{team}` and `{env}` replaced; a DNS-1123 label. */
export function teamNamespaceOf(
  scope: IConstruct, fieldPrefix: string, environment: CheckedEnvironment, team: string, environmentName: string,
): string {
  const namespace = environment.namespacePattern.split('{team}').join(team).split('{env}').join(environmentName);
  return assertDnsLabel(scope, `${fieldPrefix}namespacePattern`, namespace);
}
