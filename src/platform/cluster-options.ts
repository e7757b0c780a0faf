import { ClusterAuth } from './cluster-auth';

// The platform's `clusters` prop and the ArgoCluster construct share this struct: it lives in the core
// so the platform declares its props without importing a capability (the clusters/ folder).
/** A cluster Argo CD deploys to, other than the one it runs in. */
export interface ArgoClusterOptions {
  /**
   * The cluster's name in Argo CD (a DNS-1123 label), e.g. `aks-prod`. Environments refer to it
   * with `cluster: { name }`; the Secret is `cluster-<name>`.
   */
  readonly name: string;
  /** The API server URL, e.g. `https://aks-prod-dns-1a2b3c.hcp.westeurope.azmk8s.io:443`. */
  readonly server: string;
  /** How Argo CD authenticates: `ClusterAuth.azureWorkloadIdentity(...)` or `ClusterAuth.bearerToken(...)`. */
  readonly auth: ClusterAuth;
  /**
   * The API server's CA certificate, base64-encoded PEM (`tlsClientConfig.caData`, Argo CD's
   * `TLSClientConfig.CAData []byte`, which JSON carries as base64). Public data. Required for AKS
   * (an `*.azmk8s.io` server, or `ClusterAuth.azureWorkloadIdentity`): an AKS API server presents a
   * certificate signed by the cluster's own CA. Get it from the kubeconfig's
   * `certificate-authority-data` (already base64): `az aks get-credentials --resource-group <group>
   * --name <cluster> --file - | awk '/certificate-authority-data/ {print $2}'`.
   * @default - the system trust store; refused for AKS
   */
  readonly caData?: string;
  /**
   * Skip TLS verification of the API server (`tlsClientConfig.insecure`). Refused when true:
   * anyone between Argo CD and the API server could impersonate it and receive its credentials.
   * Give `caData` instead.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * Scope the cluster to one AppProject (`project`): only that project may deploy to it. A
   * cluster serving an environment cannot be scoped: every team's project and the platform's own
   * project deploy there.
   * @default - every project whose destinations allow it
   */
  readonly project?: string;
  /**
   * Labels on the cluster Secret, for ApplicationSet cluster generators
   * (`clusters: { selector: { matchLabels: ... } }`). The platform adds `argocd-platform/cluster: <name>`
   * and, per environment using the cluster, `environment.argocd-platform.cdk8s.io/<env>: "true"`.
   * @default - only the platform's labels
   */
  readonly labels?: { [key: string]: string };
  /**
   * The kube context that reaches this cluster's API server, for the runbooks' steps on it (events
   * and pods of an application's destination namespace).
   * @default - the cluster's name (what `az aks get-credentials --name <name>` creates)
   */
  readonly kubeContext?: string;
  /**
   * The AKS cluster's resource group. The bootstrap document needs it for a cluster with
   * `ClusterAuth.azureWorkloadIdentity`, to check (and enable) AKS-managed Entra ID and Azure RBAC,
   * which `argocd-k8s-auth azure` relies on; `BootstrapDocument` fails without it.
   * @default - none: no bootstrap step names the cluster's resource group
   */
  readonly resourceGroup?: string;
  /**
   * The AKS cluster's resource name in Azure, when it differs from `name`.
   * @default - the cluster's name
   */
  readonly aksName?: string;
}
