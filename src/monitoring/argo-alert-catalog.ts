import { Duration } from 'cdk8s';
import { ArgoComponent, ArgoInstallFlavour, ArgoMetricsSelector } from './argo-metrics-selector';
import { AlertSeverity } from '../platform/alert-rules';

/** The largest finite bucket of `argocd_app_reconcile` (seconds): a p95 above it is reported as this value. */
export const RECONCILE_LARGEST_FINITE_BUCKET = 16;

/** The recorded series mapping an AppProject to its team (one per registered team). */
export const PROJECT_TEAM_SERIES = 'argocd_platform:project_team:info';

/** Everything an alert's expression, annotations and runbook section are written from. */
export interface AlertContext {
  readonly selector: ArgoMetricsSelector;
  /** Components that are scraped. */
  readonly components: ArgoComponent[];
  /** The threshold (the alert's default when not set). */
  readonly threshold: number;
  /** `, name!~"a|b"` when applications are ignored, else empty. */
  readonly ignoreMatcher: string;
  /** The Argo CD host name, for `argocd login`. */
  readonly host: string;
  /**
   * Environment names and their cluster API servers; with the destination cluster's name and kube
   * context when known (`remote`: the environment deploys to a declared cluster other than Argo CD's).
   */
  readonly environments: Array<{ name: string; server: string; cluster?: string; kubeContext?: string; remote?: boolean }>;
  /** Whether SelfManagedArgo manages the chart (settings go through the platform code). */
  readonly selfManaged: boolean;
  /** The alert's actual `for` in words (`15 minutes`), empty when it fires at once. */
  readonly forWords: string;
  /** Whether `platform.chartValues` turn on the chart's `redis-ha` (StatefulSet and HAProxy instead of `argocd-redis`). */
  readonly redisHa: boolean;
}

export interface ThresholdSpec {
  readonly default: number;
  /** What the number means, for docs and errors. */
  readonly unit: string;
  /** Why a value is refused; undefined when fine. */
  readonly check: (value: number) => string | undefined;
}

export interface AlertDefinition {
  /** The alert name. */
  readonly alert: string;
  /** The ArgoAlertsProps member that configures it. */
  readonly prop: string;
  /** The rule group. */
  readonly group: string;
  /** Per application (has `name` and `project` labels): team routing and ignoredApplications apply. */
  readonly perApplication: boolean;
  readonly severity: AlertSeverity;
  readonly for: Duration;
  readonly threshold?: ThresholdSpec;
  readonly expr: (ctx: AlertContext) => string;
  readonly summary: string;
  readonly description: (ctx: AlertContext) => string;
  readonly runbook: (ctx: AlertContext) => string;
}

export const APPLICATION_GROUP = 'argocd-applications';
export const COMPONENT_GROUP = 'argocd-components';

const positive = (value: number) => (Number.isFinite(value) && value > 0 ? undefined : 'must be a positive number');
const nonNegative = (value: number) => (Number.isFinite(value) && value >= 0 ? undefined : 'must be a number of at least 0');
const wholeNonNegative = (value: number) => (Number.isInteger(value) && value >= 0 ? undefined : 'must be a whole number of at least 0');
const fraction = (value: number) => (Number.isFinite(value) && value > 0 && value < 1 ? undefined : 'must be a fraction between 0 and 1 (exclusive)');

const c = ArgoComponent;

function appsCli(ctx: AlertContext): string {
  return `argocd login ${ctx.host} --sso --grpc-web`;
}

function logs(ctx: AlertContext, component: ArgoComponent, extra = ''): string {
  const w = ctx.selector.workloadOf(component);
  return `kubectl logs -n ${ctx.selector.namespace} ${w.kind}/${w.name} --since=1h${extra}`;
}

/** Whether some environment deploys to another cluster than Argo CD's: then namespace steps name the destination's kube context. */
function hasRemoteDestinations(ctx: AlertContext): boolean {
  return ctx.environments.some(e => e.remote === true);
}

/** `kubectl` on the application's destination cluster: with its kube context when some environment is remote. */
function destinationKubectl(ctx: AlertContext): string {
  return hasRemoteDestinations(ctx) ? 'kubectl --context <kube context of the destination cluster, table below>' : 'kubectl';
}

/** The kube context of each environment's destination cluster, when some environment is remote. */
function destinationContexts(ctx: AlertContext, how: string): string[] {
  if (!hasRemoteDestinations(ctx)) return [];
  const byCluster = new Map<string, { cluster: string; server: string; kubeContext?: string; remote: boolean; envs: string[] }>();
  for (const e of ctx.environments) {
    const key = `${e.remote ? 1 : 0}${e.server}`;
    const entry = byCluster.get(key)
      ?? { cluster: e.cluster ?? e.server, server: e.server, kubeContext: e.kubeContext, remote: e.remote === true, envs: [] };
    entry.envs.push(e.name);
    byCluster.set(key, entry);
  }
  return [
    '',
    `The \`kubectl\` lines on the destination namespace run on the application's destination cluster (${how}), with its kube context:`,
    '',
    '| Environments | Destination cluster | Kube context |',
    '|---|---|---|',
    ...[...byCluster.values()].map(d => {
      const name = d.cluster !== d.server ? `\`${d.cluster}\` ` : '';
      const where = d.remote ? `${name}(${d.server})` : `home cluster ${name}(${d.server})`;
      const context = d.kubeContext ? `\`${d.kubeContext}\``
        : d.remote ? 'the one that reaches it (declare the cluster with ArgoCluster to name it here)' : 'the one that reaches Argo CD\'s cluster';
      return `| ${d.envs.join(', ')} | ${where} | ${context} |`;
    }),
  ];
}

function clusterList(ctx: AlertContext): string {
  return ctx.environments.map(e => `\`${e.name}\` (${e.server})`).join(', ');
}

/** ` for 15 minutes` (with `suffix`) from the alert's actual `for`; empty when it fires at once. */
function heldFor(ctx: AlertContext, suffix = ''): string {
  return ctx.forWords ? ` for ${ctx.forWords}${suffix}` : '';
}

function settingsHint(ctx: AlertContext, what: string): string {
  return ctx.selfManaged
    ? `change ${what} in the platform code (SelfManagedArgo renders the chart values), never with kubectl edit: self-heal reverts live edits`
    : `change ${what} where Argo CD is installed from, never with kubectl edit`;
}

/**
 * The alerts ArgoAlerts renders, in output order. Count thresholds use `floor(increase(...))`:
 * `increase()` extrapolates to the window's edges (3 failures can read as 3.05), and "more than N"
 * must stay exact.
 */
export const ALERT_CATALOG: AlertDefinition[] = [
  {
    alert: 'ArgoCDAppOutOfSync',
    prop: 'appOutOfSync',
    group: APPLICATION_GROUP,
    perApplication: true,
    severity: AlertSeverity.WARNING,
    for: Duration.minutes(15),
    expr: ctx => `argocd_app_info{${ctx.selector.matchers(c.APPLICATION_CONTROLLER)}, sync_status!="Synced"${ctx.ignoreMatcher}} == 1`,
    summary: 'Argo CD application {{ $labels.name }} is {{ $labels.sync_status }}',
    description: ctx => `Application {{ $labels.name }} of project {{ $labels.project }} has not matched Git${heldFor(ctx, ' or more')} (sync status {{ $labels.sync_status }}, destination {{ $labels.dest_server }} namespace {{ $labels.dest_namespace }}).`,
    runbook: ctx => [
      'The live objects differ from Git and nothing synced them back (no automated sync, or self-heal off, or a sync that cannot converge).',
      '',
      '```sh',
      appsCli(ctx),
      'argocd app diff <name label of the alert>        # what differs, field by field',
      'argocd app get <name label of the alert> --show-operation',
      '```',
      '',
      'Common causes:',
      '- A mutating admission webhook (service mesh sidecar injection, policy engines) adds fields Git does not have: the diff shows fields you never wrote.',
      '- Kubernetes fills in defaults (`imagePullPolicy`, `protocol: TCP`, resource quantities normalised, e.g. `1000m` to `1`).',
      '- A HorizontalPodAutoscaler manages `spec.replicas`: ignore it in the Application instead of fighting the HPA:',
      '',
      '```yaml',
      'ignoreDifferences:',
      '  - group: apps',
      '    kind: Deployment',
      '    jsonPointers:',
      '      - /spec/replicas',
      '```',
      '',
      'With this library use `TeamApplication`\'s `ignoreDifferences` (IgnoreDifferences.hpaManagedReplicas()) so the change is reviewed in Git.',
      '- Someone changed the object by hand: if the change is wanted, commit it to Git; otherwise sync (`argocd app sync <name>`).',
    ].join('\n'),
  },
  {
    alert: 'ArgoCDAppUnhealthy',
    prop: 'appUnhealthy',
    group: APPLICATION_GROUP,
    perApplication: true,
    severity: AlertSeverity.CRITICAL,
    for: Duration.minutes(10),
    expr: ctx => `argocd_app_info{${ctx.selector.matchers(c.APPLICATION_CONTROLLER)}, health_status!~"Healthy|Progressing"${ctx.ignoreMatcher}} == 1`,
    summary: 'Argo CD application {{ $labels.name }} is {{ $labels.health_status }}',
    description: ctx => `Application {{ $labels.name }} of project {{ $labels.project }} has been {{ $labels.health_status }} (neither Healthy nor Progressing)${heldFor(ctx, ' or more')}, in namespace {{ $labels.dest_namespace }} of {{ $labels.dest_server }}.`,
    runbook: ctx => [
      'At least one resource of the application is Degraded, Missing, Suspended or Unknown.',
      '',
      '```sh',
      appsCli(ctx),
      'argocd app get <name label of the alert>                       # which resource is not healthy, and its message',
      `${destinationKubectl(ctx)} get events -n <dest_namespace label> --sort-by=.metadata.creationTimestamp`,
      `${destinationKubectl(ctx)} describe pod -n <dest_namespace label> <pod from argocd app get>`,
      '```',
      ...destinationContexts(ctx, 'the `dest_server` label of the alert'),
      '',
      'Common causes: a crash-looping container (read its logs and the last Git change), an image that cannot be pulled',
      '(ACR: the cluster\'s kubelet identity needs AcrPull on the registry, `az aks check-acr`), a readiness probe that',
      'never passes, a PersistentVolumeClaim that stays Pending, a resource quota that blocks new pods.',
      'Roll back with `git revert` of the offending commit (the GitOps rollback), not with `argocd app rollback`.',
    ].join('\n'),
  },
  {
    alert: 'ArgoCDSyncFailed',
    prop: 'syncFailed',
    group: APPLICATION_GROUP,
    perApplication: true,
    severity: AlertSeverity.CRITICAL,
    for: Duration.seconds(0),
    threshold: { default: 3, unit: 'failed or errored syncs in one hour', check: wholeNonNegative },
    expr: ctx => `floor(sum by (namespace, name, project) (increase(argocd_app_sync_total{${ctx.selector.matchers(c.APPLICATION_CONTROLLER)}, phase=~"Failed|Error", dry_run!="true"${ctx.ignoreMatcher}}[1h]))) > ${ctx.threshold}`,
    summary: 'Argo CD application {{ $labels.name }} keeps failing to sync',
    description: ctx => `Application {{ $labels.name }} of project {{ $labels.project }} had {{ $value | humanize }} failed or errored syncs in the last hour (more than ${ctx.threshold}).`,
    runbook: ctx => [
      'Sync operations end in Failed or Error: Argo CD could not apply the manifests.',
      '',
      '```sh',
      appsCli(ctx),
      'argocd app get <name label of the alert> --show-operation      # the failing resource and the API server\'s message',
      `${destinationKubectl(ctx)} get events -n <destination namespace> --sort-by=.metadata.creationTimestamp`,
      logs(ctx, c.APPLICATION_CONTROLLER, ' | grep <name label of the alert>'),
      '```',
      ...destinationContexts(ctx, 'the Server and Namespace `argocd app get` shows; the controller\'s logs are on the home cluster'),
      '',
      'Common causes:',
      '- RBAC: the application controller\'s ServiceAccount may not create that kind in that namespace (`forbidden` in the message).',
      '- A ResourceQuota is exceeded (`exceeded quota`).',
      '- An invalid manifest (schema error) or a CRD that is not installed yet (sync waves: CRDs first).',
      '- The destination namespace does not exist and `CreateNamespace=true` is not set.',
      '- The AppProject does not allow the destination or the kind (`not permitted in project`).',
      '- Images from ACR cannot be pulled: attach the registry to the cluster (`az aks update --attach-acr`) or fix the pull secret.',
    ].join('\n'),
  },
  {
    alert: 'ArgoCDSlowReconciliation',
    prop: 'slowReconciliation',
    group: COMPONENT_GROUP,
    perApplication: false,
    severity: AlertSeverity.WARNING,
    for: Duration.minutes(15),
    threshold: {
      default: 10,
      unit: 'seconds of p95 reconciliation time',
      check: value => positive(value) ?? (value >= RECONCILE_LARGEST_FINITE_BUCKET
        ? `argocd_app_reconcile's largest finite bucket is ${RECONCILE_LARGEST_FINITE_BUCKET}s, so its p95 is never above ${RECONCILE_LARGEST_FINITE_BUCKET} and the alert could never fire; use a threshold below ${RECONCILE_LARGEST_FINITE_BUCKET}`
        : undefined),
    },
    expr: ctx => `histogram_quantile(0.95, sum by (namespace, le, dest_server) (rate(argocd_app_reconcile_bucket{${ctx.selector.matchers(c.APPLICATION_CONTROLLER)}}[10m]))) > ${ctx.threshold}`,
    summary: 'Argo CD reconciles slowly for {{ $labels.dest_server }}',
    description: ctx => `The 95th percentile of application reconciliation time for cluster {{ $labels.dest_server }} is {{ $value | humanizeDuration }} (above ${ctx.threshold}s)${heldFor(ctx)}.`,
    runbook: ctx => {
      const controller = ctx.selector.workloadOf(c.APPLICATION_CONTROLLER);
      return [
        `The application controller (${controller.kind}/${controller.name}) needs longer and longer per reconciliation; sync status and health lag behind the clusters.`,
        '',
        '```sh',
        `kubectl top pod -n ${ctx.selector.namespace} -l app.kubernetes.io/component=application-controller     # CPU throttling, memory near the limit`,
        logs(ctx, c.APPLICATION_CONTROLLER, ' | grep -i "reconciliation\\|took"'),
        '```',
        '',
        'In Prometheus: `workqueue_depth{name="app_reconciliation_queue"}` (queue depth) and `argocd_cluster_api_resource_objects` (how much the controller watches).',
        '',
        'Fixes, cheapest first:',
        `- Give the controller more CPU and memory: ${settingsHint(ctx, 'its resources')}.`,
        '- Raise `timeout.reconciliation` in argocd-cm (fewer periodic refreshes; Git webhooks keep changes fast).',
        '- Exclude resource kinds nobody deploys with Argo CD (`resource.exclusions` in argocd-cm): fewer watched objects.',
        '- Use annotation resource tracking, and shard the controller across clusters (`controller.replicas` and sharding) or split into several Argo CD instances.',
        '',
        `Clusters of this platform: ${clusterList(ctx)}.`,
      ].join('\n');
    },
  },
  {
    alert: 'ArgoCDGitFetchFailing',
    prop: 'gitFetchFailures',
    group: COMPONENT_GROUP,
    perApplication: false,
    severity: AlertSeverity.WARNING,
    for: Duration.minutes(5),
    threshold: { default: 2, unit: 'failed git fetches per repository in 15 minutes', check: wholeNonNegative },
    expr: ctx => `floor(sum by (namespace, repo) (increase(argocd_git_fetch_fail_total{${ctx.selector.matchers(c.REPO_SERVER)}}[15m]))) > ${ctx.threshold}`,
    summary: 'Argo CD cannot fetch {{ $labels.repo }}',
    description: ctx => `The repo-server failed to fetch {{ $labels.repo }} {{ $value | humanize }} times in 15 minutes (more than ${ctx.threshold}); applications from it do not get new commits.`,
    runbook: ctx => repositoryRunbook(ctx, 'fetch'),
  },
  {
    alert: 'ArgoCDGitLsRemoteFailing',
    prop: 'gitLsRemoteFailures',
    group: COMPONENT_GROUP,
    perApplication: false,
    severity: AlertSeverity.WARNING,
    for: Duration.minutes(5),
    threshold: { default: 2, unit: 'failed git ls-remote calls per repository in 15 minutes', check: wholeNonNegative },
    expr: ctx => `floor(sum by (namespace, repo) (increase(argocd_git_lsremote_fail_total{${ctx.selector.matchers(c.REPO_SERVER)}}[15m]))) > ${ctx.threshold}`,
    summary: 'Argo CD cannot resolve revisions of {{ $labels.repo }}',
    description: ctx => `git ls-remote of {{ $labels.repo }} failed {{ $value | humanize }} times in 15 minutes (more than ${ctx.threshold}); Argo CD cannot see new commits or tags.`,
    runbook: ctx => repositoryRunbook(ctx, 'ls-remote'),
  },
  {
    alert: 'ArgoCDRepoServerPendingRequests',
    prop: 'repoServerPendingRequests',
    group: COMPONENT_GROUP,
    perApplication: false,
    severity: AlertSeverity.WARNING,
    for: Duration.minutes(10),
    threshold: { default: 5, unit: 'pending manifest requests per repository', check: nonNegative },
    expr: ctx => `sum by (namespace, repo) (argocd_repo_pending_request_total{${ctx.selector.matchers(c.REPO_SERVER)}}) > ${ctx.threshold}`,
    summary: 'Manifest generation for {{ $labels.repo }} is queueing',
    description: ctx => `{{ $value | humanize }} requests for {{ $labels.repo }} wait in the repo-server (more than ${ctx.threshold})${heldFor(ctx)}.`,
    runbook: ctx => {
      const repo = ctx.selector.workloadOf(c.REPO_SERVER);
      return [
        'Requests wait for a lock on the repository or for a free manifest-generation slot.',
        '',
        '```sh',
        `kubectl top pod -n ${ctx.selector.namespace} -l app.kubernetes.io/component=repo-server`,
        logs(ctx, c.REPO_SERVER, ' | grep -i "timeout\\|context deadline"'),
        '```',
        '',
        `- Scale the repo-server (${repo.kind}/${repo.name}) out and give it more CPU (Helm and Kustomize rendering is CPU-bound): ${settingsHint(ctx, 'replicas and resources')}.`,
        '- A monorepo with many applications serialises on one checkout: set `argocd.argoproj.io/manifest-generate-paths` on the applications.',
        '- `reposerver.parallelism.limit` in argocd-cmd-params-cm caps concurrent generations: raise it if CPU is idle.',
      ].join('\n');
    },
  },
  {
    alert: 'ArgoCDRedisRequestsFailing',
    prop: 'redisRequestFailures',
    group: COMPONENT_GROUP,
    perApplication: false,
    severity: AlertSeverity.WARNING,
    for: Duration.minutes(10),
    threshold: { default: 0.05, unit: 'fraction of failed Redis requests', check: fraction },
    expr: ctx => {
      const sel = ctx.selector.matchersOf([c.APPLICATION_CONTROLLER, c.SERVER, c.REPO_SERVER]);
      return `sum by (namespace, job) (rate(argocd_redis_request_total{${sel}, failed="true"}[5m])) / sum by (namespace, job) (rate(argocd_redis_request_total{${sel}}[5m])) > ${ctx.threshold}`;
    },
    summary: 'Redis requests from {{ $labels.job }} are failing',
    description: ctx => `{{ $value | humanizePercentage }} of Redis requests from {{ $labels.job }} fail (more than ${ctx.threshold * 100}%)${heldFor(ctx)}; caching breaks and everything gets slower.`,
    runbook: ctx => [
      'Argo CD caches manifests, application trees and cluster state in Redis; failures make every component slower and the UI stale.',
      '',
      '```sh',
      ...redisCommands(ctx),
      logs(ctx, c.SERVER, ' | grep -i redis'),
      '```',
      '',
      ctx.redisHa
        ? '- Redis out of memory or restarted, or Sentinel failing over (redis-ha): check the limits, the OOMKilled reason and the Sentinel logs; the components reach Redis through HAProxy.'
        : '- Redis out of memory or restarted: check its limits and the OOMKilled reason.',
      ctx.redisHa
        // argo-helm argo-cd 10.1.1 templates/redis/networkpolicy.yaml renders only without redis-ha; the redis-ha subchart's policies are off by default.
        ? '- A NetworkPolicy blocks the components from HAProxy (port 6379) or HAProxy from the Redis servers (6379, Sentinel 26379): with redis-ha the argo-cd chart creates no Redis NetworkPolicy and the subchart\'s (`redis-ha.networkPolicy`, `redis-ha.haproxy.networkPolicy`) are off unless enabled, so look for a default-deny policy (`global.networkPolicy.defaultDenyIngress`) or one from outside the chart: `kubectl get networkpolicy -n ' + ctx.selector.namespace + '`.'
        : '- A NetworkPolicy blocks the component from Redis: the chart\'s `' + redisFullnameOf(ctx) + '` NetworkPolicy (created since chart 10.0.0, `global.networkPolicy.create`) admits only the Argo CD components; check it with `kubectl get networkpolicy -n ' + ctx.selector.namespace + '`.',
      '- The Redis password changed (argocd-redis Secret) without restarting the components.',
    ].join('\n'),
  },
  {
    alert: 'ArgoCDClusterResourceObjectsDropped',
    prop: 'clusterResourceObjectsDrop',
    group: COMPONENT_GROUP,
    perApplication: false,
    severity: AlertSeverity.WARNING,
    for: Duration.minutes(5),
    threshold: { default: 0.5, unit: 'fraction of the last 30 minutes\' maximum that remains', check: fraction },
    expr: ctx => {
      const series = `argocd_cluster_api_resource_objects{${ctx.selector.matchers(c.APPLICATION_CONTROLLER)}}`;
      return `${series} < ${ctx.threshold} * max_over_time(${series}[30m])`;
    },
    summary: 'Argo CD suddenly watches far fewer objects in {{ $labels.server }}',
    description: ctx => `The controller caches {{ $value | humanize }} objects of {{ $labels.server }}, less than ${ctx.threshold * 100}% of its maximum in the last 30 minutes: lost API access, a broken watch, or objects were deleted.`,
    runbook: ctx => [
      'The number of objects the controller caches for a cluster fell sharply.',
      '',
      '```sh',
      `${appsCli(ctx)}`,
      'argocd cluster list                         # connection status and message per cluster',
      logs(ctx, c.APPLICATION_CONTROLLER, ' | grep -i "<server label of the alert>"'),
      '```',
      '',
      '- The controller lost permissions (a changed ClusterRole, an expired cluster credential): look for `forbidden` in the logs.',
      '- A mass deletion really happened: check the Kubernetes audit log and the applications\' history before anything else.',
      '',
      `Clusters of this platform: ${clusterList(ctx)}.`,
    ].join('\n'),
  },
  {
    alert: 'ArgoCDClusterConnectionError',
    prop: 'clusterConnectionErrors',
    group: COMPONENT_GROUP,
    perApplication: false,
    severity: AlertSeverity.CRITICAL,
    for: Duration.minutes(5),
    expr: ctx => `argocd_cluster_connection_status{${ctx.selector.matchers(c.APPLICATION_CONTROLLER)}} == 0`,
    summary: 'Argo CD cannot reach cluster {{ $labels.server }}',
    description: ctx => `The application controller has had no working connection to {{ $labels.server }}${heldFor(ctx)}; nothing is synced there and its status is stale.`,
    runbook: ctx => [
      'The controller cannot list or watch the cluster\'s API.',
      '',
      '```sh',
      appsCli(ctx),
      'argocd cluster get <server label of the alert>      # connectionState.message',
      logs(ctx, c.APPLICATION_CONTROLLER, ' | grep -i "<server label of the alert>"'),
      '```',
      '',
      '- The cluster credential expired or was rotated (cluster Secret in the Argo CD namespace).',
      '- The API server is unreachable: private endpoint, firewall, NetworkPolicy egress.',
      '- For the in-cluster destination: the controller\'s ServiceAccount lost its ClusterRoleBinding.',
      '',
      `Clusters of this platform: ${clusterList(ctx)}.`,
    ].join('\n'),
  },
  {
    alert: 'ArgoCDNotificationDeliveryFailing',
    prop: 'notificationDeliveryFailures',
    group: COMPONENT_GROUP,
    perApplication: false,
    severity: AlertSeverity.WARNING,
    for: Duration.seconds(0),
    threshold: { default: 0, unit: 'failed deliveries per service in 15 minutes', check: wholeNonNegative },
    expr: ctx => `floor(sum by (namespace, service, trigger) (increase(argocd_notifications_deliveries_total{${ctx.selector.matchers(c.NOTIFICATIONS_CONTROLLER)}, succeeded="false"}[15m]))) > ${ctx.threshold}`,
    summary: 'Argo CD notifications to {{ $labels.service }} are failing',
    description: ctx => `{{ $value | humanize }} notifications of trigger {{ $labels.trigger }} to {{ $labels.service }} failed in 15 minutes (more than ${ctx.threshold}); teams are not told about their deployments.`,
    runbook: ctx => [
      'The notifications controller could not deliver messages.',
      '',
      '```sh',
      logs(ctx, c.NOTIFICATIONS_CONTROLLER, ' | grep -i "failed to notify\\|error"'),
      `kubectl get configmap argocd-notifications-cm -n ${ctx.selector.namespace} -o yaml`,
      '```',
      '',
      '- An expired token or a deleted webhook (Slack token, Teams Workflows URL) in argocd-notifications-secret: rotate it in the secret store.',
      '- Office 365 connectors (`service.teams`) were retired: move to `teams-workflows`.',
      '- A template that does not render ("template ... is not supported"): check the template name and indentation.',
    ].join('\n'),
  },
  {
    alert: 'ArgoCDComponentDown',
    prop: 'componentDown',
    group: COMPONENT_GROUP,
    perApplication: false,
    severity: AlertSeverity.CRITICAL,
    for: Duration.minutes(5),
    expr: ctx => `up{${ctx.selector.matchersOf(ctx.components)}} == 0`,
    summary: 'Argo CD component {{ $labels.job }} is down',
    description: ctx => `Prometheus cannot scrape {{ $labels.job }} ({{ $labels.instance }})${heldFor(ctx)}: the pod is down or not ready.`,
    runbook: ctx => [
      'A component does not answer on its metrics port.',
      '',
      '```sh',
      `kubectl get pods -n ${ctx.selector.namespace} -o wide`,
      ...ctx.components.map(component => {
        const w = ctx.selector.workloadOf(component);
        return `kubectl describe ${w.kind} -n ${ctx.selector.namespace} ${w.name}     # job ${ctx.selector.serviceOf(component)}`;
      }),
      '```',
      '',
      'Look for CrashLoopBackOff (read the previous logs with `kubectl logs --previous`), OOMKilled, failing probes and',
      'pending pods (resources, node selectors).',
    ].join('\n'),
  },
  {
    alert: 'ArgoCDComponentAbsent',
    prop: 'componentAbsent',
    group: COMPONENT_GROUP,
    perApplication: false,
    severity: AlertSeverity.CRITICAL,
    for: Duration.minutes(5),
    expr: ctx => ctx.components.map(component => `absent(up{${ctx.selector.matchers(component)}})`).join(' or '),
    summary: 'Argo CD component {{ $labels.job }} is not scraped at all',
    description: ctx => `Prometheus has no target for {{ $labels.job }} in namespace {{ $labels.namespace }}${heldFor(ctx)}: the workload, its metrics Service or its ServiceMonitor is gone.`,
    runbook: ctx => [
      'Prometheus has no target for the component at all (not even a failing one).',
      '',
      '```sh',
      `kubectl get servicemonitors,services,endpoints -n ${ctx.selector.namespace}`,
      '```',
      '',
      ...ctx.components.map(component =>
        `- \`${ctx.selector.serviceOf(component)}\`: Service port \`${ctx.selector.portOf(component)}\`, workload ${ctx.selector.workloadOf(component).kind}/${ctx.selector.workloadOf(component).name}`),
      '',
      'Check that the Prometheus selects the ServiceMonitors (its `serviceMonitorSelector` must match their labels, e.g. `release: kube-prometheus-stack`) and that the Service exists with that port.',
    ].join('\n'),
  },
  {
    alert: 'ArgoCDMetricsMissing',
    prop: 'metricsMissing',
    group: COMPONENT_GROUP,
    perApplication: false,
    severity: AlertSeverity.CRITICAL,
    for: Duration.minutes(15),
    expr: ctx => `absent(argocd_app_info{${ctx.selector.matchers(c.APPLICATION_CONTROLLER)}})`,
    summary: 'Argo CD\'s application metrics are missing',
    description: ctx => `No argocd_app_info series from Argo CD in namespace {{ $labels.namespace }}${heldFor(ctx)}: every application alert is blind.`,
    runbook: ctx => [
      'Prometheus has no application metrics from Argo CD at all, so no application alert can fire.',
      '',
      '```sh',
      `kubectl get servicemonitor -n ${ctx.selector.namespace} --show-labels`,
      `kubectl get endpoints -n ${ctx.selector.namespace} ${ctx.selector.serviceOf(c.APPLICATION_CONTROLLER)}`,
      '```',
      '',
      `The series come from job \`${ctx.selector.serviceOf(c.APPLICATION_CONTROLLER)}\` (port \`${ctx.selector.portOf(c.APPLICATION_CONTROLLER)}\`). ` +
      'If the target is up but the series are missing, the controller is not reconciling any application: see ArgoCDComponentDown and the controller logs.',
    ].join('\n'),
  },
];

/** The Redis workloads: the chart's redis-ha (StatefulSet and HAProxy) when `redis-ha.enabled`, else `argocd-redis`. */
function redisCommands(ctx: AlertContext): string[] {
  const ns = ctx.selector.namespace;
  if (ctx.redisHa) {
    // The redis-ha subchart's fullname: `<release>-redis-ha` (the release itself when it contains "redis-ha").
    const release = ctx.selector.flavour === ArgoInstallFlavour.HELM_CHART ? ctx.selector.releaseName : 'argocd';
    const ha = release.includes('redis-ha') ? release : `${release}-redis-ha`;
    return [
      `kubectl get pods -n ${ns} -l 'app in (redis-ha, redis-ha-haproxy)'`,
      `kubectl logs -n ${ns} statefulset/${ha}-server -c redis --since=1h`,
      `kubectl logs -n ${ns} statefulset/${ha}-server -c sentinel --since=1h`,
      `kubectl logs -n ${ns} deployment/${ha}-haproxy --since=1h`,
    ];
  }
  // Named like the other workloads: `<chart fullname>-redis` (argocd-redis).
  const server = ctx.selector.workloadOf(c.SERVER).name;
  const redis = `${server.slice(0, server.length - '-server'.length)}-redis`;
  return [
    `kubectl get pods -n ${ns} -l app.kubernetes.io/component=redis`,
    `kubectl logs -n ${ns} deployment/${redis} --since=1h`,
  ];
}

function repositoryRunbook(ctx: AlertContext, operation: string): string {
  return [
    `The repo-server's git ${operation} of the repository fails: applications from it do not get new commits.`,
    '',
    '```sh',
    logs(ctx, c.REPO_SERVER, ' | grep -i "<repo label of the alert>"'),
    appsCli(ctx),
    'argocd repo get <repo label of the alert>          # connection state and message',
    '```',
    '',
    'Common causes:',
    '- The SSH host key changed or is missing (`knownhosts: key mismatch`, `key is unknown`): the platform renders',
    '  argocd-ssh-known-hosts-cm from `SshKnownHosts`; add or update the host there and commit (no `argocd cert add-ssh` by hand).',
    '- The token or deploy key expired or was revoked (`authentication required`, `403`): rotate it in the secret store',
    '  (Key Vault); ExternalSecrets refresh the repository Secret.',
    '- A NetworkPolicy or firewall blocks egress to the Git host.',
    '- The repository is too big for the repo-server (timeouts, OOMKilled): give it more memory and CPU.',
  ].join('\n');
}

/** The chart's Redis Deployment, Service and NetworkPolicy name without redis-ha: `<chart fullname>-redis`. */
function redisFullnameOf(ctx: AlertContext): string {
  const server = ctx.selector.workloadOf(c.SERVER).name;
  return `${server.slice(0, server.length - '-server'.length)}-redis`;
}
