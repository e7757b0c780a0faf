import { Construct } from 'constructs';
import { assertNotificationName } from './notification-names';
import { checkRecipient, NotificationRecipient } from './notification-recipient';
import { notificationsOf } from './notifications-of';
import { compareStrings, fail } from '../util/validation';

/** Props for a NotificationSubscription. */
export interface NotificationSubscriptionProps {
  /** Who is notified. */
  readonly recipients: NotificationRecipient[];
  /**
   * The triggers.
   * @default - the platform's `defaultTriggers`
   */
  readonly triggers?: string[];
  /**
   * Only Applications with all of these labels (rendered as the label selector `k=v,...`).
   * @default - every Application
   */
  readonly matchLabels?: { [label: string]: string };
}

const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/**
 * A global subscription (an entry of the `subscriptions` key of argocd-notifications-cm): every
 * Application matching the labels notifies the recipients on the triggers. Its triggers and services
 * must be defined, and the triggers' templates must have a block for each service.
 *
 * @example
 * import { ArgoNotifications, NotificationSubscription } from 'cdk8s-argocd-platform';
 *
 * declare const notifications: ArgoNotifications;
 * // The platform team hears about every failure and degradation, whichever team owns the application.
 * new NotificationSubscription(notifications, 'PlatformChannel', {
 *   recipients: [{ service: 'teams-workflows', recipient: 'platform-team' }],
 *   triggers: ['on-health-degraded', 'on-sync-failed'],
 * });
 */
export class NotificationSubscription extends Construct {
  constructor(scope: Construct, id: string, props: NotificationSubscriptionProps) {
    super(scope, id);
    const notifications = notificationsOf(this);
    if (!Array.isArray(props.recipients) || props.recipients.length === 0) fail(this, 'recipients', props.recipients, 'at least one recipient is required');
    const recipients = props.recipients.map((r, i) => checkRecipient(this, `recipients[${i}]`, r));
    const triggers = props.triggers === undefined ? undefined
      : props.triggers.map((t, i) => assertNotificationName(this, `triggers[${i}]`, t, 'trigger'));
    if (triggers !== undefined && triggers.length === 0) fail(this, 'triggers', triggers, 'leave triggers out to use defaultTriggers, or name at least one');
    if (triggers === undefined && notifications.defaultTriggers.length === 0) {
      fail(this, 'triggers', undefined, 'the subscription names no triggers and the platform has no defaultTriggers, so it would never notify');
    }
    const labels = Object.keys(props.matchLabels ?? {}).sort(compareStrings);
    for (const key of labels) {
      const value = props.matchLabels![key];
      if (!LABEL_KEY.test(key)) fail(this, `matchLabels.${key}`, key, 'must be a Kubernetes label key');
      if (typeof value !== 'string' || !LABEL_VALUE.test(value) || value.length > 63) fail(this, `matchLabels.${key}`, value, 'must be a Kubernetes label value');
    }
    notifications._checkSubscription(this, 'recipients', triggers ?? notifications.defaultTriggers, [...new Set(recipients.map(r => r.service))]);
    notifications._addGlobalSubscription(this,
      recipients.map(r => (r.recipient === '' ? r.service : `${r.service}:${r.recipient}`)),
      triggers && [...triggers],
      labels.length ? labels.map(k => `${k}=${props.matchLabels![k]}`).join(',') : undefined);
  }
}
