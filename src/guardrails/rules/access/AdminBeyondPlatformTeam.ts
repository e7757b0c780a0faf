import { rbacConfigData, rbacPolicyLines, rolesOf } from './rbac-objects';
import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';

export const AdminBeyondPlatformTeam = objectRule({
  id: 'ARGO-ACC4',
  name: 'AdminBeyondPlatformTeam',
  level: GuardrailLevel.WARNING,
  finding: 'role:admin is bound to more than one subject (beyond the platform team)',
  explanation: 'role:admin can change every project, repository and cluster, and read every secret Argo CD holds. Bind it to the '
    + 'platform team\'s group only; give other groups roles scoped to their projects.',
  evaluate: manifest => {
    const data = rbacConfigData(manifest);
    if (!data) return notApplicable();
    const lines = rbacPolicyLines(data);
    const subjects = [...new Set(lines.filter(l => l.ptype === 'g').map(l => l.fields[0]))]
      .filter(subject => subject !== 'role:admin' && rolesOf(subject, lines).has('role:admin'))
      .filter(subject => !subject.startsWith('role:'))
      .sort();
    return verdict(subjects.length > 1 ? [`data.policy.csv binds role:admin to ${subjects.join(', ')}`] : []);
  },
});
