import { parse } from 'yaml';
import { PROD_CLUSTER } from '../../examples/platform/clusters';
import { buildExamplePlatform } from '../../examples/platform/platform';
import {
  AppImageUpdater, ApplicationSource, ArgoAlerts, ArgoBackup, ArgoCluster, ArgoImageUpdater, ArgoPlatform, ArgoSSO, BootstrapDocument, ClusterAuth,
  PlatformApp, RestoreRunbook, SecretSource, SelfManagedArgo, TeamApplication, TeamProject,
} from '../../src';

/** The shell commands of a document, in order: every line of every ```sh block. */
function commandsOf(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) out.push(...m[1].split('\n').filter(line => line.trim() !== ''));
  return out;
}

/**
 * The federated credentials a document creates, each as `<client ID> <kind> <name> <subject> <audience> <issuer>`,
 * sorted, and the command that reads `$issuer`. Managed identities: `az identity federated-credential create`
 * for the identity a preceding `az identity list` looked up by client ID; app registrations:
 * `az ad app federated-credential create --id <client ID>` with its JSON parameters.
 */
function federatedCredentialsIn(markdown: string): { issuer: string[]; credentials: string[] } {
  const issuer: string[] = [];
  const credentials: string[] = [];
  const identities = new Map<string, string>();
  for (const command of commandsOf(markdown)) {
    let m: RegExpExecArray | null;
    if (command.startsWith('issuer=')) {
      issuer.push(command);
    } else if ((m = /^read -r (\w+)_name \1_rg <<< "\$\(az identity list --query "\[\?clientId=='(\S+)'\] \| \[0\]\.\[name, resourceGroup\]" --output tsv\)"$/.exec(command))) {
      identities.set(`$${m[1]}_name`, m[2]);
    } else if ((m = /^id_name=\$\(az identity list --query "\[\?clientId=='(\S+)'\]\.name \| \[0\]" --output tsv\)$/.exec(command))) {
      identities.set('$id_name', m[1]);
    } else if ((m = /^az identity federated-credential create --identity-name "(\$\w+)" --resource-group "\$\w+" --name (\S+) --issuer "(\$issuer)" --subject (\S+) --audiences (\S+)(?: --output none)?$/.exec(command))) {
      credentials.push([identities.get(m[1]), 'managed-identity', m[2], m[4], m[5], m[3]].join(' '));
    } else if ((m = /^az ad app federated-credential create --id (\S+) --parameters "(.*)"(?: --output none)?$/.exec(command))) {
      const p = JSON.parse(m[2].replace(/\\"/g, '"'));
      credentials.push([m[1], 'app-registration', p.name, p.subject, p.audiences.join(','), p.issuer].join(' '));
    } else {
      expect(command).not.toMatch(/federated-credential create/);
    }
  }
  return { issuer, credentials: credentials.sort() };
}

/** The kube contexts a document names (`--context`, `--kube-context`, `use-context`). */
function contextsIn(text: string): string[] {
  return [...new Set([...text.matchAll(/(?:--context|--kube-context|use-context) `?([\w.@:/-]+)/g)].map(m => m[1]))];
}

/** Both documents' credentials, and the platform's one list in the same shape. */
function compare(app: PlatformApp, platform: ArgoPlatform) {
  const files = app.render();
  const bootstrap = federatedCredentialsIn(files[`${platform.platformName}.bootstrap.md`]);
  const restore = federatedCredentialsIn(files[`${platform.platformName}.restore.md`]);
  const expected = platform.federatedCredentials().map(c => [c.clientId, c.kind, c.name, c.subject, c.audience, '$issuer'].join(' ')).sort();
  return { files, bootstrap, restore, expected };
}

describe('one list of federated identities', () => {
  test('the example platform: the bootstrap document creates exactly the credentials the restore runbook recreates, on the same issuer', () => {
    const app = new PlatformApp({ outdir: '.tmp/federated' });
    const platform = buildExamplePlatform(app);
    const { bootstrap, restore, expected } = compare(app, platform);
    expect(expected).toHaveLength(5);
    // The ClusterSecretStore azure-key-vault's identity (secretStoreIdentity), like every other: the restore
    // runbook recreates it before its step "stores" waits for the store to be Ready.
    expect(expected).toContain('3c8d1e5f-6a2b-4c7d-8e9f-1a2b3c4d5e6f managed-identity aks-platform-external-secrets-external-secrets system:serviceaccount:external-secrets:external-secrets api://AzureADTokenExchange $issuer');
    expect(bootstrap.credentials).toEqual(expected);
    expect(restore.credentials).toEqual(expected);
    // The same home cluster's issuer (the platform's homeCluster: aks-platform in rg-aks-platform).
    expect(bootstrap.issuer).toEqual(['issuer=$(az aks show --resource-group rg-aks-platform --name aks-platform --query oidcIssuerProfile.issuerUrl --output tsv)']);
    expect(restore.issuer).toEqual(bootstrap.issuer);
  });

  test('a remote cluster, backup, Image Updater and SSO with workload identity: the same credentials in both documents', () => {
    const app = new PlatformApp({ outdir: '.tmp/federated' });
    const platform = new ArgoPlatform(app, 'gitops', {
      namespace: 'argo',
      url: 'https://argocd.example.org',
      homeCluster: { name: 'aks-hub', resourceGroup: 'rg-hub', kubeContext: 'hub-admin' },
      gitOps: { repoUrl: 'git@github.com:civica/gitops-config.git' },
      environments: [{ name: 'dev' }, { name: 'prod', production: true, cluster: { name: 'aks-prod' } }],
    });
    new ArgoCluster(platform, 'Prod', { ...PROD_CLUSTER, resourceGroup: 'rg-aks-prod', auth: ClusterAuth.azureWorkloadIdentity({ clientId: '7d3e5f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60' }) });
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
    new ArgoSSO(platform, 'SSO', { tenantId: '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f', clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', useWorkloadIdentity: true });
    new ArgoBackup(platform, 'Backup', {
      storage: { storageAccount: 'civicaargocdbackup', resourceGroup: 'rg-backup', container: 'argocd-backup', clientId: '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d' },
      alerts: false,
    });
    const payments = new TeamProject(platform, 'Payments', { team: 'payments', projectName: 'payments-team' });
    const application = new TeamApplication(platform, 'Api', {
      project: payments,
      appName: 'payments-api',
      source: ApplicationSource.fromDirectory({ repoUrl: 'git@github.com:civica/gitops-config.git', pathPattern: 'apps/{app}/overlays/{env}' }),
    });
    new AppImageUpdater(platform, 'Images', { application, images: [{ alias: 'api', imageName: 'civica.azurecr.io/payments/api' }] });
    new ArgoImageUpdater(platform, 'ImageUpdater', { azureWorkloadIdentity: { clientId: '5b9e2d7c-3f1a-4c8e-9d2b-6a7f8e9c0d1e' } });
    new RestoreRunbook(platform, 'Restore');
    new BootstrapDocument(platform, 'Bootstrap');
    new ArgoAlerts(platform, 'Alerts');

    const { files, bootstrap, restore, expected } = compare(app, platform);
    expect(expected).toEqual([
      '5b9e2d7c-3f1a-4c8e-9d2b-6a7f8e9c0d1e managed-identity aks-hub-argo-argocd-image-updater system:serviceaccount:argo:argocd-image-updater api://AzureADTokenExchange $issuer',
      '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d managed-identity aks-hub-argo-argocd-backup system:serviceaccount:argo:argocd-backup api://AzureADTokenExchange $issuer',
      '7d3e5f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60 managed-identity aks-hub-argo-argocd-application-controller system:serviceaccount:argo:argocd-application-controller api://AzureADTokenExchange $issuer',
      '7d3e5f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60 managed-identity aks-hub-argo-argocd-server system:serviceaccount:argo:argocd-server api://AzureADTokenExchange $issuer',
      '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d app-registration aks-hub-argo-argocd-server system:serviceaccount:argo:argocd-server api://AzureADTokenExchange $issuer',
    ]);
    expect(bootstrap.credentials).toEqual(expected);
    expect(restore.credentials).toEqual(expected);
    expect(bootstrap.issuer).toEqual(['issuer=$(az aks show --resource-group rg-hub --name aks-hub --query oidcIssuerProfile.issuerUrl --output tsv)']);
    expect(restore.issuer).toEqual(bootstrap.issuer);
    // The three documents name the home cluster's own kube context (hub-admin), and no other.
    for (const doc of ['gitops.bootstrap.md', 'gitops.restore.md', 'gitops.runbook.md']) expect([doc, contextsIn(files[doc])]).toEqual([doc, ['hub-admin']]);
    // Every service account the output annotates with a client ID is in the list (nothing is missed by both).
    const annotated = Object.entries(files).filter(([f]) => f.endsWith('.yaml') && f.includes('/')).map(([, text]) => parse(text))
      .filter(o => o?.kind === 'ServiceAccount' && o.metadata.annotations?.['azure.workload.identity/client-id'])
      .map(o => `${o.metadata.annotations['azure.workload.identity/client-id']} system:serviceaccount:${o.metadata.namespace}:${o.metadata.name}`);
    expect(annotated.length).toBeGreaterThan(0);
    for (const sa of annotated) expect(expected.some(e => e.startsWith(sa.split(' ')[0]) && e.includes(` ${sa.split(' ')[1]} `))).toBe(true);
  });

  test('the bootstrap document, the restore runbook and the alert runbook name the same kube context (the platform\'s home cluster)', () => {
    const app = new PlatformApp({ outdir: '.tmp/federated' });
    buildExamplePlatform(app);
    const files = app.render();
    expect(contextsIn(files['argocd.bootstrap.md'])).toEqual(['aks-platform']);
    expect(contextsIn(files['argocd.restore.md'])).toEqual(['aks-platform']);
    expect(contextsIn(files['argocd.runbook.md'])).toEqual(['aks-platform']);
  });

  describe('the secret store\'s identity', () => {
    const MANUAL_STEP = '**Manual step: the secret store\'s identity.** ClusterSecretStore `azure-key-vault` signs in to Azure Key Vault with its own managed identity, '
      + 'which this platform does not know (give it as `secretStoreIdentity` on the ArgoPlatform to list its credential above). '
      + 'Its federated credential names the home cluster\'s issuer too: without it the store never becomes Ready and every ExternalSecret stays empty. '
      + 'Create it with the identity\'s name and resource group (the subject is the external-secrets chart\'s service account; use the store\'s `serviceAccountRef` if it names another): '
      + '`az identity federated-credential create --identity-name <store identity name> --resource-group <store identity resource group> --name aks-hub-external-secrets-external-secrets '
      + '--issuer "$issuer" --subject system:serviceaccount:external-secrets:external-secrets --audiences api://AzureADTokenExchange`';

    /** A platform whose SSO client secret comes from Key Vault (an ExternalSecret reading ClusterSecretStore azure-key-vault). */
    function keyVaultPlatform(secretStoreIdentity?: any) {
      const app = new PlatformApp({ outdir: '.tmp/federated' });
      const platform = new ArgoPlatform(app, 'gitops', {
        url: 'https://argocd.example.org',
        homeCluster: { name: 'aks-hub', resourceGroup: 'rg-hub' },
        gitOps: { repoUrl: 'git@github.com:civica/gitops-config.git' },
        environments: [{ name: 'dev' }],
        ...(secretStoreIdentity ? { secretStoreIdentity } : {}),
      });
      new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
      new ArgoSSO(platform, 'SSO', {
        tenantId: '3f2b8c1d-5e6a-4b7c-8d9e-0a1b2c3d4e5f',
        clientId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
        clientSecret: SecretSource.fromAzureKeyVault({ secretName: 'argocd-oidc-client-secret' }),
      });
      new ArgoBackup(platform, 'Backup', {
        storage: { storageAccount: 'civicaargocdbackup', resourceGroup: 'rg-backup', container: 'argocd-backup', clientId: '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d' },
        alerts: false,
      });
      new RestoreRunbook(platform, 'Restore');
      new BootstrapDocument(platform, 'Bootstrap');
      return { app, platform };
    }

    test('without secretStoreIdentity: both documents print the manual step with the exact command, after $issuer and before the store must be Ready', () => {
      const { app, platform } = keyVaultPlatform();
      const { files, bootstrap, restore, expected } = compare(app, platform);
      // Not in the list (the platform does not know the identity) ...
      expect(expected).toEqual(['7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d managed-identity aks-hub-argocd-argocd-backup system:serviceaccount:argocd:argocd-backup api://AzureADTokenExchange $issuer']);
      expect(bootstrap.credentials).toEqual(expected);
      expect(restore.credentials).toEqual(expected);
      // ... but never silently left out: each document says it once, in the step that federates the identities.
      for (const doc of ['gitops.bootstrap.md', 'gitops.restore.md']) {
        const text = files[doc];
        expect([doc, text.split(MANUAL_STEP).length - 1]).toEqual([doc, 1]);
        const at = text.indexOf(MANUAL_STEP);
        expect(text.indexOf('issuer=$(az aks show --resource-group rg-hub --name aks-hub')).toBeLessThan(at);
        expect(text.indexOf('wait clustersecretstore/azure-key-vault --for=condition=Ready')).toBeGreaterThan(at);
      }
      expect(files['gitops.bootstrap.md']).toContain('signing in with its own managed identity; step 3 says how to create its federated credential; step 4 waits until it is Ready.');
    });

    test('with secretStoreIdentity: its credential is in the one list, both documents create it before the store must be Ready, no manual step', () => {
      const { app, platform } = keyVaultPlatform({ clientId: '3c8d1e5f-6a2b-4c7d-8e9f-1a2b3c4d5e6f', serviceAccount: { namespace: 'eso', name: 'azure-key-vault' } });
      const { files, bootstrap, restore, expected } = compare(app, platform);
      expect(expected).toEqual([
        '3c8d1e5f-6a2b-4c7d-8e9f-1a2b3c4d5e6f managed-identity aks-hub-eso-azure-key-vault system:serviceaccount:eso:azure-key-vault api://AzureADTokenExchange $issuer',
        '7a2c4e6f-8b1d-4f3a-9c5e-1d2f3a4b5c6d managed-identity aks-hub-argocd-argocd-backup system:serviceaccount:argocd:argocd-backup api://AzureADTokenExchange $issuer',
      ]);
      expect(bootstrap.credentials).toEqual(expected);
      expect(restore.credentials).toEqual(expected);
      for (const doc of ['gitops.bootstrap.md', 'gitops.restore.md']) {
        const text = files[doc];
        expect(text).not.toContain('Manual step');
        expect(text.indexOf('--subject system:serviceaccount:eso:azure-key-vault ')).toBeGreaterThan(0);
        expect(text.indexOf('--subject system:serviceaccount:eso:azure-key-vault ')).toBeLessThan(text.indexOf('wait clustersecretstore/azure-key-vault --for=condition=Ready'));
      }
      expect(files['gitops.bootstrap.md']).toContain('signing in as the managed identity `3c8d1e5f-6a2b-4c7d-8e9f-1a2b3c4d5e6f` through the service account `eso/azure-key-vault` '
        + '(annotated `azure.workload.identity/client-id: 3c8d1e5f-6a2b-4c7d-8e9f-1a2b3c4d5e6f`, with the role Key Vault Secrets User on the vault); step 3 creates its federated credential; step 4 waits until it is Ready.');
      // The default service account is the external-secrets chart's (release external-secrets in external-secrets).
      const { platform: defaulted } = keyVaultPlatform({ clientId: '3c8d1e5f-6a2b-4c7d-8e9f-1a2b3c4d5e6f' });
      expect(defaulted.secretStoreIdentity).toEqual({
        clientId: '3c8d1e5f-6a2b-4c7d-8e9f-1a2b3c4d5e6f',
        kind: 'managed-identity',
        namespace: 'external-secrets',
        serviceAccount: 'external-secrets',
        purpose: 'the external-secrets ClusterSecretStores read Azure Key Vault',
      });
    });

    test('a bad secretStoreIdentity is refused with the field and the value', () => {
      expect(() => keyVaultPlatform({ clientId: 'not-a-guid' })).toThrow('[gitops] secretStoreIdentity.clientId: must be the managed identity\'s client ID (a GUID) (got "not-a-guid")');
      expect(() => keyVaultPlatform({ clientId: '3c8d1e5f-6a2b-4c7d-8e9f-1a2b3c4d5e6f', serviceAccount: { namespace: 'External', name: 'eso' } }))
        .toThrow('[gitops] secretStoreIdentity.serviceAccount.namespace: must be a DNS-1123 label');
      expect(() => keyVaultPlatform({ clientId: '3c8d1e5f-6a2b-4c7d-8e9f-1a2b3c4d5e6f', serviceAccount: { namespace: 'eso', name: 'Bad_Name' } }))
        .toThrow('[gitops] secretStoreIdentity.serviceAccount.name: must be a service account name (a DNS-1123 subdomain) (got "Bad_Name")');
    });
  });
});
