import { KubeDeployment } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { Acknowledgements, ArgoPlatform, GuardrailLevel, Guardrails } from '../../src';
import { GuardrailPack } from '../../src/guardrails/guardrail-pack';
import { newPlatform } from '../helpers/platform-fixture';

/** A Deployment with a `latest` image, below `scope`, in the dev environment chart unless told otherwise. */
function latestDeployment(scope: Construct, id = 'Web') {
  return new KubeDeployment(scope, id, {
    metadata: { name: id.toLowerCase(), namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:latest' }] } } },
  });
}

function withTeamFolder(platform: ArgoPlatform) {
  const team = new Construct(platform.environment('dev'), 'Shop');
  const service = new Construct(team, 'Service');
  return { team, service };
}

describe('the pack runs on every platform at synth', () => {
  test('an unacknowledged error fails the synth with the object\'s construct path, the rule and the detail', () => {
    const { app, platform } = newPlatform();
    latestDeployment(withTeamFolder(platform).service);
    expect(() => app.render()).toThrow('[dev/Shop/Service/Web] ARGO-IMG1 A container image is tagged :latest or not tagged at all: spec.template.spec.containers[web].image is tagged latest (got "nginx:latest") (fix it, or acknowledge it with Acknowledgements.of(construct).add(\'ARGO-IMG1\', reason))');
  });

  test('an acknowledgement covers the construct\'s descendants, and the report lists it with its reason and where it is attached', () => {
    const { app, platform } = newPlatform();
    const { team, service } = withTeamFolder(platform);
    latestDeployment(service);
    Acknowledgements.of(team).add('ARGO-IMG1', 'vendor image without versioned tags, pinned by digest in the registry mirror');
    const report = app.render()['argocd.guardrails.md'];
    expect(report).toContain('| ARGO-IMG1 | error | Deployment shop/web `dev/Shop/Service/Web` | spec.template.spec.containers[web].image is tagged latest (got "nginx:latest") | vendor image without versioned tags, pinned by digest in the registry mirror | `dev/Shop` |');
  });

  test('an acknowledgement does not cover siblings, nor another rule', () => {
    const { app, platform } = newPlatform();
    const { team, service } = withTeamFolder(platform);
    const other = new Construct(team, 'Other');
    latestDeployment(other, 'Worker');
    Acknowledgements.of(service).add('ARGO-IMG1', 'vendor image without versioned tags');
    Acknowledgements.of(other).add('ARGO-SEC1', 'not what is wrong here, on purpose');
    expect(() => app.render()).toThrow(/\[dev\/Shop\/Other\/Worker\] ARGO-IMG1/);
  });

  test('reasons of fewer than 10 characters and unknown rules are refused at once', () => {
    const { platform } = newPlatform();
    expect(() => Acknowledgements.of(platform).add('ARGO-IMG1', 'because')).toThrow('[argocd] acknowledgement ARGO-IMG1: explain in at least 10 characters (one line) why the exception is fine (got "because")');
    expect(() => Acknowledgements.of(platform).add('ARGO-IMG1', '  short   ')).toThrow(/explain in at least 10 characters/);
    expect(() => Acknowledgements.of(platform).add('ARGO-IMG1', 'two\nlines of reasons')).toThrow(/\(one line\) why the exception is fine \(got "two\\nlines of reasons"\)/);
    expect(() => Acknowledgements.of(platform).add('ARGO-NOPE1', 'a long enough reason')).toThrow(/\[argocd\] acknowledgement: no such rule; the pack has ARGO-SEC1, ARGO-SEC2/);
    expect(() => Acknowledgements.of(platform).add('latest', 'a long enough reason')).toThrow(/must be a rule ID such as ARGO-SYN1 \(got "latest"\)/);
    expect(() => Acknowledgements.of(platform).add('ARGO-IMG1', 'exactly 10')).not.toThrow();
  });

  test('the acknowledge annotation on an object is honoured at synth too', () => {
    const { app, platform } = newPlatform();
    const deployment = latestDeployment(platform.environment('dev'));
    deployment.metadata.addAnnotation('argocd-platform/acknowledge', 'ARGO-IMG1: upstream publishes latest only, mirrored nightly');
    expect(app.render()['argocd.guardrails.md']).toContain('| upstream publishes latest only, mirrored nightly | `annotation argocd-platform/acknowledge` |');
  });

  test('a malformed acknowledge annotation is itself an error', () => {
    const { app, platform } = newPlatform();
    const deployment = latestDeployment(platform.environment('dev'));
    deployment.metadata.addAnnotation('argocd-platform/acknowledge', 'ARGO-IMG1: ok');
    expect(() => app.render()).toThrow(/\[dev\/Web\] ARGO-GEN1 .*"ARGO-IMG1: ok" explain in at least 10 characters/);
  });

  test('warnings and the platform\'s own exception are in the report; unused acknowledgements are listed', () => {
    const { app, platform } = newPlatform();
    Acknowledgements.of(platform.environment('dev')).add('ARGO-SYN1', 'nothing in dev is production, left over');
    const report = app.render()['argocd.guardrails.md'];
    expect(report).toContain('# Guardrails: argocd');
    expect(report).toContain('| ARGO-PRJ3 | error | AppProject argocd/platform `argocd/PlatformProject/Resource` | spec.clusterResourceWhitelist[0] is {"group":"*","kind":"*"} | the platform project installs Argo CD itself, which needs its CRDs and ClusterRoles; only platform admins act on it | `annotation argocd-platform/acknowledge` |');
    expect(report).toContain('| ARGO-OPS1 | (platform) `argocd` | The platform has no Argo CD alerts (ArgoAlerts) | no construct provides the alerts capability |');
    expect(report).toContain('| ARGO-STR1 | (platform) `argocd` | An environment has no root Application (App of Apps) reading its folder of the platform\'s GitOps repository | environment dev has no root Application reading dist/dev of git@github.com:civica/gitops-config.git |');
    // The report explains each rule it found (what, why, how to fix or acknowledge): no README needed.
    expect(report).toContain('### ARGO-STR1 EnvironmentWithoutRootApp (warning)\n\n**What**: An environment has no root Application (App of Apps) reading its folder of the platform\'s GitOps repository.\n\n**Why and how to fix**: Without a root Application');
    expect(report).toContain("`Acknowledgements.of(construct).add('ARGO-STR1', '<why this is acceptable>')`");
    expect(report).not.toContain('README');
    expect(report).toContain('## Unused acknowledgements');
    expect(report).toContain('- `dev: ARGO-SYN1`');
  });

  test('Guardrails.findings gives every finding with its level', () => {
    const { platform } = newPlatform();
    const findings = Guardrails.findings(platform);
    expect(findings.filter(f => f.level === GuardrailLevel.ERROR && f.acknowledgedReason === undefined)).toEqual([]);
    expect(findings.map(f => f.ruleId)).toEqual(expect.arrayContaining(['ARGO-OPS1', 'ARGO-OPS2', 'ARGO-OPS3', 'ARGO-PRJ3', 'ARGO-STR1']));
  });

  test('opting out is explicit, with a reason the report shows', () => {
    const { app, platform } = newPlatform();
    latestDeployment(platform.environment('dev'));
    expect(() => Guardrails.disable(platform, 'legacy')).toThrow('[argocd] guardrails.disable: explain in at least 10 characters (one line) why this platform runs without guardrails (got "legacy")');
    Guardrails.disable(platform, 'migrating the legacy cluster; guardrails return in Q3');
    expect(app.render()['argocd.guardrails.md']).toBe('# Guardrails: argocd\n\n**The guardrails are disabled for this platform**: migrating the legacy cluster; guardrails return in Q3\n');
  });

  test('thresholds are configurable', () => {
    const { platform } = newPlatform();
    expect(() => Guardrails.configure(platform, { maxSourcesPerApplication: 0 })).toThrow('[argocd] guardrails.maxSourcesPerApplication: must be a positive integer (got 0)');
  });

  test('the pack lists every rule once, each with an ID, a level, a finding and an explanation', () => {
    const rules = GuardrailPack.rules();
    expect(new Set(rules.map(r => r.id)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^ARGO-[A-Z]+[0-9]+$/);
      expect(Object.values(GuardrailLevel)).toContain(rule.level);
      expect(rule.finding.length).toBeGreaterThan(20);
      expect(rule.explanation.length).toBeGreaterThan(60);
      expect(GuardrailPack.rule(rule.id)).toBe(rule);
    }
  });
});
