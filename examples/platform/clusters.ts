import { ArgoCluster, ArgoPlatform, ClusterAuth } from '../../src';

/** The production AKS cluster's API server (prod runs on its own cluster; dev and staging run where Argo CD runs). */
export const PROD_CLUSTER = {
  name: 'aks-prod',
  server: 'https://aks-prod-civica-4f2a9c1e.hcp.uksouth.azmk8s.io:443',
  /**
   * The API server's CA (the kubeconfig's certificate-authority-data, base64 PEM), from
   * `az aks get-credentials --resource-group rg-aks-prod --name aks-prod --file - | awk '/certificate-authority-data/ {print $2}'`.
   * An AKS API server's certificate is signed by the cluster's own CA: without it, x509 errors.
   */
  caData: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJiekNDQVJXZ0F3SUJBZ0lVUEYySHgrbnN0RjgwUU9peDVxWXBoYjQwRlZzd0NnWUlLb1pJemowRUF3SXcKRFRFTE1Ba0dBMVVFQXd3Q1kyRXdIaGNOTWpZeE1qQXlNVFV6TURBd1doY05Nell4TVRJNU1UVXpNREF3V2pBTgpNUXN3Q1FZRFZRUUREQUpqWVRCWk1CTUdCeXFHU000OUFnRUdDQ3FHU000OUF3RUhBMElBQkVyQnFPSUQzdExkClNUVW5sL0NXblY3bXFnSXlHMk5WMWh6R0FtNW8vNWErb2EzQjhwRVNkVXVvTVlTd3lmVFNWRmlKVnhaMnAvKzIKNFdSa3QrR09mOFNqVXpCUk1CMEdBMVVkRGdRV0JCUlBqNFM0Zjd3TUNKRHltaDB5MW9SMHNuUmh0VEFmQmdOVgpIU01FR0RBV2dCUlBqNFM0Zjd3TUNKRHltaDB5MW9SMHNuUmh0VEFQQmdOVkhSTUJBZjhFQlRBREFRSC9NQW9HCkNDcUdTTTQ5QkFNQ0EwZ0FNRVVDSUZDb0k1MExDK3Z0VEV2N21SeTMzUEhXN1pCNkhQTFh0M3pHWFozaG5RdW8KQWlFQWw3WTdQV0lmMTF3UElRQzFuaW8yazVVRm84Tlo3d0Vib1B5WFp2NlAxcTQ9Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K',
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
    // The bootstrap checks AKS-managed Entra ID and Azure RBAC on it (argocd-k8s-auth azure needs both).
    resourceGroup: 'rg-aks-prod',
  });
}
