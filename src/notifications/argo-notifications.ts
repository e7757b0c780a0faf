import { Construct, IConstruct } from 'constructs';
import { addDefaultNotifications } from './default-notifications';
import { NotificationServiceType, assertNotificationName, secretReferencesIn } from './notification-names';
import { urlRecipientProblem } from './notification-recipient';
import type { NotificationService } from './notification-service';
import { NOTIFICATIONS_SYMBOL, notificationsOf } from './notifications-of';
import { TEAM_ALERT_LABEL, TeamAlertRouting } from './team-alert-routing';
import { ArgoPlatform } from '../platform/argo-platform';
import { SettingsConfigMap } from '../platform/argo-settings';
import { INotificationsProvider } from '../platform/notifications-provider';
import { PlatformCapability, TeamRegistration } from '../platform/registries';
import { TEAM_APP_LABELS } from '../platform/team-application-ref';
import { TeamChannel, TeamChannelKind } from '../platform/team-channel';
import { SecretSource } from '../secrets/secret-source';
import { didYouMean } from '../util/checks';
import { formatProblem } from '../util/errors';
import { assertDnsSubdomain, compareStrings, describeInvalid, fail } from '../util/validation';
import { toYaml } from '../util/yaml';

/** The Secret notifications reads `$key` references from. */
export const NOTIFICATIONS_SECRET = 'argocd-notifications-secret';

/** Props for ArgoNotifications. */
export interface ArgoNotificationsProps {
  /**
   * Triggers every team channel (`TeamProject` `notify`) gets for all of the team's applications, in
   * every environment, through the AppProject's subscriptions annotation.
   * @default ['on-health-degraded', 'on-sync-failed']
   */
  readonly teamTriggers?: string[];
  /**
   * Triggers team channels get for the team's applications in production environments only (a global
   * subscription selecting the team's and the environment's labels).
   * @default ['on-sync-succeeded']
   */
  readonly teamProductionTriggers?: string[];
  /**
   * `defaultTriggers`: the triggers of a subscription that names none (`subscribe.<service>` annotations).
   * @default - none
   */
  readonly defaultTriggers?: string[];
  /**
   * Define the seed's ready defaults: the catalog triggers `on-sync-succeeded`, `on-sync-failed` and
   * `on-health-degraded` (exact `when` and `oncePer`) and their templates `app-sync-succeeded`,
   * `app-sync-failed` and `app-health-degraded` with blocks for Slack (attachments in the seed's
   * colours), Teams Workflows (Adaptive Cards), the Teams connector (MessageCards) and e-mail.
   * @default true
   */
  readonly defaults?: boolean;
  /**
   * The Secret the team alert routes read tokens and webhook URLs from (in Argo CD's namespace, next
   * to the AlertmanagerConfigs), delivered from the same SecretSources as the notification services.
   * @default 'argocd-team-alert-routing'
   */
  readonly alertRoutingSecretName?: string;
  /**
   * The alert label the team routes match. One platform fact with ArgoAlerts' `teamLabel`: set
   * either (or both to the same value); two different values fail the synth naming both.
   * @default - ArgoAlerts' `teamLabel`, else 'team'
   */
  readonly alertTeamLabel?: string;
}

/** A subscription to check: its triggers and services must exist and the templates must have the services' blocks. */
interface SubscriptionCheck {
  readonly scope: IConstruct | string;
  readonly field: string;
  readonly triggers: string[];
  readonly services: string[];
  /** The recipients named, each with its field, checked against the service's configured recipients. */
  readonly recipients?: SubscriptionRecipientCheck[];
  /** The label selector's requirements, checked against the platform's environments and teams. */
  readonly selector?: SelectorCheck[];
}

/** A recipient a subscription names. @internal */
export interface SubscriptionRecipientCheck {
  readonly field: string;
  readonly service: string;
  readonly recipient: string;
}

/** One requirement of a subscription's label selector: a label key and the values it accepts. @internal */
export interface SelectorCheck {
  readonly field: string;
  readonly key: string;
  readonly values: string[];
}

interface TriggerRecord {
  readonly construct: IConstruct;
  readonly send: string[];
}

interface TemplateRecord {
  readonly construct: IConstruct;
  readonly blocks: string[];
}

/** One global subscription of the `subscriptions` key. */
interface GlobalSubscription {
  readonly recipients: string[];
  readonly triggers?: string[];
  readonly selector?: string;
}

const DEFAULT_TEAM_TRIGGERS = ['on-health-degraded', 'on-sync-failed'];
const DEFAULT_PRODUCTION_TRIGGERS = ['on-sync-succeeded'];

function sorted(values: Iterable<string>): string[] {
  return [...values].sort(compareStrings);
}

/**
 * Argo CD notifications as code, for one platform: owns `argocd-notifications-cm` and
 * `argocd-notifications-secret` through the platform core (the chart's copies are switched off, its
 * controller on), sets `context.argocdUrl` from the platform URL, and checks at synth what Argo CD
 * would silently ignore: a subscription naming an undefined trigger or service, a trigger sending
 * an undefined template, a template without a block for a service it is sent to, a `$key` the
 * notifications secret does not provide, a team channel for a service that is not configured.
 *
 * Services (`SlackNotifier`, `TeamsWorkflowsNotifier`, `EmailNotifier`, `WebhookNotifier`,
 * `TeamsConnectorNotifier`), triggers (`NotificationTrigger`), templates (`NotificationTemplate`) and
 * subscriptions (`NotificationSubscription` global, team channels per project, `ApplicationSubscription`
 * per application) are constructs anywhere below the platform. Teams declare their channel on their
 * `TeamProject` (`notify`); when the platform has alerts, the same channels receive the team's alerts
 * through a prometheus-operator `AlertmanagerConfig` per team.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/
 *
 * @example
 * import { ArgoNotifications, ArgoPlatform, SecretSource, SlackNotifier } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * // Teams declare their channels on TeamProject (`notify`); the services are declared once here.
 * const notifications = new ArgoNotifications(platform, 'Notifications');
 * new SlackNotifier(notifications, 'Slack', {
 *   token: SecretSource.fromAzureKeyVault({ secretName: 'argocd-notifications-slack-token' }),
 * });
 */
export class ArgoNotifications extends Construct implements INotificationsProvider {
  /** The ArgoNotifications of the platform a construct belongs to; fails when the platform has none. */
  public static of(scope: IConstruct): ArgoNotifications {
    return notificationsOf(scope);
  }

  /** The platform. */
  public readonly platform: ArgoPlatform;
  /** Triggers of team channels in every environment. */
  public readonly teamTriggers: string[];
  /** Triggers of team channels in production only. */
  public readonly teamProductionTriggers: string[];
  /** The `defaultTriggers`, sorted. */
  public readonly defaultTriggers: string[];

  private readonly services = new Map<string, NotificationService>();
  private readonly triggers = new Map<string, TriggerRecord>();
  private readonly templates = new Map<string, TemplateRecord>();
  private readonly globalSubscriptions: Array<{ scope: IConstruct; subscription: GlobalSubscription }> = [];
  private readonly checks: SubscriptionCheck[] = [];
  private readonly secretKeys = new Set<string>();
  private readonly secretTexts: Array<{ scope: IConstruct; field: string; text: string }> = [];
  private readonly alertRoutingSecretName: string;
  private prepared = false;
  private subscriptions: GlobalSubscription[] = [];
  private readonly prepareProblems: string[] = [];

  constructor(scope: Construct, id: string, props: ArgoNotificationsProps = {}) {
    super(scope, id);
    Object.defineProperty(this, NOTIFICATIONS_SYMBOL, { value: true });
    this.platform = ArgoPlatform.platformOf(this);
    this.platform.capabilities.provide(this, PlatformCapability.NOTIFICATIONS);
    this.platform.enableSettingsObject(this, SettingsConfigMap.NOTIFICATIONS_CM);
    this.platform.enableSettingsObject(this, NOTIFICATIONS_SECRET);
    this.platform.chartValues.set(this, 'notifications.enabled', true);
    this.platform.chartValues.set(this, 'notifications.argocdUrl', this.platform.url.replace(/\/+$/, ''));
    this.platform.settings.set(this, SettingsConfigMap.NOTIFICATIONS_CM, 'context',
      toYaml({ argocdUrl: this.platform.url.replace(/\/+$/, '') }));
    this.platform.teams.setChannelRenderer(this, { projectSubscriptions: team => this.renderProjectSubscriptions(team) });

    this.teamTriggers = this.checkTriggerList('teamTriggers', props.teamTriggers ?? DEFAULT_TEAM_TRIGGERS);
    this.teamProductionTriggers = this.checkTriggerList('teamProductionTriggers', props.teamProductionTriggers ?? DEFAULT_PRODUCTION_TRIGGERS);
    this.defaultTriggers = this.checkTriggerList('defaultTriggers', props.defaultTriggers ?? []);
    if (this.defaultTriggers.length) {
      this.platform.settings.set(this, SettingsConfigMap.NOTIFICATIONS_CM, 'defaultTriggers', toYaml(this.defaultTriggers));
    }
    this.alertRoutingSecretName = assertDnsSubdomain(this, 'alertRoutingSecretName', props.alertRoutingSecretName ?? 'argocd-team-alert-routing');
    const alertTeamLabel = props.alertTeamLabel ?? TEAM_ALERT_LABEL;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(alertTeamLabel)) fail(this, 'alertTeamLabel', alertTeamLabel, 'must be a Prometheus label name (letters, digits and "_", not starting with a digit)');
    // One fact with ArgoAlerts' teamLabel: two different labels are refused naming both.
    if (props.alertTeamLabel !== undefined) this.platform.facts.setAlertTeamLabel(this, 'alertTeamLabel', props.alertTeamLabel);

    if (props.defaults ?? true) addDefaultNotifications(this);

    // Team subscriptions and alert routes depend on the teams and on ArgoAlerts: made in the platform's resolution step.
    this.platform.onResolve(this, { resolve: () => { this.prepare(); return []; } });
    this.node.addValidation({ validate: () => this.validate() });
  }

  /** The services, sorted by name. */
  public get serviceNames(): string[] {
    return sorted(this.services.keys());
  }

  /** The triggers, sorted by name. */
  public get triggerNames(): string[] {
    return sorted(this.triggers.keys());
  }

  /** The templates, sorted by name. */
  public get templateNames(): string[] {
    return sorted(this.templates.keys());
  }

  /** Every subscription's recipients (`<service>:<recipient>`), global subscriptions first, then the teams' (known once the platform is complete). */
  public get subscriptionRecipients(): string[] {
    this.platform.resolve();
    return this.subscriptions.flatMap(s => s.recipients);
  }

  /** The service subscriptions call `name`, if configured. */
  public tryGetService(name: string): NotificationService | undefined {
    return this.services.get(name);
  }

  /** Registers a service (called by the service constructs). @internal */
  public _registerService(service: NotificationService): void {
    const existing = this.services.get(service.serviceName);
    if (existing) fail(service, 'name', service.serviceName, `the service is already configured by [${existing.node.path}]; give one of them a name`);
    this.services.set(service.serviceName, service);
  }

  /** Registers a trigger (called by NotificationTrigger). @internal */
  public _registerTrigger(construct: IConstruct, name: string, send: string[]): void {
    const existing = this.triggers.get(name);
    if (existing) fail(construct, 'name', name, `the trigger is already defined by [${existing.construct.node.path}]`);
    this.triggers.set(name, { construct, send });
  }

  /** Registers a template (called by NotificationTemplate). @internal */
  public _registerTemplate(construct: IConstruct, name: string, blocks: string[]): void {
    const existing = this.templates.get(name);
    if (existing) fail(construct, 'name', name, `the template is already defined by [${existing.construct.node.path}]`);
    this.templates.set(name, { construct, blocks });
  }

  /**
   * Registers a subscription whose triggers and services are checked at synth (called by the
   * subscription constructs). @internal
   */
  public _checkSubscription(scope: IConstruct, field: string, triggers: string[], services: string[],
    recipients?: SubscriptionRecipientCheck[], selector?: SelectorCheck[]): void {
    this.checks.push({ scope, field, triggers, services, recipients, selector });
  }

  /** Adds a global subscription to the `subscriptions` key (called by NotificationSubscription). @internal */
  public _addGlobalSubscription(scope: IConstruct, recipients: string[], triggers: string[] | undefined, selector: string | undefined): void {
    this.globalSubscriptions.push({ scope, subscription: { recipients, triggers, selector } });
  }

  /**
   * Delivers a secret into argocd-notifications-secret and returns its `$key` reference (services call
   * this; use it for a custom service's config).
   * @param contributor the construct that needs the secret (named in errors)
   * @param key the key, letters, digits, "_" and "-" (notifications reads `$key` up to any other character)
   */
  public secretReference(contributor: IConstruct, key: string, source: SecretSource): string {
    const reference = this.platform.secretReference(contributor, key, source, { secretName: NOTIFICATIONS_SECRET });
    this.secretKeys.add(key);
    return reference;
  }

  /** Text that may hold `$key` references (header values, URLs): each must be a key of the notifications secret. @internal */
  public _checkSecretReferences(scope: IConstruct, field: string, text: string): void {
    this.secretTexts.push({ scope, field, text });
  }

  /** The keys of argocd-notifications-secret, sorted. */
  public get secretKeyNames(): string[] {
    return sorted(this.secretKeys);
  }

  /** The `notifications.argoproj.io/subscriptions` value of a team's AppProject. */
  private renderProjectSubscriptions(team: TeamRegistration): string | undefined {
    const channels = team.channels ?? [];
    if (!channels.length || !this.teamTriggers.length) return undefined;
    const byService = new Map<string, Set<string>>();
    for (const channel of channels) {
      const service = this.channelService(channel);
      byService.set(service, (byService.get(service) ?? new Set()).add(channel.recipient));
    }
    const destinations = sorted(byService.keys()).map(service => ({ service, recipients: sorted(byService.get(service)!) }));
    return toYaml([{ trigger: [...this.teamTriggers], destinations }]);
  }

  private channelService(channel: TeamChannel): string {
    return channel.service ?? channel.kind;
  }

  private checkTriggerList(field: string, triggers: string[]): string[] {
    if (!Array.isArray(triggers)) fail(this, field, triggers, 'must be a list of trigger names');
    triggers.forEach((t, i) => assertNotificationName(this, `${field}[${i}]`, t, 'trigger'));
    return sorted(new Set(triggers));
  }

  /** Work that needs the complete platform: team subscriptions and alert routes. Runs once, at synth. */
  private prepare(): void {
    if (this.prepared) return;
    this.prepared = true;
    const teams = this.platform.teams.all.filter(t => (t.channels ?? []).length > 0);
    const production = this.platform.environments.filter(e => e.production).map(e => e.environmentName);
    const subscriptions: GlobalSubscription[] = this.globalSubscriptions.map(s => s.subscription);
    for (const team of teams) {
      // A channel whose service is missing is reported once, by the channel check.
      const services = team.channels!.map(c => this.channelService(c)).filter(s => this.services.has(s));
      this.checks.push({ scope: team.construct, field: 'notify', triggers: this.teamTriggers, services });
      if (production.length && this.teamProductionTriggers.length) {
        this.checks.push({ scope: team.construct, field: 'notify', triggers: this.teamProductionTriggers, services });
        subscriptions.push({
          recipients: sorted(new Set(team.channels!.map(c => `${this.channelService(c)}:${c.recipient}`))),
          triggers: [...this.teamProductionTriggers],
          selector: `${TEAM_APP_LABELS.environment} in (${production.join(',')}),${TEAM_APP_LABELS.team}=${team.team}`,
        });
      }
    }
    this.subscriptions = subscriptions;
    if (subscriptions.length) {
      this.platform.settings.set(this, SettingsConfigMap.NOTIFICATIONS_CM, 'subscriptions',
        toYaml(subscriptions.map(s => JSON.parse(JSON.stringify(s))), { sortMapEntries: true }));
    }
    if (this.platform.capabilities.has(PlatformCapability.ALERTS) && teams.length) {
      // In the platform's chart: the configs and their Secret sit next to Argo CD, applied with its folder.
      const routing = new TeamAlertRouting(this.platform, 'TeamAlertRouting', {
        notifications: this, teams, secretName: this.alertRoutingSecretName, teamLabel: this.platform.facts.alertTeamLabel,
      });
      this.prepareProblems.push(...routing.problems);
    }
  }

  private validate(): string[] {
    const problems: string[] = [...this.prepareProblems];
    const triggerList = this.triggerNames.join(', ') || 'none';
    const serviceList = this.serviceNames.join(', ') || 'none';
    for (const [name, trigger] of this.triggers) {
      for (const template of trigger.send) {
        if (!this.templates.has(template)) {
          problems.push(describeInvalid(trigger.construct, 'send', template,
            `trigger "${name}" sends template "${template}", which is not defined (defined: ${this.templateNames.join(', ') || 'none'}); define it with NotificationTemplate`));
        }
      }
    }
    for (const [i, trigger] of this.defaultTriggers.entries()) {
      if (!this.triggers.has(trigger)) problems.push(describeInvalid(this, `defaultTriggers[${i}]`, trigger, `no such trigger (defined: ${triggerList})`));
    }
    for (const team of this.platform.teams.all) {
      for (const [i, channel] of (team.channels ?? []).entries()) {
        problems.push(...this.validateChannel(team, i, channel));
      }
    }
    const reported = new Set<string>();
    for (const check of this.checks) {
      for (const trigger of check.triggers) {
        if (!this.triggers.has(trigger)) {
          problems.push(describeInvalid(check.scope, check.field, trigger, `the subscription names trigger "${trigger}", which is not defined (defined: ${triggerList}); Argo CD would silently never send it`));
        }
      }
      for (const service of check.services) {
        const configured = this.services.get(service);
        if (!configured) {
          problems.push(describeInvalid(check.scope, check.field, service, `the subscription names service "${service}", which is not configured (configured: ${serviceList}); Argo CD would silently never send it`));
          continue;
        }
        for (const trigger of check.triggers) {
          for (const template of this.triggers.get(trigger)?.send ?? []) {
            const record = this.templates.get(template);
            const key = `${template}\u0000${configured.templateBlock}`;
            if (!record || record.blocks.includes(configured.templateBlock) || reported.has(key)) continue;
            reported.add(key);
            problems.push(describeInvalid(record.construct, configured.templateBlock, record.blocks,
              `template "${template}" is sent to service "${service}" (trigger "${trigger}", subscribed by [${typeof check.scope === 'string' ? check.scope : check.scope.node.path}]) but has no ${configured.templateBlock} block`));
          }
        }
      }
    }
    for (const check of this.checks) problems.push(...this.referenceProblems(check));
    for (const { scope, field, text } of this.secretTexts) {
      for (const key of secretReferencesIn(text)) {
        if (!this.secretKeys.has(key)) {
          problems.push(describeInvalid(scope, field, `$${key}`, `is not a key of ${NOTIFICATIONS_SECRET} (provided: ${this.secretKeyNames.join(', ') || 'none'}); deliver it from a SecretSource`));
        }
      }
    }
    return problems;
  }

  /**
   * A subscription's recipients against each service's configured recipients (a Teams service
   * knows its recipient names), and its selector against the platform's environments and teams:
   * Argo CD would silently notify nobody.
   */
  private referenceProblems(check: SubscriptionCheck): string[] {
    const problems: string[] = [];
    for (const r of check.recipients ?? []) {
      const service = this.services.get(r.service);
      const names = (service as unknown as { recipientNames?: string[] } | undefined)?.recipientNames;
      if (!names || names.includes(r.recipient)) continue;
      problems.push(describeInvalid(check.scope, r.field, r.recipient,
        `service "${r.service}" has no recipient of this name (its recipients: ${names.join(', ')}); Argo CD would silently notify nobody`,
        `${didYouMean(r.recipient, names)}add it to the service's recipients, or name one of them`));
    }
    const known: Record<string, string[]> = {
      [TEAM_APP_LABELS.environment]: this.platform.environments.map(e => e.environmentName),
      [TEAM_APP_LABELS.team]: sorted(new Set(this.platform.teams.all.map(t => t.team))),
    };
    for (const requirement of check.selector ?? []) {
      const values = known[requirement.key];
      if (!values) continue;
      for (const value of requirement.values) {
        if (values.includes(value)) continue;
        const what = requirement.key === TEAM_APP_LABELS.environment ? 'environment' : 'team';
        problems.push(describeInvalid(check.scope, requirement.field, value,
          `no ${what} of the platform is named so (it has ${values.join(', ') || 'none'}); the selector would match no Application`,
          `${didYouMean(value, values)}name one of them`));
      }
    }
    return problems;
  }

  private validateChannel(team: TeamRegistration, index: number, channel: TeamChannel): string[] {
    const field = `notify[${index}]`;
    if (!Object.values(TeamChannelKind).includes(channel.kind)) {
      return [describeInvalid(team.construct, `${field}.kind`, channel.kind, `must be one of ${Object.values(TeamChannelKind).join(', ')}`)];
    }
    const name = this.channelService(channel);
    const service = this.services.get(name);
    if (!service) {
      return [describeInvalid(team.construct, `${field}.service`, name,
        `the team's ${channel.kind} channel needs a ${channel.kind} service "${name}", which is not configured (configured: ${this.serviceNames.join(', ') || 'none'})`)];
    }
    if (service.serviceType !== (channel.kind as string as NotificationServiceType)) {
      return [describeInvalid(team.construct, `${field}.service`, name, `service "${name}" is a ${service.serviceType} service, not ${channel.kind}`)];
    }
    const recipient = channel.recipient;
    const pasted = urlRecipientProblem(team.construct, `${field}.recipient`, recipient, channel.kind === TeamChannelKind.TEAMS_WORKFLOWS
      ? `give the URL to the TeamsWorkflowsNotifier as a SecretSource in its recipients (for example recipients: { ${team.team}: SecretSource.fromAzureKeyVault({ secretName: '…' }) }) and name that recipient here`
      : 'name the Slack channel here (without "#"); the service\'s token comes from a SecretSource');
    if (pasted) return [formatProblem(pasted)];
    if (typeof recipient !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(recipient)) {
      return [describeInvalid(team.construct, `${field}.recipient`, recipient, 'must be a channel name (letters, digits, ".", "_" and "-", without "#")')];
    }
    const recipients = (service as unknown as { recipientNames?: string[] }).recipientNames;
    if (recipients && !recipients.includes(recipient)) {
      return [describeInvalid(team.construct, `${field}.recipient`, recipient, `service "${name}" has no recipient "${recipient}" (recipients: ${recipients.join(', ')})`)];
    }
    return [];
  }
}
