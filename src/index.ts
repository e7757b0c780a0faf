// Platform core: one ArgoPlatform per Argo CD instance, one ArgoEnvironment chart per environment.
export * from './platform/argo-cd-version';
export * from './platform/argo-settings';
export * from './platform/alert-rules';
export * from './platform/chart-values';
export * from './platform/registries';
export * from './platform/argo-environment';
export * from './platform/argo-platform';
export * from './platform/team-contract';
export * from './projects/team-contract';
export * from './platform/home-cluster';
export * from './platform/federated-identities';
export * from './platform/platform-facts';
export type { IPlatformCluster } from './platform/platform-cluster';
export type { INotificationsProvider } from './platform/notifications-provider';
export type { PlatformRbacOptions } from './platform/platform-rbac-settings';
export type { SecretReferenceOptions } from './platform/secret-references';
export * from './platform/labels';
export * from './platform/cluster-auth';
export * from './platform/cluster-options';
export * from './clusters/argo-cluster';
export * from './platform/platform-project';
export * from './platform/platform-app';

// Secrets: never a literal value; ExternalSecret (Azure Key Vault by default) or SealedSecret.
export { SecretSource, SecretBackend, SecretStoreKind } from './secrets/secret-source';
export type { AzureKeyVaultSecretProps, ExternalStoreSecretProps, SealedSecretValueProps } from './secrets/secret-source';
export { ArgoSecret } from './secrets/argo-secret';
export type { ArgoSecretProps } from './secrets/argo-secret';

// Capabilities.
export * from './sso/azure-ad-sso';

// Ground: RBAC policy model.
export * from './rbac/rbac-policy';
export { RbacSubject, RbacSubjectKind, RbacSubjectRules } from './rbac/rbac-subject';

// Teams.
export * from './projects/team-project';
export * from './projects/team-access';
export * from './projects/team-repository-apps';
export * from './projects/sync-window';

// Repository access and self-management: repository Secrets, SSH known hosts, Argo CD managing itself.
export * from './platform/ssh-known-hosts-registry';
export { RepositoryType, RepositorySecretType, RepositoryAccess } from './repos/repository-access';
export type { RepositoryAccessProps } from './repos/repository-access';
export * from './repos/argo-repository';
export * from './repos/repository-credential-template';
export * from './repos/ssh-known-hosts';
export * from './selfmanaged/self-managed-argo';

// Ground: the RBAC vocabulary a user passes. The engines (policy text, lint, evaluation, the access
// audit) are internal: the `argocd-platform` CLI and AccessAuditReport are their public faces.
export { RbacResource, RbacAction, RbacActions } from './rbac/rbac-vocabulary';
export { AuditFormat } from './rbac/access-audit';

// Capabilities: the access audit written at synth.
export { AccessAuditReport } from './audit/access-audit-report';
export type { AccessAuditReportProps } from './audit/access-audit-report';

// Applications: App of Apps per environment, team applications, Image Updater; team-repo projects.
export type { ITeamProject, TeamDeploymentTarget } from './platform/team-project-ref';
export type { ITeamApplication } from './platform/team-application-ref';
export { ExternalTeamProject } from './projects/external-team-project';
export type { ExternalTeamProjectProps } from './projects/external-team-project';
export { PrunePropagationPolicy } from './platform/sync-options';
export type { ApplicationSyncOptions, SyncRetryOptions } from './platform/sync-options';
export { IgnoreDifferences } from './apps/ignore-differences';
export type { IgnoreDifferenceOptions, IgnoreDifferenceEntry } from './apps/ignore-differences';
export { ApplicationSource, ApplicationSourceKind } from './platform/application-source';
export type { DirectorySourceProps, HelmChartSourceProps } from './platform/application-source';
export { TeamApplication } from './apps/team-application';
export type { TeamApplicationProps, ProductionAutoSyncOptions } from './apps/team-application';
export { EnvironmentRootApps } from './apps/environment-root-apps';
export type { EnvironmentRootAppsProps } from './apps/environment-root-apps';
export { ImageUpdateStrategy, ImageUpdaterMode, ImageWriteBackTarget } from './image-updater/image-updater-options';
export type { ImageUpdaterImageOptions, ImageGitWriteBackOptions } from './image-updater/image-updater-options';
export { AppImageUpdater } from './image-updater/app-image-updater';
export type { AppImageUpdaterProps } from './image-updater/app-image-updater';

// Scale and high availability: presets sized by fleet, through settings and chart values.
export * from './scale/scale-options';
export * from './scale/resource-exclusion';
export * from './scale/argo-scale-profile';

// Disaster recovery: scheduled exports to Azure Blob with workload identity, the Sealed Secrets key, the restore runbook.
export type { AzureBlobBackupStorage } from './dr/backup-storage';
export type { BackupScheduleOptions } from './dr/backup-job';
export { ArgoBackup } from './dr/argo-backup';
export type { ArgoBackupProps } from './dr/argo-backup';
export { SealedSecretsKeyBackup } from './dr/sealed-secrets-key-backup';
export type { SealedSecretsKeyBackupProps, SealedSecretsKeyOptions } from './dr/sealed-secrets-key-backup';
export { RestoreRunbook } from './dr/restore-runbook';
export type { RestoreRunbookProps } from './dr/restore-runbook';
// Monitoring: scraping, alerts (with the generated runbook) and dashboards.
export * from './monitoring/argo-metrics-selector';
export * from './monitoring/argo-scraping';
export * from './monitoring/argo-alerts';
export * from './monitoring/argo-dashboards';
// Notifications: services, triggers, templates and subscriptions as code; team channels; alerts to the same channels.
export * from './platform/team-channel';
export { NotificationServiceType } from './notifications/notification-names';
export * from './notifications/argo-notifications';
export * from './notifications/notification-service';
export * from './notifications/slack-notifier';
export * from './notifications/teams-workflows-notifier';
export * from './notifications/teams-connector-notifier';
export * from './notifications/email-notifier';
export * from './notifications/webhook-notifier';
export * from './notifications/notification-trigger';
export * from './notifications/notification-template';
export { NOTIFICATION_COLOURS } from './notifications/default-notifications';
export type { NotificationRecipient } from './notifications/notification-recipient';
export * from './notifications/notification-subscription';
export * from './notifications/application-subscription';

// Guardrails: the seed's anti-patterns as a rule pack run at synth and by `argocd-platform lint`; the
// rule engine is internal.
export { GuardrailLevel } from './guardrails/guardrail-rule';
export type { GuardrailOptions } from './guardrails/guardrail-rule';
export type { GuardrailFinding } from './guardrails/guardrail-pack';
export { Acknowledgements } from './platform/acknowledgements';
export type { Acknowledgement, AttachedAcknowledgement } from './platform/acknowledgements';
export { Guardrails } from './guardrails/guardrails';

// Bringing it up on AKS: the URL through the chart (Gateway API routes or an Ingress), Image Updater
// installed by Argo CD with ACR through workload identity, and the generated bootstrap document.
export { ArgoExposure, AKS_APP_ROUTING_INGRESS_CLASS, CertManagerIssuerKind, ExposureCertificate, ExposureCertificateSource, ExposureKind } from './exposure/argo-exposure';
export type { ArgoExposureProps, ArgoGatewayExposureOptions, ArgoIngressExposureOptions, GatewayParentReference } from './exposure/argo-exposure';
export { ArgoImageUpdater, ImageUpdaterCrds } from './image-updater/argo-image-updater';
export type { ArgoImageUpdaterProps, ImageUpdaterAzureIdentityOptions } from './image-updater/argo-image-updater';
export { BootstrapDocument } from './bootstrap/bootstrap-document';
export type { BootstrapDocumentProps } from './bootstrap/bootstrap-document';
