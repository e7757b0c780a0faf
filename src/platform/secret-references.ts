import { Construct, IConstruct } from 'constructs';
import { ArgoSecret } from '../secrets/argo-secret';
import { SecretBackend, SecretSource } from '../secrets/secret-source';
import { fail } from '../util/validation';

/** Options for a secret reference. */
export interface SecretReferenceOptions {
  /**
   * The Secret that holds the value. Argo CD config then refers to it as `$<secretName>:<key>`,
   * and the Secret carries `app.kubernetes.io/part-of: argocd`.
   * @default - `argocd-secret` (merged, referenced as `$<key>`) for external-secrets; a Secret named
   * after the key for a SealedSecret, since sealed-secrets cannot merge into argocd-secret
   */
  readonly secretName?: string;
}

/**
 * The Secrets that hold the values Argo CD config refers to (`$key`, `$<secret>:<key>`): one
 * `ArgoSecret` per Secret name, created on first use in the platform chart.
 */
export class SecretReferences {
  private readonly secrets = new Map<string, ArgoSecret>();

  /**
   * @param scope where the Secrets are created (the platform chart)
   * @param namespace Argo CD's namespace
   */
  constructor(private readonly scope: Construct, private readonly namespace: string) {}

  /**
   * Delivers a secret value and returns the reference to put in the config.
   * @param contributor the construct that needs the secret (named in errors)
   * @param key the Secret data key, e.g. `oidc.azure.clientSecret`
   * @param source where the value comes from; never a literal
   */
  public reference(contributor: IConstruct, key: string, source: SecretSource, options: SecretReferenceOptions = {}): string {
    if (!SecretSource.isSecretSource(source)) {
      fail(contributor, key, '<literal value>', 'must be a SecretSource (SecretSource.fromAzureKeyVault, fromExternalStore or fromSealedSecret); a literal secret would end up in Git');
    }
    const sealed = source.backend === SecretBackend.SEALED_SECRET;
    const secretName = options.secretName
      ?? (sealed ? `argocd-${key.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}` : 'argocd-secret');
    let secret = this.secrets.get(secretName);
    if (!secret) {
      secret = new ArgoSecret(this.scope, `Secret-${secretName}`, {
        secretName,
        namespace: this.namespace,
        backend: source.backend,
        mergeIntoExisting: secretName === 'argocd-secret',
      });
      this.secrets.set(secretName, secret);
    }
    return secret.addKey(key, source);
  }
}
