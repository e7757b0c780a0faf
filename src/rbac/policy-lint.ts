import { PolicyLine } from './policy-csv';
import { actionProblem, objectPatternProblem, objectProblem, resourceProblem } from './rbac-vocabulary';
import { unsafeTokenReason } from '../util/validation';

/** One finding about a policy line. */
export interface PolicyFinding {
  /** 1-based line number in the policy text. */
  readonly lineNumber: number;
  /** The field: `subject`, `resource`, `action`, `object`, `effect` or `role`. */
  readonly field: string;
  /** The offending value. */
  readonly value: string;
  /** Why it is wrong. */
  readonly reason: string;
}

const BUILTIN_ROLES = ['role:admin', 'role:readonly'];

/**
 * Checks beyond what Argo CD loads without complaint: resources and actions that Argo CD 3.5
 * does not have, objects in the wrong format, unsafe text, and groups that have policy lines but
 * no `g` line (the API server silently ignores them).
 */
export class PolicyLint {
  /**
   * Lints parsed user policy lines.
   * @param lines the user policy (not the builtin one)
   * @param builtinLines the builtin policy, whose `g` subjects count as bound
   * @param matchMode `policy.matchMode`: objects are compiled as regular expressions when `regex`, as globs otherwise
   */
  public static check(lines: PolicyLine[], builtinLines: PolicyLine[] = [], matchMode: string = 'glob'): PolicyFinding[] {
    const findings: PolicyFinding[] = [];
    const add = (line: PolicyLine, field: string, value: string, reason: string) =>
      findings.push({ lineNumber: line.lineNumber, field, value, reason });
    const gLines = [...builtinLines, ...lines].filter(l => l.ptype === 'g');
    const gSubjects = new Set(gLines.map(l => l.fields[0]));
    // A subject that something inherits (the second field of a g line) is a role, whatever its name.
    const inherited = new Set(gLines.map(l => l.fields[1]));
    const reportedUnbound = new Set<string>();
    for (const line of lines) {
      const names = line.ptype === 'p' ? ['subject', 'resource', 'action', 'object', 'effect'] : ['subject', 'role'];
      line.fields.forEach((value, i) => {
        const reason = unsafeTokenReason(value);
        if (reason) add(line, names[i], value, reason);
      });
      if (line.ptype !== 'p') continue;
      const [subject, resource, action, object, effect] = line.fields;
      const resourceReason = resourceProblem(resource);
      if (resourceReason) {add(line, 'resource', resource, resourceReason);} else {
        const actionReason = actionProblem(resource, action);
        if (actionReason) add(line, 'action', action, actionReason);
        const objectReason = objectProblem(resource, object) ?? objectPatternProblem(object, matchMode);
        if (objectReason) add(line, 'object', object, objectReason);
      }
      if (effect !== 'allow' && effect !== 'deny') add(line, 'effect', effect, 'must be allow or deny');
      const isRole = subject.startsWith('role:') || subject.startsWith('proj:') || inherited.has(subject);
      if (!isRole && !gSubjects.has(subject) && !reportedUnbound.has(subject)) {
        reportedUnbound.add(subject);
        add(line, 'subject', subject,
          'has policy lines but no g line: the Argo CD API server ignores a group that is not the first field of a g line (grant a role and bind the group with g, <group>, role:<name>)');
      }
    }
    return findings;
  }

  /**
   * Roles that are bound with `g` but have no `p` line (Argo CD's `validate` warns
   * `user defined roles not found in policies`).
   */
  public static emptyRoles(lines: PolicyLine[]): string[] {
    const withPolicies = new Set(lines.filter(l => l.ptype === 'p').map(l => l.fields[0]));
    const subjects = new Set(lines.filter(l => l.ptype === 'g').map(l => l.fields[0]));
    const roles = lines.filter(l => l.ptype === 'g').map(l => l.fields[1])
      .filter(r => r.startsWith('role:') && !BUILTIN_ROLES.includes(r) && !withPolicies.has(r) && !subjects.has(r));
    return [...new Set(roles)].sort();
  }

  /** Formats a finding: `line 3: action: <reason> (got "invoke")`. */
  public static format(finding: PolicyFinding): string {
    return `line ${finding.lineNumber}: ${finding.field}: ${finding.reason} (got ${JSON.stringify(finding.value)})`;
  }
}
