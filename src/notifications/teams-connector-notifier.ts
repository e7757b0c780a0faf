import { Construct } from 'constructs';
import { notificationSecretKey, NotificationServiceType } from './notification-names';
import { NotificationService, NotificationServiceOptions } from './notification-service';
import { renderRecipients } from './teams-workflows-notifier';
import { SecretSource } from '../secrets/secret-source';
import { fail } from '../util/validation';

/** The construct metadata type of the retirement warning. */
export const CONNECTOR_WARNING_TYPE = 'warning';
const CONNECTOR_WARNING = 'service.teams uses the retired Office 365 connectors (March 31, 2026); move to TeamsWorkflowsNotifier (Power Automate Workflows)';

/** Props for a TeamsConnectorNotifier. */
export interface TeamsConnectorNotifierProps extends NotificationServiceOptions {
  /** The connector webhook URL of each channel, by recipient name (`recipientUrls`), each from a SecretSource. */
  readonly recipients: { [recipient: string]: SecretSource };
  /**
   * Must be `true`: Microsoft retired the Office 365 connectors (the docs give March 31, 2026), so
   * messages may stop arriving. Use `TeamsWorkflowsNotifier` instead.
   */
  readonly acknowledgeConnectorRetirement: boolean;
}

/**
 * The legacy Microsoft Teams connector (`service.teams`, MessageCards). Retired: accepted only with
 * `acknowledgeConnectorRetirement: true`, and the synth prints a warning. Prefer `TeamsWorkflowsNotifier`.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/services/teams/
 *
 * @example
 * import { ArgoNotifications, SecretSource, TeamsConnectorNotifier } from 'cdk8s-argocd-platform';
 *
 * declare const notifications: ArgoNotifications;
 * new TeamsConnectorNotifier(notifications, 'TeamsConnector', {
 *   recipients: { 'platform-team': SecretSource.fromAzureKeyVault({ secretName: 'argocd-notifications-teams-connector' }) },
 *   acknowledgeConnectorRetirement: true,
 * });
 */
export class TeamsConnectorNotifier extends NotificationService {
  /** The recipient names, sorted. */
  public readonly recipientNames: string[];

  constructor(scope: Construct, id: string, props: TeamsConnectorNotifierProps) {
    super(scope, id, NotificationServiceType.TEAMS, props.name);
    if (props.acknowledgeConnectorRetirement !== true) {
      fail(this, 'acknowledgeConnectorRetirement', props.acknowledgeConnectorRetirement,
        'Office 365 connectors are retired (March 31, 2026) and messages may silently stop; use TeamsWorkflowsNotifier, or set acknowledgeConnectorRetirement: true to keep the connector knowingly');
    }
    this.node.addMetadata(CONNECTOR_WARNING_TYPE, CONNECTOR_WARNING);
    let warned = false;
    this.node.addValidation({
      validate: () => {
        if (!warned) process.stderr.write(`warning: [${this.node.path}] ${CONNECTOR_WARNING}\n`);
        warned = true;
        return [];
      },
    });
    this.recipientNames = renderRecipients(this, props.recipients);
    const prefix = props.name === undefined ? ['teams'] : ['teams', this.serviceName];
    const urls: Record<string, string> = {};
    for (const recipient of this.recipientNames) {
      urls[recipient] = this.secret(`recipients.${recipient}`, notificationSecretKey(...prefix, recipient), props.recipients[recipient], 'connector URL (it carries a signature)');
    }
    this.render({ recipientUrls: urls });
  }
}
