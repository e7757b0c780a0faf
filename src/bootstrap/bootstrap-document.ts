import { createHash } from 'crypto';
import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { API_GROUP_PREREQUISITES, pluralOf } from './bootstrap-prerequisites';
import { ArgoPlatform } from '../platform/argo-platform';
import { SettingsConfigMap } from '../platform/argo-settings';
import { FederatedCredential, FederatedIdentityKind, secretStoreFederationStep } from '../platform/federated-identities';
import { PlatformLabels } from '../platform/labels';
import { PlatformCapability } from '../platform/registries';
import { ISelfManagedRelease, selfManagedReleaseOf } from '../platform/self-managed-release';
import { ARGOCD_CHART_SERVICE_ACCOUNTS, WORKLOAD_IDENTITY_AUDIENCE, WorkloadIdentityCluster, workloadIdentityClusterOf } from '../platform/workload-identities';
import { shellWord } from '../util/shell';
import { compareStrings, describeInvalid, fail, isGuid } from '../util/validation';
import { parseYaml } from '../util/yaml';

/** Props for BootstrapDocument. */
export interface BootstrapDocumentProps {
  /**
   * How long the document's `rollout status`, `wait` and `app wait` commands wait.
   * @default Duration.minutes(15)
   */
  readonly waitTimeout?: Duration;
}

const TOKEN_AUDIENCE = WORKLOAD_IDENTITY_AUDIENCE;
const CHART_SERVICE_ACCOUNTS = ARGOCD_CHART_SERVICE_ACCOUNTS;
/** The `argocd` CLI's SSO callback (Argo CD v3.5.1 `cmd/argocd/commands/common.go`: `DefaultSSOLocalPort = 8085`; docs/operator-manual/user-management/microsoft.md). */
const CLI_REDIRECT_URI = 'http://localhost:8085/auth/callback';
/** Microsoft Graph's application ID and the ID of its delegated `User.Read` permission. */
const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const GRAPH_USER_READ_SCOPE_ID = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';
/** cert-manager's release when an Ingress asks it for the certificate (chart `oci://quay.io/jetstack/charts/cert-manager`). */
const CERT_MANAGER_VERSION = 'v1.19.2';
const AKS_CLUSTER_ADMIN_ROLE = 'Azure Kubernetes Service RBAC Cluster Admin';

/** The platform's rendered objects, each with the chart (output folder) it is in. */
type RenderedObjects = Array<{ chart: Chart; object: ApiObject }>;

interface FolderTarget {
  readonly folder: string;
  readonly application: string;
  readonly destination: string;
  readonly remote: boolean;
}

/**
 * `dist/<platform>.bootstrap.md` (and the Entra app manifest `dist/<platform>.entra-app.json`):
 * how to bring this platform's dist/ up on a new AKS cluster, generated from the output at every
 * synth. It reads the home cluster from the platform (`ArgoPlatformProps.homeCluster`: `name` and
 * `resourceGroup` are required here, `kubeContext` defaults to the name) and names its kube context
 * in every step, like the restore and alert runbooks. It computes everything from what the platform
 * renders: the prerequisites from the API groups of the rendered objects (and of what the chart
 * values switch on: ServiceMonitors, routes, Ingress), pinned; the Entra app registration from
 * argocd-cm's `oidc.config` (redirect URI `<url>/auth/callback`, the groups claim, app roles when
 * the RBAC scopes read `roles`); a federated credential on the home cluster's OIDC issuer for each
 * service account that carries a workload identity (the chart's components, the platform's
 * ServiceAccounts, the controller and API server for each workload-identity cluster Secret); role
 * assignments on remote clusters and registries; the first `helm install`; the apply order; and
 * verification. A test parses every command and checks it against the rendered output.
 *
 * @example
 * import { ArgoPlatform, BootstrapDocument } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * // dist/<platform>.bootstrap.md and dist/<platform>.entra-app.json, for the platform's home cluster
 * // (ArgoPlatformProps homeCluster: { name: 'aks-platform', resourceGroup: 'rg-platform' }).
 * new BootstrapDocument(platform, 'Bootstrap');
 */
export class BootstrapDocument extends Construct {
  /** The document's file name, e.g. `argocd.bootstrap.md`. */
  public readonly fileName: string;
  /** The Entra app manifest's file name, e.g. `argocd.entra-app.json`. */
  public readonly manifestFileName: string;
  /** The home cluster's name (the platform's `homeCluster.name`). */
  public readonly homeClusterName: string;
  /** The home cluster's resource group (the platform's `homeCluster.resourceGroup`). */
  public readonly homeResourceGroup: string;
  /** The kube context of the home cluster (the platform's `homeCluster.kubeContext`). */
  public readonly homeKubeContext: string;

  private readonly platform: ArgoPlatform;
  private readonly timeout: number;

  constructor(scope: Construct, id: string, props: BootstrapDocumentProps = {}) {
    super(scope, id);
    this.platform = ArgoPlatform.platformOf(this);
    if ((props as any).homeCluster !== undefined) {
      fail(this, 'homeCluster', (props as any).homeCluster, `moved to the platform: set homeCluster: { name, resourceGroup, kubeContext? } on the ArgoPlatform [${this.platform.node.path}] (ArgoPlatformProps homeCluster), which the restore and alert runbooks read too`);
    }
    // The platform's home cluster (a fact set from its own props, readable at construction).
    const home = this.platform.homeCluster;
    if (!home.declared) {
      fail(this.platform, 'homeCluster', undefined, `the BootstrapDocument [${this.node.path}] sets up the AKS cluster Argo CD runs on; set homeCluster: { name, resourceGroup } in the ArgoPlatform's props`);
    }
    if (home.resourceGroup === undefined) {
      fail(this.platform, 'homeCluster.resourceGroup', undefined, `the BootstrapDocument [${this.node.path}] runs \`az aks\` commands on the home cluster ${home.name}, which need its resource group; set homeCluster.resourceGroup in the ArgoPlatform's props`);
    }
    this.homeClusterName = home.name;
    this.homeResourceGroup = home.resourceGroup;
    this.homeKubeContext = home.kubeContext ?? home.name;
    const wait = props.waitTimeout ?? Duration.minutes(15);
    const timeout = wait instanceof Duration ? wait.toSeconds({ integral: false }) : NaN;
    if (!Number.isInteger(timeout) || timeout < 60 || timeout > 86400) {
      fail(this, 'waitTimeout', Number.isNaN(timeout) ? wait : `${timeout}s`, 'must be a whole number of seconds from 1 minute to 1 day');
    }
    this.timeout = timeout;
    this.fileName = `${this.platform.platformName}.bootstrap.md`;
    this.manifestFileName = `${this.platform.platformName}.entra-app.json`;
    this.platform.addArtifact(this.fileName, { produce: () => this.render() });
    this.platform.addArtifact(this.manifestFileName, { produce: () => `${JSON.stringify(this.entraManifest() ?? {}, undefined, 2)}\n` });
    this.node.addValidation({
      validate: () => [
        ...(selfManagedReleaseOf(this.platform.capabilities) ? [] : [describeInvalid(this, 'platform', PlatformCapability.SELF_MANAGED,
          'the bootstrap installs Argo CD from the pinned chart and generated values; add SelfManagedArgo to the platform')]),
        ...(this.platform.hasGitOps ? [] : [describeInvalid(this, 'platform', 'gitOps', 'the bootstrap applies the platform folder from the GitOps repository; set the platform\'s gitOps prop')]),
        ...this.clustersWithoutResourceGroup().map(name => describeInvalid(this, `clusters.${name}.resourceGroup`, undefined,
          `cluster ${name} authenticates with workload identity (argocd-k8s-auth azure), which needs AKS-managed Entra ID and Azure RBAC on it; `
          + `the bootstrap checks and enables both with az aks show/update: add resourceGroup (and aksName if its Azure name is not ${name}) to the ${name} cluster options`)),
      ],
    });
  }

  private path(file: string): string {
    return this.platform.pathOf(file);
  }

  /** Every object of the platform's folders: the platform, its environments, and their cluster folders. */
  private objects(): RenderedObjects {
    const platform = this.platform;
    const scope = platform.node.scope!;
    const charts: Chart[] = [platform, ...platform.environments];
    for (const env of platform.environments) {
      const remote = scope.node.tryFindChild(`${env.environmentName}-cluster`);
      if (remote && Chart.isChart(remote)) charts.push(remote);
    }
    return charts.flatMap(chart => chart.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c))
      .map(object => ({ chart, object })));
  }

  private json(object: ApiObject): any {
    return object.toJson();
  }

  /** Which cluster each folder is applied to, from the rendered Applications that read it. */
  private folderTargets(objects: RenderedObjects): FolderTarget[] {
    const platform = this.platform;
    const out: FolderTarget[] = [{ folder: this.path(platform.platformName), application: 'argocd-config', destination: 'in-cluster', remote: false }];
    const folders = new Set([platform, ...platform.environments].map(c => c.node.id));
    for (const { object } of objects) {
      if (object.kind !== 'Application') continue;
      const spec = this.json(object).spec ?? {};
      const path: string | undefined = spec.source?.path;
      if (!path || spec.source.repoURL !== platform.gitOps.repoUrl) continue;
      const chartId = path.split('/').pop()!;
      const known = (folders.has(chartId) || chartId.endsWith('-cluster')) && path === platform.pathOf(chartId);
      if (!known || chartId === platform.platformName) continue;
      const destination = spec.destination ?? {};
      const remote = !platform.isInCluster(destination);
      out.push({ folder: path, application: object.name, destination: destination.name ?? destination.server ?? 'in-cluster', remote });
    }
    // The platform folder first, then the environments' folders, then the remote clusters' folders.
    return [out[0], ...out.slice(1).sort((a, b) => compareStrings(`${a.remote ? 1 : 0}${a.folder}`, `${b.remote ? 1 : 0}${b.folder}`))];
  }

  /** The API groups the output uses: rendered objects, plus what the argo-cd chart renders from the values. */
  private apiGroups(objects: RenderedObjects, values: any): Map<string, Set<string>> {
    const groups = new Map<string, Set<string>>();
    const add = (apiVersion: string, kind: string) => {
      const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
      if (!group.includes('.') || group.endsWith('.k8s.io') && !group.startsWith('gateway.')) return;
      if (!groups.has(group)) groups.set(group, new Set());
      groups.get(group)!.add(kind);
    };
    for (const { object } of objects) add(object.apiVersion, object.kind);
    // The chart renders these from values (argo-helm argo-cd 10.1.1 templates/*/servicemonitor.yaml, argocd-server/httproute.yaml, grpcroute.yaml).
    for (const component of Object.keys(CHART_SERVICE_ACCOUNTS)) {
      if (values?.[component]?.metrics?.serviceMonitor?.enabled === true) add('monitoring.coreos.com/v1', 'ServiceMonitor');
    }
    if (values?.server?.httproute?.enabled === true) add('gateway.networking.k8s.io/v1', 'HTTPRoute');
    if (values?.server?.grpcroute?.enabled === true) add('gateway.networking.k8s.io/v1', 'GRPCRoute');
    return new Map([...groups.entries()].sort(([a], [b]) => compareStrings(a, b)));
  }

  private workloadIdentityCluster(object: ApiObject): WorkloadIdentityCluster | undefined {
    return workloadIdentityClusterOf(object);
  }

  /** The SSO settings read from argocd-cm's oidc.config, if any. */
  private oidc(): any {
    const text = this.platform.settings.tryGet(SettingsConfigMap.ARGOCD_CM, 'oidc.config');
    return text === undefined ? undefined : parseYaml(text);
  }

  /** App role values: the RBAC subjects that are neither object IDs nor e-mails, when the scopes read `roles`. */
  private appRoles(): string[] {
    const rbac = this.platform.settings.data(SettingsConfigMap.RBAC_CM);
    const scopes = (rbac.scopes ?? '[groups]').replace(/[[\]\s]/g, '').split(',');
    if (!scopes.includes('roles')) return [];
    const policy = this.platform.rbac.render();
    const subjects = new Set<string>();
    for (const line of String(policy).split('\n')) {
      const fields = line.split(',').map(f => f.trim());
      if (fields[0] === 'g' && fields[1] && !isGuid(fields[1]) && !fields[1].includes('@') && !fields[1].startsWith('role:') && !fields[1].includes(':')) subjects.add(fields[1]);
    }
    return [...subjects].sort(compareStrings);
  }

  /** The Microsoft Graph application fragment for the SSO app registration, or undefined without SSO. */
  private entraManifest(): any {
    const oidc = this.oidc();
    if (!oidc) return undefined;
    const roles = this.appRoles();
    const applicationGroups = oidc.requestedIDTokenClaims?.groups?.value === 'ApplicationGroup';
    return {
      groupMembershipClaims: applicationGroups ? 'ApplicationGroup' : 'SecurityGroup',
      optionalClaims: { idToken: [{ name: 'groups', essential: false, additionalProperties: [] }] },
      web: { redirectUris: [`${this.platform.url.replace(/\/+$/, '')}/auth/callback`] },
      // Microsoft Graph User.Read (delegated), as Argo CD's Entra ID guide grants it.
      requiredResourceAccess: [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccess: [{ id: GRAPH_USER_READ_SCOPE_ID, type: 'Scope' }] }],
      ...(oidc.cliClientID ? {} : { publicClient: { redirectUris: [CLI_REDIRECT_URI] } }),
      ...(roles.length ? {
        appRoles: roles.map(value => ({
          allowedMemberTypes: ['User'],
          description: `Argo CD RBAC subject ${value}`,
          displayName: value,
          id: roleId(this.platform.platformName, value),
          isEnabled: true,
          value,
        })),
      } : {}),
    };
  }

  private render(): string {
    const platform = this.platform;
    const release = selfManagedReleaseOf(platform.capabilities) as ISelfManagedRelease;
    const ns = platform.argoCdNamespace;
    const ctx = shellWord(this.homeKubeContext);
    const version = platform.argoCdVersion.tag;
    const objects = this.objects();
    const values = platform.chartValues.render();
    const oidc = this.oidc();
    const host = new URL(platform.url).host;
    const groups = this.apiGroups(objects, values);
    // The one list of the platform's federated credentials (the restore runbook recreates the same ones).
    const credentials: FederatedCredential[] = platform.federatedCredentials();
    const clusters = objects.map(o => this.workloadIdentityCluster(o.object)).filter((c): c is NonNullable<typeof c> => c !== undefined)
      .sort((a, b) => compareStrings(a.name, b.name));
    const targets = this.folderTargets(objects);
    const folder = this.path(platform.platformName);
    const aks = `--resource-group ${shellWord(this.homeResourceGroup)} --name ${shellWord(this.homeClusterName)}`;
    const out: string[] = [];
    const section = (title: string, ...lines: string[]) => out.push(`## ${title}`, '', ...lines, '');
    const sh = (...commands: string[]) => ['```sh', ...commands, '```'].join('\n');
    const home = `home cluster, kube context \`${ctx}\``;

    out.push(
      `# Bootstrap: Argo CD "${platform.platformName}" on a new AKS cluster`,
      '',
      `Generated from the typed platform by cdk8s-argocd-platform (Argo CD ${version}, chart argo-cd ${release.chartVersion}, namespace \`${ns}\`); `
      + 'it changes with the platform in the same pull request. Do not edit it: change the code.',
      '',
      `Run every command once, in order, from the root of a clone of \`${platform.gitOps.repoUrl}\` at \`${platform.gitOps.targetRevision ?? 'main'}\`, in one bash shell `
      + '(later steps read `$issuer`), with `az` (logged in as someone who may update the clusters, app registrations and managed identities), `kubectl`, `helm` and `jq`.',
      '',
      '| Where | Kube context | What runs there |',
      '|---|---|---|',
      `| home cluster \`${this.homeClusterName}\` (resource group \`${this.homeResourceGroup}\`) | \`${ctx}\` | Argo CD, the platform folder \`${folder}\`${targets.filter(t => !t.remote && t.folder !== folder).map(t => `, \`${t.folder}\``).join('')} |`,
      ...clusters.map(c => {
        const declared = platform.tryGetCluster(c.name);
        const where = `remote cluster \`${c.name}\` (\`${c.server}\`${declared?.resourceGroup ? `, resource group \`${declared.resourceGroup}\`` : ''})`;
        const context = `\`${declared?.kubeContext ?? c.name}\`: the alert runbook's steps on its namespaces; this document reaches it only through \`az\` (Entra ID, Azure RBAC, role assignment) and Argo CD through workload identity`;
        return `| ${where} | ${context} | ${targets.filter(t => t.remote && t.destination === c.name).map(t => `\`${t.folder}\``).join(', ') || 'the applications of its environments'} |`;
      }),
      '| Microsoft Entra ID and Azure Resource Manager | none (`az`) | the app registration, managed identities, role assignments |',
      '',
    );

    section(`1. Home cluster: OIDC issuer and workload identity (${home})`,
      'The OIDC issuer signs the service account tokens every workload identity trusts; the workload identity webhook injects them into labelled pods.',
      '',
      sh(
        `az aks update ${aks} --enable-oidc-issuer --enable-workload-identity`,
        `az aks get-credentials ${aks} --context ${ctx}`,
        `issuer=$(az aks show ${aks} --query oidcIssuerProfile.issuerUrl --output tsv)`,
        `kubectl --context ${ctx} -n kube-system rollout status deployment/azure-wi-webhook-controller-manager --timeout=${this.timeout}s`,
      ),
      '',
      'Rebuilding the home cluster gives it a new issuer: run this step and step 3 again (every federated credential names the issuer).',
    );

    const prereqRows: string[] = [];
    const prereqCommands: string[] = [];
    for (const [group, kinds] of groups) {
      const kindList = [...kinds].sort(compareStrings);
      const known = API_GROUP_PREREQUISITES.find(p => p.group === group);
      if (group === 'argoproj.io') {
        prereqRows.push(`| \`${group}\` | ${kindList.join(', ')} | the argo-cd chart ${release.chartVersion} (step 4) | ${release.chartVersion} |`);
      } else if (group === 'gateway.networking.k8s.io') {
        const refs: Array<{ name: string; namespace?: string }> = [
          ...(values.server?.httproute?.parentRefs ?? []),
          ...(values.server?.grpcroute?.parentRefs ?? []),
        ];
        const implementations = 'the AKS application routing add-on\'s Gateway API implementation (GatewayClass `approuting-istio`) or Application Gateway for Containers';
        prereqRows.push(`| \`${group}\` | ${kindList.join(', ')} (rendered by the chart) | a Gateway API implementation with its CRDs: ${implementations}; `
          + `the Gateway with an HTTPS listener for \`${host}\`${values.server?.grpcroute?.enabled ? ` and one for \`${values.server.grpcroute.hostnames[0]}\`` : ''}, `
          + `whose \`allowedRoutes\` admit routes from the namespace \`${ns}\`, and DNS records for them pointing at its address | standard channel, v1 |`);
        for (const kind of kindList) prereqCommands.push(`kubectl --context ${ctx} get crd ${pluralOf(kind)}.${group}`);
        const seen = new Set<string>();
        for (const ref of refs) {
          const key = `${ref.namespace ?? ns}/${ref.name}`;
          if (seen.has(key)) continue;
          seen.add(key);
          prereqCommands.push(`kubectl --context ${ctx} -n ${ref.namespace ?? ns} wait gateway/${ref.name} --for=condition=Programmed --timeout=${this.timeout}s`);
          // The address the DNS records of the host names point at.
          prereqCommands.push(`kubectl --context ${ctx} -n ${ref.namespace ?? ns} get gateway/${ref.name} --output jsonpath='{.status.addresses[0].value}'`);
        }
      } else if (group === 'argocd-image-updater.argoproj.io' && objects.some(o => o.object.kind === 'Application' && o.object.name === 'argocd-image-updater' && Chart.of(o.object) === platform)) {
        const source = this.json(objects.find(o => o.object.name === 'argocd-image-updater' && o.object.kind === 'Application')!.object).spec.source;
        const crdApp = this.imageUpdaterCrdsSource(objects);
        const chartCrd = source.helm?.valuesObject?.crds?.install !== false;
        prereqRows.push(`| \`${group}\` | ${kindList.join(', ')} | Argo CD Image Updater, installed by the Application \`argocd-image-updater\` (step 5)`
          + `${crdApp ? `; its CRD by the Application \`${crdApp.name}\` from \`${crdApp.repoURL}\` \`${crdApp.path}\` (the chart's CRD is off)` : chartCrd ? '; its CRD by the chart' : ''} `
          + `| chart ${source.targetRevision}, image ${source.helm?.valuesObject?.image?.tag ?? 'the chart\'s'}${crdApp ? `, CRD ${crdApp.targetRevision}` : ''} |`);
      } else if (known?.helm) {
        prereqRows.push(`| \`${group}\` | ${kindList.join(', ')} | ${known.provider} | ${known.version} |`);
        prereqCommands.push(`helm install ${known.helm.release} ${known.helm.chart} --repo ${known.helm.repo} --version ${known.version} --namespace ${known.helm.namespace} --create-namespace --wait --kube-context ${ctx}`);
      } else if (known?.crdUrl) {
        prereqRows.push(`| \`${group}\` | ${kindList.join(', ')} | ${known.provider} | ${known.version} |`);
        for (const kind of kindList) prereqCommands.push(`kubectl --context ${ctx} apply --server-side -f ${known.crdUrl(pluralOf(kind))}`);
      } else {
        prereqRows.push(`| \`${group}\` | ${kindList.join(', ')} | not known to this library: install the operator that serves it before step 4 | - |`);
        for (const kind of kindList) prereqCommands.push(`kubectl --context ${ctx} get crd ${pluralOf(kind)}.${group}`);
      }
    }
    const stores = this.stores(objects);
    // The stores sign in with a federated credential step 3 creates: step 4 waits for them.
    const storeWaits = stores.map(store => `kubectl --context ${ctx} wait clustersecretstore/${store} --for=condition=Ready --timeout=${this.timeout}s`);
    const storeIdentity = platform.secretStoreIdentity;
    const annotations = { ...(values.server?.ingress?.annotations ?? {}), ...(values.server?.ingressGrpc?.annotations ?? {}) };
    const issuer = annotations['cert-manager.io/cluster-issuer'] ?? annotations['cert-manager.io/issuer'];
    if (issuer !== undefined) {
      const clusterIssuer = annotations['cert-manager.io/cluster-issuer'] !== undefined;
      prereqRows.push(`| \`cert-manager.io\` | Certificate (cert-manager's ingress-shim, from the Ingress annotation) | cert-manager with its CRDs, and the ${clusterIssuer ? 'ClusterIssuer' : `Issuer (in \`${ns}\`)`} \`${issuer}\` | ${CERT_MANAGER_VERSION} |`);
      prereqCommands.push(`helm install cert-manager oci://quay.io/jetstack/charts/cert-manager --version ${CERT_MANAGER_VERSION} --namespace cert-manager --create-namespace --set crds.enabled=true --wait --kube-context ${ctx}`);
      prereqCommands.push(clusterIssuer
        ? `kubectl --context ${ctx} wait clusterissuer/${issuer} --for=condition=Ready --timeout=${this.timeout}s`
        : `kubectl --context ${ctx} -n ${ns} wait issuer/${issuer} --for=condition=Ready --timeout=${this.timeout}s`);
    }
    if (values.server?.ingress?.enabled === true) {
      prereqRows.push(`| \`networking.k8s.io\` | Ingress (rendered by the chart) | the ingress class \`${values.server.ingress.ingressClassName}\` (for \`webapprouting.kubernetes.azure.com\`: \`az aks approuting enable ${aks}\`; Microsoft's support of its NGINX ended in November 2026: prefer a gateway exposure) | - |`);
      prereqCommands.push(`kubectl --context ${ctx} get ingressclass ${values.server.ingress.ingressClassName}`);
    }
    // The values with extraValues (a redis-ha replica count or anti-affinity may come from there).
    const nodes = this.redisHaNodes(release.presetInputs());
    if (nodes) prereqCommands.unshift(`test "$(kubectl --context ${ctx} get nodes --no-headers | wc -l)" -ge ${nodes.count}`);
    section(`2. Prerequisites on the home cluster (${home})`,
      ...(nodes ? [
        `**Nodes: at least ${nodes.count}.** Redis runs in HA mode (\`redis-ha.enabled\`), and the chart forces ${nodes.pods.join(' and ')} onto separate nodes `
        + '(`hardAntiAffinity: true`, the argo-cd chart\'s default): with fewer schedulable nodes some of them stay Pending and Argo CD has no cache. '
        + 'Count only nodes these pods may run on (a tainted system pool does not count); the check below counts every node.',
        '',
      ] : []),
      'Computed from the API groups of everything this platform renders (and of what its chart values make the chart render), with the release each is pinned to:',
      '',
      '| API group | Kinds | Served by | Pinned |',
      '|---|---|---|---|',
      ...prereqRows,
      '',
      ...(stores.length ? [`The ExternalSecrets read ${stores.map(s => `ClusterSecretStore \`${s}\``).join(', ')}: create ${stores.length === 1 ? 'it' : 'them'} after the operator `
        + '(external-secrets.io/v1, `spec.provider.azurekv`: `authType: WorkloadIdentity`, the vault\'s `vaultUrl`, and `serviceAccountRef` with the service account\'s `name` and `namespace`, which a ClusterSecretStore must name), '
        + (storeIdentity
          ? `signing in as the managed identity \`${storeIdentity.clientId}\` through the service account \`${storeIdentity.namespace}/${storeIdentity.serviceAccount}\` (annotated \`${PlatformLabels.AZURE_WORKLOAD_IDENTITY_CLIENT_ID}: ${storeIdentity.clientId}\`, with the role Key Vault Secrets User on the vault); step 3 creates its federated credential`
          : 'signing in with its own managed identity; step 3 says how to create its federated credential')
        + `; step 4 waits until ${stores.length === 1 ? 'it is' : 'each is'} Ready.`, ''] : []),
      sh(...prereqCommands),
    );

    const identityCommands: string[] = [];
    const byClient = new Map<string, FederatedCredential[]>();
    for (const c of credentials) byClient.set(c.clientId, [...(byClient.get(c.clientId) ?? []), c]);
    let n = 0;
    for (const [clientId, list] of byClient) {
      n++;
      if (list[0].kind === FederatedIdentityKind.APP_REGISTRATION) {
        for (const c of list) {
          identityCommands.push(`az ad app federated-credential create --id ${clientId} --parameters "{\\"name\\":\\"${c.name}\\",\\"issuer\\":\\"$issuer\\",\\"subject\\":\\"${c.subject}\\",\\"audiences\\":[\\"${c.audience}\\"]}"`);
        }
        continue;
      }
      identityCommands.push(`read -r mi${n}_name mi${n}_rg <<< "$(az identity list --query "[?clientId=='${clientId}'] | [0].[name, resourceGroup]" --output tsv)"`);
      for (const c of list) {
        identityCommands.push(`az identity federated-credential create --identity-name "$mi${n}_name" --resource-group "$mi${n}_rg" --name ${c.name} --issuer "$issuer" --subject ${c.subject} --audiences ${c.audience}`);
      }
    }
    const ssoLines: string[] = [];
    if (oidc) {
      const manifest = this.entraManifest();
      ssoLines.push(
        `The app registration \`${oidc.clientID}\` (tenant from \`${oidc.issuer}\`): redirect URI \`${manifest.web.redirectUris[0]}\`, `
        + `the \`groups\` claim (\`groupMembershipClaims: ${manifest.groupMembershipClaims}\`, group object IDs in the ID token)`
        + `${manifest.publicClient ? `, and the CLI's redirect \`${CLI_REDIRECT_URI}\` as a public client` : ''}`
        + ', Microsoft Graph `User.Read`'
        + `${manifest.appRoles ? `, app roles ${manifest.appRoles.map((r: any) => `\`${r.value}\``).join(', ')} (assign groups to them in the enterprise application)` : ''}. `
        + `${manifest.groupMembershipClaims === 'ApplicationGroup' ? 'Only groups assigned to the enterprise application are sent: assign the groups of the RBAC policy under Enterprise applications > Users and groups. ' : ''}`
        + `The same settings as a Microsoft Graph manifest are in \`${this.path(this.manifestFileName)}\`; the \`az rest\` line applies it in one request.`,
        '',
        sh(
          `az ad app update --id ${oidc.clientID} --web-redirect-uris ${manifest.web.redirectUris[0]}${manifest.publicClient ? ` --public-client-redirect-uris ${CLI_REDIRECT_URI}` : ''} --set groupMembershipClaims=${manifest.groupMembershipClaims}`,
          `az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications(appId='${oidc.clientID}')" --headers Content-Type=application/json --body @${this.path(this.manifestFileName)}`,
        ),
        '',
        oidc.clientSecret
          ? `The client secret: \`az ad app credential reset --id ${oidc.clientID} --append\` prints a new one; store it in Key Vault where argocd-secret's ExternalSecret reads \`${String(oidc.clientSecret).replace(/^\$/, '')}\`${this.clientSecretRemoteKey(objects, String(oidc.clientSecret).replace(/^\$/, '')) ? ` (secret \`${this.clientSecretRemoteKey(objects, String(oidc.clientSecret).replace(/^\$/, ''))}\`)` : ''}, never in Git.`
          : 'No client secret: argocd-server signs in to Entra with its federated service account token (below).',
        '',
      );
    }
    section('3. Microsoft Entra ID: the app registration and the workload identities (`az`, no kube context)',
      ...ssoLines,
      `Federated credentials on the home cluster's issuer (\`$issuer\` from step 1), audience \`${TOKEN_AUDIENCE}\`, one per identity and service account:`,
      '',
      '| Client ID | Subject | Credential | For |',
      '|---|---|---|---|',
      ...credentials.map(c => `| \`${c.clientId}\`${c.kind === FederatedIdentityKind.APP_REGISTRATION ? ' (app registration)' : ''} | \`${c.subject}\` | \`${c.name}\` | ${c.purpose} |`),
      '',
      credentials.length ? sh(...identityCommands) : 'No service account of this platform uses workload identity.',
      ...(stores.length && !storeIdentity ? ['', secretStoreFederationStep(platform.homeCluster, stores)] : []),
      ...this.roleAssignments(clusters, objects),
    );

    const install = `${release.bootstrapCommand()} --kube-context ${ctx}`;
    // With the CRDs at the image's release the chart installs none: they come first (the platform folder holds Applications).
    const crds = release.crdsCommand()?.replace(/^kubectl /, `kubectl --context ${ctx} `);
    section(`4. Install Argo CD and apply the platform folder (${home})`,
      `${storeWaits.length ? `The secret ${stores.length === 1 ? 'store' : 'stores'} of step 2 Ready (${stores.length === 1 ? 'its' : 'their'} identity federated in step 3), then the` : 'The'} chart at its pinned version with the generated values (the image is pinned to ${version}); then the platform folder, server-side (the ApplicationSet CRD is too large for client-side apply), which holds the settings ConfigMaps the chart leaves out. The pods start once those exist; restart them so every component reads argocd-cmd-params-cm:`,
      '',
      sh(
        ...storeWaits,
        ...(crds ? [crds] : []),
        install,
        `kubectl --context ${ctx} apply --server-side -k ${folder}`,
        `kubectl --context ${ctx} -n ${ns} rollout restart deployment,statefulset -l app.kubernetes.io/part-of=argocd`,
        `kubectl --context ${ctx} -n ${ns} rollout status deployment/argocd-server --timeout=${this.timeout}s`,
        `kubectl --context ${ctx} -n ${ns} rollout status deployment/argocd-repo-server --timeout=${this.timeout}s`,
        `kubectl --context ${ctx} -n ${ns} rollout status statefulset/argocd-application-controller --timeout=${this.timeout}s`,
      ),
    );

    const rootApps = objects.filter(o => o.object.kind === 'Application' && Chart.of(o.object) === platform).map(o => o.object.name).sort(compareStrings);
    section('5. What Argo CD applies from here (the apply order)',
      'From now on Git is the source: nothing below is applied by hand. The platform folder\'s Applications sync in this order of dependency:',
      '',
      '| Folder | Application | Cluster |',
      '|---|---|---|',
      ...targets.map(t => `| \`${t.folder}\` | \`${t.application}\` | ${t.remote ? `remote \`${t.destination}\` (through its cluster Secret)` : `home (\`${ctx}\`)`} |`),
      ...objects.filter(o => o.object.kind === 'Application' && Chart.of(o.object) === platform && !this.json(o.object).spec?.source?.path)
        .map(o => o.object.name).sort(compareStrings)
        .map(name => `| chart (${this.json(objects.find(x => x.object.name === name && x.object.kind === 'Application')!.object).spec.source?.chart ?? this.json(objects.find(x => x.object.name === name && x.object.kind === 'Application')!.object).spec.sources?.[0]?.chart}) | \`${name}\` | home (\`${ctx}\`) |`),
      '',
      '1. `argocd-config` keeps the platform folder in sync (settings, projects, cluster and repository Secrets, root Applications).',
      '2. `argocd` upgrades Argo CD itself from the chart and the values file; later values changes reach the cluster through Git only.',
      '3. The root Applications `apps-<env>` apply each environment folder (the teams\' Applications); `cluster-<env>` creates the namespaces on a remote cluster first.',
      ...(groups.has('argocd-image-updater.argoproj.io') && rootApps.includes('argocd-image-updater')
        ? [`4. The ImageUpdater resources in the environment folders need the CRD ${this.imageUpdaterCrdsSource(objects) ? `the \`${this.imageUpdaterCrdsSource(objects)!.name}\` Application syncs at the image's release` : 'the `argocd-image-updater` chart installs'}: until it has synced, those folders report the kind as unknown and Argo CD retries.`] : []),
    );

    const verify = [
      `curl -sSf -o /dev/null https://${host}/healthz`,
      `curl -sSfL -o argocd https://github.com/argoproj/argo-cd/releases/download/${version}/argocd-linux-amd64 && chmod +x argocd`,
      oidc ? `./argocd login ${host} --sso --grpc-web` : `./argocd login ${host} --grpc-web`,
      `./argocd app wait ${rootApps.join(' ')} --sync --health --timeout ${this.timeout}`,
      ...(clusters.length ? ['./argocd cluster list'] : []),
      ...(values.server?.httproute?.enabled === true
        ? [`kubectl --context ${ctx} -n ${ns} wait httproute/argocd-server --for=jsonpath='{.status.parents[0].conditions[?(@.type=="Accepted")].status}'=True --timeout=${this.timeout}s`] : []),
      ...(values.server?.ingress?.enabled === true ? [`kubectl --context ${ctx} -n ${ns} get ingress argocd-server`] : []),
      ...this.imageUpdaterChecks(objects),
    ];
    section(`6. Verify (${home}, and the Argo CD CLI ${version})`,
      sh(...verify),
      '',
      [
        `- **URL**: \`https://${host}\` answers over TLS (the health check above); the certificate is the Gateway's or the Ingress's.`,
        oidc ? '- **SSO**: the login opens the browser; sign in as a member of an admin group and check that `./argocd account get-user-info` lists your groups.' : '- **Login**: this platform has no SSO construct; log in the way it is configured.',
        `- **Applications**: ${rootApps.map(a => `\`${a}\``).join(', ')} report Synced and Healthy.`,
        ...(clusters.length ? [`- **Remote clusters**: \`./argocd cluster list\` shows ${clusters.map(c => `\`${c.name}\``).join(', ')} with status Successful (otherwise check the role assignment and the federated credentials of step 3).`] : []),
      ].join('\n'),
    );
    return `${out.join('\n').trimEnd()}\n`;
  }

  /** Azure role assignments the identities need on remote clusters and registries. */
  private roleAssignments(clusters: Array<{ name: string; server: string; clientId: string }>, objects: RenderedObjects): string[] {
    const commands: string[] = [];
    for (const c of clusters) {
      // argocd-k8s-auth azure (argo-cd v3.5.1 cmd/argocd-k8s-auth/commands/azure.go) asks Entra for a token of the AKS AAD
      // Server application (6dae42f8-4368-4678-94ff-3960e28e3630): only a cluster with AKS-managed Entra ID accepts it, and only
      // Azure RBAC authorizes it through the role below. Each is enabled only when off (az aks update --enable-aad fails on a managed cluster).
      const declared = this.platform.tryGetCluster(c.name);
      if (declared?.resourceGroup) {
        const aks = `--resource-group ${shellWord(declared.resourceGroup)} --name ${shellWord(declared.aksName)}`;
        commands.push(`[ "$(az aks show ${aks} --query aadProfile.managed --output tsv)" = true ] || az aks update ${aks} --enable-aad`);
        commands.push(`[ "$(az aks show ${aks} --query aadProfile.enableAzureRbac --output tsv)" = true ] || az aks update ${aks} --enable-azure-rbac`);
      }
      const fqdn = new URL(c.server).hostname;
      commands.push(`az role assignment create --assignee ${c.clientId} --role "${AKS_CLUSTER_ADMIN_ROLE}" --scope "$(az aks list --query "[?fqdn=='${fqdn}'] | [0].id" --output tsv)"`);
    }
    const updater = this.imageUpdater(objects);
    if (updater) {
      for (const registry of updater.registries) {
        commands.push(`az role assignment create --assignee ${updater.clientId} --role AcrPull --scope "$(az acr show --name ${registry.split('.')[0]} --query id --output tsv)"`);
      }
    }
    if (commands.length === 0) return [];
    const sh = (...lines: string[]) => ['```sh', ...lines, '```'].join('\n');
    return [
      '',
      ...(clusters.length ? [
        `Argo CD reaches ${clusters.map(c => `\`${c.name}\``).join(', ')} with \`argocd-k8s-auth azure\`: an Entra token for the AKS API server, which only a cluster with AKS-managed Entra ID accepts and only Azure RBAC authorizes through the role assignment; `
        + 'the first lines check both on each remote cluster and enable what is off (`az aks update --enable-aad`, `--enable-azure-rbac`).',
        '',
      ] : []),
      'Role assignments (they survive a rebuild of the home cluster; only the federated credentials follow its issuer): '
      + [clusters.length ? `${AKS_CLUSTER_ADMIN_ROLE} on each remote cluster for the identity in its cluster Secret` : '', updater?.registries.length ? 'AcrPull on each registry Image Updater reads' : '']
        .filter(Boolean).join('; ') + '. The backup identity\'s storage role is in the restore runbook\'s "Set up once".',
      '',
      sh(...commands),
    ];
  }

  /** The Image Updater installation: its identity and ACR registries, read from its rendered Application and ServiceAccount. */
  private imageUpdater(objects: RenderedObjects): { clientId: string; registries: string[]; scripts: string[] } | undefined {
    const app = objects.find(o => o.object.kind === 'Application' && o.object.name === 'argocd-image-updater' && Chart.of(o.object) === this.platform);
    const sa = objects.find(o => o.object.kind === 'ServiceAccount' && o.object.name === 'argocd-image-updater');
    if (!app || !sa) return undefined;
    const clientId = this.json(sa.object).metadata?.annotations?.[PlatformLabels.AZURE_WORKLOAD_IDENTITY_CLIENT_ID];
    if (typeof clientId !== 'string') return undefined;
    const values = this.json(app.object).spec?.source?.helm?.valuesObject ?? {};
    const registries: string[] = (values.config?.registries ?? []).map((r: any) => r.prefix);
    return { clientId, registries, scripts: Object.keys(values.authScripts?.scripts ?? {}).sort(compareStrings) };
  }

  /**
   * With Redis HA (the platform fact), the nodes the chart's hard anti-affinity needs: argo-helm argo-cd 10.1.1
   * values.yaml `redis-ha.hardAntiAffinity: true` (Redis servers) and `redis-ha.haproxy.hardAntiAffinity: true`
   * (HAProxy), each a requiredDuringScheduling anti-affinity on the host name; the redis-ha subchart runs 3 of each
   * (`replicas: 3`, `haproxy.replicas: 3`) unless the values say otherwise.
   */
  private redisHaNodes(values: any): { count: number; pods: string[] } | undefined {
    if (!this.platform.facts.redisHa) return undefined;
    const ha = values?.['redis-ha'] ?? {};
    const pods: string[] = [];
    let count = 0;
    if (ha.hardAntiAffinity !== false) {
      const replicas = typeof ha.replicas === 'number' ? ha.replicas : 3;
      pods.push(`the ${replicas} Redis servers`);
      count = Math.max(count, replicas);
    }
    if (ha.haproxy?.enabled !== false && ha.haproxy?.hardAntiAffinity !== false) {
      const replicas = typeof ha.haproxy?.replicas === 'number' ? ha.haproxy.replicas : 3;
      pods.push(`the ${replicas} HAProxy pods`);
      count = Math.max(count, replicas);
    }
    return count > 1 ? { count, pods } : undefined;
  }

  /** Remote clusters with workload identity whose resource group the bootstrap needs but the options do not give. */
  private clustersWithoutResourceGroup(): string[] {
    const names = this.objects().map(o => this.workloadIdentityCluster(o.object)?.name).filter((n): n is string => n !== undefined);
    return [...new Set(names)].filter(name => !this.platform.tryGetCluster(name)?.resourceGroup).sort(compareStrings);
  }

  /** The Application of the platform folder that syncs Image Updater's CRD from its repository, if any. */
  private imageUpdaterCrdsSource(objects: RenderedObjects): { name: string; repoURL: string; path: string; targetRevision: string } | undefined {
    for (const { object } of objects) {
      if (object.kind !== 'Application' || Chart.of(object) !== this.platform) continue;
      const source = this.json(object).spec?.source;
      if (typeof source?.repoURL === 'string' && /github\.com\/argoproj-labs\/argocd-image-updater(\.git)?$/.test(source.repoURL)) {
        return { name: object.name, repoURL: source.repoURL, path: source.path, targetRevision: source.targetRevision };
      }
    }
    return undefined;
  }

  private imageUpdaterChecks(objects: RenderedObjects): string[] {
    const updater = this.imageUpdater(objects);
    if (!updater) return [];
    const ns = this.platform.argoCdNamespace;
    const ctx = shellWord(this.homeKubeContext);
    return [
      `kubectl --context ${ctx} -n ${ns} rollout status deployment/argocd-image-updater-controller --timeout=${this.timeout}s`,
      // Runs each credentials script in the pod; prints only whether it produced a credential line, never the token.
      ...updater.scripts.map(script => `kubectl --context ${ctx} -n ${ns} exec deployment/argocd-image-updater-controller -- /scripts/${script} | grep -c '^00000000-0000-0000-0000-000000000000:'`),
    ];
  }

  private stores(objects: RenderedObjects): string[] {
    const names = new Set<string>();
    for (const { object } of objects) {
      if (object.kind !== 'ExternalSecret') continue;
      const spec = this.json(object).spec ?? {};
      for (const ref of [spec.secretStoreRef, ...(spec.data ?? []).map((d: any) => d.sourceRef?.storeRef)]) {
        if (ref?.kind === 'ClusterSecretStore' && typeof ref.name === 'string') names.add(ref.name);
      }
    }
    return [...names].sort(compareStrings);
  }

  private clientSecretRemoteKey(objects: RenderedObjects, key: string): string | undefined {
    for (const { object } of objects) {
      if (object.kind !== 'ExternalSecret') continue;
      const spec = this.json(object).spec ?? {};
      const entry = (spec.data ?? []).find((d: any) => d.secretKey === key);
      if (entry?.remoteRef?.key) return String(entry.remoteRef.key);
    }
    return undefined;
  }
}

/** A stable GUID-shaped app role ID from the platform and the role value (Entra requires a GUID per role). */
function roleId(platform: string, value: string): string {
  const hex = createHash('sha256').update(`${platform}\u0000${value}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
