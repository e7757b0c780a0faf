import { isPlainObject, ValuesTree } from './values-tree';

/**
 * What the `argo-cd` chart would have written into the settings objects the platform owns instead
 * (`configs.cm.create`, `configs.rbac.create`, `configs.params.create` are false): its values.yaml
 * defaults and the presets its templates compute from the other values. Without them, owning a
 * settings object silently drops upstream defaults (argocd-cm's `ignoreResourceUpdates`) and the
 * computed endpoints (argocd-cmd-params-cm `redis.server`: with redis-ha every component falls back
 * to `argocd-redis:6379`, a Service the chart does not create then).
 *
 * Everything here follows argo-helm `charts/argo-cd` 10.1.1 (values.yaml and templates/_helpers.tpl);
 * test/platform/chart-presets.test.ts reimplements the template logic from the pinned chart and
 * compares.
 */

/** The Helm release name of the platform's `argo-cd` release. */
export const ARGOCD_RELEASE_NAME = 'argocd';

/** argo-cd chart 10.1.1 values.yaml `configs.cm`, without `create` and `annotations`, each value as the template's `toString`. */
export const CHART_ARGOCD_CM_DEFAULTS: Readonly<Record<string, string>> = {
  'admin.enabled': 'true',
  'application.instanceLabelKey': 'argocd.argoproj.io/instance',
  'application.sync.impersonation.enabled': 'false',
  'exec.enabled': 'false',
  'resource.customizations.ignoreResourceUpdates.ConfigMap': [
    'jqPathExpressions:',
    '  # Ignore the cluster-autoscaler status',
    '  - \'.metadata.annotations."cluster-autoscaler.kubernetes.io/last-updated"\'',
    '  # Ignore the annotation of the legacy Leases election',
    '  - \'.metadata.annotations."control-plane.alpha.kubernetes.io/leader"\'',
    '',
  ].join('\n'),
  'resource.customizations.ignoreResourceUpdates.Endpoints': 'jsonPointers:\n  - /metadata\n  - /subsets\n',
  'resource.customizations.ignoreResourceUpdates.all': 'jsonPointers:\n  - /status\n',
  'resource.customizations.ignoreResourceUpdates.apps_ReplicaSet': [
    'jqPathExpressions:',
    '  - \'.metadata.annotations."deployment.kubernetes.io/desired-replicas"\'',
    '  - \'.metadata.annotations."deployment.kubernetes.io/max-replicas"\'',
    '  - \'.metadata.annotations."rollout.argoproj.io/desired-replicas"\'',
    '',
  ].join('\n'),
  'resource.customizations.ignoreResourceUpdates.argoproj.io_Application': [
    'jqPathExpressions:',
    '  - \'.metadata.annotations."notified.notifications.argoproj.io"\'',
    '  - \'.metadata.annotations."argocd.argoproj.io/refresh"\'',
    '  - \'.metadata.annotations."argocd.argoproj.io/hydrate"\'',
    '  - \'.operation\'',
    '',
  ].join('\n'),
  'resource.customizations.ignoreResourceUpdates.argoproj.io_Rollout': 'jqPathExpressions:\n  - \'.metadata.annotations."notified.notifications.argoproj.io"\'\n',
  'resource.customizations.ignoreResourceUpdates.autoscaling_HorizontalPodAutoscaler': [
    'jqPathExpressions:',
    '  - \'.metadata.annotations."autoscaling.alpha.kubernetes.io/behavior"\'',
    '  - \'.metadata.annotations."autoscaling.alpha.kubernetes.io/conditions"\'',
    '  - \'.metadata.annotations."autoscaling.alpha.kubernetes.io/metrics"\'',
    '  - \'.metadata.annotations."autoscaling.alpha.kubernetes.io/current-metrics"\'',
    '',
  ].join('\n'),
  'resource.customizations.ignoreResourceUpdates.discovery.k8s.io_EndpointSlice': 'jsonPointers:\n  - /metadata\n  - /endpoints\n  - /ports\n',
  'statusbadge.enabled': 'false',
  'timeout.hard.reconciliation': '0s',
  'timeout.reconciliation': '120s',
  'timeout.reconciliation.jitter': '60s',
};

/** argo-cd chart 10.1.1 values.yaml `configs.rbac`, without `create` and `annotations` (the template writes them with `toYaml`). */
export const CHART_RBAC_CM_DEFAULTS: Readonly<Record<string, string>> = {
  'policy.csv': '',
  'policy.default': '',
  'policy.matchMode': 'glob',
  'scopes': '[groups]',
};

/** The chart values the presets read, with their values.yaml defaults (argo-cd chart 10.1.1). */
const VALUE_DEFAULTS: ValuesTree = {
  'nameOverride': 'argocd',
  'fullnameOverride': '',
  'global': { logging: { format: 'text', level: 'info' } },
  'repoServer': { name: 'repo-server', service: { port: 8081 }, certificateSecret: { enabled: false } },
  'redis': { enabled: true, name: 'redis', servicePort: 6379 },
  'redis-ha': { enabled: false, haproxy: { enabled: true } },
  'externalRedis': { host: '', port: 6379 },
  'applicationSet': { replicas: 1 },
  'dex': { enabled: true, name: 'dex-server', servicePortHttp: 5556, certificateSecret: { enabled: false } },
  'commitServer': { enabled: false, name: 'commit-server', service: { port: 8086 } },
};

/** The components whose `<component>.log.format` and `.log.level` the chart presets from `global.logging`. */
const LOGGING_COMPONENTS = ['applicationsetcontroller', 'controller', 'server', 'reposerver', 'notificationscontroller', 'dexserver', 'commitserver'];

/** A value of the rendered tree, or the chart default when the tree does not set it. */
function valueAt(values: ValuesTree, path: string[]): any {
  const lookup = (tree: any) => path.reduce((node, key) => (isPlainObject(node) ? node[key] : undefined), tree);
  const given = lookup(values);
  return given === undefined ? lookup(VALUE_DEFAULTS) : given;
}

/** Go template truthiness: false, 0, "", nil and empty collections are false. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
}

/** Sprig `toString` of a values scalar. */
function toStr(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

/** `| trunc 63 | trimSuffix "-"` (trimSuffix removes one dash). */
function trunc(name: string, length = 63): string {
  const cut = name.slice(0, length);
  return cut.endsWith('-') ? cut.slice(0, -1) : cut;
}

/** `argo-cd.fullname` (templates/_common.tpl): `fullnameOverride`, else the release when it contains the name, else `<release>-<name>`. */
export function chartFullname(values: ValuesTree, release: string = ARGOCD_RELEASE_NAME): string {
  const override = toStr(valueAt(values, ['fullnameOverride']));
  if (override) return trunc(override);
  const name = toStr(valueAt(values, ['nameOverride'])) || 'argo-cd';
  return release.includes(name) ? trunc(release) : trunc(`${release}-${name}`);
}

/** `argo-cd.<component>.fullname`: `<fullname>-<component>.name`, truncated. */
function componentFullname(values: ValuesTree, component: string, release: string): string {
  return trunc(`${chartFullname(values, release)}-${toStr(valueAt(values, [component, 'name']))}`);
}

/** The redis-ha subchart's fullname (dandydeveloper/charts redis-ha 4.38.0 `redis-ha.fullname`, chart name `redis-ha`). */
function redisHaFullname(values: ValuesTree, release: string): string {
  const override = toStr(valueAt(values, ['redis-ha', 'fullnameOverride']));
  if (override) return trunc(override);
  const name = toStr(valueAt(values, ['redis-ha', 'nameOverride'])) || 'redis-ha';
  return release.includes(name) ? trunc(release) : trunc(`${release}-${name}`);
}

/** `argo-cd.redis.fullname`: the redis-ha HAProxy Service (or redis-ha itself without HAProxy) when redis-ha is on, else `<fullname>-redis`. */
export function redisFullname(values: ValuesTree, release: string = ARGOCD_RELEASE_NAME): string {
  if (truthy(valueAt(values, ['redis-ha', 'enabled']))) {
    const ha = redisHaFullname(values, release);
    return truthy(valueAt(values, ['redis-ha', 'haproxy', 'enabled'])) ? trunc(`${ha}-haproxy`) : trunc(ha);
  }
  return componentFullname(values, 'redis', release);
}

/** `argo-cd.redis.server`: the chart's Redis (or redis-ha HAProxy) Service and port, else the external Redis, else empty. */
function redisServer(values: ValuesTree, release: string): string {
  const ha = truthy(valueAt(values, ['redis-ha', 'enabled']));
  const redis = truthy(valueAt(values, ['redis', 'enabled']));
  if ((redis && !ha) || (ha && truthy(valueAt(values, ['redis-ha', 'haproxy', 'enabled'])))) {
    return `${redisFullname(values, release)}:${toStr(valueAt(values, ['redis', 'servicePort']))}`;
  }
  const host = valueAt(values, ['externalRedis', 'host']);
  const port = valueAt(values, ['externalRedis', 'port']);
  return truthy(host) && truthy(port) ? `${toStr(host)}:${toStr(port)}` : '';
}

/**
 * The presets of argocd-cmd-params-cm, as the chart's `argo-cd.config.params.presets`
 * (templates/_helpers.tpl) computes them from the final chart values: the repo-server, Redis,
 * Dex and commit-server endpoints, ApplicationSet leader election when it runs more than one
 * replica, and the log format and level of every component. The platform's own
 * argocd-cmd-params-cm keys override them (`mergeOverwrite $preset $config`).
 * @param values the chart values as rendered (chart defaults fill what they do not set)
 * @param params the platform's argocd-cmd-params-cm keys (the template reads `dexserver.disable.tls` from them)
 * @param release the Helm release name
 */
export function cmdParamsPresets(
  values: ValuesTree, params: Readonly<Record<string, string>>, release: string = ARGOCD_RELEASE_NAME): Record<string, string> {
  const presets: Record<string, string> = {};
  presets['repo.server'] = `${componentFullname(values, 'repoServer', release)}:${toStr(valueAt(values, ['repoServer', 'service', 'port']))}`;
  presets['server.repo.server.strict.tls'] = toStr(valueAt(values, ['repoServer', 'certificateSecret', 'enabled']));
  presets['redis.server'] = redisServer(values, release);
  const replicas = valueAt(values, ['applicationSet', 'replicas']);
  const count = Number(truthy(replicas) ? replicas : valueAt(values, ['applicationSet', 'replicaCount']) ?? 0) || 0;
  presets['applicationsetcontroller.enable.leader.election'] = String(Math.trunc(count) > 1);
  if (truthy(valueAt(values, ['dex', 'enabled']))) {
    const scheme = toStr(params['dexserver.disable.tls']) === 'true' ? 'http' : 'https';
    presets['server.dex.server'] = `${scheme}://${componentFullname(values, 'dex', release)}:${Math.trunc(Number(valueAt(values, ['dex', 'servicePortHttp'])) || 0)}`;
    presets['server.dex.server.strict.tls'] = toStr(valueAt(values, ['dex', 'certificateSecret', 'enabled']));
  }
  if (truthy(valueAt(values, ['commitServer', 'enabled']))) {
    presets['commit.server'] = `${componentFullname(values, 'commitServer', release)}:${toStr(valueAt(values, ['commitServer', 'service', 'port']))}`;
  }
  for (const component of LOGGING_COMPONENTS) {
    presets[`${component}.log.format`] = toStr(valueAt(values, ['global', 'logging', 'format']));
    presets[`${component}.log.level`] = toStr(valueAt(values, ['global', 'logging', 'level']));
  }
  return presets;
}
