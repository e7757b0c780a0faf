import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { parse } from 'yaml';
import { buildExamplePlatform } from '../../examples/platform/platform';
import {
  AppImageUpdater, ApplicationSource, ArgoExposure, ArgoPlatform, ArgoScaleProfile, ArgoSSO, BootstrapDocument, ClusterAuth, ExposureCertificate,
  PlatformApp, SecretSource, SelfManagedArgo, TeamApplication,
} from '../../src';
import { platformWithTeam } from '../apps/fixtures';
import { TEST_CA_DATA } from '../helpers/cluster-ca';
import { newPlatform } from '../helpers/platform-fixture';
import { REFERENCE_DIR } from '../helpers/reference';

/** The example platform's home cluster (ArgoPlatformProps homeCluster). */
const HOME = { name: 'aks-platform', resourceGroup: 'rg-aks-platform' };

/** The shell commands of a document, in order: every line of every ```sh block. */
function commandsOf(markdown: string): string[] {
  const out: string[] = [];
  const fence = /```sh\n([\s\S]*?)```/g;
  let match: RegExpExecArray | null;
  while ((match = fence.exec(markdown)) !== null) out.push(...match[1].split('\n').filter(line => line.trim() !== ''));
  return out;
}

/** The index of the first command matching `re`, or -1. */
function at0(commands: string[], re: RegExp): number {
  return commands.findIndex(c => re.test(c));
}

function rendered(app: PlatformApp) {
  const files = app.render();
  const objects = Object.entries(files).filter(([f]) => f.endsWith('.yaml') && f.includes('/')).map(([, text]) => parse(text));
  // The secret store's identity is a typed platform fact (ArgoPlatformProps secretStoreIdentity), not in the rendered objects.
  const platform = app.node.children.find((c): c is ArgoPlatform => c instanceof ArgoPlatform);
  const store = platform?.secretStoreIdentity;
  const storeIdentity = store ? { clientId: store.clientId, subject: `${store.namespace}:${store.serviceAccount}` } : undefined;
  return { files, objects, storeIdentity };
}

/** The CRD files this project pins (../shared/reference/crds/SOURCES.md: repo, tag, source path). */
function pinnedCrdUrls(): Set<string> | undefined {
  const sources = `${REFERENCE_DIR}/crds/SOURCES.md`;
  if (!fs.existsSync(sources)) return undefined;
  const urls = new Set<string>();
  for (const m of fs.readFileSync(sources, 'utf8').matchAll(/^\| ([\w-]+\/[\w-]+) \| (v[\d.]+) \| [0-9a-f]{40} \| (\S+\.yaml) \|/gm)) {
    urls.add(`https://raw.githubusercontent.com/${m[1]}/${m[2]}/${m[3]}`);
  }
  return urls;
}

/**
 * Checks every command of the bootstrap document against the rendered output; returns the problems.
 * An unknown command is a problem too, so no command goes unchecked.
 */
function checkBootstrap(doc: string, { files, objects, storeIdentity }: ReturnType<typeof rendered>, home = HOME, pathPrefix = 'dist'): string[] {
  const problems: string[] = [];
  const text = files[doc];
  const commands = commandsOf(text);
  const ctx = (home as any).kubeContext ?? home.name;
  const cm = objects.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'argocd-cm');
  const ns: string = cm.metadata.namespace;
  const oidc = cm.data['oidc.config'] ? parse(cm.data['oidc.config']) : undefined;
  const values = parse(files['argocd.values.yaml']);
  const self = objects.find(o => o.kind === 'Application' && o.metadata.name === 'argocd');
  const helmSource = (self.spec.sources ?? [self.spec.source])[0];
  const apps = new Set(objects.filter(o => o.kind === 'Application' && o.metadata.namespace === ns).map(o => o.metadata.name));
  const kinds = new Set(objects.map(o => `${o.apiVersion.split('/')[0]}/${o.kind}`));
  if (values.controller?.metrics?.serviceMonitor?.enabled) kinds.add('monitoring.coreos.com/ServiceMonitor');
  const stores = new Set(objects.filter(o => o.kind === 'ExternalSecret').map(o => o.spec.secretStoreRef?.name));
  const clusterSecrets = objects.filter(o => o.kind === 'Secret' && o.metadata.labels?.['argocd.argoproj.io/secret-type'] === 'cluster');
  const saIdentities = new Map<string, string>();
  for (const o of objects.filter(x => x.kind === 'ServiceAccount' && x.metadata.annotations?.['azure.workload.identity/client-id'])) {
    saIdentities.set(`${o.metadata.namespace}:${o.metadata.name}`, o.metadata.annotations['azure.workload.identity/client-id']);
  }
  const local = (repoPath: string) => (repoPath.startsWith(`${pathPrefix}/`) ? repoPath.slice(pathPrefix.length + 1) : `<outside>/${repoPath}`);
  const crdUrls = pinnedCrdUrls();
  const vars = new Map<string, string>();
  let issuerSet = false;
  const expect = (ok: boolean, command: string, why: string) => { if (!ok) problems.push(`${command}\n    ${why}`); };
  const plural = (kind: string) => (kind.toLowerCase().endsWith('s') ? `${kind.toLowerCase()}es` : kind.toLowerCase().endsWith('y') ? `${kind.toLowerCase().slice(0, -1)}ies` : `${kind.toLowerCase()}s`);
  const usedKind = (group: string, resource: string) => [...kinds].some(k => k.startsWith(`${group}/`) && plural(k.split('/')[1]) === resource);

  for (const command of commands) {
    let m: RegExpExecArray | null;
    const aks = `--resource-group ${home.resourceGroup} --name ${home.name}`;
    if (command === `az aks update ${aks} --enable-oidc-issuer --enable-workload-identity` || command === `az aks get-credentials ${aks} --context ${ctx}`) {
      // The home cluster's own commands: checked by equality.
    } else if (command === `issuer=$(az aks show ${aks} --query oidcIssuerProfile.issuerUrl --output tsv)`) {
      issuerSet = true;
    } else if ((m = /^test "\$\(kubectl --context (\S+) get nodes --no-headers \| wc -l\)" -ge (\d+)$/.exec(command))) {
      // argo-helm argo-cd 10.1.1 values.yaml: redis-ha.hardAntiAffinity and redis-ha.haproxy.hardAntiAffinity (true), 3 replicas each.
      expect(m[1] === ctx, command, `context ${m[1]} is not the home cluster's ${ctx}`);
      const ha = values['redis-ha'] ?? {};
      expect(ha.enabled === true && ha.hardAntiAffinity !== false, command, 'Redis HA is off or without hard anti-affinity: no node count to check');
      expect(Number(m[2]) === Math.max(ha.replicas ?? 3, ha.haproxy?.replicas ?? 3), command, `${m[2]} is not the number of Redis HA pods that need a node each`);
    } else if ((m = /^kubectl --context (\S+) (.*)$/.exec(command))) {
      expect(m[1] === ctx, command, `context ${m[1]} is not the home cluster's ${ctx}`);
      const rest = m[2];
      let r: RegExpExecArray | null;
      if ((r = /^-n kube-system rollout status deployment\/azure-wi-webhook-controller-manager --timeout=\d+s$/.exec(rest))) {
        // The AKS workload identity webhook (kube-system).
      } else if ((r = /^apply --server-side -f (https:\/\/raw\.githubusercontent\.com\/\S+\/([\w.-]+)_(\w+)\.yaml)$/.exec(rest))) {
        expect(usedKind(r[2], r[3]), command, `no rendered object is a ${r[3]} of ${r[2]}`);
        if (crdUrls) expect(crdUrls.has(r[1]), command, `${r[1]} is not a CRD file pinned in reference/crds/SOURCES.md`);
      } else if ((r = /^get crd (\w+)\.([\w.-]+)$/.exec(rest))) {
        const chartRoute = (r[1] === 'httproutes' && values.server?.httproute?.enabled) || (r[1] === 'grpcroutes' && values.server?.grpcroute?.enabled);
        expect(chartRoute || usedKind(r[2], r[1]), command, `neither the output nor the chart values use ${r[1]}.${r[2]}`);
      } else if ((r = /^-n (\S+) wait gateway\/(\S+) --for=condition=Programmed --timeout=\d+s$/.exec(rest))) {
        const refs = [...(values.server?.httproute?.parentRefs ?? []), ...(values.server?.grpcroute?.parentRefs ?? [])];
        expect(refs.some((p: any) => p.name === r![2] && (p.namespace ?? ns) === r![1]), command, `Gateway ${r[1]}/${r[2]} is not a parentRef of the chart's routes`);
      } else if ((r = /^-n (\S+) get gateway\/(\S+) --output jsonpath='\{\.status\.addresses\[0\]\.value\}'$/.exec(rest))) {
        const refs = [...(values.server?.httproute?.parentRefs ?? []), ...(values.server?.grpcroute?.parentRefs ?? [])];
        expect(refs.some((p: any) => p.name === r![2] && (p.namespace ?? ns) === r![1]), command, `Gateway ${r[1]}/${r[2]} is not a parentRef of the chart's routes`);
      } else if ((r = /^(?:-n (\S+) )?wait (clusterissuer|issuer)\/(\S+) --for=condition=Ready --timeout=\d+s$/.exec(rest))) {
        const annotations = values.server?.ingress?.annotations ?? {};
        expect(annotations[`cert-manager.io/${r[2] === 'clusterissuer' ? 'cluster-issuer' : 'issuer'}`] === r[3] && (r[2] === 'clusterissuer' || r[1] === ns), command,
          `the chart's Ingress does not ask ${r[2]} ${r[3]} for its certificate`);
      } else if ((r = /^wait clustersecretstore\/(\S+) --for=condition=Ready --timeout=\d+s$/.exec(rest))) {
        expect(stores.has(r[1]), command, `no ExternalSecret reads ClusterSecretStore ${r[1]}`);
      } else if ((r = /^get ingressclass (\S+)$/.exec(rest))) {
        expect(values.server?.ingress?.ingressClassName === r[1], command, `the chart's Ingress does not use class ${r[1]}`);
      } else if ((r = /^apply --server-side -k "https:\/\/github\.com\/argoproj\/argo-cd\/manifests\/crds\?ref=(\S+)"$/.exec(rest))) {
        // The CRDs at the image's release, synced afterwards by the argocd-crds Application (chart crds.install: false).
        const crdsApp = objects.find(o => o.kind === 'Application' && o.metadata.name === 'argocd-crds');
        expect(crdsApp?.spec.source.targetRevision === r[1] && values.crds?.install === false, command, `not the CRDs Application's release ${r[1]}`);
      } else if ((r = /^apply --server-side -k (\S+)$/.exec(rest))) {
        expect(files[`${local(r[1])}/kustomization.yaml`] !== undefined && files[`${local(r[1])}/configmap-argocd-cm.yaml`] !== undefined, command, `${r[1]} is not the platform folder`);
      } else if ((r = /^-n (\S+) rollout (?:restart deployment,statefulset -l app\.kubernetes\.io\/part-of=argocd|status (deployment|statefulset)\/(\S+) --timeout=\d+s)$/.exec(rest))) {
        expect(r[1] === ns, command, `namespace ${r[1]} is not Argo CD's ${ns}`);
        if (r[3]) expect(['argocd-server', 'argocd-repo-server', 'argocd-application-controller', 'argocd-image-updater-controller'].includes(r[3]), command, `${r[3]} is not an Argo CD workload`);
        if (r[3] === 'argocd-image-updater-controller') expect(apps.has('argocd-image-updater'), command, 'Image Updater is not installed');
      } else if ((r = /^-n (\S+) wait httproute\/argocd-server --for=jsonpath='\{\.status\.parents\[0\]\.conditions\[\?\(@\.type=="Accepted"\)\]\.status\}'=True --timeout=\d+s$/.exec(rest))) {
        expect(r[1] === ns && values.server?.httproute?.enabled === true, command, 'the chart renders no HTTPRoute argocd-server (templates/argocd-server/httproute.yaml: name argo-cd.server.fullname)');
      } else if ((r = /^-n (\S+) get ingress argocd-server$/.exec(rest))) {
        expect(r[1] === ns && values.server?.ingress?.enabled === true, command, 'the chart renders no Ingress');
      } else if ((r = /^-n (\S+) exec deployment\/argocd-image-updater-controller -- \/scripts\/(\S+) \| grep -c '\^00000000-0000-0000-0000-000000000000:'$/.exec(rest))) {
        const updater = objects.find(o => o.kind === 'Application' && o.metadata.name === 'argocd-image-updater');
        expect(updater?.spec.source.helm.valuesObject.authScripts?.scripts?.[r[2]] !== undefined, command, `script ${r[2]} is not in the chart's authScripts`);
        expect(updater?.spec.source.helm.valuesObject.config.registries.some((reg: any) => reg.credentials === `ext:/scripts/${r![2]}`), command, `no registry uses ${r[2]}`);
      } else {
        problems.push(`${command}\n    not a kubectl command this test knows how to check`);
      }
    } else if ((m = /^helm install external-secrets external-secrets --repo https:\/\/charts\.external-secrets\.io --version (\S+) --namespace external-secrets --create-namespace --wait --kube-context (\S+)$/.exec(command))) {
      expect([...kinds].some(k => k.startsWith('external-secrets.io/')), command, 'no ExternalSecret is rendered');
      expect(m[1] === '2.9.0' && m[2] === ctx, command, 'not the pinned chart (2.9.0, the release of the imported CRDs) or not the home context');
    } else if ((m = /^helm install cert-manager oci:\/\/quay\.io\/jetstack\/charts\/cert-manager --version (\S+) --namespace cert-manager --create-namespace --set crds\.enabled=true --wait --kube-context (\S+)$/.exec(command))) {
      const annotations = values.server?.ingress?.annotations ?? {};
      expect(Object.keys(annotations).some(k => k.startsWith('cert-manager.io/')), command, 'no Ingress asks cert-manager for a certificate');
      expect(m[1] === 'v1.19.2' && m[2] === ctx, command, 'not the pinned cert-manager or not the home context');
    } else if ((m = /^helm install (\S+) argo-cd --repo (\S+) --version (\S+) --namespace (\S+) --create-namespace -f (\S+) --kube-context (\S+)$/.exec(command))) {
      expect(m[1] === helmSource.helm.releaseName && m[2] === helmSource.repoURL && m[3] === helmSource.targetRevision, command, 'not the Application\'s release, repository and chart version');
      expect(m[4] === ns && m[6] === ctx, command, 'wrong namespace or context');
      expect(files[local(m[5])] !== undefined && (helmSource.helm.valueFiles ?? []).includes(`$values/${m[5]}`), command, `${m[5]} is not the values file the Application reads`);
    } else if ((m = /^az ad app update --id (\S+) --web-redirect-uris (\S+)( --public-client-redirect-uris (\S+))? --set groupMembershipClaims=(\w+)$/.exec(command))) {
      expect(oidc?.clientID === m[1], command, `${m[1]} is not oidc.config clientID`);
      expect(m[2] === `${cm.data.url}/auth/callback`, command, `redirect ${m[2]} is not <url>/auth/callback`);
      if (m[4]) expect(m[4] === 'http://localhost:8085/auth/callback' && !oidc.cliClientID, command, 'the CLI redirect belongs on the app the CLI uses');
      const manifest = JSON.parse(files['argocd.entra-app.json']);
      expect(manifest.groupMembershipClaims === m[5], command, 'the manifest says otherwise');
    } else if ((m = /^az rest --method PATCH --uri "https:\/\/graph\.microsoft\.com\/v1\.0\/applications\(appId='(\S+)'\)" --headers Content-Type=application\/json --body @(\S+)$/.exec(command))) {
      expect(oidc?.clientID === m[1], command, `${m[1]} is not oidc.config clientID`);
      const manifest = files[local(m[2])] && JSON.parse(files[local(m[2])]);
      expect(manifest?.web?.redirectUris?.[0] === `${cm.data.url}/auth/callback`, command, `${m[2]} does not register <url>/auth/callback`);
      expect(manifest?.optionalClaims?.idToken?.some((c: any) => c.name === 'groups'), command, `${m[2]} does not put groups in the ID token (oidc.config requestedIDTokenClaims.groups)`);
    } else if ((m = /^read -r (mi\d+)_name \1_rg <<< "\$\(az identity list --query "\[\?clientId=='(\S+)'\] \| \[0\]\.\[name, resourceGroup\]" --output tsv\)"$/.exec(command))) {
      vars.set(m[1], m[2]);
    } else if ((m = /^az identity federated-credential create --identity-name "\$(mi\d+)_name" --resource-group "\$\1_rg" --name (\S+) --issuer "\$issuer" --subject system:serviceaccount:(\S+):(\S+) --audiences api:\/\/AzureADTokenExchange$/.exec(command))) {
      expect(issuerSet, command, '$issuer is not set before');
      const clientId = vars.get(m[1]);
      const subject = `${m[3]}:${m[4]}`;
      const fromSa = saIdentities.get(subject) === clientId;
      const fromCluster = m[3] === ns && ['argocd-application-controller', 'argocd-server'].includes(m[4])
        && clusterSecrets.some(s => JSON.parse(s.stringData.config).execProviderConfig?.env?.AZURE_CLIENT_ID === clientId);
      const fromChart = Object.entries({ server: 'argocd-server', controller: 'argocd-application-controller' })
        .some(([c, sa]) => sa === m![4] && values[c]?.serviceAccount?.annotations?.['azure.workload.identity/client-id'] === clientId);
      // The ClusterSecretStores' identity (external-secrets' service account), when ExternalSecrets read a ClusterSecretStore.
      const fromStore = storeIdentity?.clientId === clientId && storeIdentity?.subject === subject
        && objects.some(o => o.kind === 'ExternalSecret' && o.spec.secretStoreRef?.kind === 'ClusterSecretStore');
      expect(fromSa || fromCluster || fromChart || fromStore, command, `no rendered workload of ${subject} uses identity ${clientId}`);
      expect(m[2].length <= 120 && /^[A-Za-z0-9][\w-]*$/.test(m[2]), command, 'not a valid federated credential name');
      // Pods of cluster Secrets need the webhook's label (chart values podLabels).
      if (fromCluster) expect(values[m[4] === 'argocd-server' ? 'server' : 'controller']?.podLabels?.['azure.workload.identity/use'] === 'true', command, `the ${m[4]} pods are not labelled for workload identity`);
    } else if ((m = /^az ad app federated-credential create --id (\S+) --parameters "(.*)"$/.exec(command))) {
      const params = JSON.parse(m[2].replace(/\\"/g, '"').replace('$issuer', 'ISSUER'));
      expect(oidc?.clientID === m[1] && oidc?.azure?.useWorkloadIdentity === true, command, 'the app registration does not sign in with workload identity');
      expect(params.subject === `system:serviceaccount:${ns}:argocd-server` && params.issuer === 'ISSUER' && params.audiences[0] === 'api://AzureADTokenExchange', command, 'not argocd-server on the issuer');
    } else if ((m = /^\[ "\$\(az aks show --resource-group (\S+) --name (\S+) --query aadProfile\.(managed|enableAzureRbac) --output tsv\)" = true \] \|\| az aks update --resource-group (\S+) --name (\S+) --(enable-aad|enable-azure-rbac)$/.exec(command))) {
      // argocd-k8s-auth azure needs AKS-managed Entra ID (aadProfile.managed) and Azure RBAC (aadProfile.enableAzureRbac) on the cluster.
      expect(m[1] === m[4] && m[2] === m[5], command, 'the check and the update name different clusters');
      expect((m[3] === 'managed') === (m[6] === 'enable-aad'), command, `aadProfile.${m[3]} is not what --${m[6]} enables`);
      expect(clusterSecrets.some(sec => sec.stringData.name === m![2] && JSON.parse(sec.stringData.config).execProviderConfig?.env?.AAD_LOGIN_METHOD === 'workloadidentity'),
        command, `${m[2]} is not a workload-identity cluster of the output`);
    } else if ((m = /^az role assignment create --assignee (\S+) --role "Azure Kubernetes Service RBAC Cluster Admin" --scope "\$\(az aks list --query "\[\?fqdn=='(\S+)'\] \| \[0\]\.id" --output tsv\)"$/.exec(command))) {
      const secret = clusterSecrets.find(s => new URL(s.stringData.server).hostname === m![2]);
      expect(!!secret && JSON.parse(secret.stringData.config).execProviderConfig.env.AZURE_CLIENT_ID === m[1], command, `no cluster Secret for ${m[2]} uses identity ${m[1]}`);
    } else if ((m = /^az role assignment create --assignee (\S+) --role AcrPull --scope "\$\(az acr show --name (\S+) --query id --output tsv\)"$/.exec(command))) {
      expect(saIdentities.get(`${ns}:argocd-image-updater`) === m[1], command, `${m[1]} is not Image Updater's identity`);
      const updater = objects.find(o => o.kind === 'Application' && o.metadata.name === 'argocd-image-updater');
      expect(updater?.spec.source.helm.valuesObject.config.registries.some((r: any) => r.prefix === `${m![2]}.azurecr.io`), command, `Image Updater has no registry ${m[2]}.azurecr.io`);
    } else if ((m = /^curl -sSf -o \/dev\/null https:\/\/(\S+)\/healthz$/.exec(command))) {
      expect(new URL(cm.data.url).host === m[1], command, 'not the URL');
    } else if ((m = /^curl -sSfL -o argocd https:\/\/github\.com\/argoproj\/argo-cd\/releases\/download\/(\S+)\/argocd-linux-amd64 && chmod \+x argocd$/.exec(command))) {
      expect(values.global.image.tag === m[1], command, 'CLI version differs from the installed image tag');
    } else if ((m = /^\.\/argocd login (\S+)( --sso)? --grpc-web$/.exec(command))) {
      expect(new URL(cm.data.url).host === m[1] && !!m[2] === !!oidc, command, 'not the URL, or --sso does not match oidc.config');
    } else if ((m = /^\.\/argocd app wait (.+) --sync --health --timeout \d+$/.exec(command))) {
      for (const name of m[1].split(' ')) expect(apps.has(name), command, `Application ${name} is not rendered`);
    } else if (command === './argocd cluster list') {
      expect(clusterSecrets.length > 0, command, 'no cluster Secret');
    } else {
      problems.push(`${command}\n    not a command this test knows how to check`);
    }
  }
  // Every federated credential the output needs is created (nothing missing).
  for (const [subject, clientId] of saIdentities) {
    expect(commands.some(c => c.includes(`--subject system:serviceaccount:${subject} `) && [...vars.entries()].some(([v, id]) => id === clientId && c.includes(`"$${v}_name"`))),
      subject, `no federated credential for ${subject} (${clientId})`);
  }
  // The stores sign in with their identity: its federated credential is created before any store must be Ready.
  if (storeIdentity && at0(commands, /wait clustersecretstore\//) >= 0) {
    const created = at0(commands, new RegExp(`federated-credential create .* --subject system:serviceaccount:${storeIdentity.subject} `));
    if (created < 0 || created > at0(commands, /wait clustersecretstore\//)) problems.push(`the store identity's credential (${storeIdentity.subject}) is not created before the stores must be Ready`);
  }
  // The order: issuer, prerequisites, identities, helm install, platform folder, verification.
  const at = (re: RegExp) => commands.findIndex(c => re.test(c));
  const required = [at(/^issuer=/), at(/^helm install argocd /), at(/apply --server-side -k [^"]/), at(/^\.\/argocd app wait /)];
  if (required.some(i => i < 0)) problems.push(`steps missing: ${required.join(', ')}`);
  // Prerequisites and identities (when the platform needs them) come after the issuer and before the install.
  const order = [at(/^issuer=/), at(/wait clustersecretstore|apply --server-side -f /), at(/federated-credential create/), ...required.slice(1)].filter(i => i >= 0);
  if (order.some((i, k) => k > 0 && i < order[k - 1])) problems.push(`steps out of order: ${order.join(', ')}`);
  return problems;
}

describe('BootstrapDocument', () => {
  test('every command of the example platform\'s bootstrap document matches the rendered output', () => {
    const app = new PlatformApp({ outdir: '.tmp/bootstrap' });
    buildExamplePlatform(app);
    const out = rendered(app);
    const text = out.files['argocd.bootstrap.md'];
    expect(checkBootstrap('argocd.bootstrap.md', out)).toEqual([]);
    const commands = commandsOf(text);
    expect(commands).toEqual(expect.arrayContaining([
      'helm install argocd argo-cd --repo https://argoproj.github.io/argo-helm --version 10.1.1 --namespace argocd --create-namespace -f dist/argocd.values.yaml --kube-context aks-platform',
      'kubectl --context aks-platform apply --server-side -f https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v0.93.0/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml',
      'kubectl --context aks-platform -n gateway-system wait gateway/platform-gateway --for=condition=Programmed --timeout=900s',
      'az role assignment create --assignee 5b9e2d7c-3f1a-4c8e-9d2b-6a7f8e9c0d1e --role AcrPull --scope "$(az acr show --name civica --query id --output tsv)"',
      'kubectl --context aks-platform -n argocd exec deployment/argocd-image-updater-controller -- /scripts/acr-civica.sh | grep -c \'^00000000-0000-0000-0000-000000000000:\'',
    ]));
    // The remote cluster: Entra ID and Azure RBAC checked (and enabled when off) before its role assignment; its kube context in the table.
    const aksProd = '--resource-group rg-aks-prod --name aks-prod';
    const entra = commands.indexOf(`[ "$(az aks show ${aksProd} --query aadProfile.managed --output tsv)" = true ] || az aks update ${aksProd} --enable-aad`);
    const rbac = commands.indexOf(`[ "$(az aks show ${aksProd} --query aadProfile.enableAzureRbac --output tsv)" = true ] || az aks update ${aksProd} --enable-azure-rbac`);
    const role = commands.findIndex(c => c.startsWith('az role assignment create --assignee 7d3e5f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60 --role "Azure Kubernetes Service RBAC Cluster Admin"'));
    expect([entra >= 0, rbac > entra, role > rbac]).toEqual([true, true, true]);
    expect(text).toContain('| remote cluster `aks-prod` (`https://aks-prod-civica-4f2a9c1e.hcp.uksouth.azmk8s.io:443`, resource group `rg-aks-prod`) | `aks-prod`: the alert runbook\'s steps on its namespaces;');
    // Redis HA (the example's scale profile): 3 Redis servers and 3 HAProxy pods with hard anti-affinity need 3 nodes.
    expect(text).toContain('**Nodes: at least 3.** Redis runs in HA mode (`redis-ha.enabled`), and the chart forces the 3 Redis servers and the 3 HAProxy pods onto separate nodes');
    expect(commands).toContain('test "$(kubectl --context aks-platform get nodes --no-headers | wc -l)" -ge 3');
    // Image Updater's CRD at the image's release, not the chart's older one (chart 1.2.4 ships appVersion v1.2.2).
    expect(text).toContain('| `argocd-image-updater.argoproj.io` | ImageUpdater | Argo CD Image Updater, installed by the Application `argocd-image-updater` (step 5); '
      + 'its CRD by the Application `argocd-image-updater-crds` from `https://github.com/argoproj-labs/argocd-image-updater.git` `config/crd` (the chart\'s CRD is off) | chart 1.2.4, image v1.3.0, CRD v1.3.0 |');
    // Every step names its kube context (home) or says it has none (Azure only).
    for (const heading of text.split('\n').filter(l => l.startsWith('## '))) {
      expect(heading).toMatch(/kube context `aks-platform`|no kube context|apply order/);
    }
    expect(JSON.parse(out.files['argocd.entra-app.json'])).toEqual({
      groupMembershipClaims: 'SecurityGroup',
      optionalClaims: { idToken: [{ name: 'groups', essential: false, additionalProperties: [] }] },
      web: { redirectUris: ['https://argocd.civica.internal/auth/callback'] },
      requiredResourceAccess: [{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }] }],
      publicClient: { redirectUris: ['http://localhost:8085/auth/callback'] },
    });
  });

  test('the check catches a stale document (it is not vacuous)', () => {
    const app = new PlatformApp({ outdir: '.tmp/bootstrap' });
    buildExamplePlatform(app);
    const out = rendered(app);
    const stale = out.files['argocd.bootstrap.md']
      .replace('--version 10.1.1', '--version 9.0.0')
      .replace('--subject system:serviceaccount:argocd:argocd-backup ', '--subject system:serviceaccount:argocd:argocd-backups ')
      .replace('/auth/callback --public', '/callback --public');
    const problems = checkBootstrap('argocd.bootstrap.md', { ...out, files: { ...out.files, 'argocd.bootstrap.md': stale } }).join('\n');
    expect(problems).toMatch(/not the Application's release, repository and chart version/);
    expect(problems).toMatch(/no rendered workload of argocd:argocd-backups uses identity 7a2c4e6f/);
    expect(problems).toMatch(/no federated credential for argocd:argocd-backup \(7a2c4e6f/);
    expect(problems).toMatch(/redirect https:\/\/argocd.civica.internal\/callback is not <url>\/auth\/callback/);
  });

  test('SSO with workload identity: a federated credential on the app registration for argocd-server, and no client secret step', () => {
    const { app, platform } = newPlatform({ homeCluster: { ...HOME, kubeContext: 'platform-admin' } });
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoSSO(platform, 'AzureAD', { tenantId: '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f', clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', useWorkloadIdentity: true });
    new BootstrapDocument(platform, 'Bootstrap');
    const out = rendered(app);
    expect(checkBootstrap('argocd.bootstrap.md', out, { ...HOME, kubeContext: 'platform-admin' } as any)).toEqual([]);
    const commands = commandsOf(out.files['argocd.bootstrap.md']);
    expect(commands).toContain('az ad app federated-credential create --id 9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d --parameters "{\\"name\\":\\"aks-platform-argocd-argocd-server\\",\\"issuer\\":\\"$issuer\\",\\"subject\\":\\"system:serviceaccount:argocd:argocd-server\\",\\"audiences\\":[\\"api://AzureADTokenExchange\\"]}"');
    expect(out.files['argocd.bootstrap.md']).toContain('No client secret: argocd-server signs in to Entra with its federated service account token');
  });

  test('a resource group with parentheses (Azure allows them) reaches every az command as one shell word', () => {
    const { app, platform } = newPlatform({ homeCluster: { name: 'aks-platform', resourceGroup: 'rg-(platform)' } });
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new BootstrapDocument(platform, 'Bootstrap');
    const commands = commandsOf(rendered(app).files['argocd.bootstrap.md']);
    expect(commands).toContain('az aks update --resource-group \'rg-(platform)\' --name aks-platform --enable-oidc-issuer --enable-workload-identity');
    expect(commands.filter(c => c.includes('rg-(platform)')).every(c => c.includes('\'rg-(platform)\''))).toBe(true);
    const parsed = spawnSync('bash', ['-n'], { input: commands.join('\n'), encoding: 'utf8' });
    expect(parsed.stderr).toBe('');
    expect(parsed.status).toBe(0);
  });

  test('refuses a platform without SelfManagedArgo, and a platform without the home cluster fields it needs', () => {
    const { app, platform } = newPlatform({ homeCluster: HOME });
    new BootstrapDocument(platform, 'Bootstrap');
    expect(() => app.render()).toThrow('[argocd/Bootstrap] platform: the bootstrap installs Argo CD from the pinned chart and generated values; add SelfManagedArgo to the platform (got "self-managed")');
    // The home cluster is the platform's (one fact): the error names the platform and its field.
    expect(() => new BootstrapDocument(newPlatform().platform, 'Bootstrap')).toThrow(
      '[argocd] homeCluster: the BootstrapDocument [argocd/Bootstrap] sets up the AKS cluster Argo CD runs on; set homeCluster: { name, resourceGroup } in the ArgoPlatform\'s props (got undefined)');
    expect(() => new BootstrapDocument(newPlatform({ homeCluster: { name: 'aks-platform' } }).platform, 'Bootstrap')).toThrow(
      '[argocd] homeCluster.resourceGroup: the BootstrapDocument [argocd/Bootstrap] runs `az aks` commands on the home cluster aks-platform, which need its resource group; set homeCluster.resourceGroup in the ArgoPlatform\'s props (got undefined)');
    // The bootstrap's own homeCluster prop moved to the platform (JavaScript callers get told where).
    expect(() => new BootstrapDocument(newPlatform({ homeCluster: HOME }).platform, 'Bootstrap', { homeCluster: HOME } as any)).toThrow(
      /^\[argocd\/Bootstrap\] homeCluster: moved to the platform: set homeCluster: \{ name, resourceGroup, kubeContext\? \} on the ArgoPlatform \[argocd\] \(ArgoPlatformProps homeCluster\)/);
  });

  test('the client secret step names the Key Vault secret the ExternalSecret reads', () => {
    const { app, platform } = newPlatform({ homeCluster: HOME });
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoSSO(platform, 'AzureAD', {
      tenantId: '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f',
      clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
      clientSecret: SecretSource.fromAzureKeyVault({ secretName: 'argocd-oidc-client-secret' }),
    });
    new BootstrapDocument(platform, 'Bootstrap');
    const out = rendered(app);
    expect(checkBootstrap('argocd.bootstrap.md', out)).toEqual([]);
    expect(out.files['argocd.bootstrap.md']).toContain('where argocd-secret\'s ExternalSecret reads `oidc.azure.clientSecret` (secret `argocd-oidc-client-secret`), never in Git');
  });

  test('an Ingress and an AppImageUpdater without the installation: the ingress class check, and the ImageUpdater CRD at v1.3.0', () => {
    const { app, platform, payments } = platformWithTeam({ homeCluster: HOME });
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoExposure(platform, 'Exposure', { ingress: { certificate: ExposureCertificate.keyVault('https://kv-platform.vault.azure.net/certificates/argocd') } });
    const application = new TeamApplication(platform, 'Api', {
      project: payments,
      appName: 'payments-api',
      source: ApplicationSource.fromDirectory({ repoUrl: 'git@github.com:civica/gitops-config.git', pathPattern: 'apps/{app}/overlays/{env}' }),
    });
    new AppImageUpdater(platform, 'Images', { application, images: [{ alias: 'api', imageName: 'civica.azurecr.io/payments/api' }] });
    new BootstrapDocument(platform, 'Bootstrap');
    const out = rendered(app);
    expect(checkBootstrap('argocd.bootstrap.md', out)).toEqual([]);
    const commands = commandsOf(out.files['argocd.bootstrap.md']);
    expect(commands).toEqual(expect.arrayContaining([
      'kubectl --context aks-platform get ingressclass webapprouting.kubernetes.azure.com',
      'kubectl --context aks-platform -n argocd get ingress argocd-server',
      'kubectl --context aks-platform apply --server-side -f https://raw.githubusercontent.com/argoproj-labs/argocd-image-updater/v1.3.0/config/crd/bases/argocd-image-updater.argoproj.io_imageupdaters.yaml',
    ]));
    expect(commands.some(c => c.includes('httproute'))).toBe(false);
  });

  test('a workload-identity remote cluster without its resource group: the synth fails and says what to add', () => {
    const { app, platform } = newPlatform({
      homeCluster: HOME,
      environments: [{ name: 'dev' }, { name: 'prod', production: true, cluster: { name: 'aks-prod' } }],
      clusters: [{
        name: 'aks-prod',
        server: 'https://aks-prod.hcp.uksouth.azmk8s.io:443',
        caData: TEST_CA_DATA,
        auth: ClusterAuth.azureWorkloadIdentity({ clientId: '7d3e5f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60' }),
      }],
    });
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new BootstrapDocument(platform, 'Bootstrap');
    expect(() => app.render()).toThrow('[argocd/Bootstrap] clusters.aks-prod.resourceGroup: cluster aks-prod authenticates with workload identity (argocd-k8s-auth azure), '
      + 'which needs AKS-managed Entra ID and Azure RBAC on it; the bootstrap checks and enables both with az aks show/update: '
      + 'add resourceGroup (and aksName if its Azure name is not aks-prod) to the aks-prod cluster options (got undefined)');
  });

  test('the node count is a prerequisite only with Redis HA, and follows the chart\'s hard anti-affinity (argo-helm argo-cd 10.1.1 values.yaml)', () => {
    const single = newPlatform({ homeCluster: HOME });
    new SelfManagedArgo(single.platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new BootstrapDocument(single.platform, 'Bootstrap');
    const plain = rendered(single.app);
    expect(checkBootstrap('argocd.bootstrap.md', plain)).toEqual([]);
    expect(plain.files['argocd.bootstrap.md']).not.toContain('Nodes: at least');
    expect(commandsOf(plain.files['argocd.bootstrap.md']).some(c => c.includes('get nodes'))).toBe(false);

    const ha = newPlatform({ homeCluster: HOME });
    new SelfManagedArgo(ha.platform, 'SelfManaged', { chartVersion: '10.1.1', extraValues: { 'redis-ha': { haproxy: { replicas: 4 } } } });
    new ArgoScaleProfile(ha.platform, 'Scale', { redisHa: true });
    new BootstrapDocument(ha.platform, 'Bootstrap');
    const out = rendered(ha.app);
    expect(checkBootstrap('argocd.bootstrap.md', out)).toEqual([]);
    expect(out.files['argocd.bootstrap.md']).toContain('**Nodes: at least 4.** Redis runs in HA mode (`redis-ha.enabled`), and the chart forces the 3 Redis servers and the 4 HAProxy pods onto separate nodes');
    expect(commandsOf(out.files['argocd.bootstrap.md'])).toContain('test "$(kubectl --context aks-platform get nodes --no-headers | wc -l)" -ge 4');
    // The pinned chart's defaults the requirement rests on.
    const chartValues = fs.readFileSync(`${REFERENCE_DIR}/upstream/argo-helm-argo-cd-10.1.1/values.yaml`, 'utf8');
    expect(chartValues).toContain('    # -- Whether the haproxy pods should be forced to run on separate nodes.\n    hardAntiAffinity: true');
    expect(chartValues).toContain('  # -- Whether the Redis server pods should be forced to run on separate nodes.\n  hardAntiAffinity: true');
  });

  test('an Ingress with a cert-manager ClusterIssuer: cert-manager pinned, and the issuer Ready before the install', () => {
    const { app, platform } = newPlatform({ homeCluster: HOME });
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoExposure(platform, 'Exposure', { ingress: { certificate: ExposureCertificate.certManager('letsencrypt') } });
    new BootstrapDocument(platform, 'Bootstrap');
    const out = rendered(app);
    expect(checkBootstrap('argocd.bootstrap.md', out)).toEqual([]);
    expect(commandsOf(out.files['argocd.bootstrap.md'])).toEqual(expect.arrayContaining([
      'helm install cert-manager oci://quay.io/jetstack/charts/cert-manager --version v1.19.2 --namespace cert-manager --create-namespace --set crds.enabled=true --wait --kube-context aks-platform',
      'kubectl --context aks-platform wait clusterissuer/letsencrypt --for=condition=Ready --timeout=900s',
    ]));
  });
});
