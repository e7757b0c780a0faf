// The acknowledgement annotation, read from rendered objects (the engine's part; constructs attach
// acknowledgements with `Acknowledgements` in src/platform/acknowledgements.ts).
import { acknowledgementReasonProblem as reasonProblem } from '../util/checks';
import { PlatformLabels } from '../util/labels';

/** What an acknowledgement's reason must explain. */
export const REASON_WHAT = 'why the exception is fine';

/** The annotation that acknowledges findings on an object: `"ARGO-…: reason"`, one per line. */
export const ACKNOWLEDGE_ANNOTATION = PlatformLabels.ACKNOWLEDGE;

const RULE_ID = /^ARGO-[A-Z]+[0-9]+$/;

/** An accepted exception to one rule. */
export interface Acknowledgement {
  /** The rule's ID, e.g. `ARGO-SYN1`. */
  readonly ruleId: string;
  /** Why the exception is fine (at least 10 characters). */
  readonly reason: string;
}

/** Why an acknowledgement reason is not acceptable, in the words of util/checks' `assertAcknowledgementReason`; undefined when it is. */
export function acknowledgementReasonProblem(reason: string): string | undefined {
  return reasonProblem(reason, REASON_WHAT);
}

/** Why a rule ID is not one of the pack's; undefined when it is. */
export function ruleIdProblem(ruleId: unknown, knownIds: string[]): string | undefined {
  if (typeof ruleId !== 'string' || !RULE_ID.test(ruleId)) return 'must be a rule ID such as ARGO-SYN1';
  return knownIds.includes(ruleId) ? undefined : `no such rule; the pack has ${knownIds.join(', ')}`;
}

/** The acknowledgements an annotation value holds, and the lines it could not read. */
export function parseAcknowledgeAnnotation(value: string, knownIds: string[]): { acknowledgements: Acknowledgement[]; problems: string[] } {
  const acknowledgements: Acknowledgement[] = [];
  const problems: string[] = [];
  for (const raw of value.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const match = /^([^:\s]+)\s*:\s*(.*)$/.exec(line);
    const problem = match ? (ruleIdProblem(match[1], knownIds) ?? acknowledgementReasonProblem(match[2])) : 'must read "ARGO-<ID>: <reason>"';
    if (problem || !match) problems.push(`${JSON.stringify(line)} ${problem}`);
    else acknowledgements.push({ ruleId: match[1], reason: match[2].trim() });
  }
  return { acknowledgements, problems };
}
