import { GuardrailLevel, platformRule } from '../../guardrail-rule';
import { applicationSourcesOf, isApplication } from '../../manifests';

/** A repository URL compared as Argo CD's repo server does (case of the host, a trailing `/` or `.git` do not matter). */
function sameRepository(url: string): string {
  return url.trim().replace(/\/+$/, '').replace(/\.git$/i, '').toLowerCase();
}

export const EnvironmentWithoutRootApp = platformRule({
  id: 'ARGO-STR1',
  name: 'EnvironmentWithoutRootApp',
  level: GuardrailLevel.WARNING,
  finding: 'An environment has no root Application (App of Apps) reading its folder of the platform\'s GitOps repository',
  explanation: 'Without a root Application nothing applies the environment\'s folder: its Applications exist in Git only, and someone '
    + 'ends up running kubectl apply by hand (the seed\'s "manual kubectl" anti-pattern). An Application reading the same path of '
    + 'another repository (a team repository\'s root apps) does not count. Add EnvironmentRootApps.',
  evaluate: platform => {
    const read = new Set<string>();
    for (const object of platform.objects.filter(o => isApplication(o.manifest))) {
      for (const source of applicationSourcesOf(object.manifest)) {
        if (typeof source.value.path === 'string' && typeof source.value.repoURL === 'string') {
          read.add(`${sameRepository(source.value.repoURL)} ${source.value.path.replace(/\/+$/, '')}`);
        }
      }
    }
    return platform.environments
      .filter(env => env.outputPath === undefined || env.repoUrl === undefined || !read.has(`${sameRepository(env.repoUrl)} ${env.outputPath}`))
      .map(env => ({
        detail: env.outputPath === undefined || env.repoUrl === undefined
          ? `environment ${env.name} has no root Application (the platform has no GitOps repository to read it from)`
          : `environment ${env.name} has no root Application reading ${env.outputPath} of ${env.repoUrl}`,
      }));
  },
});
