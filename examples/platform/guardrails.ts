import { ArgoPlatform, TeamProject } from '../../src';

/**
 * The example's exceptions to the guardrails, each with the reason reviewers read in
 * dist/argocd.guardrails.md. Everything else the pack finds fails the synth.
 *
 * None today: the team-lead roles get every action on their own project but override, create,
 * update and delete are denied on its `*-prod` applications, which is what ARGO-ACC5 and
 * `argocd-platform rbac can` both answer. Acknowledge a finding with
 * `Acknowledgements.of(construct).add('<rule ID>', '<why, at least 10 characters>')`.
 */
export function addGuardrailExceptions(_platform: ArgoPlatform, _teams: { payments: TeamProject; orders: TeamProject }) {
  // Intentionally empty (see above).
}
