import { GuardrailFinding } from './guardrail-pack';
import { GuardrailLevel, IGuardrailRule } from './guardrail-rule';

/** Escapes a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** What the report needs to know besides the findings. */
export interface GuardrailsReportInput {
  readonly platformName: string;
  readonly findings: GuardrailFinding[];
  readonly ruleCount: number;
  /** Acknowledgements no finding used: `path: ARGO-…`. */
  readonly unusedAcknowledgements: string[];
  /** Why the guardrails are off, when they are. */
  readonly disabledReason?: string;
}

/** Renders `dist/<platform>.guardrails.md`: every acknowledged exception and every warning, for reviewers. */
export function renderGuardrailsReport(input: GuardrailsReportInput): string {
  const lines: string[] = [`# Guardrails: ${input.platformName}`, ''];
  if (input.disabledReason !== undefined) {
    lines.push(`**The guardrails are disabled for this platform**: ${cell(input.disabledReason)}`, '');
    return lines.join('\n');
  }
  const acknowledged = input.findings.filter(f => f.acknowledgedReason !== undefined);
  const warnings = input.findings.filter(f => f.acknowledgedReason === undefined && f.level === GuardrailLevel.WARNING);
  const errors = input.findings.filter(f => f.acknowledgedReason === undefined && f.level === GuardrailLevel.ERROR);
  lines.push(
    `${input.ruleCount} rules checked: ${errors.length} errors, ${warnings.length} warnings, ${acknowledged.length} acknowledged exceptions.`,
    'Rule IDs and explanations are listed in the README (Guardrails). Every exception below was accepted with a reason; review them like code.',
    '',
    '## Acknowledged exceptions',
    '',
  );
  if (acknowledged.length === 0) {lines.push('None.');} else {
    lines.push('| Rule | Level | Object | Finding | Reason | Acknowledged at |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of acknowledged) {
      lines.push(`| ${f.ruleId} | ${f.level} | ${cell(f.object ?? '(platform)')} \`${cell(f.path)}\` | ${cell(f.detail)} | ${cell(f.acknowledgedReason!)} | \`${cell(f.acknowledgedAt!)}\` |`);
    }
  }
  lines.push('', '## Warnings', '');
  if (warnings.length === 0) {lines.push('None.');} else {
    lines.push('| Rule | Object | Finding | Detail |', '| --- | --- | --- | --- |');
    for (const f of warnings) lines.push(`| ${f.ruleId} | ${cell(f.object ?? '(platform)')} \`${cell(f.path)}\` | ${cell(f.finding)} | ${cell(f.detail)} |`);
  }
  if (errors.length > 0) {
    lines.push('', '## Errors', '', '| Rule | Object | Finding | Detail |', '| --- | --- | --- | --- |');
    for (const f of errors) lines.push(`| ${f.ruleId} | ${cell(f.object ?? '(platform)')} \`${cell(f.path)}\` | ${cell(f.finding)} | ${cell(f.detail)} |`);
  }
  if (input.unusedAcknowledgements.length > 0) {
    lines.push('', '## Unused acknowledgements', '', 'These acknowledge a rule that finds nothing below them; remove them.', '');
    for (const unused of input.unusedAcknowledgements) lines.push(`- \`${cell(unused)}\``);
  }
  lines.push('');
  return lines.join('\n');
}

/** The README's table of rules: ID, level, finding (kept in sync with the pack by a test). */
export function renderRulesTable(rules: IGuardrailRule[]): string {
  const lines = ['| ID | Level | Scope | Finding |', '| --- | --- | --- | --- |'];
  for (const rule of rules) lines.push(`| ${rule.id} | ${rule.level} | ${rule.objectLevel ? 'object' : 'platform'} | ${cell(rule.finding)} |`);
  return lines.join('\n');
}
