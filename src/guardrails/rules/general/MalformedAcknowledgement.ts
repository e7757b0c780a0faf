import { ACKNOWLEDGE_ANNOTATION, parseAcknowledgeAnnotation } from '../../acknowledgements';
import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { annotationsOf } from '../../manifests';
import { knownRuleIds } from '../rule-ids';

export const MalformedAcknowledgement = objectRule({
  id: 'ARGO-GEN1',
  name: 'MalformedAcknowledgement',
  level: GuardrailLevel.ERROR,
  finding: 'An argocd-platform/acknowledge annotation names no rule of the pack, or gives no reason of at least 10 characters',
  explanation: 'An exception nobody can read is not reviewed. Write one line per exception: "ARGO-<ID>: <why it is fine>", '
    + 'with a rule ID from the README\'s Guardrails table and a reason of at least 10 characters.',
  evaluate: manifest => {
    const value = annotationsOf(manifest)[ACKNOWLEDGE_ANNOTATION];
    if (value === undefined) return notApplicable();
    const { problems } = parseAcknowledgeAnnotation(value, knownRuleIds());
    return verdict(problems.map(p => `metadata.annotations.${ACKNOWLEDGE_ANNOTATION}: ${p}`));
  },
});
