import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';

/** How urgent an alert is (the `severity` label Alertmanager routes on). */
export enum AlertSeverity {
  /** Needs attention today. */
  WARNING = 'warning',
  /** Needs attention now. */
  CRITICAL = 'critical',
  /** For information only. */
  INFO = 'info',
}

/** A Prometheus alerting rule that a capability contributes to the platform's alerts. */
export interface AlertRuleContribution {
  /** The rule group, e.g. `argocd-backup`. */
  readonly group: string;
  /** The alert name (unique across the platform), e.g. `ArgoCDBackupFailed`. */
  readonly alert: string;
  /** The PromQL expression (parsed at synth by the alerts construct). */
  readonly expr: string;
  /**
   * How long the expression must hold before the alert fires.
   * @default - fires at once
   */
  readonly for?: Duration;
  /** The severity label. */
  readonly severity: AlertSeverity;
  /** The `summary` annotation (may use `{{ $labels.x }}`). */
  readonly summary: string;
  /** The `description` annotation (may use `{{ $labels.x }}` and `{{ $value }}`). */
  readonly description: string;
  /**
   * Extra labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * The runbook section for this alert, in Markdown (diagnosis and fix, with this platform's real
   * names), rendered into the platform's runbook and linked from the `runbook_url` annotation.
   * @default - no runbook section
   */
  readonly runbook?: string;
}

/** A contributed rule with the construct that contributed it. */
export interface ContributedAlertRule {
  /** The rule. */
  readonly rule: AlertRuleContribution;
  /** The construct path of the contributor. */
  readonly contributor: string;
}

/**
 * Alert rules that capabilities other than the alerts construct contribute (for example the backup
 * job's "no successful backup" alert). The alerts construct (ArgoAlerts) renders them with its own
 * rules, parses and tests them the same way, and links them to the runbook; without it they are
 * not rendered.
 */
export class AlertRuleRegistry {
  private readonly rules: ContributedAlertRule[] = [];

  /**
   * Contributes a rule.
   * @param contributor the construct that wants the alert
   */
  public add(contributor: IConstruct, rule: AlertRuleContribution): void {
    this.rules.push({ rule, contributor: contributor.node.path });
  }

  /** Every contributed rule, in contribution order. */
  public get all(): ContributedAlertRule[] {
    return [...this.rules];
  }
}
