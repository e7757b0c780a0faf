import { IConstruct } from 'constructs';
import type { ArgoNotifications } from './argo-notifications';
import { ArgoPlatform } from '../platform/argo-platform';
import { PlatformCapability } from '../platform/registries';
import { fail } from '../util/validation';

/** The marker of an ArgoNotifications (also across copies of this library, where `instanceof` is false). */
export const NOTIFICATIONS_SYMBOL = Symbol.for('cdk8s-argocd-platform.ArgoNotifications');

/**
 * The ArgoNotifications a notification construct belongs to: the nearest one above it, else the
 * platform's. (A leaf module: services, triggers, templates and subscriptions find their
 * ArgoNotifications here without importing it, so the folder has no import cycle.)
 */
export function notificationsOf(scope: IConstruct): ArgoNotifications {
  for (const node of [...scope.node.scopes].reverse()) {
    if (node !== scope && NOTIFICATIONS_SYMBOL in node) return node as unknown as ArgoNotifications;
  }
  const provider = ArgoPlatform.platformOf(scope).capabilities.providerOf(PlatformCapability.NOTIFICATIONS);
  if (!provider || !(NOTIFICATIONS_SYMBOL in provider)) {
    fail(scope, 'notifications', undefined, 'the platform has no ArgoNotifications here; declare notification services, triggers, templates and subscriptions inside it (new SlackNotifier(notifications, ...))');
  }
  return provider as unknown as ArgoNotifications;
}
