import { Construct } from 'constructs';
import type { SelectorCheck } from './argo-notifications';
import { assertNotificationName } from './notification-names';
import { checkRecipient, NotificationRecipient } from './notification-recipient';
import { notificationsOf } from './notifications-of';
import { TEAM_APP_LABELS } from '../platform/team-application-ref';
import { assertLabelMap, assertLabelValue } from '../util/checks';
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
  /**
   * Only the Applications of these environments of the platform (rendered as the selector
   * `argocd-platform/environment in (...)`, next to `matchLabels`). Checked against the platform's
   * environments at synth; prefer it to a `matchLabels` entry for `argocd-platform/environment`.
   * @default - every environment
   */
  readonly environments?: string[];
}

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
    const matchLabels = assertLabelMap(this, 'matchLabels', props.matchLabels);
    const labels = Object.keys(matchLabels).sort(compareStrings);
    const requirements = labels.map(k => `${k}=${matchLabels[k]}`);
    const selector: SelectorCheck[] = labels.map(key => ({ field: `matchLabels.${key}`, key, values: [matchLabels[key]] }));
    if (props.environments !== undefined) {
      if (!Array.isArray(props.environments) || props.environments.length === 0) {
        fail(this, 'environments', props.environments, 'give at least one environment, or leave it out for every environment');
      }
      if (matchLabels[TEAM_APP_LABELS.environment] !== undefined) {
        fail(this, `matchLabels.${TEAM_APP_LABELS.environment}`, matchLabels[TEAM_APP_LABELS.environment], 'give the environments once: with environments, not also in matchLabels');
      }
      props.environments.forEach((env, i) => {
        assertLabelValue(this, `environments[${i}]`, env);
        selector.push({ field: `environments[${i}]`, key: TEAM_APP_LABELS.environment, values: [env] });
      });
      if (new Set(props.environments).size !== props.environments.length) fail(this, 'environments', props.environments, 'must not repeat an environment');
      requirements.push(`${TEAM_APP_LABELS.environment} in (${[...props.environments].sort(compareStrings).join(',')})`);
    }
    notifications._checkSubscription(this, 'recipients', triggers ?? notifications.defaultTriggers, [...new Set(recipients.map(r => r.service))],
      recipients.map((r, i) => ({ field: `recipients[${i}].recipient`, service: r.service, recipient: r.recipient })).filter(r => r.recipient !== ''),
      selector);
    notifications._addGlobalSubscription(this,
      recipients.map(r => (r.recipient === '' ? r.service : `${r.service}:${r.recipient}`)),
      triggers && [...triggers],
      requirements.length ? requirements.join(',') : undefined);
  }
}
