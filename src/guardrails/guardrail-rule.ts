/**
 * The shape of a guardrail rule (cdk-nag's model): a pure function over plain Kubernetes objects
 * that answers compliant, non-compliant (with details) or not applicable. Rules know nothing about
 * constructs, so the synth runs them on rendered charts and the CLI on any YAML.
 */

/** How serious a finding is. */
export enum GuardrailLevel {
  /** Fails the synth (and `argocd-platform lint` exits 1) unless acknowledged. */
  ERROR = 'error',
  /** Reported in `dist/<platform>.guardrails.md` and by `lint`; never fails anything. */
  WARNING = 'warning',
}

/** What a rule answers about one object (or the whole platform). */
export enum Compliance {
  /** The rule applies and is satisfied. */
  COMPLIANT = 'compliant',
  /** The rule applies and is violated; the verdict says where. */
  NON_COMPLIANT = 'non-compliant',
  /** The rule does not apply to this object. */
  NOT_APPLICABLE = 'not-applicable',
}

/** Tunable thresholds of the rule pack. */
export interface GuardrailOptions {
  /**
   * The most sources (and recursive whole-repository directories count as unbounded) one
   * Application may hold before it counts as "one giant app".
   * @default 5
   */
  readonly maxSourcesPerApplication?: number;
  /**
   * Names of production environments, used where an object only names its environment (RBAC
   * objects such as `<project>/<app>-prod`, the `argocd-platform/environment` label).
   * @default - the platform's production environments in a synth; `prod` and `production` in `lint`
   */
  readonly productionEnvironments?: string[];
}

/** What a rule knows about the object besides the object itself. */
export interface RuleContext {
  /** Whether the object is deployed to (or governs) a production environment. */
  readonly production: boolean;
  /**
   * The environment the object belongs to.
   * @default - none (the platform chart, or a file outside any environment)
   */
  readonly environment?: string;
  /** The pack's thresholds, with defaults applied. */
  readonly options: GuardrailOptions;
  /**
   * The AppProjects evaluated with this object (the same synth's, or the same lint run's), each with
   * what it can deploy to (`projectReach`): `production` for a production project (every application
   * of it is production), `mixed` when some destination is production, `none` when none is. RBAC rules
   * read a grant on a project's applications by what the project can deploy, as the access audit does.
   * @default - set by the pack's evaluation; rules treat a project missing here by its applications' names
   */
  readonly projects?: { [name: string]: string };
}

/** A rule's answer. */
export interface RuleVerdict {
  /** Compliant, non-compliant or not applicable. */
  readonly compliance: Compliance;
  /**
   * Where the object violates the rule, one entry per place (field and value), for non-compliant verdicts.
   * @default - none
   */
  readonly details?: string[];
}

/** What every rule declares. */
export interface IGuardrailRule {
  /** The stable ID, e.g. `ARGO-IMG1`; acknowledgements name it. */
  readonly id: string;
  /** The rule's name, also its file name (e.g. `ImageTagLatest`). */
  readonly name: string;
  /** Error (fails the synth) or warning (reported). */
  readonly level: GuardrailLevel;
  /** The one-line finding. */
  readonly finding: string;
  /** Why it matters and how to fix it. */
  readonly explanation: string;
  /**
   * The fix, in one sentence, for a finding that must be fixed rather than acknowledged (a leaked
   * credential is rotated, not accepted). The synth's error line ends with it.
   * @default - "fix it, or acknowledge it with Acknowledgements.of(construct).add(<id>, reason)"
   */
  readonly remedy?: string;
  /** Whether the rule looks at one object (`true`) or at the whole rendered platform (`false`). */
  readonly objectLevel: boolean;
}

/** A rule over one Kubernetes object. */
export interface IObjectRule extends IGuardrailRule {
  /**
   * Judges one object.
   * @param manifest the object as plain JSON (as Kubernetes reads it)
   * @param context what is known about where it is deployed
   */
  evaluate(manifest: any, context: RuleContext): RuleVerdict;
}

/** One object of a rendered platform, with where it came from. */
export interface GuardedObject {
  /** The object as plain JSON. */
  readonly manifest: any;
  /** The construct path (synth) or `file:line` (lint) that identifies it in findings. */
  readonly path: string;
  /** Where it is deployed. */
  readonly context: RuleContext;
}

/** An environment of the platform, as the platform rules see it. */
export interface EnvironmentFacts {
  /** The environment's name. */
  readonly name: string;
  /** Whether it is a production environment. */
  readonly production: boolean;
  /**
   * The folder of the GitOps repository its root Application must read.
   * @default - the platform has no GitOps repository
   */
  readonly outputPath?: string;
  /**
   * The GitOps repository (URL) that holds `outputPath`.
   * @default - the platform has no GitOps repository
   */
  readonly repoUrl?: string;
}

/** The whole rendered platform, for cross-object rules. */
export interface PlatformView {
  /** The platform's name. */
  readonly platformName: string;
  /** The platform chart's path (findings about the platform as a whole are reported there). */
  readonly path: string;
  /** Every object of the platform chart and of each environment chart. */
  readonly objects: GuardedObject[];
  /** The environments. */
  readonly environments: EnvironmentFacts[];
  /** The capabilities the platform has (`alerts`, `notifications`, `backup` ...). */
  readonly capabilities: string[];
  /** The pack's thresholds, with defaults applied. */
  readonly options: GuardrailOptions;
  /**
   * The values of the platform's own argo-cd Helm release (written to `dist/<platform>.values.yaml`).
   * @default - none
   */
  readonly chartValues?: any;
}

/** One place where the platform violates a cross-object rule. */
export interface PlatformViolation {
  /**
   * The object at fault (its `GuardedObject.path`).
   * @default - the platform as a whole
   */
  readonly path?: string;
  /** What is wrong, naming the objects involved. */
  readonly detail: string;
}

/** A rule over the whole rendered platform. */
export interface IPlatformRule extends IGuardrailRule {
  /** Judges the platform; an empty list means compliant. */
  evaluate(platform: PlatformView): PlatformViolation[];
}

/** The rule applies and is satisfied. */
export function compliant(): RuleVerdict {
  return { compliance: Compliance.COMPLIANT };
}

/** The rule does not apply. */
export function notApplicable(): RuleVerdict {
  return { compliance: Compliance.NOT_APPLICABLE };
}

/** Compliant when there are no details, otherwise non-compliant with them. */
export function verdict(details: string[]): RuleVerdict {
  return details.length === 0 ? compliant() : { compliance: Compliance.NON_COMPLIANT, details };
}

type RuleDeclaration = Omit<IGuardrailRule, 'objectLevel'>;

/** Declares a rule over one object. */
export function objectRule(declaration: RuleDeclaration & { evaluate(manifest: any, context: RuleContext): RuleVerdict }): IObjectRule {
  return Object.freeze({ ...declaration, objectLevel: true });
}

/** Declares a rule over the whole platform. */
export function platformRule(declaration: RuleDeclaration & { evaluate(platform: PlatformView): PlatformViolation[] }): IPlatformRule {
  return Object.freeze({ ...declaration, objectLevel: false });
}

/** Whether a rule looks at one object. */
export function isObjectRule(rule: IGuardrailRule): rule is IObjectRule {
  return rule.objectLevel;
}
