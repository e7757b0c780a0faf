import { Testing } from 'cdk8s';
import { AccessAuditReport, ArgoPlatform, PlatformApp, TeamProject } from '../../src';

function platform() {
  const app = new PlatformApp({ outdir: Testing.app().outdir });
  const argo = new ArgoPlatform(app, 'argocd', { url: 'https://argocd.example.internal', environments: [{ name: 'dev' }] });
  return { app, argo };
}

describe('AccessAuditReport', () => {
  test('writes <platform>.access.md from the rendered argocd-rbac-cm', () => {
    const { app, argo } = platform();
    argo.rbac.bind('6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11', 'role:admin', { displayName: 'Platform team' });
    argo.rbac.addRole('readers', [{ resource: 'applications', action: 'get', object: '*/*' }]);
    argo.rbac.bind('1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01', 'readers', { displayName: 'Readers' });
    new AccessAuditReport(argo);
    const files = app.render();
    expect(files['argocd.access.md']).toContain('- Platform team (`6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11`)');
  });

  test('fails the synth for a role bound without grants', () => {
    const { app, argo } = platform();
    argo.rbac.bind('1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01', 'ghost');
    new AccessAuditReport(argo);
    expect(() => app.render()).toThrow(/Validation failed with the following errors:[\s\S]*role role:ghost is bound/);
  });

  test('opens with who can change production, reading production from the destinations of the platform\'s production projects', () => {
    const app = new PlatformApp({ outdir: Testing.app().outdir });
    const argo = new ArgoPlatform(app, 'argocd', {
      url: 'https://argocd.example.internal',
      environments: [{ name: 'dev' }, { name: 'live', production: true }],
    });
    new TeamProject(argo, 'Shop', { team: 'shop', sourceRepos: ['git@github.com:civica/shop.git'] });
    argo.rbac.addRole('deployers', [{ resource: 'applications', action: 'sync', object: 'shop-prod/*' }]);
    argo.rbac.bind('1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01', 'deployers', { displayName: 'Deployers' });
    new AccessAuditReport(argo);
    const md = app.render()['argocd.access.md'];
    expect(md.startsWith('# Argo CD access audit\n\n## Who can change production\n')).toBe(true);
    expect(md).toContain('| shop-prod | `shop-live on in-cluster` |');
    expect(md).toContain('| Deployers (`1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01`) | shop-prod | sync | `argocd-rbac-cm: g, "1b6f0e2a-7c3d-4e59-8a21-5f4c3b2a1d01", role:deployers`<br>`argocd-rbac-cm: p, role:deployers, applications, sync, shop-prod/*, allow` |');
  });
});
