import { Construct } from 'constructs';
import { assertNotificationName } from './notification-names';
import { notificationsOf } from './notifications-of';
import { SettingsConfigMap } from '../platform/argo-settings';
import { describeInvalid, fail } from '../util/validation';
import { toYaml } from '../util/yaml';

/** How Slack messages of a template are delivered. */
export enum SlackDeliveryPolicy {
  /** Post a new message every time. */
  POST = 'Post',
  /** Post the first message, then update it (with a `groupingKey`). */
  POST_AND_UPDATE = 'PostAndUpdate',
  /** Only update an existing message. */
  UPDATE = 'Update',
}

/** The Slack block of a template. Attachments and blocks are objects, serialized to JSON. */
export interface SlackTemplate {
  /**
   * Slack attachments (legacy secondary content with a colour bar), e.g. `[{ color: '#18be52', title: '...' }]`.
   * @default - none
   */
  readonly attachments?: { [key: string]: any }[];
  /**
   * Slack Block Kit blocks.
   * @default - none
   */
  readonly blocks?: { [key: string]: any }[];
  /**
   * Messages with the same grouping key are threaded (or updated, with `deliveryPolicy`).
   * @default - none
   */
  readonly groupingKey?: string;
  /**
   * Also post threaded replies to the channel.
   * @default false
   */
  readonly notifyBroadcast?: boolean;
  /**
   * Post, update, or post then update.
   * @default - Post
   */
  readonly deliveryPolicy?: SlackDeliveryPolicy;
}

/** The Teams Workflows block of a template (`teams-workflows`). */
export interface TeamsWorkflowsTemplate {
  /**
   * A complete Adaptive Card (`{ type: 'AdaptiveCard', version: '1.4', body: [...] }`); it takes precedence over the other fields.
   * @default - a card built by the service from title and text
   */
  readonly adaptiveCard?: { [key: string]: any };
  /**
   * The title.
   * @default - none
   */
  readonly title?: string;
  /**
   * The text.
   * @default - the template's message
   */
  readonly text?: string;
}

/** The block of the retired Teams connector (`teams`, MessageCard format). */
export interface TeamsConnectorTemplate {
  /**
   * The title.
   * @default - none
   */
  readonly title?: string;
  /**
   * The text.
   * @default - the template's message
   */
  readonly text?: string;
  /**
   * The card's colour, e.g. `#FF0000`.
   * @default - none
   */
  readonly themeColor?: string;
  /**
   * Facts, e.g. `[{ name: 'Sync Status', value: '{{.app.status.sync.status}}' }]`.
   * @default - none
   */
  readonly facts?: { [key: string]: any }[];
}

/** The e-mail block of a template. */
export interface EmailTemplate {
  /** The subject. */
  readonly subject: string;
  /**
   * The body.
   * @default - the template's message
   */
  readonly body?: string;
}

/** The HTTP method of a webhook template. */
export enum WebhookMethod {
  /** GET (notifications' default). */
  GET = 'GET',
  /** POST. */
  POST = 'POST',
  /** PUT. */
  PUT = 'PUT',
  /** PATCH. */
  PATCH = 'PATCH',
}

/** The block of a template for one named webhook (`webhook.<name>`). */
export interface WebhookTemplate {
  /**
   * The HTTP method.
   * @default WebhookMethod.GET
   */
  readonly method?: WebhookMethod;
  /**
   * The path appended to the webhook URL, e.g. `/repos/{{call .repo.FullNameByRepoURL .app.spec.source.repoURL}}/statuses/...`.
   * @default - the URL itself
   */
  readonly path?: string;
  /**
   * The request body.
   * @default - none
   */
  readonly body?: string;
}

/** Props for a NotificationTemplate. */
export interface NotificationTemplateProps {
  /** The template's name, e.g. `app-sync-failed` (no dots). */
  readonly name: string;
  /**
   * The plain message (Go template), shown by services without a richer block and as fallback text.
   * @default - none
   */
  readonly message?: string;
  /**
   * The Slack block.
   * @default - none: the template cannot be sent to a Slack service
   */
  readonly slack?: SlackTemplate;
  /**
   * The Teams Workflows block.
   * @default - none: the template cannot be sent to a Teams Workflows service
   */
  readonly teamsWorkflows?: TeamsWorkflowsTemplate;
  /**
   * The block of the retired Teams connector.
   * @default - none: the template cannot be sent to a Teams connector service
   */
  readonly teams?: TeamsConnectorTemplate;
  /**
   * The e-mail block.
   * @default - none: the template cannot be sent to an e-mail service
   */
  readonly email?: EmailTemplate;
  /**
   * Blocks for named webhooks, by webhook name.
   * @default - none
   */
  readonly webhooks?: { [webhookName: string]: WebhookTemplate };
}

/** A Go template action, `{{ ... }}`. */
const ACTION = /\{\{[\s\S]*?\}\}/g;

/** The JSON text with every Go template action replaced by a sample value: what Slack or Teams will parse. */
export function withSampleValues(json: string): string {
  return json.replace(ACTION, 'sample');
}

/**
 * A template of `argocd-notifications-cm` (`template.<name>`), typed per service: Slack attachments
 * and blocks and Teams Adaptive Cards are built as objects and serialized to JSON (never
 * hand-written JSON inside YAML), e-mail has a subject and body, webhooks a method, path and body.
 * A Go template action inside a JSON string must not contain a double quote (JSON would escape it and
 * the template would no longer parse: use a backquoted raw string), and with every action replaced
 * by a sample value each JSON block must parse.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/templates/
 *
 * @example
 * import { ArgoNotifications, NotificationTemplate } from 'cdk8s-argocd-platform';
 *
 * declare const notifications: ArgoNotifications;
 * new NotificationTemplate(notifications, 'Deployed', {
 *   name: 'app-deployed-summary',
 *   message: '{{.app.metadata.name}} is now running {{.app.status.sync.revision}}',
 *   email: { subject: 'Deployed: {{.app.metadata.name}}' },
 * });
 */
export class NotificationTemplate extends Construct {
  /** The template's name. */
  public readonly name: string;
  /** The service blocks it has (`slack`, `teams-workflows`, `teams`, `email`, `webhook.<name>`), sorted. */
  public readonly blocks: string[];

  constructor(scope: Construct, id: string, props: NotificationTemplateProps) {
    super(scope, id);
    const notifications = notificationsOf(this);
    this.name = assertNotificationName(this, 'name', props.name, 'template');
    const out: Record<string, any> = {};
    const blocks: string[] = [];
    if (props.message !== undefined) out.message = this.text('message', props.message);
    if (props.slack) {
      blocks.push('slack');
      const s = props.slack;
      if (!s.attachments && !s.blocks) fail(this, 'slack', s, 'a Slack block needs attachments or blocks');
      if (s.deliveryPolicy !== undefined && !Object.values(SlackDeliveryPolicy).includes(s.deliveryPolicy)) {
        fail(this, 'slack.deliveryPolicy', s.deliveryPolicy, `must be one of ${Object.values(SlackDeliveryPolicy).join(', ')}`);
      }
      out.slack = {
        attachments: s.attachments && this.json('slack.attachments', s.attachments, true),
        blocks: s.blocks && this.json('slack.blocks', s.blocks, true),
        groupingKey: s.groupingKey,
        notifyBroadcast: s.notifyBroadcast,
        deliveryPolicy: s.deliveryPolicy,
      };
    }
    if (props.teamsWorkflows) {
      blocks.push('teams-workflows');
      const t = props.teamsWorkflows;
      if (!t.adaptiveCard && !t.title && !t.text && props.message === undefined) fail(this, 'teamsWorkflows', t, 'needs an adaptiveCard, a title or a text (or the template\'s message)');
      if (t.adaptiveCard && t.adaptiveCard.type !== 'AdaptiveCard') fail(this, 'teamsWorkflows.adaptiveCard.type', t.adaptiveCard.type, 'an Adaptive Card has type "AdaptiveCard"');
      out['teams-workflows'] = {
        adaptiveCard: t.adaptiveCard && this.json('teamsWorkflows.adaptiveCard', t.adaptiveCard, false),
        title: t.title === undefined ? undefined : this.text('teamsWorkflows.title', t.title),
        text: t.text === undefined ? undefined : this.text('teamsWorkflows.text', t.text),
      };
    }
    if (props.teams) {
      blocks.push('teams');
      const t = props.teams;
      out.teams = {
        title: t.title,
        text: t.text,
        themeColor: t.themeColor,
        facts: t.facts && this.json('teams.facts', t.facts, true),
      };
    }
    if (props.email) {
      blocks.push('email');
      if (typeof props.email.subject !== 'string' || props.email.subject.trim() === '') fail(this, 'email.subject', props.email.subject, 'an e-mail needs a subject');
      out.email = { subject: this.text('email.subject', props.email.subject), body: props.email.body };
    }
    const webhooks = Object.keys(props.webhooks ?? {}).sort();
    if (webhooks.length) {
      out.webhook = {};
      for (const name of webhooks) {
        assertNotificationName(this, `webhooks.${name}`, name, 'webhook');
        const w = props.webhooks![name];
        const method = w.method ?? WebhookMethod.GET;
        if (!Object.values(WebhookMethod).includes(method)) fail(this, `webhooks.${name}.method`, method, `must be one of ${Object.values(WebhookMethod).join(', ')}`);
        if (w.path !== undefined && !w.path.startsWith('/')) fail(this, `webhooks.${name}.path`, w.path, 'must start with "/" (it is appended to the webhook URL)');
        out.webhook[name] = { method, path: w.path, body: w.body };
        blocks.push(`webhook.${name}`);
      }
    }
    if (blocks.length === 0) fail(this, 'blocks', props.name, 'a template needs a block for at least one service (slack, teamsWorkflows, teams, email or webhooks)');
    this.blocks = blocks.sort();
    notifications._registerTemplate(this, this.name, this.blocks);
    notifications.platform.settings.set(this, SettingsConfigMap.NOTIFICATIONS_CM, `template.${this.name}`,
      toYaml(JSON.parse(JSON.stringify(out)), { sortMapEntries: true }));
  }

  private text(field: string, value: string): string {
    if (typeof value !== 'string') fail(this, field, value, 'must be a string (a Go template)');
    this.checkActions(field, value);
    return value;
  }

  /** Serializes an object to JSON after checking its strings; the JSON must parse with sample values. */
  private json(field: string, value: any, list: boolean): string {
    if (list ? !Array.isArray(value) : (typeof value !== 'object' || value === null || Array.isArray(value))) {
      fail(this, field, value, list ? 'must be a list of objects' : 'must be an object');
    }
    this.walk(field, value);
    const json = JSON.stringify(value, null, 2);
    try {
      JSON.parse(withSampleValues(json));
    } catch (e) {
      fail(this, field, json, `is not valid JSON once the Go template actions are replaced by sample values (${(e as Error).message})`);
    }
    return json;
  }

  private walk(field: string, value: any): void {
    if (typeof value === 'string') {
      this.checkActions(field, value);
      for (const action of value.match(ACTION) ?? []) {
        if (action.includes('"')) {
          throw new Error(describeInvalid(this, field, action,
            'a Go template action inside a JSON string must not contain a double quote (JSON escapes it and the template no longer parses); use a backquoted raw string'));
        }
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => this.walk(`${field}[${i}]`, v));
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) this.walk(`${field}.${k}`, v);
    } else if (!['number', 'boolean'].includes(typeof value) && value !== null) {
      fail(this, field, String(value), 'must be a JSON value');
    }
  }

  /** Every `{{` has its `}}`: an unclosed action breaks the whole template at send time. */
  private checkActions(field: string, value: string): void {
    const opens = (value.match(/\{\{/g) ?? []).length;
    const closes = (value.match(/\}\}/g) ?? []).length;
    if (opens !== closes) fail(this, field, value, 'has an unbalanced Go template action ("{{" without "}}")');
  }
}
