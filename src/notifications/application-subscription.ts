import { Construct } from 'constructs';
import { assertNotificationName } from './notification-names';
import { checkRecipient, NotificationRecipient } from './notification-recipient';
import { notificationsOf } from './notifications-of';
import { ITeamApplication, isTeamApplication } from '../platform/team-application-ref';
import { compareStrings, fail } from '../util/validation';

/** Which events go to which recipients. */
export interface SubscriptionAnnotationOptions {
  /** The triggers, e.g. `['on-sync-failed']`. */
  readonly triggers: string[];
  /** Who is notified. */
  readonly recipients: NotificationRecipient[];
}

/** Props for an ApplicationSubscription. */
export interface ApplicationSubscriptionProps extends SubscriptionAnnotationOptions {
  /** The application whose Applications are annotated. */
  readonly application: ITeamApplication;
  /**
   * Only the Applications of these environments.
   * @default - every environment of the application
   */
  readonly environments?: string[];
}

/**
 * A per-application subscription: the annotations `notifications.argoproj.io/subscribe.<trigger>.<service>: <r1>;<r2>`
 * on the application's Applications. Its triggers and services must be defined on the platform.
 * `ApplicationSubscription.annotations(...)` gives the same annotations for a team repository, where
 * the platform's notifications are not in the construct tree.
 *
 * @example
 * import { ApplicationSubscription, ArgoPlatform, TeamApplication } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * declare const worker: TeamApplication;
 * // The worker's own Slack channel hears about its failed syncs, in every environment.
 * new ApplicationSubscription(platform, 'WorkerFailures', {
 *   application: worker,
 *   triggers: ['on-sync-failed'],
 *   recipients: [{ service: 'slack', recipient: 'payments-worker' }],
 * });
 */
export class ApplicationSubscription extends Construct {
  /**
   * The subscription annotations, checked (no dots in names, one recipient per entry), for
   * `TeamApplication` `annotations` in a team repository.
   */
  public static annotations(options: SubscriptionAnnotationOptions): { [key: string]: string } {
    const where = 'ApplicationSubscription.annotations';
    if (!Array.isArray(options.triggers) || options.triggers.length === 0) fail(where, 'triggers', options.triggers, 'at least one trigger is required');
    if (!Array.isArray(options.recipients) || options.recipients.length === 0) fail(where, 'recipients', options.recipients, 'at least one recipient is required');
    options.triggers.forEach((t, i) => assertNotificationName(where, `triggers[${i}]`, t, 'trigger'));
    const byService = new Map<string, string[]>();
    options.recipients.forEach((r, i) => {
      const checked = checkRecipient(where, `recipients[${i}]`, r);
      const list = byService.get(checked.service) ?? [];
      if (checked.recipient && !list.includes(checked.recipient)) list.push(checked.recipient);
      byService.set(checked.service, list);
    });
    const out: Record<string, string> = {};
    for (const trigger of [...new Set(options.triggers)].sort(compareStrings)) {
      for (const service of [...byService.keys()].sort(compareStrings)) {
        out[`notifications.argoproj.io/subscribe.${trigger}.${service}`] = byService.get(service)!.sort(compareStrings).join(';');
      }
    }
    return out;
  }

  constructor(scope: Construct, id: string, props: ApplicationSubscriptionProps) {
    super(scope, id);
    const notifications = notificationsOf(this);
    if (!isTeamApplication(props.application)) fail(this, 'application', props.application, 'must be a TeamApplication');
    let annotations: Record<string, string>;
    try {
      annotations = ApplicationSubscription.annotations(props);
    } catch (e) {
      throw new Error((e as Error).message.replace('[ApplicationSubscription.annotations]', `[${this.node.path}]`));
    }
    const environments = props.environments ?? props.application.environments;
    for (const env of environments) {
      if (!props.application.environments.includes(env)) fail(this, 'environments', env, `the application is deployed to ${props.application.environments.join(', ')}`);
    }
    notifications._checkSubscription(this, 'recipients', [...props.triggers], [...new Set(props.recipients.map(r => r.service))],
      props.recipients.map((r, i) => ({ field: `recipients[${i}].recipient`, service: r.service, recipient: r.recipient ?? '' })).filter(r => r.recipient !== ''));
    for (const env of environments) {
      for (const [key, value] of Object.entries(annotations)) props.application.addAnnotation(key, value, env);
    }
  }
}
