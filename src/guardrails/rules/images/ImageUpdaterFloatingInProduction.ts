import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { annotationsOf, imageTagOf, isApplication, isKind, list, record } from '../../manifests';

const FLOATING_STRATEGIES = new Set(['newest-build', 'latest']);
const ANNOTATION_PREFIX = 'argocd-image-updater.argoproj.io/';

export const ImageUpdaterFloatingInProduction = objectRule({
  id: 'ARGO-IMG2',
  name: 'ImageUpdaterFloatingInProduction',
  level: GuardrailLevel.ERROR,
  finding: 'Image Updater deploys the newest build (newest-build / latest) to production',
  explanation: 'With newest-build (called latest before Image Updater 0.12) whatever CI built last goes to production, with no '
    + 'version a reviewer approved. In production update with semver and a constraint (or digest of a pinned tag), or promote '
    + 'versions through pull requests.',
  evaluate: (manifest, context) => {
    const updater = isKind(manifest, 'argocd-image-updater.argoproj.io', 'ImageUpdater');
    const annotations = Object.entries(annotationsOf(manifest)).filter(([key]) => key.startsWith(ANNOTATION_PREFIX));
    if (!updater && !(isApplication(manifest) && annotations.length > 0)) return notApplicable();
    if (!context.production) return notApplicable();
    const details: string[] = [];
    const strategy = (field: string, value: unknown) => {
      if (typeof value === 'string' && FLOATING_STRATEGIES.has(value)) details.push(`${field} is ${value}`);
    };
    const image = (field: string, value: unknown) => {
      if (typeof value === 'string' && imageTagOf(value).tag?.toLowerCase() === 'latest') details.push(`${field} follows the latest tag (got "${value}")`);
    };
    if (updater) {
      strategy('spec.commonUpdateSettings.updateStrategy', manifest.spec?.commonUpdateSettings?.updateStrategy);
      list(manifest.spec?.applicationRefs).forEach((ref, i) => {
        const r = record(ref) ?? {};
        strategy(`spec.applicationRefs[${i}].commonUpdateSettings.updateStrategy`, r.commonUpdateSettings?.updateStrategy);
        list(r.images).forEach((img, j) => {
          const field = `spec.applicationRefs[${i}].images[${record(img)?.alias ?? j}]`;
          strategy(`${field}.commonUpdateSettings.updateStrategy`, record(img)?.commonUpdateSettings?.updateStrategy);
          image(`${field}.imageName`, record(img)?.imageName);
        });
      });
    } else {
      for (const [key, value] of annotations) {
        const field = `metadata.annotations.${key}`;
        if (key.endsWith('update-strategy')) strategy(field, value);
        if (key === `${ANNOTATION_PREFIX}image-list`) {
          for (const entry of value.split(',')) image(field, entry.trim().replace(/^[^=]+=/, ''));
        }
      }
    }
    return verdict(details);
  },
});
