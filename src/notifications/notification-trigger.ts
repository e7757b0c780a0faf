import { Construct } from 'constructs';
import { assertNotificationName } from './notification-names';
import { notificationsOf } from './notifications-of';
import { SettingsConfigMap } from '../platform/argo-settings';
import { fail, unsafeTokenReason } from '../util/validation';
import { toYaml } from '../util/yaml';

/** One condition of a trigger: when it fires, which templates it sends, how often. */
export interface TriggerCondition {
  /** The condition, an expr expression over `app` (e.g. `app.status.health.status == 'Degraded'`). */
  readonly when: string;
  /** The templates it sends. */
  readonly send: string[];
  /**
   * Send once per value of this expression (e.g. `app.status.operationState?.syncResult?.revision`).
   * @default - every time the condition turns true
   */
  readonly oncePer?: string;
  /**
   * What the condition means.
   * @default - none
   */
  readonly description?: string;
}

/** Props for a NotificationTrigger. */
export interface NotificationTriggerProps {
  /** The trigger's name, e.g. `on-sync-failed` (no dots: annotation keys are split on dots). */
  readonly name: string;
  /** The conditions (rendered as the YAML list notifications-engine reads). */
  readonly conditions: TriggerCondition[];
}

/** The triggers of Argo CD's notifications catalog (the chart does not install them). */
export enum CatalogTrigger {
  /** Application is created. */
  ON_CREATED = 'on-created',
  /** Application is deleted. */
  ON_DELETED = 'on-deleted',
  /** Application is synced and healthy, once per commit. */
  ON_DEPLOYED = 'on-deployed',
  /** Application has degraded. */
  ON_HEALTH_DEGRADED = 'on-health-degraded',
  /** Application syncing has failed. */
  ON_SYNC_FAILED = 'on-sync-failed',
  /** Application is being synced. */
  ON_SYNC_RUNNING = 'on-sync-running',
  /** Application status is 'Unknown'. */
  ON_SYNC_STATUS_UNKNOWN = 'on-sync-status-unknown',
  /** Application syncing has succeeded. */
  ON_SYNC_SUCCEEDED = 'on-sync-succeeded',
}

/** Options for a catalog trigger. */
export interface CatalogTriggerOptions {
  /**
   * The templates it sends.
   * @default - the catalog's template, `app-<event>` (e.g. `app-sync-failed` for `on-sync-failed`)
   */
  readonly send?: string[];
}

const PER_REVISION = 'app.status.operationState?.syncResult?.revision';

/** The catalog's exact `when`, `oncePer` and `description` (Argo CD notifications_catalog/triggers). */
const CATALOG: Record<CatalogTrigger, { when: string; oncePer: string; description: string }> = {
  [CatalogTrigger.ON_CREATED]: { when: 'true', oncePer: 'app.metadata.name', description: 'Application is created.' },
  [CatalogTrigger.ON_DELETED]: { when: 'app.metadata.deletionTimestamp != nil', oncePer: 'app.metadata.name', description: 'Application is deleted.' },
  [CatalogTrigger.ON_DEPLOYED]: {
    when: 'app.status.operationState != nil and app.status.operationState.phase in [\'Succeeded\'] and app.status.health.status == \'Healthy\' and '
      + '(!time.Parse(app.status.health.lastTransitionTime).Add(1 * time.Minute).Before(time.Parse(app.status.operationState.finishedAt)) or '
      + 'time.Parse(app.status.health.lastTransitionTime).Before(time.Parse(app.status.operationState.startedAt)))',
    oncePer: PER_REVISION,
    description: 'Application is synced and healthy. Triggered once per commit.',
  },
  [CatalogTrigger.ON_HEALTH_DEGRADED]: { when: 'app.status.health.status == \'Degraded\'', oncePer: PER_REVISION, description: 'Application has degraded' },
  [CatalogTrigger.ON_SYNC_FAILED]: {
    when: 'app.status.operationState != nil and app.status.operationState.phase in [\'Error\', \'Failed\']', oncePer: PER_REVISION, description: 'Application syncing has failed',
  },
  [CatalogTrigger.ON_SYNC_RUNNING]: {
    when: 'app.status.operationState != nil and app.status.operationState.phase in [\'Running\']', oncePer: PER_REVISION, description: 'Application is being synced',
  },
  [CatalogTrigger.ON_SYNC_STATUS_UNKNOWN]: { when: 'app.status.sync.status == \'Unknown\'', oncePer: PER_REVISION, description: 'Application status is \'Unknown\'' },
  [CatalogTrigger.ON_SYNC_SUCCEEDED]: {
    when: 'app.status.operationState != nil and app.status.operationState.phase in [\'Succeeded\']', oncePer: PER_REVISION, description: 'Application syncing has succeeded',
  },
};

/**
 * A trigger of `argocd-notifications-cm` (`trigger.<name>`): a YAML list of conditions, each sending
 * templates. `NotificationTrigger.fromCatalog` gives the catalog's triggers with their exact text.
 * A template it sends must be defined, and must have a block for every service it is sent to.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/triggers/
 *
 * @example
 * import { ArgoNotifications, NotificationTemplate, NotificationTrigger } from 'cdk8s-argocd-platform';
 *
 * declare const notifications: ArgoNotifications;
 * new NotificationTemplate(notifications, 'SyncRunning', {
 *   name: 'app-sync-running-long',
 *   message: '{{.app.metadata.name}} has been syncing since {{.app.status.operationState.startedAt}}',
 *   email: { subject: 'Slow sync: {{.app.metadata.name}}' },
 * });
 * new NotificationTrigger(notifications, 'SyncRunningLong', {
 *   name: 'on-sync-running-long',
 *   conditions: [{ when: "app.status.operationState.phase in ['Running']", send: ['app-sync-running-long'] }],
 * });
 */
export class NotificationTrigger extends Construct {
  /**
   * A trigger of Argo CD's catalog with its exact `when`, `oncePer` and description.
   * @param scope any construct below the platform
   * @param id the construct id
   */
  public static fromCatalog(scope: Construct, id: string, trigger: CatalogTrigger, options: CatalogTriggerOptions = {}): NotificationTrigger {
    const entry = CATALOG[trigger];
    if (!entry) fail(scope, 'trigger', trigger, `must be one of ${Object.values(CatalogTrigger).join(', ')}`);
    return new NotificationTrigger(scope, id, {
      name: trigger,
      conditions: [{ ...entry, send: options.send ?? [trigger.replace(/^on-/, 'app-')] }],
    });
  }

  /** The trigger's name. */
  public readonly name: string;
  /** The templates it sends, sorted. */
  public readonly templates: string[];

  constructor(scope: Construct, id: string, props: NotificationTriggerProps) {
    super(scope, id);
    const notifications = notificationsOf(this);
    this.name = assertNotificationName(this, 'name', props.name, 'trigger');
    if (!Array.isArray(props.conditions) || props.conditions.length === 0) fail(this, 'conditions', props.conditions, 'a trigger needs at least one condition');
    const conditions = props.conditions.map((c, i) => {
      const field = `conditions[${i}]`;
      for (const [key, value] of [['when', c.when], ['oncePer', c.oncePer], ['description', c.description]] as const) {
        if (value === undefined && key !== 'when') continue;
        const reason = typeof value === 'string' && /[\r\n]/.test(value) ? 'must be on one line' : unsafeTokenReason(value as string);
        if (reason && !(reason.includes('double quote'))) fail(this, `${field}.${key}`, value, reason);
      }
      if (!Array.isArray(c.send) || c.send.length === 0) fail(this, `${field}.send`, c.send, 'a condition sends at least one template');
      c.send.forEach((t, j) => assertNotificationName(this, `${field}.send[${j}]`, t, 'template'));
      return { description: c.description, oncePer: c.oncePer, send: [...c.send], when: c.when };
    });
    this.templates = [...new Set(conditions.flatMap(c => c.send))].sort();
    notifications._registerTrigger(this, this.name, this.templates);
    notifications.platform.settings.set(this, SettingsConfigMap.NOTIFICATIONS_CM, `trigger.${this.name}`,
      toYaml(JSON.parse(JSON.stringify(conditions))));
  }
}
