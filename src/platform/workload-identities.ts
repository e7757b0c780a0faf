import { ApiObject } from 'cdk8s';
import { PlatformLabels } from './labels';
import { compareStrings } from '../util/validation';

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

/**
 * One federated identity credential the output needs: an Entra identity (managed identity or app
 * registration) trusting the tokens of one service account, issued by the OIDC issuer of the
 * cluster the service account's pods run on (the home cluster, for everything this library renders).
 */
export interface WorkloadIdentitySubject {
  /** The identity's client ID. */
  readonly clientId: string;
  /** The service account's namespace. */
  readonly namespace: string;
  /** The service account's name. */
  readonly serviceAccount: string;
  /** What needs it, for people (e.g. `cluster aks-prod`, `ServiceAccount argocd-backup`). */
  readonly purpose: string;
}

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

/**
 * Every service account of the output that carries a workload identity, from what is rendered:
 * the argo-cd chart's components whose `serviceAccount.annotations` name a client ID (chart values),
 * every rendered ServiceAccount with `azure.workload.identity/client-id`, and the application
 * controller and API server for each workload-identity cluster Secret (both connect to clusters).
 * Sorted by client ID, namespace and name; each subject once.
 * @param objects the platform's rendered objects
 * @param chartValues the argo-cd chart values (`platform.chartValues.render()`)
 * @param argoCdNamespace Argo CD's namespace
 */
export function workloadIdentitySubjects(
  objects: ApiObject[], chartValues: { [key: string]: any }, argoCdNamespace: string): WorkloadIdentitySubject[] {
  const out: WorkloadIdentitySubject[] = [];
  const push = (s: WorkloadIdentitySubject) => {
    if (!out.some(o => o.clientId === s.clientId && o.namespace === s.namespace && o.serviceAccount === s.serviceAccount)) out.push(s);
  };
  for (const [component, serviceAccount] of Object.entries(ARGOCD_CHART_SERVICE_ACCOUNTS)) {
    const clientId = chartValues?.[component]?.serviceAccount?.annotations?.[PlatformLabels.AZURE_WORKLOAD_IDENTITY_CLIENT_ID];
    if (typeof clientId === 'string') push({ clientId, namespace: argoCdNamespace, serviceAccount, purpose: `the chart's ${component}` });
  }
  for (const object of objects) {
    if (object.kind === 'ServiceAccount') {
      const json = object.toJson();
      const clientId = json.metadata?.annotations?.[PlatformLabels.AZURE_WORKLOAD_IDENTITY_CLIENT_ID];
      if (typeof clientId === 'string') push({ clientId, namespace: json.metadata.namespace, serviceAccount: json.metadata.name, purpose: `ServiceAccount ${json.metadata.name}` });
    }
    const cluster = workloadIdentityClusterOf(object);
    if (cluster) {
      for (const serviceAccount of [ARGOCD_CHART_SERVICE_ACCOUNTS.controller, ARGOCD_CHART_SERVICE_ACCOUNTS.server]) {
        push({ clientId: cluster.clientId, namespace: argoCdNamespace, serviceAccount, purpose: `cluster ${cluster.name}` });
      }
    }
  }
  return out.sort((a, b) => compareStrings(`${a.clientId}/${a.namespace}/${a.serviceAccount}`, `${b.clientId}/${b.namespace}/${b.serviceAccount}`));
}
