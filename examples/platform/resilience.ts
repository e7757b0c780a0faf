import { Cron, Duration } from 'cdk8s';
import { ArgoBackup, ArgoPlatform, ArgoScaleProfile, FleetSize, ResourceExclusion, RestoreRunbook } from '../../src';

/**
 * The CISO's third question, "what happens if Argo CD goes down?", as code: a nightly export to a
 * private Azure Blob container with workload identity (no storage key anywhere), kept 30 days; the
 * restore runbook dist/argocd.restore.md generated from this platform; and a production HA profile
 * (Redis HA, two API servers and repo-servers, PodDisruptionBudgets) sized for the seed's fleet.
 * AKS Backup runs Velero, whose operation objects churn: the controller does not watch them.
 */
export function addResilience(platform: ArgoPlatform): void {
  new ArgoBackup(platform, 'Backup', {
    storage: {
      storageAccount: 'civicaargocdbackup',
      resourceGroup: 'rg-platform-backup',
      container: 'argocd-backup',
      clientId: '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d',
      retention: Duration.days(30),
    },
    schedule: Cron.schedule({ minute: '30', hour: '1' }),
    timeZone: 'Europe/London',
    // payments-apps holds Applications (apps in any namespace): export lists them cluster-wide.
    listApplicationsInAllNamespaces: true,
  });

  new RestoreRunbook(platform, 'RestoreRunbook');

  new ArgoScaleProfile(platform, 'HighAvailability', {
    fleetSize: FleetSize.SMALL,
    resourceExclusions: [ResourceExclusion.VELERO_OPERATIONS],
  });
}
