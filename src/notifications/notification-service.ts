import { Construct } from 'constructs';
import type { ArgoNotifications } from './argo-notifications';
import { NotificationServiceType, assertNotificationName } from './notification-names';
import { notificationsOf } from './notifications-of';
import { SettingsConfigMap } from '../platform/argo-settings';
import { assertSecretSource, SecretSource } from '../secrets/secret-source';
import { fail } from '../util/validation';
import { toYaml } from '../util/yaml';

/** Common props of every notification service. */
export interface NotificationServiceOptions {
  /**
   * The service's name, for a platform with several services of one type: the settings key is then
   * `service.<type>.<name>` and subscriptions name it `<name>`. No dots.
   * @default - the type itself (`service.slack`, subscribed as `slack`)
   */
  readonly name?: string;
}

/**
 * One notification service of `argocd-notifications-cm` (`service.<type>` or `service.<type>.<name>`).
 * Its secrets come from SecretSources into `argocd-notifications-secret` and are referenced as `$key`.
 */
export abstract class NotificationService extends Construct {
  /** The service type. */
  public readonly serviceType: NotificationServiceType;
  /** The name subscriptions use (`slack`, `teams-workflows`, or the custom name). */
  public readonly serviceName: string;
  /** The key in argocd-notifications-cm, e.g. `service.slack`. */
  public readonly settingsKey: string;
  /** The notifications of the platform. */
  protected readonly notifications: ArgoNotifications;
  private readonly secrets = new Map<string, SecretSource>();

  protected constructor(scope: Construct, id: string, type: NotificationServiceType, name: string | undefined, nameRequired = false) {
    super(scope, id);
    this.notifications = notificationsOf(this);
    if (nameRequired && name === undefined) fail(this, 'name', name, `a ${type} service needs a name (service.${type}.<name>); subscriptions use that name`);
    this.serviceType = type;
    this.serviceName = name === undefined ? type : assertNotificationName(this, 'name', name, 'service');
    this.settingsKey = name === undefined ? `service.${type}` : `service.${type}.${this.serviceName}`;
    this.notifications._registerService(this);
  }

  /**
   * The template block this service reads: `slack`, `teams`, `teams-workflows`, `email` or
   * `webhook.<name>`. A template sent to this service must have it.
   */
  public get templateBlock(): string {
    return this.serviceType === NotificationServiceType.WEBHOOK ? `webhook.${this.serviceName}` : this.serviceType;
  }

  /** The secret values of this service, by key of `argocd-notifications-secret`. */
  public get secretSources(): { [key: string]: SecretSource } {
    return Object.fromEntries([...this.secrets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /**
   * Delivers a secret into `argocd-notifications-secret` and returns its `$key` reference.
   * A literal string where a SecretSource belongs fails (it would end up in Git).
   */
  protected secret(field: string, key: string, source: SecretSource, what: string): string {
    if (!SecretSource.isSecretSource(source)) {
      fail(this, field, '<literal value>', `must be a SecretSource (SecretSource.fromAzureKeyVault, fromExternalStore or fromSealedSecret): a literal ${what} would end up in Git`);
    }
    assertSecretSource(this, field, source);
    this.secrets.set(key, source);
    return this.notifications.secretReference(this, key, source);
  }

  /** Contributes the service's YAML to argocd-notifications-cm. */
  protected render(config: { [key: string]: any }): void {
    const clean = JSON.parse(JSON.stringify(config));
    const yaml = toYaml(clean, { sortMapEntries: true });
    this.notifications.platform.settings.set(this, SettingsConfigMap.NOTIFICATIONS_CM, this.settingsKey, yaml);
  }
}
