import { Construct } from 'constructs';
import { NotificationTemplate } from './notification-template';
import { CatalogTrigger, NotificationTrigger } from './notification-trigger';

/** The seed's colours: success green (the seed's `#18be52`), failure red and degraded amber (the catalog's). */
export const NOTIFICATION_COLOURS = { success: '#18be52', failure: '#E96D76', degraded: '#f4c030' } as const;

const APP = '{{.app.metadata.name}}';
/** The application's page; `<namespace>/<name>` also finds Applications outside Argo CD's namespace. */
const APP_URL = '{{.context.argocdUrl}}/applications/{{.app.metadata.namespace}}/{{.app.metadata.name}}';

interface DefaultMessage {
  readonly trigger: CatalogTrigger;
  readonly template: string;
  readonly colour: string;
  readonly adaptiveColour: string;
  readonly title: string;
  readonly text: string;
  readonly fieldTitle: string;
  readonly fieldValue: string;
}

const DEFAULTS: DefaultMessage[] = [
  {
    trigger: CatalogTrigger.ON_SYNC_SUCCEEDED,
    template: 'app-sync-succeeded',
    colour: NOTIFICATION_COLOURS.success,
    adaptiveColour: 'Good',
    title: `${APP} synced successfully`,
    text: `Application ${APP} is now running revision {{.app.status.sync.revision}}.`,
    fieldTitle: 'Project',
    fieldValue: '{{.app.spec.project}}',
  },
  {
    trigger: CatalogTrigger.ON_SYNC_FAILED,
    template: 'app-sync-failed',
    colour: NOTIFICATION_COLOURS.failure,
    adaptiveColour: 'Attention',
    title: `${APP} failed to sync`,
    text: `The sync of application ${APP} ended with {{.app.status.operationState.phase}} at {{.app.status.operationState.finishedAt}}; the operation's details are in Argo CD.`,
    fieldTitle: 'Sync Status',
    fieldValue: '{{.app.status.sync.status}}',
  },
  {
    trigger: CatalogTrigger.ON_HEALTH_DEGRADED,
    template: 'app-health-degraded',
    colour: NOTIFICATION_COLOURS.degraded,
    adaptiveColour: 'Warning',
    title: `${APP} is degraded`,
    text: `Application ${APP} has degraded (health {{.app.status.health.status}}).`,
    fieldTitle: 'Health Status',
    fieldValue: '{{.app.status.health.status}}',
  },
];

/**
 * The seed's ready defaults: catalog triggers on-sync-succeeded, on-sync-failed and
 * on-health-degraded, and their templates with Slack, Teams Workflows, Teams connector and e-mail blocks.
 */
export function addDefaultNotifications(scope: Construct): void {
  for (const d of DEFAULTS) {
    NotificationTrigger.fromCatalog(scope, `Trigger-${d.trigger}`, d.trigger);
    new NotificationTemplate(scope, `Template-${d.template}`, {
      name: d.template,
      message: `${d.text}\n${APP_URL}`,
      slack: {
        attachments: [{
          color: d.colour,
          title: d.title,
          title_link: APP_URL,
          text: d.text,
          fields: [
            { title: d.fieldTitle, value: d.fieldValue, short: true },
            { title: 'Project', value: '{{.app.spec.project}}', short: true },
          ].filter((_field, i) => i === 0 || d.fieldTitle !== 'Project'),
        }],
      },
      teamsWorkflows: {
        adaptiveCard: {
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: d.title, weight: 'Bolder', size: 'Medium', color: d.adaptiveColour, wrap: true },
            { type: 'TextBlock', text: d.text, wrap: true },
            { type: 'FactSet', facts: [{ title: d.fieldTitle, value: d.fieldValue }, { title: 'Project', value: '{{.app.spec.project}}' }].filter((_field, i) => i === 0 || d.fieldTitle !== 'Project') },
          ],
          actions: [{ type: 'Action.OpenUrl', title: 'Open in Argo CD', url: APP_URL }],
        },
      },
      teams: { title: d.title, text: d.text, themeColor: d.colour },
      email: { subject: d.title, body: `${d.text}\n\n${APP_URL}\n` },
    });
  }
}
