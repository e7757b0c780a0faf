import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { isAppProject, list } from '../../manifests';

export const WildcardSourceRepository = objectRule({
  id: 'ARGO-PRJ1',
  name: 'WildcardSourceRepository',
  level: GuardrailLevel.ERROR,
  finding: 'An AppProject allows source repositories by wildcard',
  explanation: 'A wildcard in sourceRepos lets the project\'s applications deploy anything from any repository that matches, including '
    + 'a fork or a repository nobody reviews. List the repositories the team deploys from.',
  evaluate: manifest => {
    if (!isAppProject(manifest)) return notApplicable();
    return verdict(list(manifest.spec?.sourceRepos)
      .filter(repo => typeof repo === 'string' && repo.includes('*') && !repo.startsWith('!'))
      .map(repo => `spec.sourceRepos has ${JSON.stringify(repo)}`));
  },
});
