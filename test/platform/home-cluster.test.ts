import { newPlatform } from '../helpers/platform-fixture';

describe('ArgoPlatform homeCluster', () => {
  test('defaults: unnamed, no context; declared: the kube context defaults to the AKS name', () => {
    expect(newPlatform().platform.homeCluster).toEqual({ name: 'the cluster Argo CD runs on', declared: false });
    expect(newPlatform({ homeCluster: { name: 'aks-platform', resourceGroup: 'rg-aks-platform', server: 'https://aks-platform.hcp.uksouth.azmk8s.io:443/' } }).platform.homeCluster).toEqual({
      name: 'aks-platform', kubeContext: 'aks-platform', resourceGroup: 'rg-aks-platform', server: 'https://aks-platform.hcp.uksouth.azmk8s.io:443', oidcIssuerUrl: undefined, declared: true,
    });
  });

  test('bad values fail naming the field', () => {
    expect(() => newPlatform({ homeCluster: { name: 'aks platform' } }))
      .toThrow('[argocd] homeCluster.name: must be an AKS cluster name (letters, digits, "-" and "_", at most 63 characters) (got "aks platform")');
    expect(() => newPlatform({ homeCluster: { name: 'aks', resourceGroup: 'rg.' } }))
      .toThrow('[argocd] homeCluster.resourceGroup: must be an Azure resource group name (letters, digits, "-", "_", ".", "(" and ")", at most 90 characters, not ending with ".") (got "rg.")');
    expect(() => newPlatform({ homeCluster: { name: 'aks', kubeContext: 'ctx; rm -rf /' } }))
      .toThrow('[argocd] homeCluster.kubeContext: must be a kube context name (letters, digits, "-", "_", ".", "@", ":" and "/") (got "ctx; rm -rf /")');
    expect(() => newPlatform({ homeCluster: { name: 'aks', oidcIssuerUrl: 'http://issuer.example' } })).toThrow(/^\[argocd\] homeCluster\.oidcIssuerUrl: /);
  });
});
