import { IConstruct } from 'constructs';
import { sortedRecord } from '../util/validation';

/** The Argo CD settings ConfigMaps that the platform owns. */
export enum SettingsConfigMap {
  /** `argocd-cm`: general settings, SSO, accounts. */
  ARGOCD_CM = 'argocd-cm',
  /** `argocd-rbac-cm`: RBAC policy, default role, scopes. */
  RBAC_CM = 'argocd-rbac-cm',
  /** `argocd-cmd-params-cm`: component command-line parameters. */
  CMD_PARAMS_CM = 'argocd-cmd-params-cm',
  /** `argocd-notifications-cm`: notification services, templates, triggers, subscriptions. */
  NOTIFICATIONS_CM = 'argocd-notifications-cm',
  /** `argocd-ssh-known-hosts-cm`: SSH known hosts for Git repositories. */
  SSH_KNOWN_HOSTS_CM = 'argocd-ssh-known-hosts-cm',
  /** `argocd-tls-certs-cm`: TLS certificates for Git repositories. */
  TLS_CERTS_CM = 'argocd-tls-certs-cm',
}

interface Contribution {
  readonly value: string;
  readonly contributors: string[];
}

/**
 * The settings every construct contributes to one Argo CD instance. Constructs never render the
 * settings ConfigMaps themselves; they call `set()` and the platform renders each ConfigMap once.
 * Setting a key twice to the same value is fine; two different values for one key is a conflict
 * that fails the synth naming both construct paths.
 */
export class ArgoSettings {
  private readonly entries = new Map<SettingsConfigMap, Map<string, Contribution>>();
  private readonly conflictMessages: string[] = [];

  /**
   * Contributes one key.
   * @param configMap the settings ConfigMap
   * @param key the data key, e.g. `oidc.config`
   * @param value the string value, exactly as Argo CD reads it
   * @param contributor the construct that wants this value (named in conflict errors)
   */
  public set(configMap: SettingsConfigMap, key: string, value: string, contributor: IConstruct): void {
    if (typeof value !== 'string') {
      throw new Error(`[${contributor.node.path}] ${configMap} ${key}: settings values must be strings (got ${JSON.stringify(value)})`);
    }
    let data = this.entries.get(configMap);
    if (!data) {
      data = new Map();
      this.entries.set(configMap, data);
    }
    const existing = data.get(key);
    const path = contributor.node.path;
    if (!existing) {
      data.set(key, { value, contributors: [path] });
      return;
    }
    if (existing.value === value) {
      if (!existing.contributors.includes(path)) existing.contributors.push(path);
      return;
    }
    this.conflictMessages.push(
      `${configMap} key "${key}" is set to two different values: ${JSON.stringify(existing.value)} by [${existing.contributors.join(', ')}] and ${JSON.stringify(value)} by [${path}]`);
  }

  /** The value contributed for a key, if any. */
  public tryGet(configMap: SettingsConfigMap, key: string): string | undefined {
    return this.entries.get(configMap)?.get(key)?.value;
  }

  /** The construct paths that contributed a key. */
  public contributorsOf(configMap: SettingsConfigMap, key: string): string[] {
    return [...(this.entries.get(configMap)?.get(key)?.contributors ?? [])];
  }

  /** All keys of one ConfigMap, sorted. */
  public data(configMap: SettingsConfigMap): { [key: string]: string } {
    const out: Record<string, string> = {};
    for (const [key, contribution] of this.entries.get(configMap) ?? []) out[key] = contribution.value;
    return sortedRecord(out);
  }

  /** Whether any construct contributed to this ConfigMap. */
  public has(configMap: SettingsConfigMap): boolean {
    return (this.entries.get(configMap)?.size ?? 0) > 0;
  }

  /** Conflicting contributions found so far, one message each. */
  public get conflicts(): string[] {
    return [...this.conflictMessages];
  }
}
