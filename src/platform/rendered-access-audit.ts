import { Chart } from 'cdk8s';
import { RenderedModel } from './rendered-model';
import { AccessAudit } from '../rbac/access-audit';
import { AccessAuditInputs, accessAuditInputs } from '../rbac/access-audit-manifests';

/**
 * What the access audit reads from a chart's rendered objects (`accessAuditInputs` of the chart's
 * folder), read once per synth: the AccessAuditReport (its validation and its artifact) and the
 * guardrails (ARGO-ACC7) share it through the synth's RenderedModel. Outside a synth it is read again
 * on every call (the tree may still change).
 * @param chart the platform chart
 * @param model the model to read (default: the synth's, or a new one outside a synth)
 */
export function renderedAuditInputs(chart: Chart, model: RenderedModel = RenderedModel.of(chart)): AccessAuditInputs {
  return inputsIn(model, chart);
}

/**
 * The access audit compiled from a chart's rendered objects (`renderedAuditInputs`), compiled once per
 * synth. Throws what `AccessAudit.compile` throws (then it is compiled again on the next call).
 * @param chart the platform chart
 * @param model the model to read (default: the synth's, or a new one outside a synth)
 */
export function renderedAccessAudit(chart: Chart, model: RenderedModel = RenderedModel.of(chart)): AccessAudit {
  return model.memo(chart, 'accessAudit', () => {
    const { config, projects, options } = inputsIn(model, chart);
    return AccessAudit.compile(config, projects, options);
  });
}

function inputsIn(model: RenderedModel, chart: Chart): AccessAuditInputs {
  return model.memo(chart, 'accessAuditInputs', () => accessAuditInputs(model.manifestsOf(chart)));
}
