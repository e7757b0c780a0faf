import { AccessAudit } from '../../../rbac/access-audit';
import { accessAuditInputs } from '../../../rbac/access-audit-manifests';
import { describeEntry } from '../../../rbac/access-audit-render';
import { GuardrailLevel, PlatformViolation, platformRule } from '../../guardrail-rule';
import { isAppProject, isConfigMapNamed } from '../../manifests';
import { sharedWithRules } from '../../shared-values';

/** The application actions that write an Application: whoever has them decides what a production Application deploys. */
const WRITES = ['create', 'update'];

export const ProductionProjectWriters = platformRule({
  id: 'ARGO-ACC7',
  name: 'ProductionProjectWriters',
  level: GuardrailLevel.ERROR,
  finding: 'Someone other than the platform\'s admins may create or update Applications in a production project',
  explanation: 'Argo CD ties an Application\'s destination to its project, never to its name: whoever may create or update an '
    + 'Application of a project whose destinations reach production can point it at any of them, under any name, and change '
    + 'what it deploys without a reviewed merge. Keep create and update in production projects to role:admin (production '
    + 'Applications come from Git); give team leads get and sync (TeamAccess.teamLeadsDefault()). The audit '
    + '(dist/<platform>.access.md, "Who can change production") shows the lines behind each grant.',
  evaluate: platform => {
    const manifests = platform.objects.map(o => o.manifest);
    if (!manifests.some(m => isConfigMapNamed(m, 'argocd-rbac-cm'))) return [];
    // At synth, the audit the AccessAuditReport writes (compiled once per synth) when it reads the same inputs.
    const shared = sharedWithRules(platform).accessAudit;
    let audit: AccessAudit;
    const inputs = shared ? shared.inputs() : accessAuditInputs(manifests);
    try {
      audit = shared ? shared.audit() : AccessAudit.compile(inputs.config, inputs.projects, inputs.options);
    } catch {
      return []; // a policy Argo CD cannot load is reported by the policy validation
    }
    const projectPaths = new Map<string, string>();
    for (const o of platform.objects) {
      const name = o.manifest?.metadata?.name;
      if (isAppProject(o.manifest) && !projectPaths.has(name)) projectPaths.set(name, o.path);
    }
    const violations: PlatformViolation[] = [];
    for (const { destination, changers } of audit.productionAccess()) {
      const path = projectPaths.get(destination.project);
      for (const changer of changers.filter(c => !c.admin)) {
        const writes = (changer.access.applications ?? []).filter(e => WRITES.includes(e.action));
        if (writes.length === 0) continue;
        const lines = [...new Set(writes.flatMap(e => e.policyLines))];
        const who = changer.kind === 'default' ? `everyone (policy.default ${changer.subject})`
          : changer.displayName ? `${changer.displayName} (${changer.subject})` : changer.subject;
        violations.push({
          path,
          detail: `${who} may ${writes.map(describeEntry).join(' and ')} Applications in production project ${destination.project} `
            + `(${destination.productionDestinations.join('; ')}), through ${lines.join(' | ')}`,
        });
      }
    }
    return violations;
  },
});
