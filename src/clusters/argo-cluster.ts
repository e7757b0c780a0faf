import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ACKNOWLEDGE_ANNOTATION } from '../guardrails/acknowledgements';
import { ArgoPlatform } from '../platform/argo-platform';
import { ClusterAuth, ClusterAuthKind } from '../platform/cluster-auth';
import { ArgoClusterOptions } from '../platform/cluster-options';
import { IN_CLUSTER_SERVER } from '../platform/environment-checks';
import { FederatedIdentityKind } from '../platform/federated-identities';
import { PlatformLabels } from '../platform/labels';
import { IPlatformCluster, _registerClusterFactory } from '../platform/platform-cluster';
import { ArgoSecret, PART_OF_ARGOCD } from '../secrets/argo-secret';
import { assertSecretSource, SecretBackend, SecretSource } from '../secrets/secret-source';
import { assertLabelMap, assertNoLiteralSecret } from '../util/checks';
import { assertDnsLabel, assertGuid, assertHttpsUrl, fail, sortedRecord } from '../util/validation';

/** Props for an ArgoCluster. */
export interface ArgoClusterProps extends ArgoClusterOptions {}

/** Label key prefix marking the environments a cluster serves: `environment.argocd-platform.cdk8s.io/<env>: "true"`. */
export const CLUSTER_ENVIRONMENT_LABEL_PREFIX = 'environment.argocd-platform.cdk8s.io/';

const CLUSTER_SYMBOL = Symbol.for('cdk8s-argocd-platform.ArgoCluster');

/** A kube context name as kubectl accepts it on the command line (no spaces or quotes). */
const KUBE_CONTEXT = /^[A-Za-z0-9][-A-Za-z0-9_.@:/]{0,252}$/;
/** An Azure resource group name. */
const RESOURCE_GROUP = /^[-\w._()]{0,89}[-\w_()]$/;

/** The Azure workload-identity webhook injects the token file; the exec provider reads it. */
const AZURE_EXEC_API_VERSION = 'client.authentication.k8s.io/v1beta1';

/**
 * A cluster registered with Argo CD declaratively: the cluster Secret
 * (`argocd.argoproj.io/secret-type: cluster`) in Argo CD's namespace, with `name`, `server`,
 * `config` and optionally `project`.
 *
 * - With `ClusterAuth.azureWorkloadIdentity` the config holds the `argocd-k8s-auth azure` exec
 *   provider with `AAD_LOGIN_METHOD=workloadidentity` and the client ID: nothing secret, so this is
 *   a plain Secret (Argo CD reads clusters only from Secrets; like a workload-identity repository
 *   Secret it holds only non-secret config). The platform labels the application controller's and
 *   API server's pods `azure.workload.identity/use: "true"` through `platform.chartValues`.
 * - With `ClusterAuth.bearerToken` it is an ExternalSecret whose template embeds the token in the
 *   `config` JSON, so the token never reaches Git.
 *
 * Create clusters with the platform's `clusters` prop (environments refer to them by name), or
 * directly inside the ArgoPlatform.
 *
 * @example
 * import { ArgoCluster, ArgoPlatform, ClusterAuth } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * new ArgoCluster(platform, 'AksProd', {
 *   name: 'aks-prod',
 *   server: 'https://aks-prod-example-4f2a9c1e.hcp.uksouth.azmk8s.io:443',
 *   auth: ClusterAuth.azureWorkloadIdentity({
 *     clientId: '7d3e5f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60',
 *     tenantId: '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f',
 *   }),
 * });
 */
export class ArgoCluster extends Construct implements IPlatformCluster {
  /** Whether an object is an ArgoCluster, also one created by another copy of this library. */
  public static isArgoCluster(x: any): x is ArgoCluster {
    return x !== null && typeof x === 'object' && CLUSTER_SYMBOL in x;
  }

  /** The cluster's name in Argo CD. */
  public readonly clusterName: string;
  /** The API server URL. */
  public readonly server: string;
  /** The cluster Secret's name. */
  public readonly secretName: string;
  /**
   * The project the cluster is scoped to.
   * @default - none
   */
  public readonly project?: string;
  /** The platform. */
  public readonly platform: ArgoPlatform;
  /** How Argo CD authenticates. */
  public readonly auth: ClusterAuth;
  /** The kube context that reaches the cluster. */
  public readonly kubeContext: string;
  /**
   * The AKS cluster's resource group.
   * @default - none
   */
  public readonly resourceGroup?: string;
  /** The AKS cluster's resource name in Azure. */
  public readonly aksName: string;
  private readonly environments: string[] = [];
  private readonly userLabels: { [key: string]: string };
  private readonly secretLabels: { [key: string]: string } = {};
  private plainSecret?: ApiObject;

  constructor(scope: Construct, id: string, props: ArgoClusterProps) {
    super(scope, id);
    Object.defineProperty(this, CLUSTER_SYMBOL, { value: true });
    this.platform = ArgoPlatform.platformOf(this);
    if (Chart.of(this) !== this.platform) {
      fail(this, 'scope', Chart.of(this).node.path, `cluster Secrets belong to Argo CD's namespace; create this construct inside the ArgoPlatform "${this.platform.node.path}"`);
    }
    this.clusterName = assertDnsLabel(this, 'name', props.name);
    if (this.clusterName === 'in-cluster') fail(this, 'name', props.name, 'is the name of the cluster Argo CD runs in, which needs no cluster Secret');
    this.server = assertHttpsUrl(this, 'server', props.server).replace(/\/+$/, '');
    if (this.server === IN_CLUSTER_SERVER) fail(this, 'server', props.server, 'is the cluster Argo CD runs in, which needs no cluster Secret');
    if (!ClusterAuth.isClusterAuth(props.auth)) fail(this, 'auth', props.auth, 'must be ClusterAuth.azureWorkloadIdentity(...) or ClusterAuth.bearerToken(...)');
    this.auth = props.auth;
    if (props.project !== undefined) this.project = assertDnsLabel(this, 'project', props.project);
    if (props.insecure !== undefined && props.insecure !== false) {
      fail(this, 'insecure', props.insecure,
        'Argo CD would send its credentials to whoever answers at the server\'s address without checking its certificate; give caData (the API server\'s CA) instead');
    }
    if (props.caData !== undefined && !isPemCertificateBase64(props.caData)) {
      fail(this, 'caData', typeof props.caData === 'string' && props.caData.length > 40 ? `${props.caData.slice(0, 40)}...` : props.caData,
        'must be the base64-encoded PEM certificate (-----BEGIN CERTIFICATE-----) of the API server\'s CA, as in the kubeconfig\'s certificate-authority-data');
    }
    const aks = /\.azmk8s\.io$/i.test(new URL(this.server).hostname) || props.auth.kind === ClusterAuthKind.AZURE_WORKLOAD_IDENTITY;
    if (aks && props.caData === undefined) {
      fail(this, 'caData', undefined,
        'an AKS API server presents a certificate signed by the cluster\'s own CA, so without it Argo CD fails with "x509: certificate signed by unknown authority"; '
        + `add caData: the kubeconfig's certificate-authority-data (already base64), e.g. \`az aks get-credentials --resource-group <group> --name ${this.clusterName} --file - | awk '/certificate-authority-data/ {print $2}'\``);
    }
    this.kubeContext = props.kubeContext ?? this.clusterName;
    if (typeof this.kubeContext !== 'string' || !KUBE_CONTEXT.test(this.kubeContext)) {
      fail(this, 'kubeContext', props.kubeContext, 'must be a kube context name (letters, digits, "-", "_", ".", "@", ":" and "/")');
    }
    if (props.resourceGroup !== undefined && (typeof props.resourceGroup !== 'string' || !RESOURCE_GROUP.test(props.resourceGroup))) {
      fail(this, 'resourceGroup', props.resourceGroup, 'must be an Azure resource group name (letters, digits, "-", "_", ".", "(" and ")", at most 90 characters, not ending with ".")');
    }
    this.resourceGroup = props.resourceGroup;
    this.aksName = props.aksName ?? this.clusterName;
    if (typeof this.aksName !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,61}[A-Za-z0-9]$/.test(this.aksName)) {
      fail(this, 'aksName', props.aksName, 'must be an AKS cluster name (letters, digits, "-" and "_", 2 to 63 characters, starting and ending with a letter or digit)');
    }
    this.userLabels = assertLabelMap(this, 'labels', props.labels, [PlatformLabels.CLUSTER, PlatformLabels.ARGOCD_SECRET_TYPE]);
    for (const key of Object.keys(this.userLabels)) {
      if (key.startsWith(CLUSTER_ENVIRONMENT_LABEL_PREFIX)) fail(this, `labels.${key}`, this.userLabels[key], 'is set by the platform');
    }
    this.secretName = `cluster-${this.clusterName}`;
    Object.assign(this.secretLabels, this.labels());
    this.platform.registerCluster(this);

    const tlsClientConfig = { insecure: false, ...(props.caData ? { caData: props.caData } : {}) };
    const plainData: { [key: string]: string } = { name: this.clusterName, server: this.server };
    if (this.project) plainData.project = this.project;

    if (this.auth.kind === ClusterAuthKind.AZURE_WORKLOAD_IDENTITY) {
      const azure = this.auth.workloadIdentity!;
      assertGuid(this, 'auth.clientId', azure.clientId);
      if (azure.tenantId !== undefined) assertGuid(this, 'auth.tenantId', azure.tenantId);
      const cloud = azure.cloud ?? 'AzurePublicCloud';
      if (!/^[A-Za-z]+$/.test(cloud)) fail(this, 'auth.cloud', cloud, 'must be an Azure cloud name such as AzurePublicCloud');
      const env: { [key: string]: string } = { AAD_ENVIRONMENT_NAME: cloud, AAD_LOGIN_METHOD: 'workloadidentity', AZURE_CLIENT_ID: azure.clientId };
      if (azure.tenantId) env.AZURE_TENANT_ID = azure.tenantId;
      const config = {
        execProviderConfig: { command: 'argocd-k8s-auth', args: ['azure'], apiVersion: AZURE_EXEC_API_VERSION, env: sortedRecord(env) },
        tlsClientConfig,
      };
      // The controller reconciles on the cluster, the API server reads live state and logs: both authenticate.
      for (const [component, serviceAccount, purpose] of [
        ['controller', 'argocd-application-controller', `the application controller deploys to ${this.clusterName}`],
        ['server', 'argocd-server', `the API server reads live state and logs of ${this.clusterName}`],
      ]) {
        this.platform.chartValues.set(this, `${component}.podLabels`, { [PlatformLabels.AZURE_WORKLOAD_IDENTITY_USE]: 'true' });
        this.platform.federatedIdentities.register(this, {
          clientId: azure.clientId, kind: FederatedIdentityKind.MANAGED_IDENTITY, namespace: this.platform.argoCdNamespace, serviceAccount, purpose,
        });
      }
      // The config is the exec provider and the client ID: no credential (Argo CD reads clusters only from
      // Secrets). The exception travels with the Secret, so `argocd-platform lint dist/` agrees with the synth.
      this.plainSecret = new ApiObject(this, 'Secret', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: this.secretName,
          namespace: this.platform.argoCdNamespace,
          labels: this.labels(),
          annotations: {
            [ACKNOWLEDGE_ANNOTATION]: 'ARGO-SEC1: workload-identity cluster config (argocd-k8s-auth azure exec provider and client ID) holds no credential; Argo CD reads clusters only from Secrets',
          },
        },
        type: 'Opaque',
        stringData: sortedRecord({ ...plainData, config: JSON.stringify(config) }),
      });
    } else {
      const token = this.auth.token;
      assertNoLiteralSecret(this, 'auth.token', token, SecretSource.isSecretSource, 'a SecretSource (SecretSource.fromAzureKeyVault(...) or fromExternalStore(...))');
      if (token === undefined) fail(this, 'auth.token', undefined, 'a bearer token needs a SecretSource');
      assertSecretSource(this, 'auth.token', token);
      if (token.backend !== SecretBackend.EXTERNAL_SECRET) {
        fail(this, 'auth.token', token.describe(), 'the token sits inside the cluster Secret\'s config JSON, which only an ExternalSecret template can build; use an external-secrets source (Key Vault)');
      }
      const secret = new ArgoSecret(this, 'Secret', {
        secretName: this.secretName,
        namespace: this.platform.argoCdNamespace,
        backend: token.backend,
        // Read when the ExternalSecret is rendered, so environments added later label it too.
        labels: this.secretLabels,
        plainData,
        templatedData: { config: `{"bearerToken":{{ .bearerToken | toJson }},"tlsClientConfig":${JSON.stringify(tlsClientConfig)}}` },
      });
      secret.addKey('bearerToken', token);
    }

    this.node.addValidation({
      validate: () => (this.project !== undefined && this.environments.length > 0
        ? [`[${this.node.path}] project: a cluster scoped to project ${this.project} cannot serve ${this.environments.join(', ')}: every team's project and the platform's project deploy to an environment's cluster (got "${this.project}")`]
        : []),
    });
  }

  /** Marks the cluster as serving an environment (called by the platform); labels the Secret for cluster generators. */
  public addEnvironment(environment: string): void {
    if (!this.environments.includes(environment)) this.environments.push(environment);
    Object.assign(this.secretLabels, this.labels());
    this.plainSecret?.metadata.addLabel(`${CLUSTER_ENVIRONMENT_LABEL_PREFIX}${environment}`, 'true');
  }

  /** The environments this cluster serves, in the order they were declared. */
  public get environmentNames(): string[] {
    return [...this.environments];
  }

  private labels(): { [key: string]: string } {
    const environmentLabels = Object.fromEntries(this.environments.map(e => [`${CLUSTER_ENVIRONMENT_LABEL_PREFIX}${e}`, 'true']));
    return sortedRecord({
      ...this.userLabels,
      ...environmentLabels,
      ...PART_OF_ARGOCD,
      [PlatformLabels.ARGOCD_SECRET_TYPE]: 'cluster',
      [PlatformLabels.CLUSTER]: this.clusterName,
    });
  }
}

// The platform's `clusters` prop creates ArgoClusters through the core's factory (the core imports no capability).
_registerClusterFactory((scope, id, options) => new ArgoCluster(scope, id, options));

/** Whether a value is base64 of one or more PEM certificates (what Go's encoding/json decodes into `CAData []byte`). */
function isPemCertificateBase64(value: unknown): boolean {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const pem = Buffer.from(value, 'base64').toString('latin1');
  return /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/.test(pem.replace(/-----END CERTIFICATE-----\s*-----BEGIN CERTIFICATE-----\r?\n/g, ''));
}
