import { allowedActions, rbacConfigData, rbacPolicyLines, rolesOf } from './rbac-objects';
import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';

export const PolicyDefaultReadOnly = objectRule({
  id: 'ARGO-ACC1',
  name: 'PolicyDefaultReadOnly',
  level: GuardrailLevel.WARNING,
  finding: 'Everyone who can log in gets a read-only default role (policy.default)',
  explanation: 'RBAC does not gate login: with Entra ID every account in the tenant can sign in and gets policy.default. Read access '
    + 'still shows every application, its manifests and its logs-adjacent events. Leave policy.default empty and grant read access to groups.',
  evaluate: manifest => {
    const data = rbacConfigData(manifest);
    if (!data) return notApplicable();
    const role = (data['policy.default'] ?? '').trim();
    if (role === '') return verdict([]);
    const actions = allowedActions(rolesOf(role, rbacPolicyLines(data)), rbacPolicyLines(data));
    if (actions.some(a => !a.endsWith('/get') && !a.endsWith('(role:readonly)'))) return notApplicable();
    return verdict([`data.policy.default is ${JSON.stringify(role)}`]);
  },
});
