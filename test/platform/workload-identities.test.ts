import { ApiObject, Chart } from 'cdk8s';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { PlatformApp } from '../../src';
import { federatedCredentialsOf, FederatedIdentityKind } from '../../src/platform/federated-identities';
import { workloadIdentityClusterOf } from '../../src/platform/workload-identities';

const HOME = { name: 'aks-platform', kubeContext: 'aks-platform', declared: true };

describe('the platform\'s federated credentials', () => {
  test('the example: the Key Vault store, backup, Image Updater, and the controller and API server for the workload-identity cluster aks-prod', () => {
    const app = new PlatformApp({ outdir: '.tmp/workload-identities' });
    const platform = buildExamplePlatform(app);
    const objects = app.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === platform);
    expect(objects.map(workloadIdentityClusterOf).filter(c => c !== undefined)).toEqual([
      { name: 'aks-prod', server: 'https://aks-prod-civica-4f2a9c1e.hcp.uksouth.azmk8s.io:443', clientId: '7d3e5f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60' },
    ]);
    const credential = (clientId: string, serviceAccount: string, purpose: string) => ({
      clientId,
      kind: FederatedIdentityKind.MANAGED_IDENTITY,
      namespace: 'argocd',
      serviceAccount,
      purpose,
      subject: `system:serviceaccount:argocd:${serviceAccount}`,
      audience: 'api://AzureADTokenExchange',
      cluster: 'aks-platform',
      name: `aks-platform-argocd-${serviceAccount}`,
    });
    expect(platform.federatedCredentials()).toEqual([
      // The Key Vault store's identity (the example sets secretStoreIdentity; external-secrets' own service account).
      {
        ...credential('3c8d1e5f-6a2b-4c7d-8e9f-1a2b3c4d5e6f', 'external-secrets', 'the external-secrets ClusterSecretStores read Azure Key Vault'),
        namespace: 'external-secrets',
        subject: 'system:serviceaccount:external-secrets:external-secrets',
        name: 'aks-platform-external-secrets-external-secrets',
      },
      credential('5b9e2d7c-3f1a-4c8e-9d2b-6a7f8e9c0d1e', 'argocd-image-updater', 'the ServiceAccount argocd-image-updater in argocd'),
      credential('7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d', 'argocd-backup', 'the ServiceAccount argocd-backup in argocd'),
      credential('7d3e5f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60', 'argocd-application-controller', 'the application controller deploys to aks-prod'),
      credential('7d3e5f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60', 'argocd-server', 'the API server reads live state and logs of aks-prod'),
    ]);
  });

  test('a chart component whose service account names a client ID; a registered app registration wins over the scan', () => {
    const values = { server: { serviceAccount: { annotations: { 'azure.workload.identity/client-id': '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d' } } } };
    expect(federatedCredentialsOf({ registered: [], objects: [], chartValues: values, argoCdNamespace: 'gitops', homeCluster: { name: 'the cluster Argo CD runs on', declared: false } })).toEqual([{
      clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
      kind: FederatedIdentityKind.MANAGED_IDENTITY,
      namespace: 'gitops',
      serviceAccount: 'argocd-server',
      purpose: 'the API server',
      subject: 'system:serviceaccount:gitops:argocd-server',
      audience: 'api://AzureADTokenExchange',
      cluster: 'the cluster Argo CD runs on',
      name: 'gitops-argocd-server',
    }]);
    const sso = { clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', kind: FederatedIdentityKind.APP_REGISTRATION, namespace: 'gitops', serviceAccount: 'argocd-server', purpose: 'SSO' };
    expect(federatedCredentialsOf({ registered: [sso], objects: [], chartValues: values, argoCdNamespace: 'gitops', homeCluster: HOME })).toEqual([{
      ...sso, subject: 'system:serviceaccount:gitops:argocd-server', audience: 'api://AzureADTokenExchange', cluster: 'aks-platform', name: 'aks-platform-gitops-argocd-server',
    }]);
  });
});
