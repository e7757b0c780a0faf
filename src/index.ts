// Platform core: one ArgoPlatform per Argo CD instance, one ArgoEnvironment chart per environment.
export * from './platform/argo-cd-version';
export * from './platform/argo-settings';
export * from './platform/argo-environment';
export * from './platform/argo-platform';
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

// Teams.
export * from './projects/team-project';
