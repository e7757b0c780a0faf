import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { containersOf, imageTagOf } from '../../manifests';

export const ImageTagLatest = objectRule({
  id: 'ARGO-IMG1',
  name: 'ImageTagLatest',
  level: GuardrailLevel.ERROR,
  finding: 'A container image is tagged :latest or not tagged at all',
  explanation: 'A floating tag means Git no longer says what runs: two pods of one Deployment can run different builds, a rollback '
    + 'redeploys whatever `latest` is today, and Argo CD shows the application in sync while it changes. Pin a version tag '
    + '(or a digest) and let CI or Image Updater commit new versions.',
  evaluate: manifest => {
    const containers = containersOf(manifest);
    if (containers.length === 0) return notApplicable();
    const details: string[] = [];
    for (const container of containers) {
      const image = container.value.image;
      if (typeof image !== 'string') continue;
      const { tag, digest } = imageTagOf(image);
      if (digest) continue;
      if (tag === undefined) details.push(`${container.field}.image is untagged (got "${image}")`);
      else if (tag.toLowerCase() === 'latest') details.push(`${container.field}.image is tagged latest (got "${image}")`);
    }
    return verdict(details);
  },
});
