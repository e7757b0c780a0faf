import { IConstruct } from 'constructs';
import { fail } from '../util/validation';

/** How notifications-engine delivers a service: the `<type>` of `service.<type>[.<name>]`. */
export enum NotificationServiceType {
  /** Slack (`service.slack`). */
  SLACK = 'slack',
  /** Microsoft Teams through Power Automate Workflows (`service.teams-workflows`), Adaptive Cards. */
  TEAMS_WORKFLOWS = 'teams-workflows',
  /** The retired Office 365 connector (`service.teams`), MessageCards. */
  TEAMS = 'teams',
  /** SMTP e-mail (`service.email`). */
  EMAIL = 'email',
  /** A named HTTP webhook (`service.webhook.<name>`). */
  WEBHOOK = 'webhook',
}

/** A trigger, template or service name: notifications-engine splits annotation keys and settings keys on dots. */
const NAME = /^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$/;

/** Checks a trigger, template or service name (letters, digits, "-" and "_", no dots). */
export function assertNotificationName(scope: IConstruct | string, field: string, name: string, what: string): string {
  if (typeof name === 'string' && name.includes('.')) {
    fail(scope, field, name, `a ${what} name must not contain "." (notifications splits annotation and settings keys on dots, so the name would silently mean something else)`);
  }
  if (typeof name !== 'string' || !NAME.test(name) || name.length > 63) {
    fail(scope, field, name, `a ${what} name is lower-case letters, digits, "-" and "_", starting and ending with a letter or digit, at most 63 characters`);
  }
  return name;
}

/** The `$key` references notifications-engine replaces in service config strings (its regex `[$][\w-]+`). */
export function secretReferencesIn(text: string): string[] {
  return [...text.matchAll(/[$]([\w-]+)/g)].map(m => m[1]);
}

/** The key of `argocd-notifications-secret` a service keeps a secret under, e.g. `slack-token`. */
export function notificationSecretKey(...parts: string[]): string {
  return parts.map(p => p.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '')).filter(p => p).join('-');
}
