import { Construct } from 'constructs';
import { notificationSecretKey, NotificationServiceType } from './notification-names';
import { NotificationService, NotificationServiceOptions } from './notification-service';
import { SecretSource } from '../secrets/secret-source';
import { fail, unsafeTokenReason } from '../util/validation';

/** Props for an EmailNotifier. */
export interface EmailNotifierProps extends NotificationServiceOptions {
  /** The SMTP host, e.g. `smtp.office365.com`. */
  readonly host: string;
  /**
   * The SMTP port.
   * @default 587
   */
  readonly port?: number;
  /** The sender address, e.g. `argocd@civica.example`. */
  readonly from: string;
  /**
   * The SMTP user name.
   * @default - no authentication
   */
  readonly username?: string;
  /**
   * The SMTP password, from a SecretSource (`email-password` in argocd-notifications-secret).
   * @default - no authentication
   */
  readonly password?: SecretSource;
  /**
   * Send HTML bodies.
   * @default false
   */
  readonly html?: boolean;
}

/**
 * E-mail through SMTP (`service.email`); subscribe with `<trigger>.email` and addresses as recipients.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/services/email/
 *
 * @example
 * import { ArgoNotifications, EmailNotifier, SecretSource } from 'cdk8s-argocd-platform';
 *
 * declare const notifications: ArgoNotifications;
 * new EmailNotifier(notifications, 'Email', {
 *   host: 'smtp.example.org',
 *   port: 587,
 *   from: 'argocd@example.org',
 *   username: 'argocd',
 *   password: SecretSource.fromAzureKeyVault({ secretName: 'argocd-smtp-password' }),
 * });
 */
export class EmailNotifier extends NotificationService {
  constructor(scope: Construct, id: string, props: EmailNotifierProps) {
    super(scope, id, NotificationServiceType.EMAIL, props.name);
    if (typeof props.host !== 'string' || !/^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(props.host)) fail(this, 'host', props.host, 'must be a host name');
    const port = props.port ?? 587;
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail(this, 'port', port, 'must be a TCP port (1-65535)');
    if (typeof props.from !== 'string' || !/^[^\s@"]+@[^\s@"]+$/.test(props.from)) fail(this, 'from', props.from, 'must be an e-mail address');
    if (props.username !== undefined && unsafeTokenReason(props.username)) fail(this, 'username', props.username, unsafeTokenReason(props.username)!);
    if ((props.username === undefined) !== (props.password === undefined)) fail(this, 'password', props.username ?? '<no username>', 'username and password go together');
    const prefix = props.name === undefined ? ['email'] : ['email', this.serviceName];
    const password = props.password === undefined ? undefined
      : this.secret('password', notificationSecretKey(...prefix, 'password'), props.password, 'SMTP password');
    this.render({ host: props.host, port, from: props.from, username: props.username, password, html: props.html });
  }
}
