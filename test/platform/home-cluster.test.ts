import { newPlatform } from '../helpers/platform-fixture';

describe('ArgoPlatform homeCluster', () => {
  test('defaults: unnamed, no context; declared: the kube context defaults to the AKS name', () => {
    expect(newPlatform().platform.homeCluster).toEqual({ name: 'the cluster Argo CD runs on', declared: false });
    expect(newPlatform({ homeCluster: { name: 'aks-platform', resourceGroup: 'rg-aks-platform', server: 'https://aks-platform.hcp.uksouth.azmk8s.io:443/' } }).platform.homeCluster).toEqual({
      name: 'aks-platform', kubeContext: 'aks-platform', resourceGroup: 'rg-aks-platform', server: 'https://aks-platform.hcp.uksouth.azmk8s.io:443', oidcIssuerUrl: undefined, declared: true,
    });
  });

  test('one platform fact: platform.facts.homeCluster, readable during construction without resolving the platform', () => {
    const { platform } = newPlatform({ homeCluster: { name: 'aks-platform', resourceGroup: 'rg-aks-platform', kubeContext: 'platform-admin' } });
    expect(platform.facts.homeCluster).toEqual({
      name: 'aks-platform', kubeContext: 'platform-admin', resourceGroup: 'rg-aks-platform', server: undefined, oidcIssuerUrl: undefined, declared: true,
    });
    expect(platform.homeCluster).toBe(platform.facts.homeCluster);
    // Set from the platform's own props before any capability exists: reading it decides nothing.
    expect(platform.resolved).toBe(false);
  });

  test('bad values fail naming the field', () => {
    expect(() => newPlatform({ homeCluster: { name: 'aks platform' } }))
      .toThrow('[argocd] homeCluster.name: must be an AKS cluster name (letters, digits, "-" and "_", at most 63 characters, starting and ending with a letter or digit) (got "aks platform")');
    expect(() => newPlatform({ homeCluster: { name: 'aks-' } })).toThrow(/^\[argocd\] homeCluster\.name: must be an AKS cluster name .* \(got "aks-"\)$/);
    expect(newPlatform({ homeCluster: { name: 'a' } }).platform.homeCluster.name).toBe('a');
    expect(() => newPlatform({ homeCluster: { name: 'aks', resourceGroup: 'rg.' } }))
      .toThrow('[argocd] homeCluster.resourceGroup: must be an Azure resource group name (letters, digits, "-", "_", ".", "(" and ")", at most 90 characters, not ending with ".") (got "rg.")');
    expect(() => newPlatform({ homeCluster: { name: 'aks', kubeContext: 'ctx; rm -rf /' } }))
      .toThrow('[argocd] homeCluster.kubeContext: must be a kube context name (letters, digits, "-", "_", ".", "@", ":" and "/") (got "ctx; rm -rf /")');
    expect(() => newPlatform({ homeCluster: { name: 'aks', oidcIssuerUrl: 'http://issuer.example' } })).toThrow(/^\[argocd\] homeCluster\.oidcIssuerUrl: /);
  });
});
