import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'cdk8s';
import { parse } from 'yaml';
import { buildExamplePlatform } from '../../examples/platform/platform';
import {
  ArgoCluster, ArgoNotifications, ArgoRepository, ArgoScaleProfile, ClusterAuth, EmailNotifier, PlatformApp, RepositoryCredentialTemplate,
  RepositoryType, SecretSource, SelfManagedArgo, SlackNotifier, WebhookNotifier,
} from '../../src';
import { TEST_CA_DATA } from '../helpers/cluster-ca';
import { newPlatform } from '../helpers/platform-fixture';
import { describeIfReference, referencePath } from '../helpers/reference';

/**
 * Contract tests against the Go code that reads the output, at the pinned versions (argo-cd v3.5.1,
 * argo-helm argo-cd 10.1.1, notifications-engine 0cff13b8a717). Every key the platform writes into
 * argocd-cm, argocd-rbac-cm, argocd-cmd-params-cm, notification services, cluster and repository
 * Secrets is either documented in the pinned reference or read by a pinned chart template; every typed
 * value is decoded by Go's standard library the way its consumer decodes it (test/contract/go/decode.go),
 * all cases in one `go run`. A subprocess suite (`*.integ.test.ts`): needs Go (`ARGOCD_PLATFORM_REQUIRE_GO=1` in CI).
 */

function hasGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const goTest = hasGo() || process.env.ARGOCD_PLATFORM_REQUIRE_GO === '1' ? test : test.skip;
if (!hasGo()) {
  // eslint-disable-next-line no-console
  console.warn('SKIPPED the Go contract decoding: go is not installed');
}

interface Case { readonly kind: string; readonly value: string; readonly what: string }
interface Decoded { readonly ok: boolean; readonly error?: string; readonly decoded?: any }

function decodeWithGo(cases: Case[]): Decoded[] {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'go-home-'));
  try {
    const out = execFileSync('go', ['run', path.join(__dirname, 'go', 'decode.go')], {
      input: JSON.stringify(cases.map(({ kind, value }) => ({ kind, value }))),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, HOME: home, GOCACHE: path.join(os.tmpdir(), 'argocd-platform-gocache'), GOPATH: path.join(home, 'go'), GOFLAGS: '-mod=mod', GO111MODULE: 'off' },
    });
    return JSON.parse(out);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const CHART = ['upstream', 'argo-helm-argo-cd-10.1.1'];
const ARGOCD = ['upstream', 'argo-cd-v3.5.1'];

/** Every `configMapKeyRef` of a chart template: ConfigMap name to the keys the chart's workloads read from it. */
function chartConfigMapKeys(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {walk(file);} else if (entry.name.endsWith('.yaml')) {
        // name, key and optional in any order.
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/configMapKeyRef:[ \t]*\n((?:[ \t]*(?:name|key|optional):[^\n]*\n){2,3})/g)) {
          const name = /name: (\S+)/.exec(m[1])?.[1];
          const key = /key: (\S+)/.exec(m[1])?.[1];
          if (name && key) out.set(name, (out.get(name) ?? new Set()).add(key));
        }
      }
    }
  };
  walk(referencePath(...CHART, 'templates'));
  return out;
}

/**
 * argocd-cmd-params-cm keys the platform writes, with how Argo CD reads them: the chart passes each to
 * an env var (templates/*: configMapKeyRef), read in argo-cd v3.5.1 by util/env (ParseBoolFromEnv:
 * strconv.ParseBool; ParseNumFromEnv/ParseInt64FromEnv: strconv.ParseInt) or as a string.
 */
const CMD_PARAMS: Record<string, { kind: 'bool' | 'int' | 'string'; reader: string }> = {
  'applicationsetcontroller.enable.leader.election': { kind: 'bool', reader: 'cmd/argocd-applicationset-controller/commands/applicationset_controller.go ARGOCD_APPLICATIONSET_CONTROLLER_ENABLE_LEADER_ELECTION' },
  'server.repo.server.strict.tls': { kind: 'bool', reader: 'cmd/argocd-server/commands/argocd_server.go ARGOCD_SERVER_REPO_SERVER_STRICT_TLS' },
  'server.insecure': { kind: 'bool', reader: 'cmd/argocd-server/commands/argocd_server.go ARGOCD_SERVER_INSECURE' },
  'server.dex.server.strict.tls': { kind: 'bool', reader: 'cmd/argocd-server/commands/argocd_server.go ARGOCD_SERVER_DEX_SERVER_STRICT_TLS' },
  'controller.status.processors': { kind: 'int', reader: 'cmd/argocd-application-controller/commands/argocd_application_controller.go ARGOCD_APPLICATION_CONTROLLER_STATUS_PROCESSORS' },
  'controller.operation.processors': { kind: 'int', reader: 'cmd/argocd-application-controller/commands/argocd_application_controller.go ARGOCD_APPLICATION_CONTROLLER_OPERATION_PROCESSORS' },
  'controller.kubectl.parallelism.limit': { kind: 'int', reader: 'cmd/argocd-application-controller/commands/argocd_application_controller.go ARGOCD_APPLICATION_CONTROLLER_KUBECTL_PARALLELISM_LIMIT' },
  'reposerver.parallelism.limit': { kind: 'int', reader: 'cmd/argocd-repo-server/commands/argocd_repo_server.go ARGOCD_REPO_SERVER_PARALLELISM_LIMIT' },
  'repo.server': { kind: 'string', reader: 'host:port of the repo-server Service' },
  'redis.server': { kind: 'string', reader: 'util/cache/cache.go REDIS_SERVER' },
  'server.dex.server': { kind: 'string', reader: 'cmd/argocd-server ARGOCD_SERVER_DEX_SERVER' },
  'commit.server': { kind: 'string', reader: 'commit-server address' },
  'application.namespaces': { kind: 'string', reader: 'env.StringsFromEnv(ARGOCD_APPLICATION_NAMESPACES, ",")' },
  'applicationset.namespaces': { kind: 'string', reader: 'env.StringsFromEnv(ARGOCD_APPLICATIONSET_CONTROLLER_NAMESPACES, ",")' },
  'controller.sharding.algorithm': { kind: 'string', reader: 'common/common.go ARGOCD_CONTROLLER_SHARDING_ALGORITHM' },
  ...Object.fromEntries(['applicationsetcontroller', 'controller', 'server', 'reposerver', 'notificationscontroller', 'dexserver', 'commitserver']
    .flatMap(c => [[`${c}.log.format`, { kind: 'string', reader: 'text or json' }], [`${c}.log.level`, { kind: 'string', reader: 'debug, info, warn or error' }]])),
};

/** argocd-cm keys with a Go type (argo-cd v3.5.1 util/settings/settings.go and the controller's env vars). */
const ARGOCD_CM_TYPED: Record<string, string> = {
  'timeout.reconciliation': 'duration', // chart: ARGOCD_RECONCILIATION_TIMEOUT, env.ParseDurationFromEnv
  'timeout.reconciliation.jitter': 'duration', // ARGOCD_RECONCILIATION_JITTER
  'timeout.hard.reconciliation': 'duration', // ARGOCD_HARD_RECONCILIATION_TIMEOUT
  'admin.enabled': 'bool', // util/settings/accounts.go: <account>.enabled, strconv.ParseBool
  'users.anonymous.enabled': 'true-or-false', // settings.go: == "true"
  'exec.enabled': 'true-or-false',
  'statusbadge.enabled': 'true-or-false',
  'application.sync.impersonation.enabled': 'true-or-false',
  'resource.exclusions': 'exclusions', // settings.go: yaml.Unmarshal into []FilteredResource
};

/** The rendered objects of a platform app, parsed. */
function objectsOf(app: PlatformApp): any[] {
  return Object.entries(app.render()).filter(([f]) => f.endsWith('.yaml') && f.includes('/')).map(([, text]) => parse(text));
}

/** The example platform, plus a platform with every notifier, a bearer-token cluster and repository flags. */
function platforms(): any[] {
  const example = new PlatformApp({ outdir: path.join(os.tmpdir(), 'argocd-platform-contract') });
  buildExamplePlatform(example);
  const { app, platform } = newPlatform();
  new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
  new ArgoScaleProfile(platform, 'Scale', { controllerReplicas: 1, kubectlParallelismLimit: 20 });
  const notifications = new ArgoNotifications(platform, 'Notifications');
  const keyVault = (secretName: string) => SecretSource.fromAzureKeyVault({ secretName });
  new WebhookNotifier(notifications, 'Hook', {
    name: 'github',
    url: 'https://api.github.com',
    headers: [{ name: 'Authorization', secret: keyVault('gh') }],
    basicAuth: { username: 'argocd', password: keyVault('pw') },
    retryMax: 5,
    retryWaitMin: Duration.seconds(2),
    retryWaitMax: Duration.seconds(10),
  });
  new EmailNotifier(notifications, 'Email', { host: 'smtp.office365.com', from: 'argocd@civica.example', username: 'argocd@civica.example', password: keyVault('smtp'), html: true });
  new SlackNotifier(notifications, 'Slack', { token: keyVault('slack'), disableUnfurl: true, defaultChannels: ['platform'] });
  new ArgoCluster(platform, 'Edge', { name: 'edge', server: 'https://edge.example.org:6443', caData: TEST_CA_DATA, auth: ClusterAuth.bearerToken(keyVault('edge-token')) });
  new ArgoRepository(platform, 'Acr', { url: 'civica.azurecr.io/helm', type: RepositoryType.HELM, useAzureWorkloadIdentity: true, azureWorkloadIdentityClientId: '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f' });
  new RepositoryCredentialTemplate(platform, 'AzureRepos', { url: 'https://dev.azure.com/civica', useAzureWorkloadIdentity: true, azureWorkloadIdentityClientId: '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f' });
  return [...objectsOf(example), ...objectsOf(app)];
}

const dataOf = (o: any) => ({ ...(o.data ?? {}), ...(o.stringData ?? {}), ...(o.spec?.target?.template?.data ?? {}) });
const isSecretOfType = (o: any, type: string) => (o.kind === 'Secret' ? o.metadata.labels : o.spec?.target?.template?.metadata?.labels)?.['argocd.argoproj.io/secret-type'] === type
  && (o.kind === 'Secret' || o.kind === 'ExternalSecret' || o.kind === 'SealedSecret');

describeIfReference('contract: every value as its Go consumer decodes it', () => {
  const objects = platforms();
  const configMaps = (name: string) => objects.filter(o => o.kind === 'ConfigMap' && o.metadata.name === name);
  const chartKeys = chartConfigMapKeys();
  const argocdCmDoc = fs.readFileSync(referencePath(...ARGOCD, 'docs', 'operator-manual', 'argocd-cm.yaml'), 'utf8');
  const rbacDoc = fs.readFileSync(referencePath(...ARGOCD, 'docs', 'operator-manual', 'argocd-rbac-cm.yaml'), 'utf8');
  const documented = (doc: string, key: string) => new RegExp(`^\\s*#?\\s*${key.replace(/[.]/g, '\\.')}:`, 'm').test(doc);

  test('every argocd-cmd-params-cm key is read by a pinned chart template (configMapKeyRef) and has a known type', () => {
    const read = chartKeys.get('argocd-cmd-params-cm')!;
    for (const cm of configMaps('argocd-cmd-params-cm')) {
      for (const key of Object.keys(cm.data)) {
        expect([key, read.has(key)]).toEqual([key, true]);
        expect([key, CMD_PARAMS[key] !== undefined]).toEqual([key, true]);
      }
    }
  });

  test('every argocd-cm and argocd-rbac-cm key is documented in argo-cd v3.5.1 docs/operator-manual or read by a chart template', () => {
    const cmRead = chartKeys.get('argocd-cm') ?? new Set();
    for (const cm of configMaps('argocd-cm')) {
      for (const key of Object.keys(cm.data)) {
        const ok = documented(argocdCmDoc, key) || cmRead.has(key) || (key.startsWith('resource.customizations.ignoreResourceUpdates.') && documented(argocdCmDoc, 'resource.customizations.ignoreResourceUpdates.all'));
        expect([key, ok]).toEqual([key, true]);
      }
    }
    for (const cm of configMaps('argocd-rbac-cm')) {
      for (const key of Object.keys(cm.data)) expect([key, documented(rbacDoc, key)]).toEqual([key, true]);
    }
  });

  goTest('Go decodes every typed value: cmd-params, argocd-cm, notification services, cluster configs, repository flags', () => {
    const cases: Case[] = [];
    for (const cm of configMaps('argocd-cmd-params-cm')) {
      for (const [key, value] of Object.entries<string>(cm.data)) {
        const kind = CMD_PARAMS[key]?.kind;
        if (kind && kind !== 'string') cases.push({ kind, value, what: `argocd-cmd-params-cm ${key}` });
      }
    }
    for (const cm of configMaps('argocd-cm')) {
      for (const [key, value] of Object.entries<string>(cm.data)) {
        const kind = ARGOCD_CM_TYPED[key];
        if (!kind) continue;
        // resource.exclusions is YAML (sigs.k8s.io/yaml: YAML to JSON, then encoding/json).
        cases.push({ kind, value: kind === 'exclusions' ? JSON.stringify(parse(value)) : value, what: `argocd-cm ${key}` });
      }
    }
    const serviceKinds: Record<string, string> = { 'webhook': 'webhook', 'slack': 'slack', 'email': 'email', 'teams': 'teams', 'teams-workflows': 'teams' };
    for (const cm of configMaps('argocd-notifications-cm')) {
      for (const [key, value] of Object.entries<string>(cm.data)) {
        const type = /^service\.([a-z-]+)/.exec(key)?.[1];
        if (!type) continue;
        expect([key, serviceKinds[type] !== undefined]).toEqual([key, true]);
        // notifications-engine pkg/services/services.go: sigs.k8s.io/yaml.Unmarshal (YAML to JSON, then encoding/json).
        cases.push({ kind: serviceKinds[type], value: JSON.stringify(parse(value)), what: `argocd-notifications-cm ${key}` });
      }
    }
    for (const secret of objects.filter(o => isSecretOfType(o, 'cluster'))) {
      // An ExternalSecret template embeds the token with `{{ .bearerToken | toJson }}`: a JSON string once rendered.
      const config = String(dataOf(secret).config).replace('{{ .bearerToken | toJson }}', '"token"');
      cases.push({ kind: 'cluster', value: config, what: `cluster Secret ${secret.metadata.name} config` });
    }
    for (const secret of objects.filter(o => isSecretOfType(o, 'repository') || isSecretOfType(o, 'repo-creds'))) {
      // argo-cd v3.5.1 util/db/repository_secrets.go: boolOrFalse (strconv.ParseBool) for these flags.
      for (const flag of ['useAzureWorkloadIdentity', 'enableOCI', 'insecure', 'enableLfs', 'forceHttpBasicAuth']) {
        const value = dataOf(secret)[flag];
        if (value !== undefined) cases.push({ kind: 'bool', value, what: `${secret.metadata.name} ${flag}` });
      }
    }
    // The oracle is not vacuous: what notifications-engine and Argo CD refuse, Go refuses (same `go run`).
    const refusals: Case[] = [
      { kind: 'webhook', value: '{"url":"https://x","retryWaitMin":"2s"}', what: 'a Go duration string' },
      { kind: 'cluster', value: `{"tlsClientConfig":{"insecure":false,"caData":"${Buffer.from('not a certificate').toString('base64')}"}}`, what: 'a CA that is not PEM' },
      { kind: 'bool', value: 'yes', what: 'yes' },
      { kind: 'int', value: '20.0', what: 'a float' },
      { kind: 'email', value: '{"host":"h","port":"587"}', what: 'a port as a string' },
    ];
    const all = decodeWithGo([...cases, ...refusals]);
    const results = all.slice(0, cases.length);
    const refused = all.slice(cases.length);
    expect(refused[0].error).toBe('json: cannot unmarshal string into Go struct field webhookOptions.retryWaitMin of type time.Duration');
    expect(refused[1]).toEqual({ ok: true, decoded: { insecure: false, caTrusted: false, exec: false, bearer: false } });
    expect(refused.slice(2).map(r => r.ok)).toEqual([false, false, false]);
    const failures = cases.map((c, i) => [c, results[i]] as const).filter(([, r]) => !r.ok).map(([c, r]) => `${c.what}: ${r.error} (${c.value.slice(0, 120)})`);
    expect(failures).toEqual([]);
    const byWhat = new Map(cases.map((c, i) => [c.what, results[i].decoded]));
    // The webhook's waits arrive as the durations that were asked for.
    expect(byWhat.get('argocd-notifications-cm service.webhook.github')).toEqual({ url: 'https://api.github.com', headers: 1, retryMax: 5, retryWaitMin: 2e9, retryWaitMax: 10e9 });
    expect(byWhat.get('argocd-notifications-cm service.email')).toEqual({ host: 'smtp.office365.com', port: 587, html: true });
    // Every cluster config has a CA that Go's x509 pool accepts and verifies TLS.
    for (const [what, decoded] of byWhat) if (what.startsWith('cluster Secret')) expect([what, decoded.insecure, decoded.caTrusted]).toEqual([what, false, true]);
    expect(byWhat.get('argocd-cmd-params-cm applicationsetcontroller.enable.leader.election')).toBe(true);
    expect(cases.filter(c => c.kind === 'cluster').length).toBeGreaterThanOrEqual(2);
    expect(cases.filter(c => c.what.includes('useAzureWorkloadIdentity')).length).toBeGreaterThanOrEqual(2);
  });
}, ...CHART);
