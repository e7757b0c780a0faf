import { SecretSource } from '../secrets/secret-source';

/** How Argo CD authenticates to a cluster. */
export enum ClusterAuthKind {
  /** AKS with Microsoft Entra Workload ID: `argocd-k8s-auth azure` exec provider, no token stored. */
  AZURE_WORKLOAD_IDENTITY = 'azure-workload-identity',
  /** A bearer token (a service account token) from a SecretSource. */
  BEARER_TOKEN = 'bearer-token',
}

/** Props for AKS workload-identity authentication. */
export interface AzureWorkloadIdentityClusterAuthProps {
  /**
   * The client ID (GUID) of the managed identity (or app registration) Argo CD uses for this
   * cluster. It needs a federated credential for the service accounts of the application
   * controller and the API server (`system:serviceaccount:<argocd namespace>:argocd-application-controller`
   * and `...:argocd-server`), and an AKS role (Azure Kubernetes Service RBAC Cluster Admin, or a
   * Kubernetes RoleBinding for its object ID) on the cluster.
   */
  readonly clientId: string;
  /**
   * The Entra tenant ID (GUID).
   * @default - the tenant the workload-identity webhook injects (AZURE_TENANT_ID of the pod)
   */
  readonly tenantId?: string;
  /**
   * The Azure cloud (`AAD_ENVIRONMENT_NAME`).
   * @default 'AzurePublicCloud'
   */
  readonly cloud?: string;
}

/**
 * How Argo CD authenticates to a cluster: AKS workload identity (nothing secret in Git; the
 * cluster Secret is a plain Secret of non-secret config, which Argo CD requires to be a Secret),
 * or a bearer token from a SecretSource (the cluster Secret is then an ExternalSecret whose
 * template embeds the token in the `config` JSON).
 */
export class ClusterAuth {
  /**
   * AKS with Microsoft Entra Workload ID: Argo CD runs `argocd-k8s-auth azure` with
   * `AAD_LOGIN_METHOD=workloadidentity`, exchanging its pods' federated service-account token for
   * an Entra token for the AKS API server. The platform labels the application controller's and
   * API server's pods `azure.workload.identity/use: "true"` through the chart values.
   */
  public static azureWorkloadIdentity(props: AzureWorkloadIdentityClusterAuthProps): ClusterAuth {
    return new ClusterAuth(ClusterAuthKind.AZURE_WORKLOAD_IDENTITY, props, undefined);
  }

  /**
   * A bearer token (for example a long-lived service account token of an `argocd-manager`
   * service account on the cluster) from Key Vault or another store, never a literal.
   */
  public static bearerToken(token: SecretSource): ClusterAuth {
    return new ClusterAuth(ClusterAuthKind.BEARER_TOKEN, undefined, token);
  }

  /** Whether an object is a ClusterAuth, also one created by another copy of this library. */
  public static isClusterAuth(x: any): x is ClusterAuth {
    return x !== null && typeof x === 'object' && CLUSTER_AUTH_SYMBOL in x;
  }

  /** The kind of authentication. */
  public readonly kind: ClusterAuthKind;
  /**
   * The workload-identity settings.
   * @default - none (bearer token)
   */
  public readonly workloadIdentity?: AzureWorkloadIdentityClusterAuthProps;
  /**
   * The bearer token's source.
   * @default - none (workload identity)
   */
  public readonly token?: SecretSource;

  private constructor(kind: ClusterAuthKind, azure: AzureWorkloadIdentityClusterAuthProps | undefined, token: SecretSource | undefined) {
    Object.defineProperty(this, CLUSTER_AUTH_SYMBOL, { value: true });
    this.kind = kind;
    this.workloadIdentity = azure;
    this.token = token;
  }
}

const CLUSTER_AUTH_SYMBOL = Symbol.for('cdk8s-argocd-platform.ClusterAuth');
