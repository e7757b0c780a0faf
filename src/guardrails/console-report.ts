import { GuardrailFinding } from './guardrail-pack';
import { GuardrailLevel } from './guardrail-rule';
import { printable } from '../util/text';

/**
 * The guardrail warnings as `cdk8s synth` prints them: one line each, then a count pointing at the
 * report. Nothing when there are none. Acknowledged findings are in the report only.
 */
export function warningLines(platformName: string, findings: GuardrailFinding[]): string[] {
  const warnings = findings.filter(f => f.level === GuardrailLevel.WARNING && f.acknowledgedReason === undefined);
  if (warnings.length === 0) return [];
  return [
    ...warnings.map(f => printable(`warning ${f.ruleId} [${f.path}] ${f.detail}`)),
    `${warnings.length} guardrail warning${warnings.length === 1 ? '' : 's'} in ${platformName} (each rule explained in ${platformName}.guardrails.md)`,
  ];
}
