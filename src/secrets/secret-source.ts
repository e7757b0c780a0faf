import { IConstruct } from 'constructs';
import { credentialShapeReason, ProblemDetails, raise } from '../util/errors';
import { dnsSubdomainReason } from '../util/kube-names';

/** Where a secret store is defined. */
export enum SecretStoreKind {
  /** A cluster-wide `ClusterSecretStore` (the default: one Azure Key Vault store for the cluster). */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
  /** A namespaced `SecretStore` in the Secret's namespace. */
  SECRET_STORE = 'SecretStore',
}

/** How a secret value reaches the cluster. */
export enum SecretBackend {
  /** external-secrets: an `ExternalSecret` pulls the value from a store. */
  EXTERNAL_SECRET = 'ExternalSecret',
  /** sealed-secrets: a `SealedSecret` holds the value encrypted for the cluster's controller. */
  SEALED_SECRET = 'SealedSecret',
}

/** A secret in Azure Key Vault, read through external-secrets. */
export interface AzureKeyVaultSecretProps {
  /** The Key Vault secret name (the `remoteRef.key`). */
  readonly secretName: string;
  /**
   * A Key Vault secret version.
   * @default - the current version
   */
  readonly version?: string;
  /**
   * A property of a JSON-valued secret.
   * @default - the whole value
   */
  readonly property?: string;
  /**
   * The external-secrets store that talks to the Key Vault.
   * @default 'azure-key-vault'
   */
  readonly storeName?: string;
  /**
   * The kind of that store.
   * @default SecretStoreKind.CLUSTER_SECRET_STORE
   */
  readonly storeKind?: SecretStoreKind;
}

/** A value from any external-secrets store (Vault, AWS, GCP, ...). */
export interface ExternalStoreSecretProps {
  /** The store's name. */
  readonly storeName: string;
  /**
   * The store's kind.
   * @default SecretStoreKind.CLUSTER_SECRET_STORE
   */
  readonly storeKind?: SecretStoreKind;
  /** The key in the store. */
  readonly remoteKey: string;
  /**
   * A property of a structured value.
   * @default - the whole value
   */
  readonly property?: string;
  /**
   * A version of the value.
   * @default - the current version
   */
  readonly version?: string;
}

/** A value sealed with `kubeseal` for the target cluster. */
export interface SealedSecretValueProps {
  /**
   * The value as printed by `kubeseal --raw` (base64 ciphertext, starting with `Ag`). Seal it for
   * the Secret's final name and namespace (strict scope) unless you seal it namespace- or cluster-wide.
   */
  readonly encryptedValue: string;
}

const SECRET_SOURCE_SYMBOL = Symbol.for('cdk8s-argocd-platform.SecretSource');

/**
 * Where a secret value comes from. Never a literal: the value itself stays out of Git and out of
 * the synthesized YAML. Azure Key Vault through external-secrets is the default path; a
 * SealedSecret is the alternative for clusters without a store.
 */
export abstract class SecretSource {
  /** A secret in Azure Key Vault, through an external-secrets store (`azure-key-vault` by default). */
  public static fromAzureKeyVault(props: AzureKeyVaultSecretProps): SecretSource {
    return new ExternalSecretSource({
      storeName: props.storeName ?? 'azure-key-vault',
      storeKind: props.storeKind ?? SecretStoreKind.CLUSTER_SECRET_STORE,
      remoteKey: props.secretName,
      property: props.property,
      version: props.version,
    }, 'secretName');
  }

  /** A value from any external-secrets store. */
  public static fromExternalStore(props: ExternalStoreSecretProps): SecretSource {
    return new ExternalSecretSource(props, 'remoteKey');
  }

  /** A value encrypted with `kubeseal`. */
  public static fromSealedSecret(props: SealedSecretValueProps): SecretSource {
    return new SealedSecretSource(props);
  }

  /**
   * Whether a value (from JavaScript or an `any`) is a SecretSource rather than a literal, also one
   * created by another copy of this library (a team repository may load its own copy), where
   * `instanceof` would be false.
   */
  public static isSecretSource(value: any): boolean {
    return value !== null && typeof value === 'object' && SECRET_SOURCE_SYMBOL in value;
  }

  /** The backend that delivers this value. */
  public abstract readonly backend: SecretBackend;

  protected constructor() {
    Object.defineProperty(this, SECRET_SOURCE_SYMBOL, { value: true });
  }

  /** A short description for errors and docs; never contains the value. */
  public abstract describe(): string;
}

/** A problem of a SecretSource's own props, reported at the construct that receives it (see `assertSecretSource`). */
export type SecretSourceProblem = Omit<ProblemDetails, 'scope'>;

const PROBLEMS_SYMBOL = Symbol.for('cdk8s-argocd-platform.SecretSourceProblems');

/** The problems recorded on a source at its creation (none for a valid source). */
function problemsOf(source: unknown): SecretSourceProblem[] {
  return (source !== null && typeof source === 'object' ? (source as any)[PROBLEMS_SYMBOL] : undefined) ?? [];
}

/**
 * Refuses a SecretSource whose own props are wrong, at the construct and prop that receive it: a
 * SecretSource is created before that construct (`token: SecretSource.fromAzureKeyVault({ ... })`), so
 * its factory records what is wrong and every consumer reports it as
 * `[<consumer path>] <field>.<source prop>: <reason> (got <value, redacted when secret-like>); <fix>`.
 */
export function assertSecretSource(scope: IConstruct | string, field: string, source: SecretSource): void {
  const problem = problemsOf(source)[0];
  if (problem) raise({ ...problem, scope, field: `${field}.${problem.field}` });
}

/** What is wrong with an external-secrets source's props, in the order a user reads them. */
function externalSourceProblems(props: ExternalStoreSecretProps, keyField: string): SecretSourceProblem[] {
  const out: SecretSourceProblem[] = [];
  // A store is a Kubernetes object: its name is a DNS-1123 subdomain (no "/", no upper case).
  const storeReason = dnsSubdomainReason(props.storeName);
  if (storeReason) out.push({ field: 'storeName', value: props.storeName, reason: storeReason });
  const key = props.remoteKey;
  // Names and keys are checked like values: a token pasted here would be committed to Git.
  for (const [field, value] of [[keyField, key], ['property', props.property], ['version', props.version]] as const) {
    const credential = typeof value === 'string' ? credentialShapeReason(value) : undefined;
    if (credential) {
      out.push({
        field,
        value,
        secret: true,
        reason: `${credential}; this is the name of the secret in the store, which is committed to Git`,
        fix: 'rotate the credential (it has been pasted in code), put the new value in the store and give its name here',
      });
    }
  }
  if (out.some(p => p.secret)) return out.filter(p => p.secret);
  if (typeof key !== 'string' || key.length > 253 || !/^[A-Za-z0-9][-A-Za-z0-9_./]*$/.test(key)) {
    out.push({ field: keyField, value: key, reason: 'must be a secret name of letters, digits, "-", "_", "." and "/" (at most 253)' });
  } else if (keyField === 'secretName' && (key.length > 127 || !/^[A-Za-z0-9-]+$/.test(key))) {
    out.push({ field: keyField, value: key, reason: 'must be an Azure Key Vault secret name: 1 to 127 letters, digits and "-"' });
  }
  for (const [field, value] of [['property', props.property], ['version', props.version]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.length > 253 || !/^[A-Za-z0-9][-A-Za-z0-9_./]*$/.test(value))) {
      out.push({ field, value, reason: 'must be letters, digits, "-", "_", "." and "/" (at most 253)' });
    }
  }
  return out;
}

// Not exported from the package: users hold these only as SecretSource.
export class ExternalSecretSource extends SecretSource {
  public readonly backend = SecretBackend.EXTERNAL_SECRET;
  public readonly storeName: string;
  public readonly storeKind: SecretStoreKind;
  public readonly remoteKey: string;
  public readonly property?: string;
  public readonly version?: string;

  constructor(props: ExternalStoreSecretProps, keyField: string) {
    super();
    Object.defineProperty(this, PROBLEMS_SYMBOL, { value: externalSourceProblems(props, keyField) });
    this.storeName = props.storeName;
    this.storeKind = props.storeKind ?? SecretStoreKind.CLUSTER_SECRET_STORE;
    this.remoteKey = props.remoteKey;
    this.property = props.property;
    this.version = props.version;
  }

  public describe(): string {
    return `${this.storeKind}/${this.storeName} key ${this.remoteKey}${this.property ? `#${this.property}` : ''}`;
  }
}

// Not exported from the package: users hold these only as SecretSource.
export class SealedSecretSource extends SecretSource {
  public readonly backend = SecretBackend.SEALED_SECRET;
  public readonly encryptedValue: string;

  constructor(props: SealedSecretValueProps) {
    super();
    const value = props.encryptedValue;
    // kubeseal output is base64 of an RSA-OAEP-wrapped session key plus ciphertext: hundreds of characters.
    const problems: SecretSourceProblem[] = typeof value !== 'string' || value.length < 64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value) ? [{
      field: 'encryptedValue',
      value,
      secret: true,
      reason: 'must be the base64 ciphertext printed by `kubeseal --raw` (at least 64 base64 characters); a plain value must never be committed',
      fix: 'seal the value with `kubeseal --raw` for the target cluster and give its output here (rotate the value if it was a real secret)',
    }] : [];
    Object.defineProperty(this, PROBLEMS_SYMBOL, { value: problems });
    this.encryptedValue = value;
  }

  public describe(): string {
    return 'a SealedSecret value';
  }
}
