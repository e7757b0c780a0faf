import { Acknowledgements, ArgoPlatform, TeamProject } from '../../src';

/**
 * The example's exceptions to the guardrails, each with the reason reviewers read in
 * dist/argocd.guardrails.md. Everything else the pack finds fails the synth.
 */
export function addGuardrailExceptions(_platform: ArgoPlatform, teams: { payments: TeamProject; orders: TeamProject }) {
  // The team-lead project roles get every action on their own project, prod included (ARGO-ACC5).
  for (const team of [teams.payments, teams.orders]) {
    Acknowledgements.of(team).add('ARGO-ACC5',
      'team leads are the incident escalation for their own services; override in prod is their break-glass, and Argo CD audits every use');
  }
}
