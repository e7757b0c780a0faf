import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { goDuration } from '../util/duration';
import { fail } from '../util/validation';

/** How Argo CD deletes pruned resources (`PrunePropagationPolicy=<policy>`). */
export enum PrunePropagationPolicy {
  /** Dependents are deleted before the owner (Argo CD's default). */
  FOREGROUND = 'foreground',
  /** The owner is deleted at once; the garbage collector deletes dependents afterwards. */
  BACKGROUND = 'background',
  /** Dependents are left behind. */
  ORPHAN = 'orphan',
}

/**
 * Typed sync options of an Application (`spec.syncPolicy.syncOptions`). Each option set here is
 * rendered as `Name=value`; options left unset are not rendered, so Argo CD's default applies.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/
 */
export interface ApplicationSyncOptions {
  /**
   * Create the destination namespace if it does not exist (`CreateNamespace=true`).
   * @default false - the team's namespace is expected to exist (see TeamProject's createNamespaces)
   */
  readonly createNamespace?: boolean;
  /**
   * Apply with Kubernetes Server-Side Apply (`ServerSideApply=true`); needed for objects too large
   * for the last-applied annotation, such as big CRDs.
   * @default false
   */
  readonly serverSideApply?: boolean;
  /**
   * Prune after every other resource has been synced and is healthy (`PruneLast=true`).
   * @default false
   */
  readonly pruneLast?: boolean;
  /**
   * Sync only the resources that are out of sync (`ApplyOutOfSyncOnly=true`), which makes syncs of
   * large applications faster.
   * @default false
   */
  readonly applyOutOfSyncOnly?: boolean;
  /**
   * Fail the sync when a resource is already managed by another application (`FailOnSharedResource=true`).
   * @default false
   */
  readonly failOnSharedResource?: boolean;
  /**
   * Use `kubectl replace`/`create` instead of apply (`Replace=true`). Destructive: fields set by
   * other controllers are lost.
   * @default false
   */
  readonly replace?: boolean;
  /**
   * Skip kubectl's schema validation (`Validate=false`).
   * @default false - manifests are validated
   */
  readonly skipSchemaValidation?: boolean;
  /**
   * How pruned resources are deleted (`PrunePropagationPolicy=...`).
   * @default - Argo CD's default, foreground
   */
  readonly prunePropagationPolicy?: PrunePropagationPolicy;
}

/**
 * How Argo CD retries a failed sync (`spec.syncPolicy.retry`): after a failure it waits
 * `backoffDuration`, then multiplies the wait by `backoffFactor` up to `backoffMaxDuration`.
 */
export interface SyncRetryOptions {
  /**
   * How many times a failed sync is retried.
   * @default 5
   */
  readonly limit?: number;
  /**
   * The first wait.
   * @default Duration.seconds(5)
   */
  readonly backoffDuration?: Duration;
  /**
   * The factor the wait is multiplied by after each failed attempt.
   * @default 2
   */
  readonly backoffFactor?: number;
  /**
   * The longest wait.
   * @default Duration.minutes(3)
   */
  readonly backoffMaxDuration?: Duration;
  /**
   * Retry when a new revision is detected while retrying (`refresh`).
   * @default false
   */
  readonly refreshOnNewRevision?: boolean;
}

/** Renders sync options as Argo CD's `Name=value` strings, sorted. */
export function renderSyncOptions(scope: IConstruct, options: ApplicationSyncOptions, extra: string[] = []): string[] {
  const rendered: string[] = [...extra];
  const flags: Array<[boolean | undefined, string]> = [
    [options.createNamespace, 'CreateNamespace=true'],
    [options.serverSideApply, 'ServerSideApply=true'],
    [options.pruneLast, 'PruneLast=true'],
    [options.applyOutOfSyncOnly, 'ApplyOutOfSyncOnly=true'],
    [options.failOnSharedResource, 'FailOnSharedResource=true'],
    [options.replace, 'Replace=true'],
    [options.skipSchemaValidation, 'Validate=false'],
  ];
  for (const [enabled, option] of flags) if (enabled) rendered.push(option);
  if (options.replace && options.serverSideApply) {
    fail(scope, 'syncOptions', options, 'replace and serverSideApply exclude each other; choose one');
  }
  if (options.prunePropagationPolicy !== undefined) {
    if (!Object.values(PrunePropagationPolicy).includes(options.prunePropagationPolicy)) {
      fail(scope, 'syncOptions.prunePropagationPolicy', options.prunePropagationPolicy, `must be one of ${Object.values(PrunePropagationPolicy).join(', ')}`);
    }
    rendered.push(`PrunePropagationPolicy=${options.prunePropagationPolicy}`);
  }
  return [...new Set(rendered)].sort();
}

/** Renders the retry block, checking its numbers. */
export function renderRetry(scope: IConstruct, retry: SyncRetryOptions) {
  const limit = retry.limit ?? 5;
  if (!Number.isInteger(limit) || limit < 1) fail(scope, 'retry.limit', retry.limit, 'must be a whole number of at least 1');
  const factor = retry.backoffFactor ?? 2;
  if (!Number.isInteger(factor) || factor < 1) fail(scope, 'retry.backoffFactor', retry.backoffFactor, 'must be a whole number of at least 1');
  const duration = retry.backoffDuration ?? Duration.seconds(5);
  const maxDuration = retry.backoffMaxDuration ?? Duration.minutes(3);
  for (const [field, d] of [['retry.backoffDuration', duration], ['retry.backoffMaxDuration', maxDuration]] as const) {
    const ms = d instanceof Duration ? d.toMilliseconds({ integral: false }) : NaN;
    if (!Number.isInteger(ms)) fail(scope, field, d instanceof Duration ? ms : d, 'must be a Duration of whole milliseconds (Duration.seconds(10))');
  }
  if (duration.toMilliseconds() < 1000) fail(scope, 'retry.backoffDuration', duration.toHumanString(), 'must be at least one second');
  if (maxDuration.toMilliseconds() < duration.toMilliseconds()) {
    fail(scope, 'retry.backoffMaxDuration', maxDuration.toHumanString(), `must not be shorter than backoffDuration (${duration.toHumanString()})`);
  }
  return {
    limit,
    ...(retry.refreshOnNewRevision ? { refresh: true } : {}),
    backoff: { duration: goDuration(duration), factor, maxDuration: goDuration(maxDuration) },
  };
}
