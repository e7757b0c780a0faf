import { Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { assertSecretSource, ExternalSecretSource, SealedSecretSource, SecretBackend, SecretSource } from './secret-source';
import {
  ExternalSecret,
  ExternalSecretSpecData,
  ExternalSecretSpecDataSourceRefStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion,
  ExternalSecretSpecTargetTemplateMergePolicy,
} from '../imports/externalsecret-external-secrets.io';
import { SealedSecret } from '../imports/sealedsecret-bitnami.com';
import { PlatformLabels } from '../platform/labels';
import { SettingsObjectKind, ownedSettingsObject } from '../platform/owned-settings';
import { assertLabelMap } from '../util/checks';
import { goDuration } from '../util/duration';
import { configMapKeyReason } from '../util/kube-names';
import { failSecret } from '../util/redaction';
import { assertDnsSubdomain, compareStrings, describeInvalid, fail, sortedRecord } from '../util/validation';

/** The label that makes Argo CD read a Secret for `$<secret>:<key>` references. */
export const PART_OF_ARGOCD = { [PlatformLabels.PART_OF]: 'argocd' };

/** Props for an ArgoSecret. */
export interface ArgoSecretProps {
  /** The name of the Kubernetes Secret that ends up in the cluster. */
  readonly secretName: string;
  /** The namespace of that Secret (normally the Argo CD namespace). */
  readonly namespace: string;
  /** How values reach the cluster; every key of one Secret uses the same backend. */
  readonly backend: SecretBackend;
  /**
   * Merge the keys into a Secret that already exists instead of owning the whole Secret.
   * Used for `argocd-secret`, where Argo CD keeps keys of its own (server.secretkey).
   * Only external-secrets can merge.
   * @default false
   */
  readonly mergeIntoExisting?: boolean;
  /**
   * Extra labels on the resulting Secret (e.g. `argocd.argoproj.io/secret-type: repository`).
   * `app.kubernetes.io/part-of: argocd` is always set.
   * @default - only the part-of label
   */
  readonly labels?: { [key: string]: string };
  /**
   * Non-secret fields stored next to the secret keys (e.g. a repository `url` and `type`).
   * @default - none
   */
  readonly plainData?: { [key: string]: string };
  /**
   * Keys external-secrets computes from the secret keys with its template (engine v2), for
   * config that embeds a secret inside a larger value, such as a cluster Secret's `config` JSON
   * (`{"bearerToken":{{ .bearerToken | toJson }}}`). A value may refer only to this Secret's own
   * keys, as `{{ .<key> ... }}`. Only with external-secrets (a SealedSecret cannot template).
   * @default - none
   */
  readonly templatedData?: { [key: string]: string };
  /**
   * How often external-secrets re-reads the store.
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
}


/**
 * One Kubernetes Secret for Argo CD, delivered without its values ever being in Git: rendered as
 * an external-secrets `ExternalSecret` (v1 API) or a sealed-secrets `SealedSecret`, never as a plain
 * Secret. Config refers to its keys with `reference(key)`, Argo CD's `$key` / `$secret:key` form.
 *
 * @example
 * import { ArgoPlatform, ArgoSecret, SecretBackend, SecretSource } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * const secret = new ArgoSecret(platform, 'WebhookToken', {
 *   secretName: 'argocd-webhook-token',
 *   namespace: platform.argoCdNamespace,
 *   backend: SecretBackend.EXTERNAL_SECRET,
 * });
 * // `$argocd-webhook-token:token`, for an Argo CD setting that reads a Secret key.
 * const reference = secret.addKey('token', SecretSource.fromAzureKeyVault({ secretName: 'webhook-token' }));
 */
export class ArgoSecret extends Construct {
  /** The Secret's name. */
  public readonly secretName: string;
  /** The Secret's namespace. */
  public readonly namespace: string;
  /** The backend every key uses. */
  public readonly backend: SecretBackend;
  private readonly keys = new Map<string, SecretSource>();
  private readonly props: ArgoSecretProps;

  constructor(scope: Construct, id: string, props: ArgoSecretProps) {
    super(scope, id);
    this.props = props;
    this.secretName = assertDnsSubdomain(this, 'secretName', props.secretName);
    this.namespace = props.namespace;
    assertLabelMap(this, 'labels', props.labels);
    this.backend = props.backend;
    if (props.mergeIntoExisting && props.backend !== SecretBackend.EXTERNAL_SECRET) {
      fail(this, 'mergeIntoExisting', props.backend, 'only an ExternalSecret can merge keys into an existing Secret; seal the value into a Secret of its own');
    }
    for (const [key, value] of Object.entries(props.plainData ?? {})) {
      this.checkKey(key);
      if (value.includes('{{')) fail(this, `plainData.${key}`, value, 'must not contain "{{" (it would be read as a template)');
    }

    const templated = props.templatedData ?? {};
    if (Object.keys(templated).length > 0 && props.backend !== SecretBackend.EXTERNAL_SECRET) {
      fail(this, 'templatedData', Object.keys(templated), 'only an ExternalSecret can compute keys from a template; seal the whole value instead');
    }
    for (const key of Object.keys(templated)) this.checkKey(key);

    this.node.addValidation({
      validate: () => [
        ...(this.keys.size === 0 ? [describeInvalid(this, 'keys', [], `Secret ${this.secretName} has no secret keys`)] : []),
        ...Object.entries(templated).flatMap(([key, template]) => [...template.matchAll(/\{\{-?\s*\.([A-Za-z0-9_]+)/g)]
          .filter(m => !this.keys.has(m[1]))
          .map(m => describeInvalid(this, `templatedData.${key}`, m[0], `refers to ${m[1]}, which is not a key of this Secret (${this.keyNames.join(', ')})`))),
      ],
    });

    const metadata = { name: this.secretName, namespace: this.namespace, labels: { ...PART_OF_ARGOCD } };
    if (props.backend === SecretBackend.EXTERNAL_SECRET) {
      new ExternalSecret(this, 'Resource', { metadata, spec: Lazy.any({ produce: () => this.renderExternalSpec() }) });
    } else {
      new SealedSecret(this, 'Resource', { metadata, spec: Lazy.any({ produce: () => this.renderSealedSpec() }) });
    }
  }

  /**
   * Adds a secret key.
   * @returns the reference Argo CD config uses for it (`$key` in argocd-secret, `$secret:key` elsewhere)
   */
  public addKey(key: string, source: SecretSource): string {
    this.checkKey(key);
    if (!SecretSource.isSecretSource(source)) {
      failSecret(this, key, source, 'must be a SecretSource (Azure Key Vault, another external-secrets store, or a SealedSecret), never a literal value');
    }
    assertSecretSource(this, key, source);
    if (source.backend !== this.backend) {
      fail(this, key, source.describe(), `Secret ${this.secretName} is delivered by ${this.backend}; every key of one Secret must use the same backend`);
    }
    const existing = this.keys.get(key);
    if (existing && existing !== source && existing.describe() !== source.describe()) {
      fail(this, key, source.describe(), `key is already provided by ${existing.describe()}`);
    }
    this.keys.set(key, source);
    return this.reference(key);
  }

  /**
   * The reference config uses for a key: `$key` for a settings Secret the platform owns
   * (argocd-secret, argocd-notifications-secret), `$<secret>:<key>` otherwise.
   */
  public reference(key: string): string {
    return ownedSettingsObject(this.secretName)?.kind === SettingsObjectKind.SECRET ? `$${key}` : `$${this.secretName}:${key}`;
  }

  /** The secret keys, sorted. */
  public get keyNames(): string[] {
    return [...this.keys.keys()].sort();
  }

  private checkKey(key: string) {
    // The same validator as the writer's check of every rendered Secret and ConfigMap (util/kube-names.ts).
    const reason = configMapKeyReason(key);
    if (reason) fail(this, 'key', key, `must be a Secret data key ${reason.replace(/^is not a valid ConfigMap\/Secret key /, '')}`);
  }

  private renderExternalSpec(): any {
    const sources = this.keyNames.map(k => [k, this.keys.get(k) as ExternalSecretSource] as const);
    // The store used by most keys is the default; others name their store per entry. Stores are
    // counted by (kind, name) pairs, never by a joined string, so no name can be split wrongly.
    const stores: Array<{ kind: string; name: string; count: number }> = [];
    for (const [, s] of sources) {
      const store = stores.find(x => x.kind === s.storeKind && x.name === s.storeName);
      if (store) {store.count++;} else {stores.push({ kind: s.storeKind, name: s.storeName, count: 1 });}
    }
    stores.sort((a, b) => b.count - a.count || compareStrings(a.kind, b.kind) || compareStrings(a.name, b.name));
    const defaultKind = stores[0]?.kind ?? '';
    const defaultName = stores[0]?.name ?? '';
    const data: ExternalSecretSpecData[] = sources.map(([secretKey, s]) => ({
      secretKey,
      remoteRef: { key: s.remoteKey, property: s.property, version: s.version },
      sourceRef: s.storeKind === defaultKind && s.storeName === defaultName ? undefined : {
        storeRef: { name: s.storeName, kind: s.storeKind as unknown as ExternalSecretSpecDataSourceRefStoreRefKind },
      },
    }));
    const merge = this.props.mergeIntoExisting ?? false;
    const labels = { ...(this.props.labels ?? {}), ...PART_OF_ARGOCD };
    return {
      refreshInterval: goDuration(this.props.refreshInterval ?? Duration.hours(1)),
      secretStoreRef: { name: defaultName, kind: defaultKind },
      target: merge ? {
        name: this.secretName,
        creationPolicy: ExternalSecretSpecTargetCreationPolicy.MERGE,
        deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
      } : {
        name: this.secretName,
        creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
        deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
        template: {
          engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2,
          mergePolicy: ExternalSecretSpecTargetTemplateMergePolicy.MERGE,
          metadata: { labels: sortedRecord(labels) },
          data: this.templateData(),
        },
      },
      data: data.map(d => JSON.parse(JSON.stringify(d))),
    };
  }

  private templateData(): { [key: string]: string } | undefined {
    const all = { ...(this.props.plainData ?? {}), ...(this.props.templatedData ?? {}) };
    return Object.keys(all).length ? sortedRecord(all) : undefined;
  }

  private renderSealedSpec(): any {
    const encryptedData: Record<string, string> = {};
    for (const key of this.keyNames) encryptedData[key] = (this.keys.get(key) as SealedSecretSource).encryptedValue;
    const labels = { ...(this.props.labels ?? {}), ...PART_OF_ARGOCD };
    return {
      encryptedData,
      template: {
        metadata: { name: this.secretName, namespace: this.namespace, labels: sortedRecord(labels) },
        type: 'Opaque',
        data: this.props.plainData && Object.keys(this.props.plainData).length ? sortedRecord(this.props.plainData) : undefined,
      },
    };
  }
}
