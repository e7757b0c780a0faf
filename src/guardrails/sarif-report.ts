import { GuardrailFinding } from './guardrail-pack';
import { IGuardrailRule } from './guardrail-rule';

/** A finding located in a file. */
export interface LocatedFinding {
  readonly finding: GuardrailFinding;
  /** The file, relative to the working directory, with `/` separators. */
  readonly file: string;
  /** The 1-based line the object starts at. */
  readonly line: number;
}

/** A file that could not be read as YAML. */
export interface ReadProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * Renders findings as a SARIF 2.1.0 log (what GitHub code scanning reads): one run, the pack's
 * rules as the driver's rules, acknowledged findings as results with an in-source suppression,
 * and unreadable files as tool execution notifications.
 */
export function renderSarif(rules: IGuardrailRule[], findings: LocatedFinding[], problems: ReadProblem[], version: string): object {
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'argocd-platform',
          semanticVersion: version,
          informationUri: 'https://github.com/civica/cdk8s-argocd-platform#guardrails',
          rules: rules.map(rule => ({
            id: rule.id,
            name: rule.name,
            shortDescription: { text: rule.finding },
            fullDescription: { text: rule.explanation },
            help: { text: rule.explanation },
            defaultConfiguration: { level: rule.level },
          })),
        },
      },
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: problems.map(p => ({
          level: 'error',
          message: { text: `cannot read YAML: ${p.message}` },
          locations: [location(p.file, p.line, p.column)],
        })),
      }],
      results: findings.map(({ finding, file, line }) => ({
        ruleId: finding.ruleId,
        ruleIndex: index.get(finding.ruleId),
        level: finding.level,
        message: { text: `${finding.object ? `${finding.object}: ` : ''}${finding.finding}: ${finding.detail}` },
        locations: [location(file, line)],
        ...(finding.acknowledgedReason !== undefined
          ? { suppressions: [{ kind: 'inSource', justification: finding.acknowledgedReason }] } : {}),
      })),
    }],
  };
}

function location(file: string, line: number, column?: number) {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(file) },
      region: { startLine: Math.max(1, line), ...(column !== undefined ? { startColumn: Math.max(1, column) } : {}) },
    },
  };
}
