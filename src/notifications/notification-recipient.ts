import { IConstruct } from 'constructs';
import { assertNotificationName } from './notification-names';
import { credentialShapeReason, PlatformProblem, ProblemDetails } from '../util/errors';
import { fail } from '../util/validation';

/** Who a subscription notifies: a service and, except for webhooks, a recipient of that service. */
export interface NotificationRecipient {
  /** The service's subscription name: `slack`, `teams-workflows`, `email`, a webhook's name, or a custom service name. */
  readonly service: string;
  /**
   * The recipient: a Slack channel, a Teams recipient name, an e-mail address. Empty for a webhook.
   * @default '' (webhooks)
   */
  readonly recipient?: string;
}

/**
 * A URL (a Teams Workflows or Slack webhook URL) pasted where a recipient name belongs: it carries its
 * signature, so it is never echoed. The problem, or undefined when the value is not a URL.
 */
export function urlRecipientProblem(scope: IConstruct | string, field: string, recipient: unknown, fix: string): ProblemDetails | undefined {
  if (typeof recipient !== 'string') return undefined;
  const credential = credentialShapeReason(recipient);
  if (!credential && !recipient.includes('://')) return undefined;
  return {
    scope,
    field,
    value: recipient,
    secret: credential !== undefined,
    reason: `must be a recipient name (a channel, a Teams recipient name, an address), not a URL${credential ? `; it ${credential}` : ''}`,
    fix,
  };
}

/** Checks a recipient and returns it with the default applied. */
export function checkRecipient(scope: IConstruct | string, field: string, r: NotificationRecipient): { service: string; recipient: string } {
  assertNotificationName(scope, `${field}.service`, r?.service, 'service');
  const recipient = r.recipient ?? '';
  const pasted = urlRecipientProblem(scope, `${field}.recipient`, recipient,
    'give the URL to the service as a SecretSource (for example TeamsWorkflowsNotifier recipients) and name its recipient here');
  if (pasted) throw new PlatformProblem(pasted);
  if (typeof recipient !== 'string' || /[;\s,]/.test(recipient) || recipient.startsWith('#')) {
    fail(scope, `${field}.recipient`, recipient, 'must be one channel name (without "#"), recipient name or address, without spaces, ";" or ","');
  }
  return { service: r.service, recipient };
}
