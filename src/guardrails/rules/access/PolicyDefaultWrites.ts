import { allowedActions, rbacConfigData, rbacPolicyLines, rolesOf } from './rbac-objects';
import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';

export const PolicyDefaultWrites = objectRule({
  id: 'ARGO-ACC2',
  name: 'PolicyDefaultWrites',
  level: GuardrailLevel.ERROR,
  finding: 'Everyone who can log in may change things: the default role (policy.default) has write actions',
  explanation: 'policy.default applies to every authenticated user, and with Entra ID that is the whole tenant. A default role that '
    + 'can sync, delete, exec or administer makes every employee a deployer. Leave policy.default empty and bind groups to roles.',
  evaluate: manifest => {
    const data = rbacConfigData(manifest);
    if (!data) return notApplicable();
    const role = (data['policy.default'] ?? '').trim();
    if (role === '') return verdict([]);
    const lines = rbacPolicyLines(data);
    const writes = allowedActions(rolesOf(role, lines), lines).filter(a => !a.endsWith('/get') && !a.endsWith('(role:readonly)'));
    return verdict(writes.length ? [`data.policy.default ${JSON.stringify(role)} allows ${[...new Set(writes)].join(', ')}`] : []);
  },
});
