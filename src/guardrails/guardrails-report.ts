import { GuardrailFinding } from './guardrail-pack';
import { GuardrailLevel, IGuardrailRule } from './guardrail-rule';
import { ALL_RULES } from './rules/index';
import { markdownCell, markdownCode, markdownText } from '../util/markdown';

/** A user value as one table cell of plain text. */
function cell(text: string): string {
  return markdownText(text);
}

/** A user value as a code span in a table cell. */
function codeCell(text: string): string {
  return markdownCell(markdownCode(text));
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
    'Every exception below was accepted with a reason; review them like code. Each rule found is explained under "Rules" at the end.',
    '',
    '## Acknowledged exceptions',
    '',
  );
  if (acknowledged.length === 0) {lines.push('None.');} else {
    lines.push('| Rule | Level | Object | Finding | Reason | Acknowledged at |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of acknowledged) {
      lines.push(`| ${f.ruleId} | ${f.level} | ${cell(f.object ?? '(platform)')} ${codeCell(f.path)} | ${cell(f.detail)} | ${cell(f.acknowledgedReason!)} | ${codeCell(f.acknowledgedAt!)} |`);
    }
  }
  lines.push('', '## Warnings', '');
  if (warnings.length === 0) {lines.push('None.');} else {
    lines.push('| Rule | Object | Finding | Detail |', '| --- | --- | --- | --- |');
    for (const f of warnings) lines.push(`| ${f.ruleId} | ${cell(f.object ?? '(platform)')} ${codeCell(f.path)} | ${cell(f.finding)} | ${cell(f.detail)} |`);
  }
  if (errors.length > 0) {
    lines.push('', '## Errors', '', '| Rule | Object | Finding | Detail |', '| --- | --- | --- | --- |');
    for (const f of errors) lines.push(`| ${f.ruleId} | ${cell(f.object ?? '(platform)')} ${codeCell(f.path)} | ${cell(f.finding)} | ${cell(f.detail)} |`);
  }
  const found = [...new Set(input.findings.map(f => f.ruleId))].sort();
  if (found.length > 0) {
    lines.push('', '## Rules', '');
    for (const id of found) {
      const rule = ALL_RULES.find(r => r.id === id);
      if (!rule) continue;
      lines.push(`### ${rule.id} ${rule.name} (${rule.level})`, '', `**What**: ${markdownCell(rule.finding)}.`, '', `**Why and how to fix**: ${rule.explanation}`, '');
      if (rule.remedy !== undefined) lines.push(`**Fix**: ${rule.remedy}. Acknowledge only a value that is not a credential (a false match).`, '');
      lines.push('**Acknowledge** a reviewed exception on the construct that declares the object, with a reason of at least 10 characters: '
        + `\`Acknowledgements.of(construct).add('${rule.id}', '<why this is acceptable>')\`, or on the object with the annotation `
        + `\`argocd-platform/acknowledge: "${rule.id}: <reason>"\`. ${rule.level === GuardrailLevel.ERROR ? 'An error fails the synth until it is fixed or acknowledged.' : 'A warning never fails the synth.'}`, '');
    }
    lines.pop();
  }
  if (input.unusedAcknowledgements.length > 0) {
    lines.push('', '## Unused acknowledgements', '', 'These acknowledge a rule that finds nothing below them; remove them.', '');
    for (const unused of input.unusedAcknowledgements) lines.push(`- ${markdownCode(unused)}`);
  }
  lines.push('');
  return lines.join('\n');
}

/** The README's table of rules: ID, level, finding (kept in sync with the pack by a test). */
export function renderRulesTable(rules: IGuardrailRule[]): string {
  const lines = ['| ID | Level | Scope | Finding |', '| --- | --- | --- | --- |'];
  for (const rule of rules) lines.push(`| ${rule.id} | ${rule.level} | ${rule.objectLevel ? 'object' : 'platform'} | ${markdownCell(rule.finding)} |`);
  return lines.join('\n');
}
