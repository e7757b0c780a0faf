import { Construct } from 'constructs';
import type { ArgoNotifications } from './argo-notifications';
import type { SlackNotifier } from './slack-notifier';
import type { TeamsWorkflowsNotifier } from './teams-workflows-notifier';
import { AlertmanagerConfig, AlertmanagerConfigSpecRouteMatchersMatchType } from '../imports/alertmanagerconfig-monitoring.coreos.com';
import { PlatformLabels } from '../platform/labels';
import { TeamRegistration } from '../platform/registries';
import { TeamChannelKind } from '../platform/team-channel';
import { ArgoSecret } from '../secrets/argo-secret';
import { SecretBackend, SecretSource } from '../secrets/secret-source';
import { describeInvalid } from '../util/validation';

/** The default alert label the team routes match: ArgoAlerts puts the owning team on every per-application alert. */
export const TEAM_ALERT_LABEL = 'team';

/** Props for TeamAlertRouting. */
export interface TeamAlertRoutingProps {
  /** The platform's notifications (services and their SecretSources). */
  readonly notifications: ArgoNotifications;
  /** The teams with channels. */
  readonly teams: TeamRegistration[];
  /** The Secret the receivers read tokens and URLs from (in Argo CD's namespace). */
  readonly secretName: string;
  /**
   * The alert label carrying the team.
   * @default 'team'
   */
  readonly teamLabel?: string;
}

/**
 * The team channels as Alertmanager receivers, when the platform has alerts: one prometheus-operator
 * `AlertmanagerConfig` per team in Argo CD's namespace, routing alerts whose team label (`team`, ArgoAlerts' default) is the team
 * to the team's Slack channel (bot token as bearer credentials, `chat.postMessage`) or Teams
 * Workflow (`msteamsv2`). Tokens and URLs come from the same SecretSources as the notification
 * services, delivered into one Secret next to the configs. The operator adds a `namespace` matcher to
 * the first-level route (`alertmanagerConfigMatcherStrategy: OnNamespace`), so the alerts must carry
 * `namespace=<Argo CD's namespace>`, or the Alertmanager must use the `None` strategy.
 */
export class TeamAlertRouting extends Construct {
  /** Problems found while building the routes (reported by ArgoNotifications at synth). */
  public readonly problems: string[] = [];

  constructor(scope: Construct, id: string, props: TeamAlertRoutingProps) {
    super(scope, id);
    const notifications = props.notifications;
    const platform = notifications.platform;
    const keys = new Map<string, SecretSource>();
    const plain: Record<string, string> = {};
    const add = (key: string, source: SecretSource) => keys.set(key, source);
    const receivers = props.teams.map(team => {
      const slackConfigs: any[] = [];
      const teamsConfigs: any[] = [];
      for (const [i, channel] of (team.channels ?? []).entries()) {
        const service = notifications.tryGetService(channel.service ?? channel.kind);
        if (!service) continue; // reported by ArgoNotifications as an unconfigured channel service
        if (channel.kind === TeamChannelKind.SLACK && service.serviceType === 'slack') {
          const slack = service as SlackNotifier;
          add(slack.tokenKey, slack.token);
          plain[`${slack.tokenKey}-api-url`] = `${slack.apiUrl.replace(/\/+$/, '')}/chat.postMessage`;
          slackConfigs.push({
            channel: `#${channel.recipient}`,
            apiUrl: { name: props.secretName, key: `${slack.tokenKey}-api-url` },
            httpConfig: { authorization: { type: 'Bearer', credentials: { name: props.secretName, key: slack.tokenKey } } },
            sendResolved: true,
          });
        } else if (channel.kind === TeamChannelKind.TEAMS_WORKFLOWS && service.serviceType === 'teams-workflows') {
          const teams = service as TeamsWorkflowsNotifier;
          const key = teams.recipientKeys[channel.recipient];
          if (!key) continue; // reported as an unknown recipient
          add(key, teams.secretSources[key]);
          teamsConfigs.push({ webhookUrl: { name: props.secretName, key }, sendResolved: true });
        } else {
          this.problems.push(describeInvalid(team.construct, `notify[${i}]`, channel.kind, 'no alert receiver for this channel kind'));
        }
      }
      return { team, slackConfigs, teamsConfigs };
    }).filter(r => r.slackConfigs.length + r.teamsConfigs.length > 0);
    if (receivers.length === 0) return;

    const backends = new Set([...keys.values()].map(s => s.backend));
    if (backends.has(SecretBackend.SEALED_SECRET)) {
      this.problems.push(describeInvalid(this, 'secrets', props.secretName,
        'team alert routes need the channel tokens and URLs in a second Secret next to the AlertmanagerConfigs, but a sealed value only opens for the Secret it was sealed for; deliver the channel secrets from Key Vault (external-secrets)'));
      return;
    }
    const secret = new ArgoSecret(this, 'Secret', {
      secretName: props.secretName,
      namespace: platform.argoCdNamespace,
      backend: SecretBackend.EXTERNAL_SECRET,
      plainData: Object.keys(plain).length ? plain : undefined,
    });
    for (const key of [...keys.keys()].sort()) secret.addKey(key, keys.get(key)!);

    for (const { team, slackConfigs, teamsConfigs } of receivers) {
      new AlertmanagerConfig(this, `AlertmanagerConfig-${team.team}`, {
        metadata: {
          name: `team-${team.team}`,
          namespace: platform.argoCdNamespace,
          labels: { [PlatformLabels.TEAM]: team.team },
        },
        spec: {
          route: {
            receiver: `team-${team.team}`,
            matchers: [{
              name: props.teamLabel ?? TEAM_ALERT_LABEL,
              matchType: AlertmanagerConfigSpecRouteMatchersMatchType.VALUE_EQUALS,
              value: team.team,
            }],
            groupBy: ['alertname', 'name'],
          },
          receivers: [{
            name: `team-${team.team}`,
            slackConfigs: slackConfigs.length ? slackConfigs : undefined,
            msteamsv2Configs: teamsConfigs.length ? teamsConfigs : undefined,
          }],
        },
      });
    }
  }
}
