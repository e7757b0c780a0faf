import type { PlatformView } from './guardrail-rule';
import type { AccessAudit } from '../rbac/access-audit';
import type { AccessAuditInputs } from '../rbac/access-audit-manifests';

/**
 * Values a synth computes once and shares with the platform rules, which would otherwise compute
 * them again from `PlatformView.objects`. Internal: a view built elsewhere (tests, lint) has none, and
 * the rules then compute from the objects.
 */
export interface SharedPlatformValues {
  /**
   * The access audit of the platform, read from objects that give the same inputs as
   * `accessAuditInputs(view.objects)` in everything but the team-repository paths (which no rule reads).
   * @default - none: read `view.objects`
   */
  readonly accessAudit?: {
    /** The audit's inputs (throws what `accessAuditInputs` throws). */
    inputs(): AccessAuditInputs;
    /** The compiled audit (throws what `AccessAudit.compile` throws). */
    audit(): AccessAudit;
  };
}

const SHARED = new WeakMap<PlatformView, SharedPlatformValues>();

/** Shares values with the rules that evaluate this view. */
export function shareWithRules(view: PlatformView, values: SharedPlatformValues): void {
  SHARED.set(view, values);
}

/** The values shared for this view (none unless the synth shared them). */
export function sharedWithRules(view: PlatformView): SharedPlatformValues {
  return SHARED.get(view) ?? {};
}
