import { IConstruct } from 'constructs';
import type { ArgoPlatform } from './argo-platform';
import { ownedSettingsObject, SecretReferenceForm, SettingsObjectKind } from './owned-settings';
import { ArgoSecret } from '../secrets/argo-secret';
import { assertSecretSource, SecretBackend, SecretSource } from '../secrets/secret-source';
import { failSecret } from '../util/redaction';
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
   * @param platform the platform (its chart holds the Secrets, in Argo CD's namespace)
   */
  constructor(private readonly platform: ArgoPlatform) {}

  /**
   * Delivers a secret value and returns the reference to put in the config.
   * @param contributor the construct that needs the secret (named in errors)
   * @param key the Secret data key, e.g. `oidc.azure.clientSecret`
   * @param source where the value comes from; never a literal
   */
  public reference(contributor: IConstruct, key: string, source: SecretSource, options: SecretReferenceOptions = {}): string {
    if (!SecretSource.isSecretSource(source)) {
      failSecret(contributor, key, source, 'must be a SecretSource (SecretSource.fromAzureKeyVault, fromExternalStore or fromSealedSecret); a literal secret would end up in Git');
    }
    assertSecretSource(contributor, key, source);
    const sealed = source.backend === SecretBackend.SEALED_SECRET;
    const secretName = options.secretName
      ?? (sealed ? `argocd-${key.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}` : 'argocd-secret');
    // An owned settings Secret follows the table: the chart creates argocd-secret (merge into it); the
    // platform owns argocd-notifications-secret (once enabled), which notifications reads as `$key` only.
    const owned = ownedSettingsObject(secretName);
    if (owned && owned.kind === SettingsObjectKind.SECRET && !owned.alwaysRendered && !this.platform.rendersSettingsObject(secretName)) {
      fail(contributor, key, secretName, `the platform does not render ${secretName}; the capability that owns it enables it first with platform.enableSettingsObject`);
    }
    if (owned?.secretReferences === SecretReferenceForm.NOTIFICATIONS && !/^[A-Za-z0-9_-]+$/.test(key)) {
      fail(contributor, 'key', key, `${secretName} keys are referenced as $<key>, which notifications reads up to the first character outside letters, digits, "_" and "-"`);
    }
    let secret = this.secrets.get(secretName);
    if (!secret) {
      secret = new ArgoSecret(this.platform, `Secret-${secretName}`, {
        secretName,
        namespace: this.platform.argoCdNamespace,
        backend: source.backend,
        mergeIntoExisting: owned?.kind === SettingsObjectKind.SECRET && owned.chartSwitchValue,
      });
      this.secrets.set(secretName, secret);
    }
    return secret.addKey(key, source);
  }
}
