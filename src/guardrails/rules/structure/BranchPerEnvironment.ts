import { GuardrailLevel, platformRule, PlatformViolation } from '../../guardrail-rule';
import { applicationSourcesOf, isApplication } from '../../manifests';

export const BranchPerEnvironment = platformRule({
  id: 'ARGO-STR2',
  name: 'BranchPerEnvironment',
  level: GuardrailLevel.ERROR,
  finding: 'The same repository path is deployed to different environments from different branches (branch per environment)',
  explanation: 'Branches per environment drift apart: fixes are cherry-picked, merges conflict, and nobody can say what differs between '
    + 'staging and prod. Keep one branch and a folder (overlay) per environment; promote by changing the folder, not by merging branches.',
  evaluate: platform => {
    const byPath = new Map<string, Array<{ environment: string; revision: string; path: string }>>();
    for (const object of platform.objects) {
      const environment = object.context.environment;
      if (!isApplication(object.manifest) || environment === undefined) continue;
      for (const source of applicationSourcesOf(object.manifest)) {
        const { repoURL, path, chart, targetRevision } = source.value;
        if (typeof repoURL !== 'string' || typeof path !== 'string' || chart !== undefined) continue;
        const key = `${repoURL} ${path.replace(/\/+$/, '')}`;
        byPath.set(key, [...byPath.get(key) ?? [], { environment, revision: String(targetRevision ?? 'HEAD'), path: object.path }]);
      }
    }
    const violations: PlatformViolation[] = [];
    for (const key of [...byPath.keys()].sort()) {
      const uses = byPath.get(key)!;
      const environments = new Set(uses.map(u => u.environment));
      const revisions = new Set(uses.map(u => u.revision));
      if (environments.size < 2 || revisions.size < 2) continue;
      const [repo, path] = key.split(' ');
      const detail = `${repo} path ${JSON.stringify(path)} is deployed from ${uses.map(u => `${u.revision} in ${u.environment}`).sort().join(', ')}`;
      for (const use of uses) violations.push({ path: use.path, detail });
    }
    return violations;
  },
});
