import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { PlatformApp } from '../../src';
import { OutputDrift } from '../../src/platform/output-drift';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');

function renderExample(): Record<string, string> {
  const app = new PlatformApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'example-')) });
  buildExamplePlatform(app);
  return app.render();
}

// One synth of the example for the tests that only read it (the two-synths test makes its own).
let shared: Record<string, string> | undefined;
function example(): Record<string, string> {
  shared ??= renderExample();
  return shared;
}

describe('the example platform (examples/platform)', () => {
  test('drift check: the committed dist/ equals a fresh synth', () => {
    const problems = OutputDrift.compare(example(), DIST);
    if (problems.length > 0) {
      throw new Error(`dist/ is out of date with the code. Run \`npx cdk8s synth\` and commit dist/.\n\n${problems.join('\n\n')}`);
    }
  });

  test('the drift check fails with a readable diff when dist/ is edited by hand', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'edited-dist-'));
    fs.cpSync(DIST, copy, { recursive: true });
    const cm = path.join(copy, 'argocd', 'configmap-argocd-cm.yaml');
    fs.writeFileSync(cm, fs.readFileSync(cm, 'utf8').replace('admin.enabled: "false"', 'admin.enabled: "true"'));
    fs.writeFileSync(path.join(copy, 'argocd', 'configmap-extra.yaml'), 'kind: ConfigMap\n');
    fs.rmSync(path.join(copy, 'argocd', 'configmap-argocd-cmd-params-cm.yaml'));

    const problems = OutputDrift.compare(example(), copy);
    expect(problems).toEqual([
      expect.stringMatching(/^argocd\/configmap-argocd-cm.yaml: differs from a fresh synth \(- committed, \+ fresh\):\n[\s\S]*  - {3}admin.enabled: "true"\n  \+ {3}admin.enabled: "false"/),
      'argocd/configmap-argocd-cmd-params-cm.yaml: missing from ' + copy + ' (a fresh synth writes it)',
      'argocd/configmap-extra.yaml: in ' + copy + ' but a fresh synth does not write it',
    ]);
  });

  test('two synths are byte-identical', () => {
    expect(renderExample()).toEqual(example());
  });

  test('no secret value and no plain Secret in the output, except Argo CD Secrets of non-secret workload-identity config', () => {
    const CREDENTIAL_KEYS = ['password', 'sshPrivateKey', 'bearerToken', 'tlsClientCertKey', 'githubAppPrivateKey', 'clientSecret'];
    for (const [file, text] of Object.entries(example())) {
      if (!/^kind: Secret$/m.test(text)) continue;
      const secret = parse(text);
      const data: Record<string, string> = { ...(secret.stringData ?? {}), ...(secret.data ?? {}) };
      const config = data.config ? JSON.parse(data.config) : undefined;
      // Argo CD reads clusters and repositories only from Secrets: with workload identity they hold no credential.
      expect({
        file,
        type: secret.metadata.labels?.['argocd.argoproj.io/secret-type'],
        credentialKeys: Object.keys(data).filter(k => CREDENTIAL_KEYS.includes(k)),
        configCredentials: config ? Object.keys(config).filter(k => ['bearerToken', 'password', 'username', 'keyData', 'certData'].includes(k)) : [],
        workloadIdentity: data.useAzureWorkloadIdentity === 'true' || config?.execProviderConfig?.env?.AAD_LOGIN_METHOD === 'workloadidentity',
      }).toEqual({ file, type: expect.stringMatching(/^(cluster|repository|repo-creds)$/), credentialKeys: [], configCredentials: [], workloadIdentity: true });
    }
  });

  test('prod runs on its own AKS cluster: the cluster Secret, namespaces on that cluster, the cmd-params hash', () => {
    const files: Record<string, any> = Object.fromEntries(Object.entries(example()).map(([f, t]) => [f, f.endsWith('.yaml') ? parse(t) : t]));
    const secret = files['argocd/secret-cluster-aks-prod.yaml'];
    expect(secret.metadata.labels['argocd.argoproj.io/secret-type']).toBe('cluster');
    expect(JSON.parse(secret.stringData.config).execProviderConfig).toMatchObject({ command: 'argocd-k8s-auth', args: ['azure'] });
    expect(files['prod-cluster/namespace-payments-prod.yaml'].metadata.name).toBe('payments-prod');
    expect(files['prod/namespace-payments-prod.yaml']).toBeUndefined();
    expect(files['argocd/application-cluster-prod.yaml'].spec.destination).toEqual({ name: 'aks-prod', namespace: 'default' });
    expect(files['prod/application-payments-api-prod.yaml'].spec.destination).toEqual({ name: 'aks-prod', namespace: 'payments-prod' });
    const values = files['argocd.values.yaml'];
    expect(values.controller.podAnnotations['argocd-platform.cdk8s.io/checksum-cmd-params']).toMatch(/^[0-9a-f]{64}$/);
    expect(values.controller.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
  });

  test('the ACR chart registry has a repository Secret whose url is the orders-service repoURL', () => {
    const files = Object.entries(example()).filter(([file]) => file.endsWith('.yaml')).map(([, text]) => parse(text));
    const app = files.find(o => o?.kind === 'Application' && o.spec?.source?.chart === 'orders-service');
    expect(app?.spec.source.repoURL).toBe('civica.azurecr.io/helm');
    const repo = files.find(o => o?.kind === 'ExternalSecret'
      && o.spec?.target?.template?.metadata?.labels?.['argocd.argoproj.io/secret-type'] === 'repository'
      && o.spec.target.template.data?.url === app.spec.source.repoURL);
    expect(repo?.spec.target.template.data).toEqual(expect.objectContaining({ type: 'helm', enableOCI: 'true', username: 'argocd-charts-pull' }));
    expect(repo?.spec.data).toEqual([{ secretKey: 'password', remoteRef: { key: 'acr-argocd-charts-pull-token' } }]);
  });

  test('the team repository is read over SSH, under the only GitHub credential (repo-creds git@github.com:civica; argo-cd util/db/repository_secrets.go prefix match)', () => {
    const files = Object.entries(example()).filter(([file]) => file.endsWith('.yaml')).map(([, text]) => parse(text));
    const creds = files.filter(o => o?.kind === 'ExternalSecret' && o.spec?.target?.template?.metadata?.labels?.['argocd.argoproj.io/secret-type'] === 'repo-creds');
    expect(creds.map(o => o.spec.target.template.data.url)).toEqual(['git@github.com:civica']);
    for (const env of ['dev', 'staging', 'prod']) {
      expect(files.find(o => o?.kind === 'Application' && o.metadata.name === `payments-apps-${env}`)?.spec.source.repoURL).toBe('git@github.com:civica/payments-apps.git');
    }
    const githubUrls = files.flatMap(o => o?.kind === 'AppProject' ? o.spec.sourceRepos ?? [] : o?.kind === 'Application' ? [o.spec.source?.repoURL, ...(o.spec.sources ?? []).map((x: any) => x.repoURL)] : [])
      .filter((u: unknown): u is string => typeof u === 'string' && u.includes('github.com') && u.includes('civica'));
    expect(githubUrls.length).toBeGreaterThan(0);
    expect(githubUrls.filter(u => !u.startsWith('git@github.com:civica/'))).toEqual([]);
    // The guardrail that would have caught the https URL reports nothing.
    expect(example()['argocd.guardrails.md']).not.toContain('ARGO-REP1');
  });
});

