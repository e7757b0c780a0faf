import { ApiObject } from 'cdk8s';
import { PlatformLabels } from './labels';

/**
 * The argo-cd chart's service account names for release `argocd`, by values key (the
 * `serviceaccount.yaml` template of each component in argo-helm argo-cd 10.1.1).
 */
export const ARGOCD_CHART_SERVICE_ACCOUNTS: { readonly [component: string]: string } = {
  server: 'argocd-server',
  controller: 'argocd-application-controller',
  repoServer: 'argocd-repo-server',
  applicationSet: 'argocd-applicationset-controller',
  notifications: 'argocd-notifications-controller',
};

/** The audience of every federated identity credential for Kubernetes service accounts. */
export const WORKLOAD_IDENTITY_AUDIENCE = 'api://AzureADTokenExchange';

/** A cluster Secret whose `argocd-k8s-auth azure` exec provider logs in with workload identity. */
export interface WorkloadIdentityCluster {
  /** The cluster's name in Argo CD. */
  readonly name: string;
  /** The API server URL. */
  readonly server: string;
  /** The managed identity's client ID (`AZURE_CLIENT_ID` of the exec provider). */
  readonly clientId: string;
}

/** The workload-identity cluster a rendered object describes, if it is such a cluster Secret. */
export function workloadIdentityClusterOf(object: ApiObject): WorkloadIdentityCluster | undefined {
  if (object.kind !== 'Secret') return undefined;
  const json = object.toJson();
  if (json.metadata?.labels?.[PlatformLabels.ARGOCD_SECRET_TYPE] !== 'cluster' || typeof json.stringData?.config !== 'string') return undefined;
  const env = JSON.parse(json.stringData.config)?.execProviderConfig?.env ?? {};
  if (env.AAD_LOGIN_METHOD !== 'workloadidentity' || typeof env.AZURE_CLIENT_ID !== 'string') return undefined;
  return { name: json.stringData.name, server: json.stringData.server, clientId: env.AZURE_CLIENT_ID };
}
