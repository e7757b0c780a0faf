import { createHash } from 'crypto';
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoPlatform, ArgoScaleProfile, FleetSize, ResourceExclusion, SelfManagedArgo, SettingsConfigMap, ShardingAlgorithm } from '../../src';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';

function rendered(build: (platform: ArgoPlatform) => void, props: Parameters<typeof newPlatform>[0] = {}) {
  const { app, platform } = newPlatform(props);
  new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
  build(platform);
  const files = renderParsed(app);
  return {
    cm: files['argocd/configmap-argocd-cm.yaml'].data,
    params: files['argocd/configmap-argocd-cmd-params-cm.yaml'].data,
    values: files['argocd.values.yaml'],
  };
}

const THREE_CLUSTERS = {
  environments: [
    { name: 'dev' },
    { name: 'staging', cluster: { server: 'https://aks-staging.westeurope.azmk8s.io:443' } },
    { name: 'prod', production: true, cluster: { server: 'https://aks-prod.westeurope.azmk8s.io:443' } },
  ],
};

describe('ArgoScaleProfile', () => {
  test('GIVEN the small preset THEN argocd-cm, argocd-cmd-params-cm and the chart values carry the HA numbers', () => {
    const { cm, params, values } = rendered(platform => new ArgoScaleProfile(platform, 'Scale'));
    expect(cm).toEqual(expect.objectContaining({
      'timeout.reconciliation': '3m',
      'timeout.reconciliation.jitter': '1m',
      'application.resourceTrackingMethod': 'annotation',
    }));
    // Only the platform's defaults (the chart's high-churn kinds): the small preset adds none.
    expect(cm['resource.exclusions']).not.toMatch(/velero|tekton/);
    expect(params).toEqual(expect.objectContaining({
      'controller.status.processors': '20',
      'controller.operation.processors': '10',
      'reposerver.parallelism.limit': '10',
    }));
    // One controller replica: no sharding key, no controller PDB (it would block drains).
    expect(params['controller.sharding.algorithm']).toBeUndefined();
    expect(params['controller.kubectl.parallelism.limit']).toBeUndefined();
    expect(values.controller.replicas).toBe(1);
    expect(values.controller.pdb).toBeUndefined();
    expect(values.repoServer).toEqual(expect.objectContaining({ replicas: 2, pdb: { enabled: true, maxUnavailable: 1 } }));
    expect(values.server).toEqual(expect.objectContaining({
      replicas: 2,
      pdb: { enabled: true, maxUnavailable: 1 },
      env: [{ name: 'ARGOCD_API_SERVER_REPLICAS', value: '2' }],
    }));
    expect(values.applicationSet).toEqual(expect.objectContaining({ replicas: 2, pdb: { enabled: true, maxUnavailable: 1 } }));
    expect(values['redis-ha']).toEqual({ enabled: true });
  });

  test('GIVEN the large preset on three clusters THEN one controller shard per cluster and the documented processors', () => {
    const { params, values, cm } = rendered(platform => new ArgoScaleProfile(platform, 'Scale', {
      fleetSize: FleetSize.LARGE,
      shardingAlgorithm: ShardingAlgorithm.CONSISTENT_HASHING,
      kubectlParallelismLimit: 40,
    }), THREE_CLUSTERS);
    expect(params).toEqual(expect.objectContaining({
      'controller.status.processors': '50',
      'controller.operation.processors': '25',
      'controller.kubectl.parallelism.limit': '40',
      'controller.sharding.algorithm': 'consistent-hashing',
    }));
    expect(values.controller).toEqual(expect.objectContaining({ replicas: 3, pdb: { enabled: true, maxUnavailable: 1 } }));
    expect(values.server.replicas).toBe(3);
    expect(values.server.env).toEqual([{ name: 'ARGOCD_API_SERVER_REPLICAS', value: '3' }]);
    expect(values.repoServer.replicas).toBe(3);
    expect(cm['timeout.reconciliation']).toBe('5m');
  });

  test('overrides win over the preset; resource exclusions are added as one list', () => {
    const { cm, values } = rendered(platform => new ArgoScaleProfile(platform, 'Scale', {
      reconciliationTimeout: Duration.minutes(10),
      reconciliationJitter: Duration.seconds(90),
      redisHa: false,
      podDisruptionBudgets: false,
      resourceExclusions: [ResourceExclusion.VELERO_OPERATIONS, ResourceExclusion.of({ apiGroups: ['example.com'], kinds: ['Churn'], clusters: ['https://aks-*'] })],
    }));
    expect(cm['timeout.reconciliation']).toBe('10m');
    expect(cm['timeout.reconciliation.jitter']).toBe('1m30s');
    expect(values['redis-ha']).toEqual({ enabled: false });
    expect(values.server.pdb).toBeUndefined();
    // One list: the platform's defaults and the profile's additions, one flow mapping per line, sorted.
    const lines = cm['resource.exclusions'].split('\n');
    expect(lines).toEqual([...lines].sort());
    expect(lines).toEqual(expect.arrayContaining([
      '- {"apiGroups":["example.com"],"kinds":["Churn"],"clusters":["https://aks-*"]}',
      '- {"apiGroups":["velero.io"],"kinds":["Backup","DataDownload","DataUpload","PodVolumeBackup","PodVolumeRestore","Restore"],"clusters":["*"]}',
      '- {"apiGroups":["coordination.k8s.io"],"kinds":["Lease"]}',
    ]));
  });

  test('the controller and repo-server pods carry a hash of the reconciliation keys, so a change rolls them', () => {
    const hashOf = (minutes: number) => {
      const { values } = rendered(platform => new ArgoScaleProfile(platform, 'Scale', { reconciliationTimeout: Duration.minutes(minutes) }));
      const key = 'argocd-platform.cdk8s.io/checksum-reconciliation';
      expect(values.repoServer.podAnnotations[key]).toBe(values.controller.podAnnotations[key]);
      expect(values.controller.podAnnotations['argocd-platform.cdk8s.io/checksum-cmd-params']).toMatch(/^[0-9a-f]{64}$/);
      return values.controller.podAnnotations[key];
    };
    const expected = createHash('sha256').update(JSON.stringify([['timeout.hard.reconciliation', null], ['timeout.reconciliation', '4m'], ['timeout.reconciliation.jitter', '1m']])).digest('hex');
    expect(hashOf(4)).toBe(expected);
    expect(hashOf(6)).not.toBe(expected);
  });

  test('a processor change changes the cmd-params hash on the controller pods', () => {
    const hash = (n: number) => rendered(platform => new ArgoScaleProfile(platform, 'Scale', { statusProcessors: n }))
      .values.controller.podAnnotations['argocd-platform.cdk8s.io/checksum-cmd-params'];
    expect(hash(30)).not.toBe(hash(31));
  });

  test('more controller replicas than clusters are refused', () => {
    const { platform } = newPlatform();
    expect(() => new ArgoScaleProfile(platform, 'Scale', { controllerReplicas: 2 })).toThrow(
      '[argocd/Scale] controllerReplicas: each controller replica reconciles whole clusters, and this platform\'s environments deploy to 1 cluster; more replicas would sit idle (got 2)');
  });

  test('bad numbers and durations are refused with the field', () => {
    const { platform } = newPlatform();
    expect(() => new ArgoScaleProfile(platform, 'A', { statusProcessors: 0 })).toThrow('[argocd/A] statusProcessors: must be a whole number from 1 to 1000 (got 0)');
    expect(() => new ArgoScaleProfile(platform, 'B', { serverReplicas: 2.5 })).toThrow('[argocd/B] serverReplicas: must be a whole number from 1 to 1000 (got 2.5)');
    expect(() => new ArgoScaleProfile(platform, 'C', { reconciliationJitter: Duration.millis(1500) })).toThrow('[argocd/C] reconciliationJitter: must be a whole number of seconds, zero or more (got "2s")');
    expect(() => ResourceExclusion.of({ apiGroups: ['x'], kinds: ['bad kind'] })).toThrow('[ResourceExclusion] kinds: must be letters, digits, ".", "-", "_" or "*" (got "bad kind")');
  });

  test('a conflicting reconciliation timeout from another construct fails naming both', () => {
    const { app, platform } = newPlatform();
    new ArgoScaleProfile(platform, 'Scale');
    const other = new Construct(platform, 'Other');
    platform.settings.set(other, SettingsConfigMap.ARGOCD_CM, 'timeout.reconciliation', '1m');
    expect(() => app.render()).toThrow('[argocd/Other] argocd-cm timeout.reconciliation: set to "1m" here and to "3m" by [argocd/Scale]; Argo CD reads one value');
  });
});
