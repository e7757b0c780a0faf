import { GuardrailLevel, platformRule } from '../../guardrail-rule';
import { applicationSourcesOf, isApplication } from '../../manifests';

export const EnvironmentWithoutRootApp = platformRule({
  id: 'ARGO-STR1',
  name: 'EnvironmentWithoutRootApp',
  level: GuardrailLevel.WARNING,
  finding: 'An environment has no root Application (App of Apps) reading its folder',
  explanation: 'Without a root Application nothing applies the environment\'s folder: its Applications exist in Git only, and someone '
    + 'ends up running kubectl apply by hand (the seed\'s "manual kubectl" anti-pattern). Add EnvironmentRootApps.',
  evaluate: platform => {
    const paths = new Set<string>();
    for (const object of platform.objects.filter(o => isApplication(o.manifest))) {
      for (const source of applicationSourcesOf(object.manifest)) {
        if (typeof source.value.path === 'string') paths.add(source.value.path.replace(/\/+$/, ''));
      }
    }
    return platform.environments
      .filter(env => env.outputPath === undefined || !paths.has(env.outputPath))
      .map(env => ({
        detail: env.outputPath === undefined
          ? `environment ${env.name} has no root Application (the platform has no GitOps repository to read it from)`
          : `environment ${env.name} has no root Application reading ${env.outputPath}`,
      }));
  },
});
