import { spawnSync } from 'child_process';
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { ArgoBackup, ArgoPlatform, ArgoSSO, PlatformApp, PlatformCapability, RestoreRunbook, SecretSource, SelfManagedArgo, SettingsConfigMap } from '../../src';
import { newPlatform } from '../helpers/platform-fixture';

const STORAGE = { storageAccount: 'civicaargocdbackup', resourceGroup: 'rg-backup', container: 'argocd-backup', clientId: '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d' };

/** The shell commands of a runbook, in order: every line of every ```sh block. */
function commandsOf(markdown: string): string[] {
  const out: string[] = [];
  const fence = /```sh\n([\s\S]*?)```/g;
  let match: RegExpExecArray | null;
  while ((match = fence.exec(markdown)) !== null) out.push(...match[1].split('\n').filter(line => line.trim() !== ''));
  return out;
}

interface Rendered {
  readonly files: Record<string, string>;
  readonly objects: any[];
  /** The ClusterSecretStores' identity, a typed platform fact (ArgoPlatformProps secretStoreIdentity): `<client ID>/<namespace>/<service account>`. */
  readonly storeIdentity?: string;
}

function rendered(app: PlatformApp): Rendered {
  const files = app.render();
  const objects = Object.entries(files).filter(([f]) => f.endsWith('.yaml') && f.includes('/')).map(([, text]) => parse(text));
  const store = app.node.children.find((c): c is ArgoPlatform => c instanceof ArgoPlatform)?.secretStoreIdentity;
  return { files, objects, storeIdentity: store ? `${store.clientId}/${store.namespace}/${store.serviceAccount}` : undefined };
}

/** The upload target (account, container, blob prefix) of a rendered backup CronJob, read from its script. */
function uploadTarget(objects: any[], cronJob: string) {
  const job = objects.find(o => o.kind === 'CronJob' && o.metadata.name === cronJob);
  if (!job) return undefined;
  const script: string = job.spec.jobTemplate.spec.template.spec.containers[0].command[2];
  const upload = /--account-name (\S+) --container-name (\S+) --name "\$blob"/.exec(script)!;
  const blob = /blob="([^"$]+)\$\(date/.exec(script)!;
  return { account: upload[1], container: upload[2], prefix: blob[1], job };
}

/** The chart components' service accounts (argo-helm argo-cd 10.1.1 values.yaml `<component>.serviceAccount.name`, release argocd). */
const CHART_SERVICE_ACCOUNTS: Record<string, string> = {
  controller: 'argocd-application-controller',
  server: 'argocd-server',
  repoServer: 'argocd-repo-server',
  applicationSet: 'argocd-applicationset-controller',
  notifications: 'argocd-notifications-controller',
};

/**
 * Every `<clientId>/<namespace>/<service account>` that signs in with workload identity in the
 * rendered output: annotated ServiceAccounts, the chart's service-account annotations
 * (azure-workload-identity webhook reads `azure.workload.identity/client-id`), and workload-identity
 * cluster Secrets (argocd-k8s-auth azure in the controller and the server, AZURE_CLIENT_ID).
 */
function federatedSubjectsOf(files: Record<string, string>, objects: any[], ns: string): Set<string> {
  const out = new Set<string>();
  for (const o of objects.filter(x => x.kind === 'ServiceAccount')) {
    const id = o.metadata.annotations?.['azure.workload.identity/client-id'];
    if (id) out.add(`${id}/${o.metadata.namespace}/${o.metadata.name}`);
  }
  const values = files['argocd.values.yaml'] ? parse(files['argocd.values.yaml']) : {};
  for (const [component, sa] of Object.entries(CHART_SERVICE_ACCOUNTS)) {
    const id = values?.[component]?.serviceAccount?.annotations?.['azure.workload.identity/client-id'];
    if (id) out.add(`${id}/${ns}/${sa}`);
  }
  for (const o of objects.filter(x => x.kind === 'Secret' && x.metadata.labels?.['argocd.argoproj.io/secret-type'] === 'cluster')) {
    const id = JSON.parse(o.stringData.config).execProviderConfig?.env?.AZURE_CLIENT_ID;
    if (id) for (const sa of ['argocd-application-controller', 'argocd-server']) out.add(`${id}/${ns}/${sa}`);
  }
  return out;
}

/**
 * Checks every command of the runbook against the rendered output; returns the problems. An unknown
 * command is a problem too, so no command goes unchecked.
 */
function checkRunbook(runbookFile: string, { files, objects, storeIdentity }: Rendered, pathPrefix = 'dist'): string[] {
  const problems: string[] = [];
  const text = files[runbookFile];
  const commands = commandsOf(text);
  const cm = objects.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'argocd-cm');
  const ns: string = cm.metadata.namespace;
  const params = objects.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'argocd-cmd-params-cm').data ?? {};
  const self = objects.find(o => o.kind === 'Application' && o.metadata.name === 'argocd');
  const helmSource = (self.spec.sources ?? [self.spec.source])[0];
  const apps = new Set(objects.filter(o => o.kind === 'Application').map(o => o.metadata.name));
  const keyRole = objects.find(o => o.kind === 'Role' && o.metadata.name === 'argocd-sealed-secrets-key-backup');
  const stores = new Set(objects.filter(o => o.kind === 'ExternalSecret').flatMap(o => [o.spec.secretStoreRef, ...(o.spec.data ?? []).map((d: any) => d.sourceRef?.storeRef)])
    .filter(Boolean).map((r: any) => `${r.kind}/${r.name}`));
  const local = (repoPath: string) => (repoPath.startsWith(`${pathPrefix}/`) ? repoPath.slice(pathPrefix.length + 1) : `<outside ${pathPrefix}>/${repoPath}`);
  const downloaded = new Set<string>();
  const subjects = federatedSubjectsOf(files, objects, ns);
  // The stores' identity signs in whenever an ExternalSecret reads a ClusterSecretStore: the runbook must recreate it too.
  if (storeIdentity && [...stores].some(s => s.startsWith('ClusterSecretStore/'))) subjects.add(storeIdentity);
  const federated = new Set<string>();
  const context = /its kube context `([^`]+)`/.exec(text)?.[1];
  let identity: string | undefined;
  let issuerSet = false;
  const blobVars = new Map<string, ReturnType<typeof uploadTarget>>();
  const expect = (ok: boolean, command: string, why: string) => { if (!ok) problems.push(`${command}\n    ${why}`); };
  const blobArgs = (command: string, account: string, container: string, target?: { account: string; container: string }) =>
    expect(!!target && account === target.account && container === target.container, command, `storage ${account}/${container} is not where the CronJob uploads (${target?.account}/${target?.container})`);

  for (const command of commands) {
    let m: RegExpExecArray | null;
    if ((m = /^helm install (\S+) argo-cd --repo (\S+) --version (\S+) --namespace (\S+) --create-namespace -f (\S+)$/.exec(command))) {
      expect(m[1] === helmSource.helm.releaseName, command, `release ${m[1]} is not the Application's ${helmSource.helm.releaseName}`);
      expect(m[2] === helmSource.repoURL, command, `repo ${m[2]} is not the Application's ${helmSource.repoURL}`);
      expect(m[3] === helmSource.targetRevision, command, `chart version ${m[3]} is not the Application's ${helmSource.targetRevision}`);
      expect(m[4] === ns, command, `namespace ${m[4]} is not Argo CD's ${ns}`);
      expect(files[local(m[5])] !== undefined, command, `values file ${m[5]} is not rendered`);
      expect((helmSource.helm.valueFiles ?? []).includes(`$values/${m[5]}`), command, `the Application does not read ${m[5]}`);
      expect(files[local(m[5])]?.includes(`--version ${m[3]} `), command, 'the values file was generated for another chart version');
    } else if ((m = /^kubectl -n (\S+) rollout (status|restart) (deployment|statefulset)\/(\S+)( --timeout=\d+s)?$/.exec(command))) {
      const chartOwned = ['deployment/argocd-server', 'deployment/argocd-repo-server', 'statefulset/argocd-application-controller'].includes(`${m[3]}/${m[4]}`);
      expect((m[1] === ns && chartOwned) || (!!keyRole && m[1] === keyRole.metadata.namespace && m[3] === 'deployment'), command, `${m[1]}/${m[3]}/${m[4]} is neither an Argo CD workload nor the Sealed Secrets controller`);
    } else if ((m = /^(keys_blob|export_blob)=\$\(az storage blob list --auth-mode login --account-name (\S+) --container-name (\S+) --prefix (\S+) --query "sort_by\(@, &name\)\[-1\]\.name" --output tsv\)$/.exec(command))) {
      const target = uploadTarget(objects, m[1] === 'keys_blob' ? 'argocd-sealed-secrets-key-backup' : 'argocd-backup');
      blobArgs(command, m[2], m[3], target);
      expect(target?.prefix === m[4], command, `prefix ${m[4]} is not what the CronJob uploads (${target?.prefix})`);
      blobVars.set(m[1], target);
    } else if ((m = /^az storage blob download --auth-mode login --account-name (\S+) --container-name (\S+) --name "\$(\w+)" --file (\S+) --no-progress --output none$/.exec(command))) {
      expect(blobVars.has(m[3]), command, `$${m[3]} is not set by an earlier command`);
      blobArgs(command, m[1], m[2], blobVars.get(m[3]));
      downloaded.add(m[4]);
    } else if ((m = /^kubectl apply --server-side -k "https:\/\/github\.com\/argoproj\/argo-cd\/manifests\/crds\?ref=(\S+)"$/.exec(command))) {
      const crds = objects.find(o => o.kind === 'Application' && o.metadata.name === 'argocd-crds');
      expect(crds?.spec.source.targetRevision === m[1] && crds?.spec.source.path === 'manifests/crds', command, `the CRDs Application does not sync manifests/crds at ${m[1]}`);
      expect(parse(files['argocd.values.yaml']).global.image.tag === m[1], command, `CRDs ${m[1]} are not the image's release`);
    } else if ((m = /^kubectl config use-context (\S+)$/.exec(command))) {
      expect(m[1] === context, command, `context ${m[1]} is not the home cluster's (${context})`);
    } else if ((m = /^kubectl create namespace (\S+) --dry-run=client --output yaml \| kubectl apply -f -$/.exec(command))) {
      expect(m[1] === ns, command, `namespace ${m[1]} is not Argo CD's ${ns}`);
    } else if ((m = /^kubectl apply --server-side((?: -f \S+)+)$/.exec(command))) {
      const applied = m[1].trim().split(/ ?-f /).filter(Boolean);
      for (const f of applied) expect(files[local(f)] !== undefined && parse(files[local(f)]).kind === 'ConfigMap', command, `${f} is not a rendered ConfigMap`);
      // argo-helm argo-cd 10.1.1 templates/argocd-{server,repo-server,applicationset,notifications}/deployment.yaml mount both as non-optional volumes.
      for (const mounted of ['argocd-ssh-known-hosts-cm', 'argocd-tls-certs-cm', 'argocd-cmd-params-cm']) {
        expect(applied.some(f => f.endsWith(`/configmap-${mounted}.yaml`)), command, `${mounted} must exist before the chart's pods start`);
      }
    } else if ((m = /^issuer=\$\((?:az aks show --resource-group (\S+) --name (\S+) --query oidcIssuerProfile\.issuerUrl --output tsv|kubectl get --raw \/\.well-known\/openid-configuration \| jq -r \.issuer)\)$/.exec(command))) {
      issuerSet = true;
    } else if ((m = /^id_(name|group)=\$\(az identity list --query "\[\?clientId=='([0-9a-f-]{36})'\]\.(name|resourceGroup) \| \[0\]" --output tsv\)$/.exec(command))) {
      expect((m[1] === 'name') === (m[3] === 'name'), command, 'id_name reads .name, id_group .resourceGroup');
      if (m[1] === 'name') identity = m[2];
      else expect(identity === m[2], command, `id_group reads another identity than id_name (${identity})`);
    } else if ((m = /^az identity federated-credential create --identity-name "\$id_name" --resource-group "\$id_group" --name (\S+) --issuer "\$issuer" --subject system:serviceaccount:(\S+):(\S+) --audiences api:\/\/AzureADTokenExchange --output none$/.exec(command))) {
      expect(issuerSet, command, '$issuer is not set by an earlier command');
      const key = `${identity}/${m[2]}/${m[3]}`;
      expect(subjects.has(key), command, `${key} does not sign in with workload identity in the output`);
      federated.add(key);
    } else if ((m = /^az ad app federated-credential delete --id ([0-9a-f-]{36}) --federated-credential-id (\S+) 2>\/dev\/null \|\| true$/.exec(command))) {
      expect(subjects.has(`${m[1]}/${ns}/argocd-server`), command, `${m[1]} is not the API server's identity`);
    } else if ((m = /^az ad app federated-credential create --id ([0-9a-f-]{36}) --parameters "\{\\"name\\":\\"(\S+?)\\",\\"issuer\\":\\"\$issuer\\",\\"subject\\":\\"system:serviceaccount:(\S+?):(\S+?)\\",\\"audiences\\":\[\\"api:\/\/AzureADTokenExchange\\"\]\}" --output none$/.exec(command))) {
      expect(issuerSet, command, '$issuer is not set by an earlier command');
      const key = `${m[1]}/${m[3]}/${m[4]}`;
      expect(subjects.has(key), command, `${key} does not sign in with workload identity in the output`);
      federated.add(key);
    } else if ((m = /^kubectl apply -f (\S+)$/.exec(command))) {
      expect(downloaded.has(m[1]) && m[1].startsWith('sealed-secrets-keys'), command, `${m[1]} is not the downloaded key backup`);
    } else if ((m = /^rm (\S+)$/.exec(command))) {
      expect(downloaded.has(m[1]), command, `${m[1]} was not downloaded`);
    } else if ((m = /^kubectl wait clustersecretstore\/(\S+) --for=condition=Ready --timeout=\d+s$/.exec(command))) {
      expect(stores.has(`ClusterSecretStore/${m[1]}`), command, `no rendered ExternalSecret reads ClusterSecretStore ${m[1]}`);
    } else if ((m = /^kubectl apply --server-side( --force-conflicts)? -k (\S+)$/.exec(command))) {
      expect(files[`${local(m[2])}/kustomization.yaml`] !== undefined, command, `${m[2]} is not a rendered folder with a kustomization`);
      expect(files[`${local(m[2])}/configmap-argocd-cm.yaml`] !== undefined, command, `${m[2]} is not the platform folder`);
    } else if ((m = /^kubectl -n (\S+) rollout restart deployment,statefulset -l app\.kubernetes\.io\/part-of=argocd$/.exec(command))) {
      expect(m[1] === ns, command, `namespace ${m[1]} is not Argo CD's`);
    } else if ((m = /^curl -sSfL -o argocd https:\/\/github\.com\/argoproj\/argo-cd\/releases\/download\/(\S+)\/argocd-linux-amd64 && chmod \+x argocd$/.exec(command))) {
      const exportImage = uploadTarget(objects, 'argocd-backup')?.job.spec.jobTemplate.spec.template.spec.initContainers[0].image;
      expect(exportImage === `quay.io/argoproj/argocd:${m[1]}`, command, `CLI ${m[1]} differs from the export image ${exportImage}`);
      expect(files['argocd.values.yaml'] === undefined || parse(files['argocd.values.yaml']).global.image.tag === m[1], command, 'CLI version differs from the installed image tag');
    } else if ((m = /^\.\/argocd admin import --namespace (\S+)((?: --application(?:set)?-namespaces \S+)*)( --dry-run)? - < (\S+)$/.exec(command))) {
      expect(m[1] === ns, command, `namespace ${m[1]} is not Argo CD's ${ns}`);
      const flags = m[2];
      for (const [flag, key] of [['--application-namespaces', 'application.namespaces'], ['--applicationset-namespaces', 'applicationset.namespaces']]) {
        const given = new RegExp(`${flag} (\\S+)`).exec(flags)?.[1];
        expect(given === params[key], command, `${flag} ${given} does not match argocd-cmd-params-cm ${key} ${params[key]}`);
      }
      expect(downloaded.has(m[4]), command, `${m[4]} was not downloaded`);
    } else if ((m = /^\.\/argocd login (\S+)( --sso)? --grpc-web$/.exec(command))) {
      expect(new URL(cm.data.url).host === m[1], command, `host ${m[1]} is not argocd-cm url ${cm.data.url}`);
      expect(!!m[2] === /^oidc\.config$/m.test(Object.keys(cm.data).join('\n')), command, '--sso must match whether argocd-cm has oidc.config');
    } else if ((m = /^\.\/argocd app wait (.+) --sync --health --timeout \d+$/.exec(command))) {
      for (const name of m[1].split(' ')) expect(apps.has(name), command, `Application ${name} is not rendered`);
    } else if (command.startsWith('kubectl get applications.argoproj.io --all-namespaces --output json | jq -r ')) {
      expect(command.includes('select(.status.sync.status != "Synced" or .status.health.status != "Healthy")'), command, 'does not list unsynced or unhealthy Applications');
    } else if ((m = /^kubectl -n (\S+) exec deployment\/argocd-notifications-controller -- argocd admin notifications template notify (\S+) (\S+)( --recipient (\S+))?$/.exec(command))) {
      const ncm = objects.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'argocd-notifications-cm');
      expect(m[1] === ns, command, `namespace ${m[1]} is not Argo CD's`);
      expect(ncm?.data?.[`template.${m[2]}`] !== undefined, command, `template ${m[2]} is not in argocd-notifications-cm`);
      expect(apps.has(m[3]), command, `Application ${m[3]} is not rendered`);
      if (m[5]) expect(String(ncm?.data?.subscriptions ?? '').includes(m[5]), command, `recipient ${m[5]} is not subscribed`);
    } else {
      problems.push(`${command}\n    not a command this test knows how to check`);
    }
  }
  // Every workload identity of the output is federated again (a rebuilt home cluster has a new issuer).
  for (const subject of subjects) expect(federated.has(subject), subject, 'signs in with workload identity but the runbook does not recreate its federated credential');
  // Files named in the prose (the lifecycle policy) exist.
  for (const ref of text.matchAll(/--policy @(\S+?)`/g)) expect(files[local(ref[1])] !== undefined, ref[0], `${ref[1]} is not rendered`);
  // The steps are in order.
  const at = (re: RegExp) => commands.findIndex(c => re.test(c));
  const order = [at(/^issuer=/), at(/manifests\/crds\?ref=/), at(/^kubectl apply --server-side -f /), at(/^helm install /), at(/^kubectl apply --server-side -k [^"]/), at(/admin import .*--dry-run/), at(/admin import (?!.*--dry-run)/), at(/--force-conflicts -k /), at(/app wait|applications\.argoproj\.io/)];
  if (order.some(i => i < 0) || order.some((i, k) => k > 0 && i < order[k - 1])) problems.push(`steps out of order or missing: ${order.join(', ')}`);
  // The stores sign in with their identity: its credential is recreated before any store must be Ready.
  if (storeIdentity && at(/wait clustersecretstore\//) >= 0) {
    const [, storeNs, storeSa] = storeIdentity.split('/');
    const created = at(new RegExp(`federated-credential create .* --subject system:serviceaccount:${storeNs}:${storeSa} `));
    if (created < 0 || created > at(/wait clustersecretstore\//)) problems.push(`the store identity's credential (${storeIdentity}) is not recreated before the stores must be Ready`);
  }
  return problems;
}

function platformWithRunbook(chartVersion: string, extra: (platform: ArgoPlatform) => void = () => undefined): PlatformApp {
  const { app, platform } = newPlatform();
  new SelfManagedArgo(platform, 'SelfManaged', { chartVersion });
  new ArgoBackup(platform, 'Backup', { storage: STORAGE, alerts: false });
  new RestoreRunbook(platform, 'RestoreRunbook');
  extra(platform);
  return app;
}

describe('RestoreRunbook', () => {
  test('every command of the example platform\'s runbook matches the rendered output', () => {
    const app = new PlatformApp({ outdir: '.tmp/runbook' });
    buildExamplePlatform(app);
    const out = rendered(app);
    const commands = commandsOf(out.files['argocd.restore.md']);
    expect(commands.length).toBeGreaterThanOrEqual(15);
    expect(checkRunbook('argocd.restore.md', out)).toEqual([]);
    expect(commands).toEqual(expect.arrayContaining([
      'helm install argocd argo-cd --repo https://argoproj.github.io/argo-helm --version 10.1.1 --namespace argocd --create-namespace -f dist/argocd.values.yaml',
      'kubectl wait clustersecretstore/azure-key-vault --for=condition=Ready --timeout=900s',
      'kubectl apply --server-side -k dist/argocd',
      './argocd admin import --namespace argocd --application-namespaces payments-apps,payments-apps-prod - < argocd-export.yaml',
    ]));
  });

  test('the settings ConfigMaps the chart mounts exist before the chart installs; the home cluster\'s context and identities come first', () => {
    const app = new PlatformApp({ outdir: '.tmp/runbook' });
    buildExamplePlatform(app);
    const out = rendered(app);
    const commands = commandsOf(out.files['argocd.restore.md']);
    // argo-helm argo-cd 10.1.1: templates/argocd-server/deployment.yaml (and repo-server, applicationset, notifications)
    // mount argocd-ssh-known-hosts-cm and argocd-tls-certs-cm without `optional: true`; configs.ssh/tls.create are false.
    const settings = commands.findIndex(c => c.startsWith('kubectl apply --server-side -f '));
    expect(settings).toBeGreaterThan(commands.indexOf('kubectl create namespace argocd --dry-run=client --output yaml | kubectl apply -f -'));
    expect(settings).toBeLessThan(commands.findIndex(c => c.startsWith('helm install ')));
    expect(commands.findIndex(c => c.startsWith('helm install '))).toBeLessThan(commands.indexOf('kubectl -n argocd rollout status deployment/argocd-server --timeout=900s'));
    expect(commands).not.toContain('kubectl -n argocd rollout restart deployment,statefulset -l app.kubernetes.io/part-of=argocd');
    expect(commands[0]).toBe('kubectl config use-context aks-platform');
    expect(commands[1]).toBe('issuer=$(az aks show --resource-group rg-aks-platform --name aks-platform --query oidcIssuerProfile.issuerUrl --output tsv)');
    expect(commands).toContain('az identity federated-credential create --identity-name "$id_name" --resource-group "$id_group" --name aks-platform-argocd-argocd-application-controller '
      + '--issuer "$issuer" --subject system:serviceaccount:argocd:argocd-application-controller --audiences api://AzureADTokenExchange --output none');
    expect(out.files['argocd.restore.md']).toContain('Argo CD runs on the home cluster `aks-platform`');
    expect(out.files['argocd.restore.md']).toContain('The remote clusters `aks-prod` (https://aks-prod-civica-4f2a9c1e.hcp.uksouth.azmk8s.io:443) need no step');
  });

  test('SSO with workload identity: the app registration\'s credential is recreated next to the backup\'s', () => {
    const withSso = rendered(platformWithRunbook('10.1.1', platform => {
      new ArgoSSO(platform, 'SSO', { tenantId: '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f', clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', useWorkloadIdentity: true });
    }));
    expect(checkRunbook('argocd.restore.md', withSso)).toEqual([]);
    expect(commandsOf(withSso.files['argocd.restore.md'])).toContain(
      'az ad app federated-credential create --id 9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d --parameters "{\\"name\\":\\"argocd-argocd-server\\",\\"issuer\\":\\"$issuer\\",'
      + '\\"subject\\":\\"system:serviceaccount:argocd:argocd-server\\",\\"audiences\\":[\\"api://AzureADTokenExchange\\"]}" --output none');
    const { app, platform } = newPlatform();
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoBackup(platform, 'Backup', { storage: STORAGE, alerts: false });
    new RestoreRunbook(platform, 'RestoreRunbook');
    // The backup's own identity is always there.
    expect(rendered(app).files['argocd.restore.md']).toContain('--subject system:serviceaccount:argocd:argocd-backup');
  });

  test('change the chart version and the runbook follows', () => {
    const out = rendered(platformWithRunbook('10.0.0'));
    expect(checkRunbook('argocd.restore.md', out)).toEqual([]);
    expect(commandsOf(out.files['argocd.restore.md']).find(c => c.startsWith('helm install'))).toBe(
      'helm install argocd argo-cd --repo https://argoproj.github.io/argo-helm --version 10.0.0 --namespace argocd --create-namespace -f dist/argocd.values.yaml');
  });

  test('the check catches a stale runbook (it is not vacuous)', () => {
    const out = rendered(platformWithRunbook('10.1.1'));
    const stale = { ...out, files: { ...out.files, 'argocd.restore.md': out.files['argocd.restore.md'].replace('--version 10.1.1', '--version 9.0.0').replace('-k dist/argocd\n', '-k dist/argo\n').replace('az storage blob upload', '') } };
    const problems = checkRunbook('argocd.restore.md', stale);
    expect(problems.join('\n')).toMatch(/chart version 9.0.0 is not the Application's 10.1.1/);
    expect(problems.join('\n')).toMatch(/dist\/argo is not a rendered folder/);
  });

  test('with the Sealed Secrets key backed up, the runbook restores it before the platform folder', () => {
    const app = platformWithRunbook('10.1.1', platform => {
      platform.secretReference(platform, 'webhook.github.secret', SecretSource.fromSealedSecret({ encryptedValue: `Ag${'C'.repeat(90)}==` }));
    });
    // The backup above has no key backup: the synth refuses.
    expect(() => app.render()).toThrow(/sealedSecretsKey: the platform renders SealedSecrets/);

    const { app: ok, platform } = newPlatform({ namespace: 'gitops' });
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoBackup(platform, 'Backup', { storage: STORAGE, alerts: false, sealedSecretsKey: { controllerNamespace: 'sealed-secrets', controllerName: 'sealed-secrets' } });
    new RestoreRunbook(platform, 'RestoreRunbook', { waitTimeout: Duration.minutes(10) });
    platform.secretReference(platform, 'webhook.github.secret', SecretSource.fromSealedSecret({ encryptedValue: `Ag${'C'.repeat(90)}==` }));
    const out = rendered(ok);
    expect(checkRunbook('argocd.restore.md', out)).toEqual([]);
    const commands = commandsOf(out.files['argocd.restore.md']);
    const restart = commands.indexOf('kubectl -n sealed-secrets rollout restart deployment/sealed-secrets');
    expect(restart).toBeGreaterThan(0);
    expect(restart).toBeLessThan(commands.indexOf('kubectl apply --server-side -k dist/argocd'));
    expect(commands).toContain('kubectl -n gitops rollout status deployment/argocd-server --timeout=600s');
  });

  test('with notifications configured, the runbook sends a test notification with a real template and recipient', () => {
    const out = rendered(platformWithRunbook('10.1.1', platform => {
      // The notifications capability as the runbook reads it: typed (INotificationsProvider), never parsed from the rendered settings.
      const notifications = Object.assign(new Construct(platform, 'Notifications'), {
        templateNames: ['app-sync-failed'],
        subscriptionRecipients: ['slack:platform-alerts'],
      });
      platform.capabilities.provide(notifications, PlatformCapability.NOTIFICATIONS);
      platform.enableSettingsObject(notifications, SettingsConfigMap.NOTIFICATIONS_CM);
      platform.settings.set(notifications, SettingsConfigMap.NOTIFICATIONS_CM, 'template.app-sync-failed', 'message: failed');
      platform.settings.set(notifications, SettingsConfigMap.NOTIFICATIONS_CM, 'subscriptions', '- recipients: [slack:platform-alerts]\n  triggers: [on-sync-failed]\n');
    }));
    expect(checkRunbook('argocd.restore.md', out)).toEqual([]);
    expect(commandsOf(out.files['argocd.restore.md'])).toContain(
      'kubectl -n argocd exec deployment/argocd-notifications-controller -- argocd admin notifications template notify app-sync-failed argocd --recipient slack:platform-alerts');
  });

  test('user values reach the commands as one shell word: a resource group with parentheses, a recipient with "&"', () => {
    const { app, platform } = newPlatform({ homeCluster: { name: 'aks-platform', resourceGroup: 'rg-(platform)' } });
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoBackup(platform, 'Backup', { storage: { ...STORAGE, resourceGroup: 'rg-(backup)' }, alerts: false });
    new RestoreRunbook(platform, 'RestoreRunbook');
    const notifications = Object.assign(new Construct(platform, 'Notifications'), { templateNames: ['app-sync-failed'], subscriptionRecipients: ['email:ops&oncall@example.com'] });
    platform.capabilities.provide(notifications, PlatformCapability.NOTIFICATIONS);
    platform.enableSettingsObject(notifications, SettingsConfigMap.NOTIFICATIONS_CM);
    platform.settings.set(notifications, SettingsConfigMap.NOTIFICATIONS_CM, 'template.app-sync-failed', 'message: failed');
    const doc = rendered(app).files['argocd.restore.md'];
    const commands = commandsOf(doc);
    expect(commands).toContain('issuer=$(az aks show --resource-group \'rg-(platform)\' --name aks-platform --query oidcIssuerProfile.issuerUrl --output tsv)');
    expect(commands.find(c => c.includes('template notify'))).toMatch(/ --recipient 'email:ops&oncall@example\.com'$/);
    expect(doc).toContain('--resource-group \'rg-(backup)\' --policy');
    // bash parses every command of the runbook (syntax only: -n runs nothing).
    const parsed = spawnSync('bash', ['-n'], { input: commands.join('\n'), encoding: 'utf8' });
    expect(parsed.stderr).toBe('');
    expect(parsed.status).toBe(0);
  });

  test('it says what the export does not hold', () => {
    const text = rendered(platformWithRunbook('10.1.1')).files['argocd.restore.md'];
    expect(text).toContain('argocd-cmd-params-cm (rendered here); argocd-notifications-cm (not used by this platform); argocd-notifications-secret (not used by this platform); argocd-gpg-keys-cm (not managed by this platform)');
    expect(text).toContain('It holds secrets in clear text');
  });

  test('without SelfManagedArgo or ArgoBackup the synth fails saying what to add', () => {
    const { app, platform } = newPlatform();
    new RestoreRunbook(platform, 'RestoreRunbook');
    expect(() => app.render()).toThrow(/\[argocd\/RestoreRunbook\] platform: the runbook reinstalls Argo CD from the pinned chart and generated values; add SelfManagedArgo to the platform \(got "self-managed"\)[\s\S]*\[argocd\/RestoreRunbook\] platform: the runbook imports the latest export; add ArgoBackup to the platform \(got "backup"\)/);
  });
});
