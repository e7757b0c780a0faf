import { PlatformSynthError } from '../../src/platform/synth-error';

/** Each problem is printed once, with no nested "Validation failed" prefixes. */
describe('PlatformSynthError', () => {
  test('repeats are printed once and nested prefixes are flattened', () => {
    const error = new PlatformSynthError([
      '[argocd/Payments] team: is also the team of [argocd/Orders] (got "payments")',
      '[argocd/Payments] team: is also the team of [argocd/Orders] (got "payments")',
      '[argocd/Guardrails] Validation failed with the following errors: [dev/A] image: bad (got "x") [dev/B] image: worse (got "y")',
      '[dev/A] image: bad (got "x")',
    ]);
    expect(error.errors).toEqual([
      '[argocd/Payments] team: is also the team of [argocd/Orders] (got "payments")',
      '[dev/A] image: bad (got "x")',
      '[dev/B] image: worse (got "y")',
    ]);
    expect(error.message.match(/Validation failed/g)).toHaveLength(1);
  });
});
