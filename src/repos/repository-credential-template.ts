import { Construct } from 'constructs';
import { RepositoryAccess, RepositoryAccessProps, RepositorySecretType } from './repository-access';

/** Props for a RepositoryCredentialTemplate. */
export interface RepositoryCredentialTemplateProps extends RepositoryAccessProps {}

/**
 * Credentials for every repository whose URL starts with a prefix (e.g. `git@github.com:civica`),
 * declared as a Secret labelled `argocd.argoproj.io/secret-type: repo-creds`. The longest matching
 * prefix wins, and a repository Secret with credentials of its own overrides it. End the prefix
 * with `/` to keep `civica-other` from matching `civica`. Create it inside the ArgoPlatform; an SSH
 * prefix's host must be in the platform's known hosts (see SshKnownHosts).
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#repository-credentials
 *
 * @example
 * import { ArgoPlatform, RepositoryCredentialTemplate, SecretSource } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * // One deploy key for every repository under git@github.com:example.
 * new RepositoryCredentialTemplate(platform, 'GitHub', {
 *   url: 'git@github.com:example',
 *   sshPrivateKey: SecretSource.fromAzureKeyVault({ secretName: 'argocd-github-ssh-key' }),
 * });
 */
export class RepositoryCredentialTemplate extends RepositoryAccess {
  constructor(scope: Construct, id: string, props: RepositoryCredentialTemplateProps) {
    super(scope, id, RepositorySecretType.CREDENTIAL_TEMPLATE, props);
  }
}
