import { IConstruct } from 'constructs';
import { ArgoComponent } from './argo-metrics-selector';
import { labelKeyReason, labelValueReason } from '../util/kube-names';
import { fail } from '../util/validation';

export { escapeRegex } from './promql-check';

/** The components every Argo CD installation runs. */
export const CORE_COMPONENTS: ArgoComponent[] = [
  ArgoComponent.APPLICATION_CONTROLLER,
  ArgoComponent.SERVER,
  ArgoComponent.REPO_SERVER,
  ArgoComponent.APPLICATIONSET_CONTROLLER,
  ArgoComponent.NOTIFICATIONS_CONTROLLER,
];

/** Fails unless every key and value is a Kubernetes label. */
export function assertLabels(scope: IConstruct | string, field: string, labels: { [key: string]: string } | undefined): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const key of Object.keys(labels ?? {}).sort()) {
    const value = labels![key];
    // The same validators as the writer's check of every rendered object (util/kube-names.ts).
    const keyReason = labelKeyReason(key);
    if (keyReason) fail(scope, `${field}.${key}`, key, keyReason);
    const valueReason = labelValueReason(value);
    if (valueReason) fail(scope, `${field}.${key}`, value, valueReason);
    out[key] = value;
  }
  return out;
}
