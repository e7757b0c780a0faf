import { ArgoCluster, ArgoPlatform, ClusterAuth } from '../../src';
import { productionNameWord } from '../../src/platform/environment-checks';
import { TEST_CA_DATA } from '../helpers/cluster-ca';
import { testApp } from '../helpers/synth';

/**
 * Which environments are production is one platform fact, and a cluster named by an environment
 * must exist: both are refused at the construct the user declared (the platform's `environments[i]`).
 */

const URL = 'https://argocd.example.com';
const AUTH = ClusterAuth.azureWorkloadIdentity({ clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', tenantId: '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f' });

describe('environment production', () => {
  test.each(['prod', 'production', 'prd', 'live', 'prod-eu', 'eu_live', 'PROD'.toLowerCase()])('%s names production', name => {
    expect(productionNameWord(name)).toBeDefined();
  });
  test.each(['dev', 'staging', 'qa', 'product', 'preprod', 'delivery'])('%s does not', name => {
    expect(productionNameWord(name)).toBeUndefined();
  });

  test('GIVEN an environment named prod without production WHEN declared THEN refused with the fix', () => {
    expect(() => new ArgoPlatform(testApp(), 'argocd', { url: URL, environments: [{ name: 'dev' }, { name: 'prod' }] }))
      .toThrow('[argocd] environments[1].production: environment "prod" is named like a production environment ("prod") but does not say whether it is one (got undefined); set production: true (manual sync, production guardrails), or production: false to declare it non-production');
  });

  test('production: true or an explicit production: false is accepted', () => {
    const platform = new ArgoPlatform(testApp(), 'argocd', { url: URL, environments: [{ name: 'live', production: false }, { name: 'prod', production: true }] });
    expect(platform.environments.map(e => [e.environmentName, e.production])).toEqual([['live', false], ['prod', true]]);
  });

  test('production must be a boolean', () => {
    expect(() => new ArgoPlatform(testApp(), 'argocd', { url: URL, environments: [{ name: 'dev', production: 'yes' as unknown as boolean }] }))
      .toThrow('[argocd] environments[0].production: must be true or false (got "yes")');
  });
});

describe('environment cluster references', () => {
  test('GIVEN a cluster name no ArgoCluster declares WHEN synthesized THEN one line at the environment, with did you mean', () => {
    const app = testApp();
    const platform = new ArgoPlatform(app, 'argocd', {
      url: URL,
      environments: [{ name: 'dev' }, { name: 'prod', production: true, cluster: { name: 'aks-prd' } }],
    });
    new ArgoCluster(platform, 'AksProd', { name: 'aks-prod', server: 'https://aks-prod.example.org', caData: TEST_CA_DATA, auth: AUTH });
    expect(() => app.render()).toThrow('Validation failed with the following errors:\n  [argocd] environments[1].cluster.name: no cluster of this platform is named so (it has in-cluster, aks-prod) (got "aks-prd"); did you mean "aks-prod"? declare it with ArgoCluster (or the platform\'s clusters prop), or give the cluster\'s server URL');
  });

  test('a cluster declared after the platform satisfies the reference (order does not matter)', () => {
    const app = testApp();
    const platform = new ArgoPlatform(app, 'argocd', { url: URL, environments: [{ name: 'prod', production: true, cluster: { name: 'aks-prod' } }] });
    new ArgoCluster(platform, 'AksProd', { name: 'aks-prod', server: 'https://aks-prod.example.org', caData: TEST_CA_DATA, auth: AUTH });
    expect(() => app.render()).not.toThrow();
  });

  test('in-cluster needs no declaration', () => {
    const app = testApp();
    new ArgoPlatform(app, 'argocd', { url: URL, environments: [{ name: 'dev', cluster: { name: 'in-cluster' } }] });
    expect(() => app.render()).not.toThrow();
  });
});
