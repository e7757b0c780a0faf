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

interface ListContribution {
  readonly separator: string;
  readonly items: Map<string, string[]>;
}

/**
 * The settings every construct contributes to one Argo CD instance. Constructs never render the
 * settings ConfigMaps themselves; they call `set()` and the platform renders each ConfigMap once.
 * Setting a key twice to the same value is fine; two different values for one key is a conflict
 * that fails the synth naming both construct paths.
 */
export class ArgoSettings {
  private readonly entries = new Map<SettingsConfigMap, Map<string, Contribution>>();
  private readonly lists = new Map<string, ListContribution>();
  private readonly conflictMessages: string[] = [];

  /**
   * Contributes one key.
   * @param contributor the construct that wants this value (named in conflict errors)
   * @param configMap the settings ConfigMap
   * @param key the data key, e.g. `oidc.config`
   * @param value the string value, exactly as Argo CD reads it
   */
  public set(contributor: IConstruct, configMap: SettingsConfigMap, key: string, value: string): void {
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
    this.conflictMessages.push(`[${path}] ${configMap} ${key}: set to ${JSON.stringify(value)} here and to ${JSON.stringify(existing.value)} by [${existing.contributors.join(', ')}]; `
      + 'Argo CD reads one value: make them agree, or set it in one place');
  }

  /**
   * Contributes one item to a list-valued key (such as `application.namespaces` in
   * argocd-cmd-params-cm), which many constructs may share. Items are de-duplicated and sorted, then
   * joined with the separator. A list key cannot also be `set()` as a whole.
   * @param contributor the construct that wants this item
   * @param configMap the settings ConfigMap
   * @param key the data key
   * @param item one item; must not contain the separator
   * @param separator how the items are joined
   */
  public addToList(contributor: IConstruct, configMap: SettingsConfigMap, key: string, item: string, separator: string): void {
    const id = `${configMap}/${key}`;
    if (typeof item !== 'string' || item.length === 0 || item.includes(separator.trim() || separator) || /[\r\n]/.test(item)) {
      throw new Error(`[${contributor.node.path}] ${configMap} ${key}: list items must be non-empty, on one line and free of ${JSON.stringify(separator)} (got ${JSON.stringify(item)})`);
    }
    let list = this.lists.get(id);
    if (!list) {
      list = { separator, items: new Map() };
      this.lists.set(id, list);
    } else if (list.separator !== separator) {
      this.conflictMessages.push(`[${contributor.node.path}] ${configMap} ${key}: joins its list with ${JSON.stringify(separator)} where another contributor joins it with ${JSON.stringify(list.separator)}`);
    }
    const contributors = list.items.get(item) ?? [];
    if (!contributors.includes(contributor.node.path)) contributors.push(contributor.node.path);
    list.items.set(item, contributors);
  }

  /** The value contributed for a key, if any. */
  public tryGet(configMap: SettingsConfigMap, key: string): string | undefined {
    return this.data(configMap)[key];
  }

  /** The construct paths that contributed a key. */
  public contributorsOf(configMap: SettingsConfigMap, key: string): string[] {
    const listItems = this.lists.get(`${configMap}/${key}`)?.items;
    const fromList = [...(listItems?.values() ?? [])].flat();
    return [...new Set([...(this.entries.get(configMap)?.get(key)?.contributors ?? []), ...fromList])];
  }

  /** The ConfigMaps that received any contribution, sorted. */
  public configMapsWithContributions(): SettingsConfigMap[] {
    const names = new Set<string>([...this.entries.keys()].filter(c => (this.entries.get(c)?.size ?? 0) > 0));
    for (const id of this.lists.keys()) names.add(id.split('/')[0]);
    return [...names].sort() as SettingsConfigMap[];
  }

  /** The construct paths that contributed any key of one ConfigMap, sorted. */
  public contributorsOfObject(configMap: SettingsConfigMap): string[] {
    const paths = new Set<string>();
    for (const contribution of this.entries.get(configMap)?.values() ?? []) contribution.contributors.forEach(p => paths.add(p));
    for (const [id, list] of this.lists) {
      if (id.startsWith(`${configMap}/`)) for (const contributors of list.items.values()) contributors.forEach(p => paths.add(p));
    }
    return [...paths].sort();
  }

  /** All keys of one ConfigMap, sorted. */
  public data(configMap: SettingsConfigMap): { [key: string]: string } {
    const out: Record<string, string> = {};
    for (const [key, contribution] of this.entries.get(configMap) ?? []) out[key] = contribution.value;
    for (const [id, list] of this.lists) {
      if (!id.startsWith(`${configMap}/`)) continue;
      const key = id.slice(configMap.length + 1);
      out[key] = [...list.items.keys()].sort().join(list.separator);
    }
    return sortedRecord(out);
  }

  /** Conflicting contributions found so far, one message each. */
  public get conflicts(): string[] {
    const both: string[] = [];
    for (const id of this.lists.keys()) {
      const [configMap, ...rest] = id.split('/');
      const key = rest.join('/');
      const whole = this.entries.get(configMap as SettingsConfigMap)?.get(key);
      if (whole) {
        both.push(`[${whole.contributors.join(', ')}] ${configMap} ${key}: set whole here, but it is a list that [${this.contributorsOf(configMap as SettingsConfigMap, key).filter(c => !whole.contributors.includes(c)).join(', ')}] add items to; `
          + 'add an item instead of setting the whole value');
      }
    }
    return [...this.conflictMessages, ...both];
  }
}
