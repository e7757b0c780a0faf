import { Construct } from 'constructs';
import { notificationSecretKey, NotificationServiceType } from './notification-names';
import { NotificationService, NotificationServiceOptions } from './notification-service';
import { SecretSource } from '../secrets/secret-source';
import { fail } from '../util/validation';

/** Props for a TeamsWorkflowsNotifier. */
export interface TeamsWorkflowsNotifierProps extends NotificationServiceOptions {
  /**
   * The Workflow URL of each channel, by recipient name (`recipientUrls`). The URLs carry a signature,
   * so each comes from a SecretSource into argocd-notifications-secret (`teams-workflows-<recipient>`);
   * the stored URL must be a Power Automate Workflow URL (`api.powerautomate.com`,
   * `api.powerplatform.com`, `flow.microsoft.com`, or a path containing `/powerautomate/`).
   */
  readonly recipients: { [recipient: string]: SecretSource };
}

/**
 * Microsoft Teams through Power Automate Workflows (`service.teams-workflows`, Argo CD 3.3+):
 * Adaptive Card templates; subscribe with `<trigger>.teams-workflows` and a recipient name.
 * This replaces the retired Office 365 connectors.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/services/teams-workflows/
 *
 * @example
 * import { ArgoNotifications, SecretSource, TeamsWorkflowsNotifier } from 'cdk8s-argocd-platform';
 *
 * declare const notifications: ArgoNotifications;
 * // Each recipient is a Power Automate Workflow URL, kept in Key Vault.
 * new TeamsWorkflowsNotifier(notifications, 'Teams', {
 *   recipients: { 'platform-team': SecretSource.fromAzureKeyVault({ secretName: 'argocd-notifications-teams-platform' }) },
 * });
 */
export class TeamsWorkflowsNotifier extends NotificationService {
  /** The recipient names, sorted. */
  public readonly recipientNames: string[];
  /** The key of argocd-notifications-secret holding each recipient's URL. */
  public readonly recipientKeys: { [recipient: string]: string };

  constructor(scope: Construct, id: string, props: TeamsWorkflowsNotifierProps) {
    super(scope, id, NotificationServiceType.TEAMS_WORKFLOWS, props.name);
    if (!this.notifications.platform.argoCdVersion.isAtLeast(3, 3)) {
      fail(this, 'service', 'teams-workflows', `the teams-workflows service exists since Argo CD v3.3.0; the platform targets ${this.notifications.platform.argoCdVersion.tag}`);
    }
    this.recipientNames = renderRecipients(this, props.recipients);
    const prefix = props.name === undefined ? ['teams-workflows'] : ['teams-workflows', this.serviceName];
    const urls: Record<string, string> = {};
    const keys: Record<string, string> = {};
    for (const recipient of this.recipientNames) {
      keys[recipient] = notificationSecretKey(...prefix, recipient);
      urls[recipient] = this.secret(`recipients.${recipient}`, keys[recipient], props.recipients[recipient], 'Workflow URL (it carries a signature)');
    }
    this.recipientKeys = keys;
    this.render({ recipientUrls: urls });
  }
}

/** Checks the recipient names of a Teams service and returns them sorted. */
export function renderRecipients(scope: Construct, recipients: { [recipient: string]: SecretSource }): string[] {
  if (typeof recipients !== 'object' || recipients === null || Object.keys(recipients).length === 0) {
    fail(scope, 'recipients', recipients, 'at least one recipient (channel name to URL) is required');
  }
  const names = Object.keys(recipients).sort();
  for (const name of names) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) fail(scope, 'recipients', name, 'recipient names are letters, digits, ".", "_" and "-"');
  }
  return names;
}
