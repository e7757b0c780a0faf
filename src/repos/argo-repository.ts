import { Construct } from 'constructs';
import { RepositoryAccess, RepositoryAccessProps, RepositorySecretType } from './repository-access';

/** Props for an ArgoRepository. */
export interface ArgoRepositoryProps extends RepositoryAccessProps {}

/**
 * One repository Argo CD connects to, declared as a Secret labelled
 * `argocd.argoproj.io/secret-type: repository` with `url`, `type`, optional `project`, and
 * `sshPrivateKey` or `username`/`password` delivered from a SecretSource (never inline).
 * Replaces `argocd repo add`. Create it inside the ArgoPlatform; an SSH URL's host must be in
 * the platform's known hosts (see SshKnownHosts).
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#repositories
 *
 * @example
 * import { ArgoPlatform, ArgoRepository, RepositoryType, SecretSource } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * // Helm charts in ACR (Argo CD's Helm-OCI form: no oci:// scheme), with a pull-only token from Key Vault.
 * new ArgoRepository(platform, 'AcrCharts', {
 *   url: 'example.azurecr.io/helm',
 *   type: RepositoryType.HELM,
 *   username: 'argocd-charts-pull',
 *   password: SecretSource.fromAzureKeyVault({ secretName: 'acr-argocd-charts-pull-token' }),
 * });
 */
export class ArgoRepository extends RepositoryAccess {
  constructor(scope: Construct, id: string, props: ArgoRepositoryProps) {
    super(scope, id, RepositorySecretType.REPOSITORY, props);
  }
}
