import { ACKNOWLEDGE_ANNOTATION, Acknowledgement, parseAcknowledgeAnnotation } from './acknowledgements';
import { Compliance, GuardedObject, GuardrailLevel, GuardrailOptions, IGuardrailRule, PlatformView } from './guardrail-rule';
import { annotationsOf, describeObject, projectsOf } from './manifests';
import { ALL_RULES, objectRules, platformRules, ruleIds } from './rules/index';
import { compareStrings } from '../util/validation';

/** One finding of the pack: a rule violated by one object (or by the platform). */
export interface GuardrailFinding {
  /** The rule's ID, e.g. `ARGO-SYN1`. */
  readonly ruleId: string;
  /** The rule's name, e.g. `ProductionAutoSync`. */
  readonly ruleName: string;
  /** The rule's level. */
  readonly level: GuardrailLevel;
  /** The rule's one-line finding. */
  readonly finding: string;
  /** Where exactly: the field and value. */
  readonly detail: string;
  /** The construct path (synth) or `file:line` (lint) of the object, or the platform's path. */
  readonly path: string;
  /**
   * The object, as `Kind namespace/name`.
   * @default - a finding about the platform as a whole
   */
  readonly object?: string;
  /**
   * Why the finding is accepted, when it is acknowledged.
   * @default - not acknowledged
   */
  readonly acknowledgedReason?: string;
  /**
   * Where the acknowledgement is: a construct path, or the object's annotation.
   * @default - not acknowledged
   */
  readonly acknowledgedAt?: string;
}

/** Finds the acknowledgement of a rule for an object (beyond the object's own annotation). */
export type AcknowledgementLookup = (ruleId: string, path: string) => { reason: string; attachedTo: string } | undefined;

/** The pack's defaults. */
export const DEFAULT_GUARDRAIL_OPTIONS: GuardrailOptions = { maxSourcesPerApplication: 5 };

/**
 * The rule pack: every guardrail rule, and the evaluation of objects and platforms against them.
 */
export class GuardrailPack {
  /** Every rule, in ID order. */
  public static rules(): IGuardrailRule[] {
    return [...ALL_RULES];
  }

  /** A rule by ID; undefined when the pack has none. */
  public static rule(id: string): IGuardrailRule | undefined {
    return ALL_RULES.find(r => r.id === id);
  }

  /**
   * Runs the object-level rules on objects (what `argocd-platform lint` does); findings are
   * acknowledged by the objects' `argocd-platform/acknowledge` annotations.
   */
  public static evaluateObjects(objects: GuardedObject[]): GuardrailFinding[] {
    return evaluate(objects, undefined, () => undefined);
  }
}

/** Runs the object rules, and the platform rules when a platform is given; findings sorted by path, then rule. */
export function evaluate(objects: GuardedObject[], platform: PlatformView | undefined, lookup: AcknowledgementLookup): GuardrailFinding[] {
  const findings: GuardrailFinding[] = [];
  const ids = ruleIds();
  const annotationAcks = new Map<string, Acknowledgement[]>();
  const byPath = new Map<string, GuardedObject>();
  for (const object of objects) {
    byPath.set(object.path, object);
    const value = annotationsOf(object.manifest)[ACKNOWLEDGE_ANNOTATION];
    annotationAcks.set(object.path, value === undefined ? [] : parseAcknowledgeAnnotation(value, ids).acknowledgements);
  }
  const acknowledge = (rule: IGuardrailRule, path: string) => {
    const annotated = annotationAcks.get(path)?.find(a => a.ruleId === rule.id);
    if (annotated) return { reason: annotated.reason, attachedTo: `annotation ${ACKNOWLEDGE_ANNOTATION}` };
    return lookup(rule.id, path);
  };
  const add = (rule: IGuardrailRule, path: string, detail: string, object?: GuardedObject) => {
    const ack = rule.id === 'ARGO-GEN1' ? undefined : acknowledge(rule, path);
    findings.push({
      ruleId: rule.id,
      ruleName: rule.name,
      level: rule.level,
      finding: rule.finding,
      detail,
      path,
      ...(object ? { object: describeObject(object.manifest) } : {}),
      ...(ack ? { acknowledgedReason: ack.reason, acknowledgedAt: ack.attachedTo } : {}),
    });
  };
  const rules = objectRules();
  const projects = projectsOf(objects);
  for (const object of objects) {
    const context = { ...object.context, projects };
    for (const rule of rules) {
      const answer = rule.evaluate(object.manifest, context);
      if (answer.compliance !== Compliance.NON_COMPLIANT) continue;
      for (const detail of answer.details?.length ? answer.details : ['(no detail)']) add(rule, object.path, detail, object);
    }
  }
  if (platform) {
    for (const rule of platformRules()) {
      for (const violation of rule.evaluate(platform)) {
        const path = violation.path ?? platform.path;
        add(rule, path, violation.detail, violation.path ? byPath.get(violation.path) : undefined);
      }
    }
  }
  return findings.sort((a, b) => compareStrings(a.path, b.path) || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.detail, b.detail));
}

/** Findings that fail: errors not acknowledged. */
export function blockingFindings(findings: GuardrailFinding[]): GuardrailFinding[] {
  return findings.filter(f => f.level === GuardrailLevel.ERROR && f.acknowledgedReason === undefined);
}
