import { IConstruct } from 'constructs';
import { ArgoComponent } from './argo-metrics-selector';
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
    if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(key) || key.length > 316) {
      fail(scope, `${field}.${key}`, key, 'must be a Kubernetes label key');
    }
    if (typeof value !== 'string' || !/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(value) || value.length > 63) {
      fail(scope, `${field}.${key}`, value, 'must be a Kubernetes label value (at most 63 letters, digits, "-", "_" and ".")');
    }
    out[key] = value;
  }
  return out;
}
