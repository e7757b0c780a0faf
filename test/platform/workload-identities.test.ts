import { ApiObject, Chart } from 'cdk8s';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { PlatformApp } from '../../src';
import { workloadIdentitySubjects } from '../../src/platform/workload-identities';

describe('workloadIdentitySubjects', () => {
  test('the example: backup, Image Updater, and the controller and API server for the workload-identity cluster aks-prod', () => {
    const app = new PlatformApp({ outdir: '.tmp/workload-identities' });
    const platform = buildExamplePlatform(app);
    const objects = app.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === platform);
    expect(workloadIdentitySubjects(objects, platform.chartValues.render(), platform.argoCdNamespace)).toEqual([
      { clientId: '5b9e2d7c-3f1a-4c8e-9d2b-6a7f8e9c0d1e', namespace: 'argocd', serviceAccount: 'argocd-image-updater', purpose: 'ServiceAccount argocd-image-updater' },
      { clientId: '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d', namespace: 'argocd', serviceAccount: 'argocd-backup', purpose: 'ServiceAccount argocd-backup' },
      { clientId: '7d3e5f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60', namespace: 'argocd', serviceAccount: 'argocd-application-controller', purpose: 'cluster aks-prod' },
      { clientId: '7d3e5f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60', namespace: 'argocd', serviceAccount: 'argocd-server', purpose: 'cluster aks-prod' },
    ]);
  });

  test('a chart component whose service account names a client ID (SSO with workload identity on argocd-server)', () => {
    const values = { server: { serviceAccount: { annotations: { 'azure.workload.identity/client-id': '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d' } } } };
    expect(workloadIdentitySubjects([], values, 'gitops')).toEqual([
      { clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', namespace: 'gitops', serviceAccount: 'argocd-server', purpose: 'the chart\'s server' },
    ]);
  });
});
