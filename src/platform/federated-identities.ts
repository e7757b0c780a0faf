import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { HomeCluster } from './home-cluster';
import { PlatformLabels } from './labels';
import { ARGOCD_CHART_SERVICE_ACCOUNTS, WORKLOAD_IDENTITY_AUDIENCE, workloadIdentityClusterOf } from './workload-identities';
import { assertDnsLabel, compareStrings, fail, isGuid } from '../util/validation';

/** Where a workload identity's federated credentials live in Entra ID. */
export enum FederatedIdentityKind {
  /** A user-assigned managed identity (`az identity federated-credential create`). */
  MANAGED_IDENTITY = 'managed-identity',
  /** An app registration (`az ad app federated-credential create`), e.g. the SSO app with workload identity. */
  APP_REGISTRATION = 'app-registration',
}

/** A Kubernetes service account, by namespace and name. */
export interface ServiceAccountRef {
  /** The service account's namespace. */
  readonly namespace: string;
  /** The service account's name. */
  readonly name: string;
}

/**
 * The workload identity the external-secrets ClusterSecretStores of the platform (Azure Key Vault
 * provider, `authType: WorkloadIdentity`) sign in with: a user-assigned managed identity with a
 * Key Vault role (Key Vault Secrets User) on the vault.
 */
export interface SecretStoreIdentityOptions {
  /** The managed identity's client ID (GUID). */
  readonly clientId: string;
  /**
   * The service account the store's tokens are issued for: the store's
   * `provider.azurekv.serviceAccountRef` (a ClusterSecretStore names its namespace), or the
   * external-secrets controller's own service account when the store has none.
   * @default - { namespace: 'external-secrets', name: 'external-secrets' }: the external-secrets chart's service account for the release `external-secrets` in `external-secrets` (the bootstrap's install)
   */
  readonly serviceAccount?: ServiceAccountRef;
}

/**
 * The external-secrets controller's service account as the bootstrap installs it (`helm install
 * external-secrets external-secrets --namespace external-secrets`): the chart names it after the
 * release's full name, `external-secrets` (external-secrets chart 2.9.0 `templates/_helpers.tpl`,
 * `external-secrets.serviceAccountName`).
 */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT: ServiceAccountRef = { namespace: 'external-secrets', name: 'external-secrets' };

/** Checks the `secretStoreIdentity` prop and returns the subject it registers. */
export function secretStoreSubject(scope: IConstruct, options: SecretStoreIdentityOptions): FederatedSubject {
  if (typeof options !== 'object' || options === null) fail(scope, 'secretStoreIdentity', options, 'must be { clientId, serviceAccount? }');
  if (!isGuid(options.clientId)) fail(scope, 'secretStoreIdentity.clientId', options.clientId, 'must be the managed identity\'s client ID (a GUID)');
  const sa = options.serviceAccount ?? EXTERNAL_SECRETS_SERVICE_ACCOUNT;
  if (typeof sa !== 'object' || sa === null) fail(scope, 'secretStoreIdentity.serviceAccount', sa, 'must be { namespace, name }');
  assertDnsLabel(scope, 'secretStoreIdentity.serviceAccount.namespace', sa.namespace);
  if (typeof sa.name !== 'string' || sa.name.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(sa.name)) {
    fail(scope, 'secretStoreIdentity.serviceAccount.name', sa.name, 'must be a service account name (a DNS-1123 subdomain)');
  }
  return {
    clientId: options.clientId,
    kind: FederatedIdentityKind.MANAGED_IDENTITY,
    namespace: sa.namespace,
    serviceAccount: sa.name,
    purpose: 'the external-secrets ClusterSecretStores read Azure Key Vault',
  };
}

/**
 * The manual step both documents print when the platform's ExternalSecrets read ClusterSecretStores
 * but the platform was not given the stores' identity (`secretStoreIdentity`): the exact
 * `az identity federated-credential create` command, with placeholders only for the identity the
 * platform does not know. `$issuer` is the home cluster's issuer, read by the document before.
 */
export function secretStoreFederationStep(home: HomeCluster, stores: string[]): string {
  const sa = EXTERNAL_SECRETS_SERVICE_ACCOUNT;
  const name = credentialName(home, { namespace: sa.namespace, serviceAccount: sa.name });
  const command = `az identity federated-credential create --identity-name <store identity name> --resource-group <store identity resource group> --name ${name} `
    + `--issuer "$issuer" --subject system:serviceaccount:${sa.namespace}:${sa.name} --audiences ${WORKLOAD_IDENTITY_AUDIENCE}`;
  return `**Manual step: the secret store's identity.** ${stores.map(s => `ClusterSecretStore \`${s}\``).join(', ')} `
    + 'signs in to Azure Key Vault with its own managed identity, which this platform does not know (give it as `secretStoreIdentity` on the ArgoPlatform to list its credential above). '
    + 'Its federated credential names the home cluster\'s issuer too: without it the store never becomes Ready and every ExternalSecret stays empty. '
    + `Create it with the identity's name and resource group (the subject is the external-secrets chart's service account; use the store's \`serviceAccountRef\` if it names another): \`${command}\``;
}

/** One Kubernetes service account on the home cluster that signs in to Entra ID as an identity. */
export interface FederatedSubject {
  /** The identity's client ID (GUID). */
  readonly clientId: string;
  /** Managed identity or app registration. */
  readonly kind: FederatedIdentityKind;
  /** The service account's namespace. */
  readonly namespace: string;
  /** The service account's name. */
  readonly serviceAccount: string;
  /** What it is for, e.g. `deploys to the cluster aks-prod`. */
  readonly purpose: string;
}

/**
 * The workload identities whose federated credentials name the home cluster's OIDC issuer, for
 * the runbooks that recreate them after the home cluster is rebuilt. Capabilities that install a
 * workload with its own identity outside the argo-cd chart (Image Updater) register it here; the
 * restore runbook also finds the ones it can read from the output (annotated ServiceAccounts, the
 * chart's service-account annotations, workload-identity cluster Secrets).
 */
export class FederatedIdentityRegistry {
  private readonly subjects = new Map<string, FederatedSubject & { contributor: string }>();

  /**
   * Registers a service account that signs in as an identity.
   * @param contributor the construct that needs it
   * @param subject the identity and service account
   */
  public register(contributor: IConstruct, subject: FederatedSubject): void {
    if (!isGuid(subject.clientId)) throw new Error(`[${contributor.node.path}] federated identity clientId: must be a GUID (got ${JSON.stringify(subject.clientId)})`);
    const key = `${subject.clientId}/${subject.namespace}/${subject.serviceAccount}`;
    if (!this.subjects.has(key)) this.subjects.set(key, { ...subject, contributor: contributor.node.path });
  }

  /** The registered subjects, sorted by client ID, namespace and service account. */
  public get all(): FederatedSubject[] {
    return [...this.subjects.entries()].sort(([a], [b]) => compareStrings(a, b))
      .map(([, { contributor, ...subject }]) => subject);
  }
}

/**
 * One federated identity credential: an Entra identity trusting the tokens of one Kubernetes service
 * account, issued by the OIDC issuer of the cluster its pods run on (the home cluster).
 */
export interface FederatedCredential extends FederatedSubject {
  /** The token subject, `system:serviceaccount:<namespace>:<service account>`. */
  readonly subject: string;
  /** The audience, `api://AzureADTokenExchange`. */
  readonly audience: string;
  /** The cluster whose OIDC issuer signs the tokens: the home cluster's name. */
  readonly cluster: string;
  /**
   * The credential's name in Entra ID: `<home cluster>-<namespace>-<service account>` (without the
   * cluster when the platform names none), at most 120 characters: creating it again replaces it.
   */
  readonly name: string;
}

/** What the platform's federated credentials are derived from. */
export interface FederatedCredentialSources {
  /** What capabilities registered (`platform.federatedIdentities.all`). */
  readonly registered: FederatedSubject[];
  /** The objects applied to the home cluster (the platform's and its environments' folders). */
  readonly objects: ApiObject[];
  /** The argo-cd chart values as written to the values file. */
  readonly chartValues: { [key: string]: any };
  /** Argo CD's namespace. */
  readonly argoCdNamespace: string;
  /** The home cluster (`platform.facts.homeCluster`). */
  readonly homeCluster: HomeCluster;
}

/** What each argo-cd chart component's identity is for, by values key. */
const CHART_COMPONENT_PURPOSES: { readonly [component: string]: string } = {
  controller: 'the application controller',
  server: 'the API server',
  repoServer: 'the repo-server pulls from repositories and registries',
  applicationSet: 'the ApplicationSet controller',
  notifications: 'the notifications controller',
};

/**
 * Every federated identity credential of a platform, derived once for every document that lists
 * them (the bootstrap document creates them, the restore runbook recreates them on a rebuilt home
 * cluster's new issuer). In order of precedence (the first source names the purpose and the kind):
 * what capabilities registered; the argo-cd chart components whose `serviceAccount.annotations`
 * name a client ID; every rendered ServiceAccount with `azure.workload.identity/client-id`; the
 * application controller and API server of every workload-identity cluster Secret. An identity is
 * an app registration when a capability registered it as one (the SSO client), else a managed
 * identity. Each (client ID, namespace, service account) once, sorted by client ID, namespace and
 * service account.
 */
export function federatedCredentialsOf(sources: FederatedCredentialSources): FederatedCredential[] {
  const found = new Map<string, FederatedSubject>();
  const add = (subject: FederatedSubject) => {
    const key = `${subject.clientId}/${subject.namespace}/${subject.serviceAccount}`;
    if (!found.has(key)) found.set(key, subject);
  };
  const ns = sources.argoCdNamespace;
  const managed = FederatedIdentityKind.MANAGED_IDENTITY;
  for (const subject of sources.registered) add(subject);
  for (const [component, serviceAccount] of Object.entries(ARGOCD_CHART_SERVICE_ACCOUNTS)) {
    const clientId = sources.chartValues?.[component]?.serviceAccount?.annotations?.[PlatformLabels.AZURE_WORKLOAD_IDENTITY_CLIENT_ID];
    if (typeof clientId === 'string') add({ clientId, kind: managed, namespace: ns, serviceAccount, purpose: CHART_COMPONENT_PURPOSES[component] ?? `the chart's ${component}` });
  }
  for (const object of sources.objects) {
    if (object.kind === 'ServiceAccount') {
      const metadata = object.toJson().metadata ?? {};
      const clientId = metadata.annotations?.[PlatformLabels.AZURE_WORKLOAD_IDENTITY_CLIENT_ID];
      if (typeof clientId === 'string' && metadata.namespace) {
        add({ clientId, kind: managed, namespace: metadata.namespace, serviceAccount: metadata.name, purpose: `the ServiceAccount ${metadata.name} in ${metadata.namespace}` });
      }
    }
    const cluster = workloadIdentityClusterOf(object);
    if (cluster) {
      add({ clientId: cluster.clientId, kind: managed, namespace: ns, serviceAccount: ARGOCD_CHART_SERVICE_ACCOUNTS.controller, purpose: `the application controller deploys to ${cluster.name}` });
      add({ clientId: cluster.clientId, kind: managed, namespace: ns, serviceAccount: ARGOCD_CHART_SERVICE_ACCOUNTS.server, purpose: `the API server reads live state and logs of ${cluster.name}` });
    }
  }
  const appRegistrations = new Set(sources.registered.filter(s => s.kind === FederatedIdentityKind.APP_REGISTRATION).map(s => s.clientId));
  const home = sources.homeCluster;
  return [...found.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, s]) => ({
    clientId: s.clientId,
    kind: appRegistrations.has(s.clientId) ? FederatedIdentityKind.APP_REGISTRATION : s.kind,
    namespace: s.namespace,
    serviceAccount: s.serviceAccount,
    purpose: s.purpose,
    subject: `system:serviceaccount:${s.namespace}:${s.serviceAccount}`,
    audience: WORKLOAD_IDENTITY_AUDIENCE,
    cluster: home.name,
    name: credentialName(home, s),
  }));
}

/** A federated credential's name: letters, digits, "-" and "_", at most 120 characters (Entra's limit). */
function credentialName(home: HomeCluster, s: Pick<FederatedSubject, 'namespace' | 'serviceAccount'>): string {
  return `${home.declared ? `${home.name}-` : ''}${s.namespace}-${s.serviceAccount}`.slice(0, 120).replace(/-+$/, '');
}
