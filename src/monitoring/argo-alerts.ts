import { ApiObject, Chart, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ALERT_CATALOG, APPLICATION_GROUP, AlertContext, AlertDefinition, PROJECT_TEAM_SERIES } from './argo-alert-catalog';
import { ArgoComponent, ArgoInstallFlavour, ArgoMetricsSelector } from './argo-metrics-selector';
import { ArgoScraping } from './argo-scraping';
import { CORE_COMPONENTS, assertLabels, escapeRegex } from './monitoring-helpers';
import { durationInWords, isPrometheusDuration, prometheusDuration } from './prometheus-duration';
import { promqlSyntaxError } from './promql-check';
import { renderRunbook, runbookAnchor, RunbookSection } from './runbook';
import { PrometheusRule } from '../imports/prometheusrule-monitoring.coreos.com';
import { AlertSeverity } from '../platform/alert-rules';
import { ArgoPlatform } from '../platform/argo-platform';
import { PlatformLabels } from '../platform/labels';
import { PlatformFacts } from '../platform/platform-facts';
import { PlatformCapability } from '../platform/registries';
import { describeInvalid, fail } from '../util/validation';

/** The knobs every alert has, in one shape. */
export interface ArgoAlertOptions {
  /**
   * Render the alert.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The `severity` label.
   * @default - the alert's own (documented per alert in ArgoAlertsProps)
   */
  readonly severity?: AlertSeverity;
  /**
   * How long the condition must hold before the alert fires (`for`); `Duration.seconds(0)` fires at once.
   * @default - the alert's own
   */
  readonly for?: Duration;
  /**
   * The alert's threshold, in the unit the alert documents. Refused for alerts without one.
   * @default - the alert's own
   */
  readonly threshold?: number;
  /**
   * Applications (by name) this alert never fires for. Only for per-application alerts.
   * @default - none
   */
  readonly ignoredApplications?: string[];
  /**
   * Extra labels on the alert (for Alertmanager routing).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/** Props for ArgoAlerts. */
export interface ArgoAlertsProps {
  /**
   * The scraping construct: its selector and components are the ones the alerts watch.
   * @default - the selector of `selector`, or the platform's namespace with the chart flavour when
   * the platform has SelfManagedArgo and the plain manifests otherwise; the five core components
   */
  readonly scraping?: ArgoScraping;
  /**
   * The job/namespace selector, when Argo CD is scraped by something other than ArgoScraping.
   * Ignored when `scraping` is given.
   * @default - see `scraping`
   */
  readonly selector?: ArgoMetricsSelector;
  /**
   * Where the repository holding the runbook is browsed, at the branch the platform follows, e.g.
   * `https://github.com/civica/gitops-config/blob/main`. Each alert's `runbook_url` is
   * `<runbookBrowseUrl>/<pathPrefix>/<platform>.runbook.md#<alert>`. For Azure Repos give
   * `https://dev.azure.com/<org>/<project>/_git/<repo>?version=GB<branch>`: the link is then
   * `...?path=/<pathPrefix>/<platform>.runbook.md&version=GB<branch>&_a=preview#<alert>`.
   * @default - derived from the platform's gitOps repository on github.com, a GitLab host or Azure Repos; required otherwise
   */
  readonly runbookBrowseUrl?: string;
  /**
   * Labels on the PrometheusRule object, for a Prometheus that selects rules by label
   * (e.g. `{ release: 'kube-prometheus-stack' }`).
   * @default - none
   */
  readonly ruleLabels?: { [key: string]: string };
  /**
   * Labels on every alert.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * The label that carries an application's team (from the team registry) on per-application alerts.
   * One platform fact with ArgoNotifications' `alertTeamLabel` (the label its team routes match): set
   * either (or both to the same value); two different values fail the synth naming both.
   * @default - ArgoNotifications' `alertTeamLabel`, else 'team'
   */
  readonly teamLabel?: string;
  /**
   * Applications no per-application alert fires for (added to each alert's own list).
   * @default - none
   */
  readonly ignoredApplications?: string[];
  /**
   * `ArgoCDAppOutOfSync`: `argocd_app_info` sync status not Synced. Warning, for 15m. No threshold.
   * @default - enabled with its defaults
   */
  readonly appOutOfSync?: ArgoAlertOptions;
  /**
   * `ArgoCDAppUnhealthy`: health neither Healthy nor Progressing. Critical, for 10m. No threshold.
   * @default - enabled with its defaults
   */
  readonly appUnhealthy?: ArgoAlertOptions;
  /**
   * `ArgoCDSyncFailed`: more than `threshold` (default 3) Failed or Error syncs of one application in 1h
   * (`argocd_app_sync_total`). Critical, fires at once.
   * @default - enabled with its defaults
   */
  readonly syncFailed?: ArgoAlertOptions;
  /**
   * `ArgoCDSlowReconciliation`: p95 of `argocd_app_reconcile` per cluster above `threshold` seconds
   * (default 10; must be below 16, the histogram's largest finite bucket). Warning, for 15m.
   * @default - enabled with its defaults
   */
  readonly slowReconciliation?: ArgoAlertOptions;
  /**
   * `ArgoCDGitFetchFailing`: more than `threshold` (default 2) failed git fetches of a repository in 15m. Warning, for 5m.
   * @default - enabled with its defaults
   */
  readonly gitFetchFailures?: ArgoAlertOptions;
  /**
   * `ArgoCDGitLsRemoteFailing`: more than `threshold` (default 2) failed git ls-remote calls of a repository in 15m. Warning, for 5m.
   * @default - enabled with its defaults
   */
  readonly gitLsRemoteFailures?: ArgoAlertOptions;
  /**
   * `ArgoCDRepoServerPendingRequests`: more than `threshold` (default 5) requests for one repository waiting in the repo-server. Warning, for 10m.
   * @default - enabled with its defaults
   */
  readonly repoServerPendingRequests?: ArgoAlertOptions;
  /**
   * `ArgoCDRedisRequestsFailing`: more than `threshold` (default 0.05) of a component's Redis requests fail. Warning, for 10m.
   * @default - enabled with its defaults
   */
  readonly redisRequestFailures?: ArgoAlertOptions;
  /**
   * `ArgoCDClusterResourceObjectsDropped`: a cluster's cached object count falls below `threshold`
   * (default 0.5) of its 30-minute maximum. Warning, for 5m.
   * @default - enabled with its defaults
   */
  readonly clusterResourceObjectsDrop?: ArgoAlertOptions;
  /**
   * `ArgoCDClusterConnectionError`: `argocd_cluster_connection_status` is 0. Critical, for 5m. No threshold.
   * @default - enabled with its defaults
   */
  readonly clusterConnectionErrors?: ArgoAlertOptions;
  /**
   * `ArgoCDNotificationDeliveryFailing`: more than `threshold` (default 0) failed deliveries per service and trigger in 15m. Warning, fires at once.
   * @default - enabled with its defaults
   */
  readonly notificationDeliveryFailures?: ArgoAlertOptions;
  /**
   * `ArgoCDComponentDown`: a scraped component's `up` is 0. Critical, for 5m. No threshold.
   * @default - enabled with its defaults
   */
  readonly componentDown?: ArgoAlertOptions;
  /**
   * `ArgoCDComponentAbsent`: a component has no scrape target at all. Critical, for 5m. No threshold.
   * @default - enabled with its defaults
   */
  readonly componentAbsent?: ArgoAlertOptions;
  /**
   * `ArgoCDMetricsMissing`: no `argocd_app_info` series at all. Critical, for 15m. No threshold.
   * @default - enabled with its defaults
   */
  readonly metricsMissing?: ArgoAlertOptions;
}

/** One rendered alerting or recording rule (the PrometheusRule's rule shape). */
interface RenderedRule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
}

interface PlannedAlert {
  readonly group: string;
  readonly rule: RenderedRule;
  /** Where it comes from, for error messages. */
  readonly origin: string;
  readonly runbook?: string;
}

const ALERT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Argo CD's alerts as a `PrometheusRule`: the seed's three (out of sync, unhealthy, sync failed) on
 * real metrics, plus slow reconciliation, git fetch and ls-remote failures, repo-server queueing,
 * Redis failures, a sudden drop of watched objects, cluster connection errors, notification delivery
 * failures, a component down or absent, and Argo CD's metrics missing. It also renders every rule
 * other capabilities contribute through `platform.alertRules`.
 *
 * Every expression is parsed at synth with Prometheus's grammar (a syntax error fails the synth
 * naming the alert and the position); names are unique; `for` is a Prometheus duration.
 * Per-application alerts carry the application's team (from the platform's team registry), joined in
 * PromQL from a recorded `argocd_platform:project_team:info` series, so Alertmanager can route each
 * team its own applications. Every alert links (`runbook_url`) to its section of
 * `dist/<platform>.runbook.md`, generated with this platform's namespace, workloads and clusters.
 *
 * @example
 * import { Duration } from 'cdk8s';
 * import { ArgoAlerts, ArgoPlatform, ArgoScraping } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * const scraping = new ArgoScraping(platform, 'Scraping', { labels: { release: 'kube-prometheus-stack' } });
 * // A PrometheusRule and dist/argocd.runbook.md.
 * new ArgoAlerts(platform, 'Alerts', {
 *   scraping,
 *   ruleLabels: { release: 'kube-prometheus-stack' },
 *   appOutOfSync: { for: Duration.minutes(30) },
 * });
 */
export class ArgoAlerts extends Construct {
  /** The runbook's file name at the output root, e.g. `argocd.runbook.md`. */
  public readonly runbookFileName: string;
  /** The name of the PrometheusRule. */
  public readonly ruleName: string;

  private readonly platform: ArgoPlatform;
  private readonly components: ArgoComponent[];
  private readonly props: ArgoAlertsProps;
  private readonly runbookBase: string;
  private readonly globalLabels: { [key: string]: string };
  private readonly globalIgnored: string[];
  private readonly ownTeamLabel: string;
  private resolvedSelector?: ArgoMetricsSelector;

  constructor(scope: Construct, id: string, props: ArgoAlertsProps = {}) {
    super(scope, id);
    const platform = ArgoPlatform.platformOf(this);
    this.platform = platform;
    if (Chart.of(this) !== platform) {
      fail(this, 'scope', Chart.of(this).node.path, `create ArgoAlerts inside the ArgoPlatform "${platform.node.path}", not an environment chart`);
    }
    const existing = platform.capabilities.providerOf(PlatformCapability.ALERTS);
    if (existing) fail(this, 'alerts', existing.node.path, 'this platform already has its ArgoAlerts; one per platform (it renders every contributed rule)');
    this.props = props;
    this.components = props.scraping?.components ?? CORE_COMPONENTS;
    this.ownTeamLabel = props.teamLabel ?? PlatformFacts.DEFAULT_ALERT_TEAM_LABEL;
    if (!LABEL_NAME.test(this.ownTeamLabel)) fail(this, 'teamLabel', this.ownTeamLabel, 'must be a Prometheus label name (letters, digits and "_", not starting with a digit)');
    // One fact, also set by the notifications' team alert routes: two different labels are refused naming both.
    if (props.teamLabel !== undefined) platform.facts.setAlertTeamLabel(this, 'teamLabel', props.teamLabel);
    this.globalLabels = this.checkAlertLabels('labels', props.labels);
    this.globalIgnored = this.checkIgnored('ignoredApplications', props.ignoredApplications);
    const ruleLabels = assertLabels(this, 'ruleLabels', props.ruleLabels);
    this.runbookFileName = `${platform.platformName}.runbook.md`;
    this.runbookBase = this.resolveRunbookBase(props.runbookBrowseUrl);
    this.ruleName = `${platform.platformName}-alerts`;

    // Eager checks of every knob, so a bad prop fails at construction naming the prop.
    for (const definition of ALERT_CATALOG) this.options(definition);

    platform.capabilities.provide(this, PlatformCapability.ALERTS);
    platform.addArtifact(this.runbookFileName, { produce: () => this.renderRunbook() });

    // A plain ApiObject of the generated kind: the groups are produced late (contributed rules land after construction).
    new ApiObject(this, 'Resource', {
      ...PrometheusRule.GVK,
      metadata: {
        name: this.ruleName,
        namespace: platform.argoCdNamespace,
        labels: { [PlatformLabels.PART_OF]: 'argocd', ...ruleLabels },
      },
      spec: { groups: Lazy.any({ produce: () => this.renderGroups() }) },
    });

    this.node.addValidation({ validate: () => this.validateRules() });
  }

  /**
   * The selector the expressions use: the scraping's, or the given one, or the default of the
   * platform's install flavour (the argo-cd chart when it has SelfManagedArgo, declared anywhere).
   */
  public get selector(): ArgoMetricsSelector {
    this.resolvedSelector ??= this.props.scraping?.selector ?? this.props.selector ?? new ArgoMetricsSelector({
      namespace: this.platform.argoCdNamespace,
      flavour: this.platform.facts.selfManaged ? ArgoInstallFlavour.HELM_CHART : ArgoInstallFlavour.PLAIN_MANIFESTS,
    });
    return this.resolvedSelector;
  }

  /** The label carrying an application's team (the platform's alert team label). */
  public get teamLabel(): string {
    return this.platform.facts.alertTeamLabel;
  }

  /** The runbook URL of an alert (`<browse url>/<path>/<platform>.runbook.md#<anchor>`). */
  public runbookUrlOf(alert: string): string {
    return `${this.runbookBase}#${runbookAnchor(alert)}`;
  }

  /** The rule groups as rendered into the PrometheusRule (also what `promtool` checks). */
  private renderGroups(): Array<{ name: string; rules: RenderedRule[] }> {
    const groups = new Map<string, RenderedRule[]>();
    const teams = this.teamRecordingRules();
    if (teams.length) groups.set(APPLICATION_GROUP, [...teams]);
    for (const planned of this.plannedAlerts()) {
      if (!groups.has(planned.group)) groups.set(planned.group, []);
      groups.get(planned.group)!.push(planned.rule);
    }
    return [...groups.entries()]
      .filter(([, rules]) => rules.some(r => r.alert !== undefined))
      .map(([name, rules]) => ({ name, rules }));
  }

  private options(definition: AlertDefinition): Required<Pick<ArgoAlertOptions, 'enabled' | 'severity'>> & { for: string; threshold: number; ignored: string[]; labels: { [key: string]: string } } {
    const prop = definition.prop;
    const options = ((this.props as any)[prop] ?? {}) as ArgoAlertOptions;
    const severity = options.severity ?? definition.severity;
    if (!Object.values(AlertSeverity).includes(severity)) fail(this, `${prop}.severity`, severity, `must be one of ${Object.values(AlertSeverity).join(', ')}`);
    const forText = prometheusDuration(this, `${prop}.for`, options.for ?? definition.for);
    let threshold = definition.threshold?.default ?? 0;
    if (options.threshold !== undefined) {
      if (!definition.threshold) fail(this, `${prop}.threshold`, options.threshold, `${definition.alert} has no threshold`);
      const reason = typeof options.threshold === 'number' ? definition.threshold.check(options.threshold) : 'must be a number';
      if (reason) fail(this, `${prop}.threshold`, options.threshold, `${reason} (${definition.threshold.unit})`);
      threshold = options.threshold;
    }
    if (options.ignoredApplications !== undefined && !definition.perApplication) {
      fail(this, `${prop}.ignoredApplications`, options.ignoredApplications, `${definition.alert} is not per application (it has no application name label)`);
    }
    const ignored = definition.perApplication
      ? [...new Set([...this.globalIgnored, ...this.checkIgnored(`${prop}.ignoredApplications`, options.ignoredApplications)])].sort()
      : [];
    return {
      enabled: options.enabled ?? true,
      severity,
      for: forText,
      threshold,
      ignored,
      labels: this.checkAlertLabels(`${prop}.labels`, options.labels),
    };
  }

  private context(threshold: number, ignored: string[], forText: string): AlertContext {
    return {
      selector: this.selector,
      components: this.components,
      threshold,
      ignoreMatcher: ignored.length ? `, name!~"${ignored.map(escapeRegex).join('|')}"` : '',
      host: new URL(this.platform.url).host,
      environments: this.platform.environments.map(env => {
        const home = this.platform.homeCluster;
        const remote = env.inCluster ? undefined
          : this.platform.clusters.find(c => (env.cluster.name !== undefined && c.clusterName === env.cluster.name) || (env.cluster.server !== undefined && c.server === env.cluster.server.replace(/\/+$/, '')));
        return {
          name: env.environmentName,
          server: env.cluster.server ?? remote?.server ?? env.cluster.name ?? '',
          cluster: remote?.clusterName ?? (env.inCluster ? (home.declared ? home.name : undefined) : env.cluster.name),
          kubeContext: remote ? remote.kubeContext : env.inCluster && home.declared ? home.kubeContext : undefined,
          remote: !env.inCluster,
        };
      }),
      selfManaged: this.platform.facts.selfManaged,
      forWords: durationInWords(forText),
      redisHa: this.platform.facts.redisHa,
    };
  }

  private withTeam(expr: string): string {
    if (this.platform.teams.all.length === 0) return expr;
    const info = `${PROJECT_TEAM_SERIES}{argocd_platform="${this.platform.platformName}"}`;
    return `(${expr}) * on (project) group_left (${this.teamLabel}) ${info} or on (project) (${expr})`;
  }

  private teamRecordingRules(): RenderedRule[] {
    // Both projects of a team route to it: its project and its production project.
    const projectsOf = (team: { projectName: string; productionProjectName?: string }) =>
      [team.projectName, ...(team.productionProjectName ? [team.productionProjectName] : [])];
    return this.platform.teams.all.flatMap(team => projectsOf(team).map(project => ({
      record: PROJECT_TEAM_SERIES,
      expr: 'vector(1)',
      labels: { argocd_platform: this.platform.platformName, project, [this.teamLabel]: team.team },
    })));
  }

  private plannedAlerts(): PlannedAlert[] {
    const planned: PlannedAlert[] = [];
    for (const definition of ALERT_CATALOG) {
      const options = this.options(definition);
      if (!options.enabled) continue;
      const ctx = this.context(options.threshold, options.ignored, options.for);
      const expr = definition.expr(ctx);
      planned.push({
        group: definition.group,
        origin: `${definition.prop} (${definition.alert})`,
        runbook: definition.runbook(ctx),
        rule: {
          alert: definition.alert,
          expr: definition.perApplication ? this.withTeam(expr) : expr,
          ...(options.for !== '0s' ? { for: options.for } : {}),
          labels: { ...this.globalLabels, ...options.labels, severity: options.severity },
          annotations: {
            summary: definition.summary,
            description: definition.description(ctx),
            runbook_url: this.runbookUrlOf(definition.alert),
          },
        },
      });
    }
    for (const { rule, contributor } of this.platform.alertRules.all) {
      const forText = rule.for === undefined ? undefined : (rule.for instanceof Duration ? prometheusDuration(contributor, `${rule.alert}.for`, rule.for) : String(rule.for));
      planned.push({
        group: rule.group,
        origin: `${rule.alert} contributed by [${contributor}]`,
        runbook: rule.runbook,
        rule: {
          alert: rule.alert,
          expr: rule.expr,
          ...(forText !== undefined && forText !== '0s' ? { for: forText } : {}),
          labels: { ...this.globalLabels, ...(rule.labels ?? {}), severity: rule.severity },
          annotations: {
            summary: rule.summary,
            description: rule.description,
            ...(rule.runbook ? { runbook_url: this.runbookUrlOf(rule.alert) } : {}),
          },
        },
      });
    }
    return planned.map(p => ({ ...p, rule: { ...p.rule, labels: sortRecord(p.rule.labels!), annotations: sortRecord(p.rule.annotations!) } }));
  }

  private validateRules(): string[] {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const planned of this.plannedAlerts()) {
      const name = planned.rule.alert!;
      const where = planned.origin;
      if (!ALERT_NAME.test(name)) problems.push(describeInvalid(this, 'alert', name, `${where}: alert names are letters, digits and "_", starting with a letter`));
      const earlier = seen.get(name);
      if (earlier) problems.push(describeInvalid(this, 'alert', name, `${where}: the name is already used by ${earlier}; alert names must be unique`));
      else seen.set(name, where);
      if (!isDnsSubdomainName(planned.group)) problems.push(describeInvalid(this, 'group', planned.group, `${where}: group names are DNS-1123 subdomains such as argocd-backup`));
      if (planned.rule.for !== undefined && !isPrometheusDuration(planned.rule.for)) {
        problems.push(describeInvalid(this, 'for', planned.rule.for, `${where}: must be a Prometheus duration such as 15m or 1h30m`));
      }
      for (const key of Object.keys(planned.rule.labels ?? {})) {
        if (!LABEL_NAME.test(key)) problems.push(describeInvalid(this, 'labels', key, `${where}: must be a Prometheus label name`));
      }
      const error = promqlSyntaxError(planned.rule.expr);
      if (error) {
        problems.push(describeInvalid(this, 'expr', planned.rule.expr,
          `${where}: PromQL syntax error at line ${error.line}, column ${error.column} (near ${error.near})`));
      }
    }
    return problems;
  }

  private renderRunbook(): string {
    const sections: RunbookSection[] = this.plannedAlerts()
      .filter(p => p.runbook !== undefined)
      .map(p => ({
        alert: p.rule.alert!,
        group: p.group,
        severity: p.rule.labels!.severity,
        for: p.rule.for ?? '0s',
        expr: p.rule.expr,
        summary: p.rule.annotations!.summary,
        body: p.runbook!,
        origin: p.origin,
      }));
    return renderRunbook({
      platformName: this.platform.platformName,
      namespace: this.selector.namespace,
      url: this.platform.url,
      flavour: this.selector.flavour,
      ruleName: this.ruleName,
      teamLabel: this.teamLabel,
      teams: this.platform.teams.all.flatMap(t => [t.projectName, ...(t.productionProjectName ? [t.productionProjectName] : [])]
        .map(project => ({ team: t.team, project }))),
      sections,
      clusters: {
        home: this.platform.homeCluster.declared ? this.platform.homeCluster.name : undefined,
        kubeContext: this.platform.homeCluster.kubeContext,
        remote: this.platform.clusters.map(c => c.clusterName),
        remoteKubeContexts: Object.fromEntries(this.platform.clusters.map(c => [c.clusterName, c.kubeContext])),
      },
    });
  }

  private resolveRunbookBase(browseUrl: string | undefined): string {
    const file = this.platform.hasGitOps ? this.platform.pathOf(this.runbookFileName) : this.runbookFileName;
    if (browseUrl !== undefined) {
      let parsed: URL | undefined;
      try { parsed = new URL(browseUrl); } catch { parsed = undefined; }
      if (parsed && parsed.protocol === 'https:' && parsed.hostname === 'dev.azure.com' && !/[\s#]/.test(browseUrl)) {
        return this.azureReposBrowseUrl(browseUrl, parsed, file);
      }
      if (!parsed || parsed.protocol !== 'https:' || /[\s#?]/.test(browseUrl)) {
        fail(this, 'runbookBrowseUrl', browseUrl, 'must be an https:// URL of the repository at a branch (no query or fragment), e.g. https://github.com/org/repo/blob/main, '
          + 'or an Azure Repos repository https://dev.azure.com/<org>/<project>/_git/<repo>?version=GB<branch>');
      }
      return `${browseUrl.replace(/\/+$/, '')}/${file}`;
    }
    if (!this.platform.hasGitOps) {
      fail(this, 'runbookBrowseUrl', undefined, 'the platform has no gitOps repository to derive it from; set runbookBrowseUrl');
    }
    const { repoUrl, targetRevision } = this.platform.gitOps;
    // Azure Repos: https://dev.azure.com/<org>/<project>/_git/<repo> or git@ssh.dev.azure.com:v3/<org>/<project>/<repo>.
    const azure = /^https:\/\/dev\.azure\.com\/([^/?#]+)\/([^/?#]+)\/_git\/([^/?#]+?)\/?$/.exec(repoUrl)
      ?? /^(?:git@ssh\.dev\.azure\.com:v3\/|ssh:\/\/git@ssh\.dev\.azure\.com(?::22)?\/v3\/)([^/]+)\/([^/]+)\/([^/]+?)\/?$/.exec(repoUrl);
    if (azure) {
      const repository = `https://dev.azure.com/${azure[1]}/${azure[2]}/_git/${azure[3]}`;
      const browse = `${repository}?${new URLSearchParams({ version: `GB${targetRevision}` }).toString()}`;
      return this.azureReposBrowseUrl(browse, new URL(browse), file);
    }
    const match = /^(?:git@([^:]+):|https:\/\/([^/]+)\/|ssh:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/)(.+?)(?:\.git)?\/?$/.exec(repoUrl);
    const host = match && (match[1] ?? match[2] ?? match[3]);
    if (!match || !host || !(host === 'github.com' || host.includes('gitlab'))) {
      fail(this, 'runbookBrowseUrl', undefined, `cannot derive where ${repoUrl} is browsed (only github.com, GitLab and Azure Repos hosts are known); set runbookBrowseUrl`);
    }
    const blob = host === 'github.com' ? 'blob' : '-/blob';
    return `https://${host}/${match[4]}/${blob}/${targetRevision}/${file}`;
  }

  /**
   * An Azure Repos file link: `https://dev.azure.com/<org>/<project>/_git/<repo>?path=/<file>&version=GB<branch>&_a=preview`.
   * Only the `version` parameter (a branch, `GB<name>`) is accepted from the given URL; the query is
   * rebuilt with URLSearchParams, so nothing else reaches the link.
   */
  private azureReposBrowseUrl(browseUrl: string, parsed: URL, file: string): string {
    const path = /^\/([^/]+)\/([^/]+)\/_git\/([^/]+)\/?$/.exec(parsed.pathname);
    const keys = [...parsed.searchParams.keys()];
    const version = parsed.searchParams.get('version');
    const branch = version === null ? undefined : /^GB([A-Za-z0-9._/-]+)$/.exec(version)?.[1];
    if (!path || keys.some(k => k !== 'version') || keys.length !== 1 || !branch || parsed.username || parsed.password || parsed.port) {
      fail(this, 'runbookBrowseUrl', browseUrl, 'an Azure Repos browse URL must be https://dev.azure.com/<org>/<project>/_git/<repo>?version=GB<branch> (only the branch in the query)');
    }
    const query = new URLSearchParams({ path: `/${file}`, version: `GB${branch}`, _a: 'preview' });
    return `https://dev.azure.com/${path[1]}/${path[2]}/_git/${path[3]}?${query.toString()}`;
  }

  private checkIgnored(field: string, names: string[] | undefined): string[] {
    if (names === undefined) return [];
    if (!Array.isArray(names)) fail(this, field, names, 'must be a list of application names');
    for (const name of names) {
      if (!isDnsSubdomainName(name)) fail(this, field, name, 'must be an application name (a DNS-1123 subdomain)');
    }
    return [...names];
  }

  private checkAlertLabels(field: string, labels: { [key: string]: string } | undefined): { [key: string]: string } {
    const out: { [key: string]: string } = {};
    for (const [key, value] of Object.entries(labels ?? {})) {
      if (!LABEL_NAME.test(key)) fail(this, `${field}.${key}`, key, 'must be a Prometheus label name (letters, digits and "_", not starting with a digit)');
      if (key === 'severity' || key === this.ownTeamLabel || key === '__name__' || key === 'alertname') {
        fail(this, `${field}.${key}`, key, `is set by ArgoAlerts (${key === 'severity' ? 'use the severity option' : 'reserved'})`);
      }
      if (typeof value !== 'string' || /[\n\r]/.test(value)) fail(this, `${field}.${key}`, value, 'must be a single-line string');
      out[key] = value;
    }
    return sortRecord(out);
  }
}

function sortRecord(record: { [key: string]: string }): { [key: string]: string } {
  return Object.fromEntries(Object.keys(record).sort().map(key => [key, record[key]]));
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function isDnsSubdomainName(value: string): boolean {
  return typeof value === 'string' && value.length <= 253 && DNS_SUBDOMAIN.test(value);
}
