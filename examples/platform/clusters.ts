import { ArgoCluster, ArgoPlatform, ClusterAuth } from '../../src';

/** The production AKS cluster's API server (prod runs on its own cluster; dev and staging run where Argo CD runs). */
export const PROD_CLUSTER = {
  name: 'aks-prod',
  server: 'https://aks-prod-civica-4f2a9c1e.hcp.uksouth.azmk8s.io:443',
} as const;

/**
 * Production on its own AKS cluster, reached with Microsoft Entra Workload ID: the cluster Secret
 * `cluster-aks-prod` holds the `argocd-k8s-auth azure` exec provider and the managed identity's
 * client ID, no token. The managed identity `argocd-prod-deployer` has federated credentials for
 * the application controller's and API server's service accounts and the AKS RBAC Cluster Admin
 * role on aks-prod. The environment `prod` refers to the cluster by name (platform.ts), so team
 * namespaces of prod are created on aks-prod (dist/prod-cluster/, synced by `cluster-prod`).
 */
export function addClusters(platform: ArgoPlatform): ArgoCluster {
  return new ArgoCluster(platform, 'AksProd', {
    ...PROD_CLUSTER,
    auth: ClusterAuth.azureWorkloadIdentity({
      clientId: '7d3e5f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60',
      tenantId: '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f',
    }),
    labels: { region: 'uksouth', tier: 'production' },
  });
}
