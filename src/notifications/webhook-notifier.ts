import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { notificationSecretKey, NotificationServiceType } from './notification-names';
import { NotificationService } from './notification-service';
import { SecretSource } from '../secrets/secret-source';
import { assertHttpsUrl, fail, unsafeTokenReason } from '../util/validation';

/** A header of a webhook request. */
export interface WebhookHeader {
  /** The header name, e.g. `Content-Type`. */
  readonly name: string;
  /**
   * A non-secret value, e.g. `application/json`. May refer to keys of argocd-notifications-secret
   * as `$key` (they must exist). `Authorization` and similar headers must use `secret`.
   * @default - `secret` is used
   */
  readonly value?: string;
  /**
   * A secret value (a token), from a SecretSource; exactly one of `value` and `secret`.
   * @default - `value` is used
   */
  readonly secret?: SecretSource;
}

/** Basic authentication of a webhook. */
export interface WebhookBasicAuth {
  /** The user name. */
  readonly username: string;
  /** The password, from a SecretSource. */
  readonly password: SecretSource;
}

/** Props for a WebhookNotifier. */
export interface WebhookNotifierProps {
  /** The webhook's name (`service.webhook.<name>`); subscriptions and template blocks use it. No dots. */
  readonly name: string;
  /**
   * The URL, when it carries no credential (e.g. `https://api.github.com`). A URL with a signature,
   * token or key in it (Slack, Teams, Power Automate, `?sig=`, `?token=`, user:password@) is refused: use `urlSecret`.
   * @default - `urlSecret` is used
   */
  readonly url?: string;
  /**
   * The URL from a SecretSource; exactly one of `url` and `urlSecret`.
   * @default - `url` is used
   */
  readonly urlSecret?: SecretSource;
  /**
   * Request headers.
   * @default - none
   */
  readonly headers?: WebhookHeader[];
  /**
   * Basic authentication.
   * @default - none
   */
  readonly basicAuth?: WebhookBasicAuth;
  /**
   * How many times a failed request is retried (1 or more: notifications-engine treats 0 as unset
   * and retries 3 times).
   * @default 3
   */
  readonly retryMax?: number;
  /**
   * The shortest wait between retries.
   * @default Duration.seconds(1)
   */
  readonly retryWaitMin?: Duration;
  /**
   * The longest wait between retries.
   * @default Duration.seconds(5)
   */
  readonly retryWaitMax?: Duration;
}

const CREDENTIAL_HEADERS = /^(authorization|proxy-authorization|x-api-key|api-key|private-token|x-auth-token|cookie)$/i;
const CREDENTIAL_URL = /hooks\.slack\.com|webhook\.office\.com|outlook\.office\.com\/webhook|powerautomate|powerplatform\.com|flow\.microsoft\.com|logic\.azure\.com|[?&](sig|signature|token|key|code|api[-_]?key|access_token)=|\/\/[^/@]+:[^/@]+@/i;

/**
 * A named HTTP webhook (`service.webhook.<name>`): URL, headers and basic auth, with every credential
 * from a SecretSource; subscribe with `<trigger>.<name>` (recipient empty). Templates give the method,
 * path and body in a `webhooks.<name>` block.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/services/webhook/
 *
 * @example
 * import { ArgoNotifications, WebhookNotifier } from 'cdk8s-argocd-platform';
 *
 * declare const notifications: ArgoNotifications;
 * new WebhookNotifier(notifications, 'Deployments', {
 *   name: 'deployments',
 *   url: 'https://deployments.example.org/argocd',
 * });
 */
export class WebhookNotifier extends NotificationService {
  constructor(scope: Construct, id: string, props: WebhookNotifierProps) {
    super(scope, id, NotificationServiceType.WEBHOOK, props.name, true);
    if ((props.url === undefined) === (props.urlSecret === undefined)) fail(this, 'url', props.url ?? '<none>', 'give exactly one of url and urlSecret');
    let url: string;
    if (props.url !== undefined) {
      if (typeof props.url === 'string' && CREDENTIAL_URL.test(props.url)) {
        fail(this, 'url', '<redacted>', 'this webhook URL carries a credential (a signature, token, key or password) and would end up in Git; give it as urlSecret from a SecretSource');
      }
      url = assertHttpsUrl(this, 'url', props.url);
      this.notifications._checkSecretReferences(this, 'url', url);
    } else {
      url = this.secret('urlSecret', notificationSecretKey('webhook', this.serviceName, 'url'), props.urlSecret!, 'webhook URL');
    }
    const headers = (props.headers ?? []).map((h, i) => {
      const field = `headers[${i}]`;
      if (typeof h.name !== 'string' || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(h.name)) fail(this, `${field}.name`, h.name, 'must be an HTTP header name');
      if ((h.value === undefined) === (h.secret === undefined)) fail(this, `${field}`, h.name, 'give exactly one of value and secret');
      if (h.value !== undefined) {
        const reason = unsafeTokenReason(h.value);
        if (reason && !reason.includes('double quote')) fail(this, `${field}.value`, h.value, reason);
        if (CREDENTIAL_HEADERS.test(h.name) && !/[$][\w-]+/.test(h.value)) {
          fail(this, `${field}.value`, '<redacted>', `a literal ${h.name} header is a credential and would end up in Git; use secret (a SecretSource)`);
        }
        this.notifications._checkSecretReferences(this, `${field}.value`, h.value);
        return { name: h.name, value: h.value };
      }
      return { name: h.name, value: this.secret(`${field}.secret`, notificationSecretKey('webhook', this.serviceName, h.name), h.secret!, `${h.name} header`) };
    });
    let basicAuth: { username: string; password: string } | undefined;
    if (props.basicAuth) {
      const reason = unsafeTokenReason(props.basicAuth.username);
      if (reason) fail(this, 'basicAuth.username', props.basicAuth.username, reason);
      basicAuth = {
        username: props.basicAuth.username,
        password: this.secret('basicAuth.password', notificationSecretKey('webhook', this.serviceName, 'password'), props.basicAuth.password, 'password'),
      };
    }
    if (props.retryMax !== undefined && (!Number.isInteger(props.retryMax) || props.retryMax < 1 || props.retryMax > 100)) {
      fail(this, 'retryMax', props.retryMax, 'must be a whole number of retries from 1 to 100 (notifications-engine reads 0 as unset and retries 3 times)');
    }
    const retryWaitMin = this.nanoseconds('retryWaitMin', props.retryWaitMin);
    const retryWaitMax = this.nanoseconds('retryWaitMax', props.retryWaitMax);
    if ((retryWaitMin ?? 1e9) > (retryWaitMax ?? 5e9)) {
      fail(this, 'retryWaitMin', `${(retryWaitMin ?? 1e9) / 1e6}ms`, `must not be longer than retryWaitMax (${(retryWaitMax ?? 5e9) / 1e6}ms)`);
    }
    this.render({
      url,
      headers: headers.length ? headers : undefined,
      basicAuth,
      retryMax: props.retryMax,
      retryWaitMin,
      retryWaitMax,
    });
  }

  /**
   * A wait as notifications-engine reads it: `WebhookOptions.RetryWaitMin/Max` are `time.Duration`,
   * decoded by sigs.k8s.io/yaml through encoding/json, which takes an integer of nanoseconds
   * (a Go duration string such as `2s` fails to load the service).
   */
  private nanoseconds(field: string, wait: Duration | undefined): number | undefined {
    if (wait === undefined) return undefined;
    const ms = wait instanceof Duration ? wait.toMilliseconds({ integral: false }) : NaN;
    if (!Number.isInteger(ms) || ms < 1 || ms > 3_600_000) {
      fail(this, field, Number.isNaN(ms) ? wait : `${ms}ms`, 'must be a whole number of milliseconds from 1ms to 1 hour (0 is read as unset)');
    }
    return ms * 1_000_000;
  }
}
