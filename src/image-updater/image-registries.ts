import { IConstruct } from 'constructs';

/** An Azure Container Registry host, e.g. `civica.azurecr.io` (registry names are 5 to 50 letters and digits). */
export const ACR_HOST = /^[a-z0-9]{5,50}\.azurecr\.io$/;

/** The registry host of an image name, e.g. `civica.azurecr.io` for `civica.azurecr.io/payments/api`; Docker Hub when it has none. */
export function registryHostOf(imageName: string): string {
  const first = imageName.split('/')[0];
  return imageName.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

/**
 * The images each platform's `AppImageUpdater`s watch, by registry host, so the Image Updater
 * installation (`ArgoImageUpdater`) configures a registry for each, whichever file declared them.
 * Keyed by the platform construct; both constructs live in this capability.
 */
const USES = new WeakMap<IConstruct, Map<string, Set<string>>>();

/** Records that a construct of a platform watches images of a registry. */
export function recordRegistryUse(platform: IConstruct, user: IConstruct, imageName: string): void {
  let byHost = USES.get(platform);
  if (!byHost) {
    byHost = new Map();
    USES.set(platform, byHost);
  }
  const host = registryHostOf(imageName);
  if (!byHost.has(host)) byHost.set(host, new Set());
  byHost.get(host)!.add(`${user.node.path} (${imageName})`);
}

/** The registry hosts a platform's AppImageUpdaters watch, sorted, each with the users (`path (image)`). */
export function registryUses(platform: IConstruct): Array<{ host: string; users: string[] }> {
  const byHost = USES.get(platform) ?? new Map<string, Set<string>>();
  return [...byHost.keys()].sort().map(host => ({ host, users: [...byHost.get(host)!].sort() }));
}

/** The namespaces of the ImageUpdater resources of each platform (Image Updater watches only its own by default). */
const NAMESPACES = new WeakMap<IConstruct, Set<string>>();

/** Records that an ImageUpdater resource of a platform lives in a namespace. */
export function recordUpdaterNamespace(platform: IConstruct, namespace: string): void {
  if (!NAMESPACES.has(platform)) NAMESPACES.set(platform, new Set());
  NAMESPACES.get(platform)!.add(namespace);
}

/** The namespaces of a platform's ImageUpdater resources, sorted. */
export function updaterNamespaces(platform: IConstruct): string[] {
  return [...(NAMESPACES.get(platform) ?? [])].sort();
}
