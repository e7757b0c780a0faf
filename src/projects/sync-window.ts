import { Duration } from 'cdk8s';

/** Whether a sync window allows or denies syncs. */
export enum SyncWindowKind {
  /** Syncs may run only inside the window. */
  ALLOW = 'allow',
  /** Syncs may not run inside the window. */
  DENY = 'deny',
}

/** A sync window of the team's project. */
export interface SyncWindowOptions {
  /** Allow or deny. */
  readonly kind: SyncWindowKind;
  /**
   * When the window opens, as a five-field cron expression, e.g. `0 22 * * *`, or one of the macros
   * Argo CD accepts: `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`.
   */
  readonly schedule: string;
  /** How long it stays open. */
  readonly duration: Duration;
  /**
   * The environments it applies to (the team's namespaces there).
   * @default - every environment of the platform
   */
  readonly environments?: string[];
  /**
   * Application name patterns it applies to. With `environments` too, a window applies only to
   * these applications in those environments (`andOperator`); Argo CD otherwise matches a window
   * when the name OR the namespace matches.
   * @default - every application of the project in those environments
   */
  readonly applications?: string[];
  /**
   * Allow manual syncs while the window blocks automated ones.
   * @default false
   */
  readonly manualSync?: boolean;
  /**
   * The IANA time zone of the schedule.
   * @default 'UTC'
   */
  readonly timeZone?: string;
  /**
   * What the window is for.
   * @default - none
   */
  readonly description?: string;
}
