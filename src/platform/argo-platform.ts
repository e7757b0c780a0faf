import { createHash } from 'crypto';
import { ApiObject, Chart, IAnyProducer, Lazy } from 'cdk8s';
import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct, IConstruct } from 'constructs';
import { AlertRuleRegistry } from './alert-rules';
import { ArgoCdVersion } from './argo-cd-version';
import { ArgoEnvironment, ArgoEnvironmentOptions, ClusterDestination, IN_CLUSTER_SERVER } from './argo-environment';
import { ArgoSettings, SettingsConfigMap } from './argo-settings';
import { CHART_ARGOCD_CM_DEFAULTS, CHART_RBAC_CM_DEFAULTS, cmdParamsPresets } from './chart-presets';
import { ChartValues } from './chart-values';
import { ArgoClusterOptions } from './cluster-options';
import { IN_CLUSTER_NAME } from './environment-checks';
import { FederatedCredential, federatedCredentialsOf, FederatedSubject, FederatedIdentityRegistry, SecretStoreIdentityOptions, secretStoreSubject } from './federated-identities';
import { HomeCluster, PlatformHomeClusterOptions, resolveHomeCluster } from './home-cluster';
import { PlatformLabels } from './labels';
import { OWNED_SETTINGS, OwnedSettingsObject, SettingsObjectKind, ownedSettingsObject } from './owned-settings';
import { PlatformArtifacts } from './platform-artifacts';
import { IPlatformCluster, _createCluster } from './platform-cluster';
import { PlatformFacts } from './platform-facts';
import { PlatformProject } from './platform-project';
import { configurePlatformRbac, PlatformRbacOptions, validatePlatformRbac } from './platform-rbac-settings';
import { ApplicationRegistry, CapabilityRegistry, NamespaceRegistry, PlatformCapability, TeamRegistry } from './registries';
import { DEFAULT_RESOURCE_EXCLUSIONS, resourceExclusionListItem } from './resource-exclusions';
import { SecretReferenceOptions, SecretReferences } from './secret-references';
import { selfManagedReleaseOf } from './self-managed-release';
import { SshKnownHostsRegistry } from './ssh-known-hosts-registry';
import { renderTeamContract } from './team-contract-render';
import { attachGuardrails } from '../guardrails/guardrails';
import { RbacPolicy } from '../rbac/rbac-policy';
import { RbacSubjectRules } from '../rbac/rbac-subject';
import { SecretSource } from '../secrets/secret-source';
import { outputTextReason } from '../util/text';
import { assertBranch, assertDnsLabel, assertGitUrl, assertHttpsUrl, assertRepositoryPath, compareStrings, describeInvalid, fail, sortedRecord, unsafeTokenReason } from '../util/validation';

/** The GitOps repository the synthesized output is committed to. */
export interface GitOpsRepoOptions {
  /** The repository URL, e.g. `git@github.com:civica/gitops-config.git`. */
  readonly repoUrl: string;
  /**
   * The branch Argo CD follows (directory per environment, never branch per environment).
   * @default 'main'
   */
  readonly targetRevision?: string;
  /**
   * The path of the synthesized output inside the repository; chart folders are below it.
   * @default 'dist'
   */
  readonly pathPrefix?: string;
}

/** Props for an ArgoPlatform. */
export interface ArgoPlatformProps {
  /**
   * The namespace Argo CD runs in; the settings ConfigMaps, AppProjects and root Applications go there.
   * @default 'argocd'
   */
  readonly namespace?: string;
  /**
   * The external URL users reach Argo CD at (`url` in argocd-cm). https only; the OIDC redirect
   * URI registered in Entra ID is `<url>/auth/callback`.
   */
  readonly url: string;
  /**
   * The exact Argo CD release this platform configures. Features gated on a release (such as
   * the 3.5 group-overage claim) are refused for an older target.
   * @default 'v3.5.1' (the release of the CRDs this library is generated from)
   */
  readonly argoCdVersion?: string;
  /**
   * The environments this Argo CD deploys to. The seed's organisation has one Argo CD with dev,
   * staging and prod; an organisation with one Argo CD per cluster makes one ArgoPlatform per
   * environment, each with a single environment.
   */
  readonly environments: ArgoEnvironmentOptions[];
  /**
   * Clusters other than the one Argo CD runs in, each rendered as a declarative cluster Secret
   * (`ArgoCluster`). Environments refer to them with `cluster: { name }`.
   * @default - none: every environment deploys to the cluster Argo CD runs in, or to a cluster registered by hand
   */
  readonly clusters?: ArgoClusterOptions[];
  /**
   * The GitOps repository this output is committed to; root Applications and Argo CD's own
   * Application read from it.
   * @default - none; constructs that need it fail with a clear error
   */
  readonly gitOps?: GitOpsRepoOptions;
  /**
   * The name of the platform's own AppProject (root applications, Argo CD itself).
   * @default 'platform'
   */
  readonly platformProjectName?: string;
  /**
   * RBAC settings (`policy.default`, `scopes`, `policy.matchMode`).
   * @default - no default role, scopes [groups], glob matching
   */
  readonly rbac?: PlatformRbacOptions;
  /**
   * The cluster Argo CD runs on: its name, kube context, resource group, API server and OIDC
   * issuer: one platform fact (`facts.homeCluster`). The bootstrap document, the restore runbook
   * and the alert runbooks name its kube context for every step; the bootstrap (which needs `name`
   * and `resourceGroup`) creates, and the restore runbook recreates after a rebuild, the federated
   * credentials of the platform's workload identities on its issuer.
   * @default - unnamed: the runbooks say "the cluster Argo CD runs on" and read its OIDC issuer from the cluster
   */
  readonly homeCluster?: PlatformHomeClusterOptions;
  /**
   * The managed identity the external-secrets ClusterSecretStores (Azure Key Vault provider with
   * workload identity, e.g. `azure-key-vault`) sign in with, and the service account its tokens are
   * issued for. Its federated credential on the home cluster's issuer joins the platform's list
   * (`federatedCredentials()`): the bootstrap document creates it and the restore runbook recreates
   * it after a rebuild, before the stores must be Ready.
   * @default - unknown: when ExternalSecrets read a ClusterSecretStore, both documents print a manual step with the `az identity federated-credential create` command for the store's identity
   */
  readonly secretStoreIdentity?: SecretStoreIdentityOptions;
  /**
   * Extra `argocd-cmd-params-cm` keys, e.g. `{ 'server.log.level': 'info' }`.
   * @default - none
   */
  readonly commandParameters?: { [key: string]: string };
}

/** What a capability decides once every capability of the platform is declared (see `ArgoPlatform.onResolve`). */
export interface IPlatformResolver {
  /**
   * Decides from the complete platform (facts, registries) and contributes; runs once.
   * @returns problems, one `[path] field: reason` message each (empty when there are none)
   */
  resolve(): string[];
}

const PLATFORM_SYMBOL = Symbol.for('cdk8s-argocd-platform.ArgoPlatform');

const SSH_KNOWN_HOSTS_KEY = 'ssh_known_hosts';

/** The pod annotation carrying the hash of a settings object read only at pod start; a change rolls the pods. */
export const SETTINGS_HASH_ANNOTATION_PREFIX = PlatformLabels.SETTINGS_HASH_PREFIX;

/** Chart values that would carry credentials into Git; the platform reserves them. */
const CREDENTIAL_PATHS: Array<[string, string]> = [
  ['configs.secret.extra', 'secret values never go into Helm values (they would be in Git); use a SecretSource through platform.secretReference'],
  ['configs.secret.argocdServerAdminPassword', 'secret values never go into Helm values (they would be in Git); the local admin is disabled with ArgoSSO'],
  ['configs.secret.githubSecret', 'webhook secrets never go into Helm values; use a SecretSource through platform.secretReference'],
  ['configs.secret.gitlabSecret', 'webhook secrets never go into Helm values; use a SecretSource through platform.secretReference'],
  ['configs.secret.bitbucketServerSecret', 'webhook secrets never go into Helm values; use a SecretSource through platform.secretReference'],
  ['configs.secret.bitbucketUUID', 'webhook secrets never go into Helm values; use a SecretSource through platform.secretReference'],
  ['configs.secret.gogsSecret', 'webhook secrets never go into Helm values; use a SecretSource through platform.secretReference'],
  ['configs.secret.azureDevops', 'webhook secrets never go into Helm values; use a SecretSource through platform.secretReference'],
  ['configs.repositories', 'repository Secrets would carry credentials in Git; use ArgoRepository'],
  ['configs.credentialTemplates', 'credential templates would carry credentials in Git; use RepositoryCredentialTemplate'],
  ['configs.clusterCredentials', 'cluster Secrets would carry credentials in Git; declare the environment\'s cluster instead'],
  ['notifications.secret.items', 'secret values never go into Helm values (they would be in Git); use a SecretSource'],
  ['externalRedis.password', 'the Redis password never goes into Helm values; use externalRedis.existingSecret'],
];

/**
 * One Argo CD instance. The platform owns Argo CD's settings ConfigMaps (`argocd-cm`,
 * `argocd-rbac-cm`, `argocd-cmd-params-cm`, `argocd-ssh-known-hosts-cm`, `argocd-tls-certs-cm`): constructs anywhere below it, or below one of its
 * environments, contribute typed settings through `ArgoPlatform.platformOf(this)` and never render those
 * ConfigMaps themselves. Its output folder is `dist/<id>/`; each environment gets `dist/<env>/`.
 *
 * @example
 * import { ArgoPlatform, PlatformApp } from 'cdk8s-argocd-platform';
 *
 * const app = new PlatformApp();
 * const platform = new ArgoPlatform(app, 'argocd', {
 *   url: 'https://argocd.example.org',
 *   gitOps: { repoUrl: 'git@github.com:example/gitops-config.git', targetRevision: 'main', pathPrefix: 'dist' },
 *   environments: [
 *     { name: 'dev' },
 *     { name: 'staging' },
 *     { name: 'prod', production: true },
 *   ],
 * });
 * platform.rbac.bind('6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11', 'role:admin', { displayName: 'Platform team' });
 * app.synth();
 */
export class ArgoPlatform extends Chart {
  /**
   * Whether a construct is an ArgoPlatform. (cdk8s makes `instanceof` true for every Chart
   * subclass, so use this instead.)
   */
  public static isArgoPlatform(x: any): x is ArgoPlatform {
    return x !== null && typeof x === 'object' && PLATFORM_SYMBOL in x;
  }

  /**
   * The platform a construct belongs to: the nearest ArgoPlatform above it, or the platform of the
   * nearest ArgoEnvironment above it.
   */
  public static platformOf(scope: IConstruct): ArgoPlatform {
    for (const node of [...scope.node.scopes].reverse()) {
      if (ArgoPlatform.isArgoPlatform(node)) return node;
      if (ArgoEnvironment.isArgoEnvironment(node)) return node.platform;
    }
    throw new Error(`[${scope.node.path}] is not inside an ArgoPlatform or one of its environments; create it with the platform (or an environment chart) as an ancestor`);
  }

  /**
   * The platform a construct belongs to, or undefined when it is not inside one (for example the
   * Applications of a team's own repository, next to an `ExternalTeamProject`).
   */
  public static tryPlatformOf(scope: IConstruct): ArgoPlatform | undefined {
    for (const node of [...scope.node.scopes].reverse()) {
      if (ArgoPlatform.isArgoPlatform(node)) return node;
      if (ArgoEnvironment.isArgoEnvironment(node)) return node.platform;
    }
    return undefined;
  }

  /** The platform's name (its construct id, and the name of its output folder). */
  public readonly platformName: string;
  /** The namespace Argo CD runs in. */
  public readonly argoCdNamespace: string;
  /** The external URL. */
  public readonly url: string;
  /** The Argo CD release this platform targets. */
  public readonly argoCdVersion: ArgoCdVersion;
  /** Settings contributed by every construct of this platform. */
  public readonly settings = new ArgoSettings();
  /** The global RBAC policy rendered into argocd-rbac-cm's `policy.csv`. */
  public readonly rbac = new RbacPolicy({ owner: this.node.path });
  /** The platform's rules for RBAC subjects (which claims carry groups, app roles and e-mails), one check for every binding. */
  public readonly rbacSubjects = new RbacSubjectRules();
  /** The SSH known hosts rendered into argocd-ssh-known-hosts-cm's `ssh_known_hosts`. */
  public readonly sshKnownHosts = new SshKnownHostsRegistry();
  /**
   * Values of the platform's own `argo-cd` Helm release, contributed by every construct that needs
   * something from the chart (rendered by `SelfManagedArgo`).
   */
  public readonly chartValues = new ChartValues();
  /** The teams of this platform, registered by `TeamProject` and `ExternalTeamProject`. */
  public readonly teams = new TeamRegistry();
  /** The Applications of this platform, registered when they are created. */
  public readonly applications = new ApplicationRegistry();
  /** The namespaces of every cluster the platform deploys to, claimed by teams (one team and environment each). */
  public readonly namespaces = new NamespaceRegistry();
  /** Workload identities federated with the home cluster's OIDC issuer, registered by capabilities. */
  public readonly federatedIdentities = new FederatedIdentityRegistry();
  /** The identity the external-secrets ClusterSecretStores sign in with (`secretStoreIdentity`), when given. */
  public readonly secretStoreIdentity?: FederatedSubject;
  /** The capabilities this platform has (alerts, notifications, backup ...), each with its provider. */
  public readonly capabilities = new CapabilityRegistry();
  /** Alert rules contributed by capabilities; the alerts construct renders them. */
  public readonly alertRules = new AlertRuleRegistry();
  /**
   * What capabilities know about each other (RBAC scopes, SSO and Dex, Redis HA, the alert team
   * label, self-management), typed. Set in constructors, read once the platform is complete.
   */
  public readonly facts: PlatformFacts;

  /** The platform team's own AppProject. */
  public readonly platformProject: PlatformProject;

  private readonly gitOpsRepo?: GitOpsRepoOptions;
  private readonly environmentCharts = new Map<string, ArgoEnvironment>();
  private readonly clusterByName = new Map<string, IPlatformCluster>();
  private readonly clusterByServer = new Map<string, IPlatformCluster>();
  private readonly secretReferences: SecretReferences;
  private readonly artifacts: PlatformArtifacts;
  private readonly renderedSettings = new Map<string, string>();
  private readonly resolvers: Array<{ contributor: IConstruct; resolver: IPlatformResolver }> = [];
  private resolution: 'open' | 'resolving' | 'resolved' = 'open';
  private readonly resolveProblems: string[] = [];

  constructor(scope: Construct, id: string, props: ArgoPlatformProps) {
    super(scope, id, { disableResourceNameHashes: true });
    Object.defineProperty(this, PLATFORM_SYMBOL, { value: true });
    this.facts = PlatformFacts._create(() => this.resolve(), contributor => this.refuseLateDeclaration(contributor), () => this.settings.tryGet(SettingsConfigMap.ARGOCD_CM, 'dex.config') !== undefined);
    // First of all validations (the platform precedes every construct of it in the tree): the
    // resolution step, once every capability has been declared.
    this.node.addValidation({ validate: () => { this.resolve(); return [...this.resolveProblems]; } });
    this.platformName = assertDnsLabel(this, 'id', id);
    this.argoCdNamespace = assertDnsLabel(this, 'namespace', props.namespace ?? 'argocd');
    this.secretReferences = new SecretReferences(this);
    this.artifacts = new PlatformArtifacts(this, this.platformName);
    this.url = assertHttpsUrl(this, 'url', props.url);
    this.facts.setHomeCluster(this, resolveHomeCluster(this, props.homeCluster));
    if (props.secretStoreIdentity !== undefined) {
      this.secretStoreIdentity = secretStoreSubject(this, props.secretStoreIdentity);
      this.federatedIdentities.register(this, this.secretStoreIdentity);
    }
    try {
      this.argoCdVersion = ArgoCdVersion.of(props.argoCdVersion ?? ArgoCdVersion.DEFAULT.tag);
    } catch (e) {
      fail(this, 'argoCdVersion', props.argoCdVersion, 'must be an exact release such as v3.5.1');
    }

    for (const cluster of props.clusters ?? []) _createCluster(this, `Cluster-${cluster?.name}`, cluster);
    this.createEnvironments(props.environments);
    this.gitOpsRepo = props.gitOps && this.checkGitOps(props.gitOps);
    this.platformProject = new PlatformProject(this, 'PlatformProject', {
      projectName: assertDnsLabel(this, 'platformProjectName', props.platformProjectName ?? 'platform'),
      argoCdNamespace: this.argoCdNamespace,
    });
    if (this.gitOpsRepo) this.platformProject.addSourceRepo(this.gitOpsRepo.repoUrl);
    this.platformProject.addDestination({ server: IN_CLUSTER_SERVER, namespace: this.argoCdNamespace });
    configurePlatformRbac(this, props.rbac ?? {});

    this.settings.set(this, SettingsConfigMap.ARGOCD_CM, 'url', this.url.replace(/\/+$/, ''));
    // Owning argocd-cm drops the chart's defaults: keep its resource exclusions (high-churn kinds).
    for (const exclusion of DEFAULT_RESOURCE_EXCLUSIONS) {
      this.settings.addToList(this, SettingsConfigMap.ARGOCD_CM, 'resource.exclusions', resourceExclusionListItem(exclusion), '\n');
    }
    for (const [key, value] of Object.entries(props.commandParameters ?? {})) {
      const reason = unsafeTokenReason(key) ?? (typeof value === 'string' ? outputTextReason(value) : 'must be a string');
      if (reason) fail(this, `commandParameters.${key}`, value, reason);
      this.settings.set(this, SettingsConfigMap.CMD_PARAMS_CM, key, value);
    }

    for (const owned of OWNED_SETTINGS.filter(o => o.alwaysRendered)) this.renderSettingsObject(this, owned);
    for (const [path, reason] of CREDENTIAL_PATHS) this.chartValues.reserve(this, path, reason, true);
    this.chartValues.reserve(this, 'redis-ha.enabled', 'Redis HA is a platform fact that alerts and runbooks read; set it with ArgoScaleProfile (redisHa)');
    this.chartValues.reserve(this, 'dex.config', 'Dex configuration belongs in argocd-cm (dex.config), which the platform renders');

    this.node.addValidation({
      validate: () => [
        // Each at the contributor that made it a conflict, naming the other.
        ...this.settings.conflicts,
        ...this.chartValues.conflicts,
        ...this.teams.conflicts,
        ...this.applications.conflicts,
        ...this.namespaces.conflicts,
        ...this.capabilities.conflicts,
        ...this.facts.conflicts,
        ...this.unrenderedContributions(),
        ...this.unconsumedAlertRules(),
        ...this.rbac.validate().map(problem => `[${this.node.path}] ${problem}`),
        ...validatePlatformRbac(this),
        ...this.settings.contributorsOf(SettingsConfigMap.RBAC_CM, 'policy.csv').map(path =>
          describeInvalid(path, 'settings', 'policy.csv', 'argocd-rbac-cm policy.csv is rendered from platform.rbac; add roles and bindings there instead')),
        ...this.settings.contributorsOf(SettingsConfigMap.SSH_KNOWN_HOSTS_CM, SSH_KNOWN_HOSTS_KEY).map(path =>
          describeInvalid(path, 'settings', SSH_KNOWN_HOSTS_KEY, 'argocd-ssh-known-hosts-cm ssh_known_hosts is rendered from platform.sshKnownHosts; add hosts there (or with SshKnownHosts) instead')),
      ],
    });
    attachGuardrails(this);
    // The team contract (dist/<platform>.teams.json) that team repositories read (TeamContract.fromFile).
    this.addArtifact(`${this.platformName}.teams.json`, { produce: () => renderTeamContract(this) });
  }

  /**
   * Makes the platform render a settings object that is not rendered by default (such as
   * `argocd-notifications-cm`), and tells the chart not to create it. Contributions to an object
   * nobody enabled fail the synth.
   * @param contributor the capability that needs the object (e.g. the notifications construct)
   * @param name the object's name, from the owned-settings table
   */
  public enableSettingsObject(contributor: IConstruct, name: string): void {
    const owned = ownedSettingsObject(name);
    if (!owned) fail(contributor, 'settings object', name, `the platform owns ${OWNED_SETTINGS.map(o => o.name).join(', ')}`);
    if (!this.renderedSettings.has(name)) this.renderSettingsObject(contributor, owned);
  }

  /**
   * Registers what a capability decides from other capabilities. Constructors check their own props
   * and register; everything that depends on another capability (is there a SelfManagedArgo? which
   * team label? which clusters?) is decided here, once every capability has been declared, so the
   * order of declarations never changes the output. Resolvers run once, in one step before the
   * platform's objects are rendered (the platform's first validation), and may read
   * `platform.facts`, contribute settings and chart values, and add objects.
   * @param contributor the capability
   * @param resolver decides, and returns problems (`[path] field: reason`)
   */
  public onResolve(contributor: IConstruct, resolver: IPlatformResolver): void {
    if (this.refuseLateDeclaration(contributor)) return;
    this.resolvers.push({ contributor, resolver });
  }

  /** Reports a capability declared after the resolution step (its contribution could not be taken into account). */
  private refuseLateDeclaration(contributor: IConstruct): boolean {
    if (this.resolution === 'open') return false;
    this.resolveProblems.push(`[${contributor.node.path}] is declared after the platform "${this.node.path}" was resolved, which a read of platform.facts (or a resolved value such as a selector) during construction triggers; read resolved values at synth, after every construct is declared`);
    return true;
  }

  /**
   * Runs the resolution step: every `onResolve` resolver, once. Idempotent; called by the platform's
   * first validation and by every read of `platform.facts`.
   */
  public resolve(): void {
    if (this.resolution !== 'open') return;
    this.resolution = 'resolving';
    for (const { resolver } of this.resolvers) this.resolveProblems.push(...resolver.resolve());
    this.resolution = 'resolved';
  }

  /** The cluster Argo CD runs on, as every runbook names it (the platform fact `facts.homeCluster`). */
  public get homeCluster(): HomeCluster {
    return this.facts.homeCluster;
  }

  /**
   * Every federated identity credential the platform's workload identities need on the home
   * cluster's OIDC issuer: the one list the bootstrap document creates and the restore runbook
   * recreates after a rebuild. Read at synth (it reads the rendered service accounts).
   */
  public federatedCredentials(): FederatedCredential[] {
    const release = selfManagedReleaseOf(this.capabilities);
    const charts: IConstruct[] = [this, ...this.environments];
    return federatedCredentialsOf({
      registered: this.federatedIdentities.all,
      objects: charts.flatMap(chart => chart.node.findAll()).filter((c): c is ApiObject => ApiObject.isApiObject(c)),
      chartValues: release ? release.presetInputs() : this.chartValues.render(),
      argoCdNamespace: this.argoCdNamespace,
      homeCluster: this.homeCluster,
    });
  }

  /** Whether the platform's resolution step has run. */
  public get resolved(): boolean {
    return this.resolution !== 'open';
  }

  /** Whether the platform renders this settings object (always, or because a construct enabled it). */
  public rendersSettingsObject(name: string): boolean {
    return this.renderedSettings.has(name);
  }

  /** The environments, in the order they were declared. */
  public get environments(): ArgoEnvironment[] {
    return [...this.environmentCharts.values()];
  }

  /** The GitOps repository (with defaults applied); fails when the platform has none. */
  public get gitOps(): GitOpsRepoOptions {
    if (!this.gitOpsRepo) {
      fail(this, 'gitOps', undefined, 'this platform has no gitOps repository; set the gitOps prop (repoUrl, targetRevision, pathPrefix)');
    }
    return this.gitOpsRepo;
  }

  /** Whether the platform has a GitOps repository. */
  public get hasGitOps(): boolean {
    return this.gitOpsRepo !== undefined;
  }

  /**
   * The identity of a cluster for namespace collision checks: its API server URL. A destination
   * given by name resolves through the clusters declared on this platform; an unknown name stays
   * `name:<name>`.
   */
  public clusterKeyOf(destination: ClusterDestination): string {
    if (destination.server !== undefined) return destination.server.replace(/\/+$/, '');
    if (destination.name !== undefined) {
      if (destination.name === IN_CLUSTER_NAME) return IN_CLUSTER_SERVER;
      return this.clusterByName.get(destination.name)?.server ?? `name:${destination.name}`;
    }
    return IN_CLUSTER_SERVER;
  }

  /** Whether a destination is the cluster Argo CD runs in. */
  public isInCluster(destination: ClusterDestination): boolean {
    return this.clusterKeyOf(destination) === IN_CLUSTER_SERVER;
  }

  /** The clusters declared on this platform (`ArgoCluster`), sorted by name. */
  public get clusters(): IPlatformCluster[] {
    return [...this.clusterByName.values()].sort((a, b) => compareStrings(a.clusterName, b.clusterName));
  }

  /** The declared cluster with this name, if any. */
  public tryGetCluster(name: string): IPlatformCluster | undefined {
    return this.clusterByName.get(name);
  }

  /**
   * Registers a cluster (called by `ArgoCluster`). Names and API servers are unique per platform.
   * @param cluster the cluster
   */
  public registerCluster(cluster: IPlatformCluster): void {
    const byName = this.clusterByName.get(cluster.clusterName);
    if (byName) fail(cluster, 'name', cluster.clusterName, `is also the name of [${byName.node.path}]`);
    const byServer = this.clusterByServer.get(cluster.server);
    if (byServer) fail(cluster, 'server', cluster.server, `is also the API server of [${byServer.node.path}] (${byServer.clusterName}); one cluster Secret per cluster`);
    this.clusterByName.set(cluster.clusterName, cluster);
    this.clusterByServer.set(cluster.server, cluster);
    this.namespaces.aliasCluster(`name:${cluster.clusterName}`, cluster.server);
    // Environments declared before the cluster (for example a cluster created after the platform).
    for (const env of this.environmentCharts.values()) {
      if (env.cluster.name === cluster.clusterName || (env.cluster.server !== undefined && this.clusterKeyOf(env.cluster) === cluster.server)) {
        cluster.addEnvironment(env.environmentName);
      }
    }
  }

  /** The path in the GitOps repository of a chart's output folder, e.g. `dist/dev`. */
  public pathOf(chartId: string): string {
    const prefix = this.gitOps.pathPrefix ?? 'dist';
    return prefix ? `${prefix}/${chartId}` : chartId;
  }

  /** One environment by name; fails with the known names when there is none. */
  public environment(name: string): ArgoEnvironment {
    const env = this.environmentCharts.get(name);
    if (!env) {
      fail(this, 'environment', name, `no such environment; this platform has ${[...this.environmentCharts.keys()].join(', ')}`);
    }
    return env;
  }

  /**
   * Delivers a secret value for Argo CD config and returns the reference to put in the config,
   * following the owned-settings table: `$key` for argocd-secret (merged into the chart's Secret) and
   * for argocd-notifications-secret (owned whole, once enabled), `$<secret>:<key>` for another Secret.
   * @param contributor the construct that needs the secret (named in errors)
   * @param key the Secret data key, e.g. `oidc.azure.clientSecret`
   * @param source where the value comes from; never a literal
   */
  public secretReference(contributor: IConstruct, key: string, source: SecretSource, options: SecretReferenceOptions = {}): string {
    return this.secretReferences.reference(contributor, key, source, options);
  }

  /**
   * Adds a file written next to the platform's folder, outside what Argo CD applies (e.g. the
   * access audit `dist/<platform>.access.md`).
   * @param fileName a file name relative to the output root; must start with `<platform>.`
   * @param producer produces the file's text at synth time (undefined: no file is written)
   */
  public addArtifact(fileName: string, producer: IAnyProducer): void {
    this.artifacts.add(fileName, producer);
  }

  /** Renders the artifacts: file name to content, sorted by name. */
  public renderArtifacts(): { [fileName: string]: string } {
    return this.artifacts.render();
  }

  private createEnvironments(environments: ArgoEnvironmentOptions[]) {
    if (!Array.isArray(environments) || environments.length === 0) {
      fail(this, 'environments', environments, 'at least one environment is required');
    }
    const scope = this.node.scope ?? this;
    for (const env of environments) {
      assertDnsLabel(`${this.node.path}/environments`, 'name', env.name);
      if (this.environmentCharts.has(env.name)) fail(this, 'environments', env.name, 'environment names must be unique');
      if (env.name === this.platformName) fail(this, 'environments', env.name, 'an environment cannot share the platform\'s name (both are output folders)');
      if (scope.node.tryFindChild(env.name)) {
        fail(this, 'environments', env.name, `another construct already uses the output folder "${env.name}" (one ArgoPlatform per instance; environment names must be unique across platforms)`);
      }
      const environment = new ArgoEnvironment(scope, env.name, { ...env, platform: this });
      this.environmentCharts.set(env.name, environment);
      const cluster = environment.cluster.name !== undefined
        ? this.clusterByName.get(environment.cluster.name) : this.clusterByServer.get(this.clusterKeyOf(environment.cluster));
      cluster?.addEnvironment(env.name);
    }
  }

  private checkGitOps(gitOps: GitOpsRepoOptions): GitOpsRepoOptions {
    const repoUrl = assertGitUrl(this, 'gitOps.repoUrl', gitOps.repoUrl);
    const targetRevision = assertBranch(this, 'gitOps.targetRevision', gitOps.targetRevision ?? 'main');
    const pathPrefix = assertRepositoryPath(this, 'gitOps.pathPrefix', gitOps.pathPrefix ?? 'dist');
    return { repoUrl, targetRevision, pathPrefix };
  }

  private renderSettingsObject(contributor: IConstruct, owned: OwnedSettingsObject): void {
    this.renderedSettings.set(owned.name, contributor.node.path);
    const [prefix] = owned.chartSwitch.split(/\.(?=[^.]+$)/);
    this.chartValues.set(contributor, owned.chartSwitch, owned.chartSwitchValue);
    if (owned.kind === SettingsObjectKind.CONFIG_MAP) {
      this.chartValues.reserve(contributor, prefix, `${owned.name} is rendered by the platform; ${owned.guidance}`);
      const configMap = owned.name as SettingsConfigMap;
      new KubeConfigMap(this, configMap, {
        metadata: {
          name: configMap,
          namespace: this.argoCdNamespace,
          labels: { [PlatformLabels.NAME]: configMap, [PlatformLabels.PART_OF]: 'argocd' },
        },
        data: Lazy.any({ produce: () => this.renderSettings(configMap) }),
      });
      // Read only at pod start: a hash of the data on the pod templates makes a change roll the pods.
      // Late: argocd-cmd-params-cm carries presets computed from the other chart values.
      for (const component of owned.readAtPodStartBy) {
        this.chartValues.setLazy(this, `${component}.podAnnotations`, {
          produce: () => ({ [`${SETTINGS_HASH_ANNOTATION_PREFIX}${configMap.replace(/^argocd-/, '').replace(/-cm$/, '')}`]: this.settingsHash(configMap) }),
        }, true);
      }
    } else {
      this.chartValues.reserve(contributor, owned.chartSwitch, owned.guidance, true);
    }
  }

  /** SHA-256 of a settings ConfigMap's rendered data (keys sorted), as put on pod templates. */
  public settingsHash(configMap: SettingsConfigMap): string {
    const data = this.renderSettings(configMap);
    return createHash('sha256').update(JSON.stringify(data)).digest('hex');
  }

  /** Alert rules contributed without the alerts capability: nobody would render them (the same rule as for settings and team channels). */
  private unconsumedAlertRules(): string[] {
    if (this.capabilities.has(PlatformCapability.ALERTS)) return [];
    const byContributor = new Map<string, string[]>();
    for (const { rule, contributor } of this.alertRules.all) byContributor.set(contributor, [...(byContributor.get(contributor) ?? []), rule.alert]);
    return [...byContributor].map(([contributor, alerts]) => describeInvalid(contributor, 'alerts', alerts,
      'the platform has no alerts (ArgoAlerts), so these alert rules would never be rendered; add ArgoAlerts, or turn the contributor\'s alerts off (alerts: false)'));
  }

  /** Contributions to settings objects the platform does not render: nobody would ever apply them. */
  private unrenderedContributions(): string[] {
    const problems: string[] = [];
    for (const configMap of this.settings.configMapsWithContributions()) {
      if (this.renderedSettings.has(configMap)) continue;
      for (const path of this.settings.contributorsOfObject(configMap)) {
        problems.push(describeInvalid(path, 'settings', configMap,
          `the platform does not render ${configMap}, so this contribution would be silently dropped; the capability that owns it (for example notifications) enables it with platform.enableSettingsObject`));
      }
    }
    return problems;
  }

  private renderSettings(configMap: SettingsConfigMap): { [key: string]: string } {
    const data = this.settings.data(configMap);
    // The chart would have written its defaults and computed presets into the objects the platform owns: keep them.
    if (configMap === SettingsConfigMap.ARGOCD_CM) {
      return sortedRecord({ ...CHART_ARGOCD_CM_DEFAULTS, ...data });
    }
    if (configMap === SettingsConfigMap.CMD_PARAMS_CM) {
      const release = selfManagedReleaseOf(this.capabilities);
      const values = release ? release.presetInputs() : this.chartValues.preview();
      return sortedRecord({ ...cmdParamsPresets(values, data), ...data });
    }
    if (configMap === SettingsConfigMap.RBAC_CM) {
      return sortedRecord({ ...CHART_RBAC_CM_DEFAULTS, ...data, 'policy.csv': this.rbac.render() });
    }
    if (configMap === SettingsConfigMap.SSH_KNOWN_HOSTS_CM) {
      return sortedRecord({ ...data, [SSH_KNOWN_HOSTS_KEY]: this.sshKnownHosts.render() });
    }
    return data;
  }
}
