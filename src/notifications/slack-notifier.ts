import { Construct } from 'constructs';
import { notificationSecretKey, NotificationServiceType } from './notification-names';
import { NotificationService, NotificationServiceOptions } from './notification-service';
import { SecretSource } from '../secrets/secret-source';
import { assertHttpsUrl, fail } from '../util/validation';

/** Props for a SlackNotifier. */
export interface SlackNotifierProps extends NotificationServiceOptions {
  /**
   * The Slack bot token (`xoxb-...`), from Key Vault or another store; never a literal. Delivered into
   * argocd-notifications-secret as `slack-token` (`slack-<name>-token` for a named service).
   */
  readonly token: SecretSource;
  /**
   * The name messages are posted as.
   * @default - the bot's name
   */
  readonly username?: string;
  /**
   * The icon: an emoji such as `:rocket:` or an image URL.
   * @default - the bot's icon
   */
  readonly icon?: string;
  /**
   * The Slack app's signing secret (for interactive messages).
   * @default - none
   */
  readonly signingSecret?: SecretSource;
  /**
   * Channels a notification goes to when a subscription names no recipient (`channels`).
   * @default - none
   */
  readonly defaultChannels?: string[];
  /**
   * The Slack API URL (for a Slack Enterprise Grid proxy).
   * @default - https://slack.com/api/
   */
  readonly apiUrl?: string;
  /**
   * Do not unfurl links in messages.
   * @default false
   */
  readonly disableUnfurl?: boolean;
}

/**
 * Slack for Argo CD notifications (`service.slack`): the bot token comes from a SecretSource into
 * argocd-notifications-secret and is referenced as `$slack-token`; subscribe with `<trigger>.slack`
 * and the channel name as recipient.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/services/slack/
 *
 * @example
 * import { ArgoNotifications, SecretSource, SlackNotifier } from 'cdk8s-argocd-platform';
 *
 * declare const notifications: ArgoNotifications;
 * new SlackNotifier(notifications, 'Slack', {
 *   token: SecretSource.fromAzureKeyVault({ secretName: 'argocd-notifications-slack-token' }),
 *   username: 'Argo CD',
 *   icon: ':argo:',
 * });
 */
export class SlackNotifier extends NotificationService {
  /** The key of argocd-notifications-secret holding the token. */
  public readonly tokenKey: string;
  /** The Slack API URL (for alert routes posting with the same token). */
  public readonly apiUrl: string;
  /** The token's source (alert routes deliver it to Alertmanager too). */
  public readonly token: SecretSource;

  constructor(scope: Construct, id: string, props: SlackNotifierProps) {
    super(scope, id, NotificationServiceType.SLACK, props.name);
    const prefix = props.name === undefined ? ['slack'] : ['slack', this.serviceName];
    this.tokenKey = notificationSecretKey(...prefix, 'token');
    this.token = props.token;
    const token = this.secret('token', this.tokenKey, props.token, 'Slack token');
    const signingSecret = props.signingSecret === undefined ? undefined
      : this.secret('signingSecret', notificationSecretKey(...prefix, 'signing-secret'), props.signingSecret, 'Slack signing secret');
    for (const [i, channel] of (props.defaultChannels ?? []).entries()) {
      if (typeof channel !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(channel)) fail(this, `defaultChannels[${i}]`, channel, 'must be a channel name without "#"');
    }
    if (props.apiUrl !== undefined) assertHttpsUrl(this, 'apiUrl', props.apiUrl);
    this.apiUrl = props.apiUrl ?? 'https://slack.com/api/';
    for (const [field, value] of [['username', props.username], ['icon', props.icon]] as const) {
      if (value !== undefined && (typeof value !== 'string' || /[\r\n]/.test(value) || value.trim() === '')) fail(this, field, value, 'must be a non-empty line of text');
    }
    this.render({
      token,
      username: props.username,
      icon: props.icon,
      signingSecret,
      channels: props.defaultChannels?.length ? [...props.defaultChannels] : undefined,
      apiURL: props.apiUrl,
      disableUnfurl: props.disableUnfurl,
    });
  }
}
