import { IConstruct } from 'constructs';
import { PlatformCapability } from './registries';

/**
 * What other capabilities (such as the restore runbook) may read about the construct providing
 * `PlatformCapability.NOTIFICATIONS` (`ArgoNotifications`), typed, without importing it or parsing
 * the rendered `argocd-notifications-cm`.
 */
export interface INotificationsProvider extends IConstruct {
  /** The templates, sorted by name. */
  readonly templateNames: string[];
  /** Every subscription's recipients (`<service>:<recipient>`), global subscriptions first, then the teams'. */
  readonly subscriptionRecipients: string[];
}

/**
 * The notifications provider of a platform's capability registry, typed; undefined when the
 * platform has none. Fails when the provider does not have the shape above (a programming error).
 */
export function notificationsProviderOf(
  capabilities: { providerOf(capability: PlatformCapability): IConstruct | undefined }): INotificationsProvider | undefined {
  const provider = capabilities.providerOf(PlatformCapability.NOTIFICATIONS) as Partial<INotificationsProvider> | undefined;
  if (!provider) return undefined;
  if (!Array.isArray(provider.templateNames) || !Array.isArray(provider.subscriptionRecipients)) {
    throw new Error(`[${(provider as IConstruct).node.path}] provides ${PlatformCapability.NOTIFICATIONS} but not templateNames and subscriptionRecipients`);
  }
  return provider as INotificationsProvider;
}
