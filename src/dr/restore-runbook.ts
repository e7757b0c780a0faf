import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoBackup, renderedObjects } from './argo-backup';
import { SEALED_SECRETS_KEY_LABEL } from './sealed-secrets-key-backup';
import { ArgoPlatform } from '../platform/argo-platform';
import { SettingsConfigMap } from '../platform/argo-settings';
import { FederatedCredential, FederatedIdentityKind, secretStoreFederationStep } from '../platform/federated-identities';
import { notificationsProviderOf } from '../platform/notifications-provider';
import { OWNED_SETTINGS, SettingsObjectKind } from '../platform/owned-settings';
import { PlatformCapability } from '../platform/registries';
import { RenderedModel } from '../platform/rendered-model';
import { ISelfManagedRelease, selfManagedReleaseOf } from '../platform/self-managed-release';
import { markdownCode } from '../util/markdown';
import { shellWord } from '../util/shell';
import { compareStrings, describeInvalid } from '../util/validation';

/** Props for RestoreRunbook. */
export interface RestoreRunbookProps {
  /**
   * How long the runbook's `rollout status`, `wait` and `app wait` commands wait.
   * @default Duration.minutes(15)
   */
  readonly waitTimeout?: Duration;
}

interface StoreRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/**
 * `dist/<platform>.restore.md`: the restore runbook of one Argo CD instance, generated from the
 * typed platform at every synth, so it changes in the same pull request as the platform. It gives
 * the exact commands in order: install the pinned `argo-cd` chart with the generated values file,
 * restore the Sealed Secrets key (when backed up), check that the external-secrets stores the
 * output uses are ready, apply the platform folder with server-side apply, import the latest
 * `argocd admin export` with the platform's namespace flags, apply the folder again so Git wins,
 * then verify (applications Synced and Healthy, SSO login, a test notification). It also says what
 * the export does not hold and where each of those comes back from.
 *
 * It reads the platform core only: the `SELF_MANAGED` provider (through `ISelfManagedRelease`), the
 * `BACKUP` provider (ArgoBackup), the settings and the rendered objects. Both providers are required.
 * A test parses every command and checks it against the rendered output.
 *
 * @example
 * import { ArgoPlatform, RestoreRunbook } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * // dist/argocd.restore.md, generated from this platform (after ArgoBackup and SelfManagedArgo, if any).
 * new RestoreRunbook(platform, 'RestoreRunbook');
 */
export class RestoreRunbook extends Construct {
  /** The artifact's file name, e.g. `argocd.restore.md`. */
  public readonly fileName: string;

  private readonly platform: ArgoPlatform;
  private readonly timeout: number;
  private contextSwitched = false;

  constructor(scope: Construct, id: string, props: RestoreRunbookProps = {}) {
    super(scope, id);
    this.platform = ArgoPlatform.platformOf(this);
    const wait = props.waitTimeout ?? Duration.minutes(15);
    const timeout = wait instanceof Duration ? wait.toSeconds({ integral: false }) : NaN;
    if (!Number.isInteger(timeout) || timeout < 60 || timeout > 86400) {
      throw new Error(describeInvalid(this, 'waitTimeout', Number.isNaN(timeout) ? wait : `${timeout}s`, 'must be a whole number of seconds from 1 minute to 1 day'));
    }
    this.timeout = timeout;
    this.fileName = `${this.platform.platformName}.restore.md`;
    this.platform.addArtifact(this.fileName, { produce: () => this.render() });
    this.node.addValidation({
      validate: () => [
        ...(selfManagedReleaseOf(this.platform.capabilities) ? [] : [describeInvalid(this, 'platform', PlatformCapability.SELF_MANAGED,
          'the runbook reinstalls Argo CD from the pinned chart and generated values; add SelfManagedArgo to the platform')]),
        ...(this.backup() ? [] : [describeInvalid(this, 'platform', PlatformCapability.BACKUP,
          'the runbook imports the latest export; add ArgoBackup to the platform')]),
      ],
    });
  }

  private backup(): ArgoBackup | undefined {
    const provider = this.platform.capabilities.providerOf(PlatformCapability.BACKUP);
    return ArgoBackup.isArgoBackup(provider) ? provider : undefined;
  }

  private path(file: string): string {
    return this.platform.hasGitOps ? this.platform.pathOf(file) : `dist/${file}`;
  }

  private render(): string {
    const platform = this.platform;
    const release = selfManagedReleaseOf(platform.capabilities) as ISelfManagedRelease;
    const backup = this.backup() as ArgoBackup;
    const ns = platform.argoCdNamespace;
    const version = platform.argoCdVersion.tag;
    const objects = renderedObjects(platform);
    const params = platform.settings.data(SettingsConfigMap.CMD_PARAMS_CM);
    const blob = `--auth-mode login --account-name ${shellWord(backup.storageAccount)} --container-name ${shellWord(backup.container)}`;
    const folder = this.path(platform.platformName);
    const keys = backup.sealedSecretsKeyBackup;
    this.contextSwitched = false;
    const home = platform.homeCluster;
    // The one list of the platform's federated credentials (the bootstrap document creates the same ones).
    const federated = platform.federatedCredentials();
    const applyStep = 5;
    const out: string[] = [];
    const section = (title: string, ...lines: string[]) => out.push(`## ${title}`, '', ...lines, '');
    const sh = (...commands: string[]) => ['```sh', ...commands, '```'].join('\n');

    out.push(
      `# Restore runbook: Argo CD "${platform.platformName}"`,
      '',
      `Generated from the typed platform by cdk8s-argocd-platform (Argo CD ${version}, chart argo-cd ${release.chartVersion}, namespace \`${ns}\`); `
      + 'it changes with the platform in the same pull request. Do not edit it: change the code.',
      '',
      `Run every command from the root of a clone of \`${platform.hasGitOps ? platform.gitOps.repoUrl : 'the repository holding dist/'}\``
      + `${platform.hasGitOps ? ` at \`${platform.gitOps.targetRevision}\`` : ''}, with \`kubectl\` pointing at the cluster you restore into, `
      + `\`helm\`, \`jq\`, and \`az\` logged in as someone with read access to the backups (Storage Blob Data Reader on \`${backup.storageAccount}/${backup.container}\`)`
      + (federated.length ? ' and the right to manage the federated credentials of the identities in step 1 (Managed Identity Contributor, or owner of the app registration).' : '.'),
      '',
      this.contexts(),
      '',
    );

    section('What comes back from where',
      `- **The backup** (\`argocd admin export\`, schedule \`${backup.schedule}\`, blobs \`${backup.exportBlobPrefix}<UTC timestamp>.yaml\` in \`${backup.storageAccount}/${backup.container}\`, kept ${backup.retentionDays} days): `
      + 'argocd-cm, argocd-rbac-cm, argocd-ssh-known-hosts-cm, argocd-tls-certs-cm; argocd-secret and every Secret labelled `argocd.argoproj.io/secret-type` '
      + '(repositories, credentials, clusters); all AppProjects; Applications and ApplicationSets with their status and history. It holds secrets in clear text: never copy it out of the private container except to restore.',
      `- **Git** (\`${folder}/\`, applied in step ${applyStep}): everything the platform renders, including what the export does **not** hold: `
      + this.notInBackup(objects).join('; ') + '.',
      '- **Rebuilt by itself**: Redis (a cache).',
      ...(keys ? [`- **The Sealed Secrets key** (a separate backup, blobs \`${keys.keyBlobPrefix}<UTC timestamp>.json\`): needed before any SealedSecret can be decrypted.`] : []),
    );

    // ClusterSecretStores whose identity the platform does not know: a manual step in step 1.
    const unknownStores = platform.secretStoreIdentity ? [] : this.stores(objects).filter(s => s.kind === 'ClusterSecretStore').map(s => s.name);
    const storeStep = unknownStores.length ? ['', secretStoreFederationStep(home, unknownStores)] : [];
    if (federated.length) {
      section(`1. Federate the workload identities with ${home.declared ? `${home.name}'s` : 'this cluster\'s'} OIDC issuer`,
        'A rebuilt cluster has a new OIDC issuer, and every federated identity credential names the old one: until they are recreated, '
        + 'no workload of the platform can sign in to Entra ID (remote clusters, backups, repositories, SSO). Recreate them on the new issuer '
        + '(a credential of the same name is replaced). The identities keep their role assignments on the remote clusters, the storage and the registries: nothing changes there. '
        + (home.declared ? 'Update `homeCluster.oidcIssuerUrl` in the platform code to the new issuer in the same change that records the rebuild.' : 'Set the platform\'s `homeCluster` prop so the runbooks name this cluster.'),
        '',
        sh(...this.federationCommands(federated)),
        '',
        federated.map(f => `- \`${f.subject}\` (credential \`${f.name}\`) as ${f.kind === FederatedIdentityKind.APP_REGISTRATION ? 'app registration' : 'managed identity'} \`${f.clientId}\`: ${f.purpose}.`).join('\n'),
        ...storeStep,
      );
    } else if (unknownStores.length) {
      section(`1. Federate the secret store's identity with ${home.declared ? `${home.name}'s` : 'this cluster\'s'} OIDC issuer`,
        'A rebuilt cluster has a new OIDC issuer, and the federated credential of the secret store\'s identity names the old one. Read the new issuer:',
        '',
        sh(...this.federationCommands([])),
        ...storeStep,
      );
    } else {
      section('1. Federate the workload identities', 'Not needed: no workload of this platform signs in with Azure workload identity.');
    }

    const settingsFiles = OWNED_SETTINGS
      .filter(o => o.kind === SettingsObjectKind.CONFIG_MAP && platform.rendersSettingsObject(o.name))
      .filter(o => o.name !== SettingsConfigMap.NOTIFICATIONS_CM)
      .map(o => `${folder}/configmap-${o.name}.yaml`);
    const crds = release.crdsCommand();
    section('2. Install Argo CD from the pinned chart',
      `${crds ? 'The CRDs at the image\'s release first (the chart installs none), then the' : 'The'} settings ConfigMaps the platform owns (the chart does not create them, and its Deployments mount `
      + 'argocd-ssh-known-hosts-cm and argocd-tls-certs-cm as required volumes: without them the pods never start), then the chart with the generated values:',
      '',
      sh(
        ...this.useContext(),
        ...(crds ? [crds] : []),
        `kubectl create namespace ${ns} --dry-run=client --output yaml | kubectl apply -f -`,
        `kubectl apply --server-side ${settingsFiles.map(f => `-f ${f}`).join(' ')}`,
        release.bootstrapCommand(),
        `kubectl -n ${ns} rollout status deployment/argocd-server --timeout=${this.timeout}s`,
        `kubectl -n ${ns} rollout status deployment/argocd-repo-server --timeout=${this.timeout}s`,
        `kubectl -n ${ns} rollout status statefulset/argocd-application-controller --timeout=${this.timeout}s`,
      ),
      '',
      `The values file pins the image to ${version}; the pods start with the platform's argocd-cmd-params-cm, so they need no restart later.`,
    );

    if (keys) {
      section('3. Restore the Sealed Secrets key',
        `Install the Sealed Secrets controller first if the cluster does not have it (in \`${keys.controllerNamespace}\`, Deployment \`${keys.controllerName}\`). Then load every key (Secrets labelled \`${SEALED_SECRETS_KEY_LABEL}\`) and restart the controller so it reads them:`,
        '',
        sh(
          `keys_blob=$(az storage blob list ${blob} --prefix ${keys.keyBlobPrefix} --query "sort_by(@, &name)[-1].name" --output tsv)`,
          `az storage blob download ${blob} --name "$keys_blob" --file sealed-secrets-keys.json --no-progress --output none`,
          'kubectl apply -f sealed-secrets-keys.json',
          `kubectl -n ${keys.controllerNamespace} rollout restart deployment/${keys.controllerName}`,
          `kubectl -n ${keys.controllerNamespace} rollout status deployment/${keys.controllerName} --timeout=${this.timeout}s`,
          'rm sealed-secrets-keys.json',
        ),
      );
    } else {
      section('3. Restore the Sealed Secrets key', 'Not needed: this platform renders no SealedSecret and backs up no Sealed Secrets key.');
    }

    const stores = this.stores(objects);
    section('4. Check the external-secrets stores',
      stores.length === 0
        ? 'Not needed: this platform renders no ExternalSecret.'
        : `The platform's ExternalSecrets read from ${stores.length === 1 ? 'this store' : 'these stores'} (the external-secrets operator and the stores are installed outside this platform). Each must be Ready before step 5:\n\n`
          + sh(...stores.map(s => s.kind === 'ClusterSecretStore'
            ? `kubectl wait clustersecretstore/${s.name} --for=condition=Ready --timeout=${this.timeout}s`
            : `kubectl -n ${s.namespace} wait secretstore/${s.name} --for=condition=Ready --timeout=${this.timeout}s`)),
    );

    section(`${applyStep}. Apply the platform folder`,
      'Server-side apply (the ApplicationSet CRD is too large for client-side apply):',
      '',
      sh(`kubectl apply --server-side -k ${folder}`),
    );

    const nsFlags = [
      ...(params['application.namespaces'] ? [`--application-namespaces ${shellWord(params['application.namespaces'])}`] : []),
      ...(params['applicationset.namespaces'] ? [`--applicationset-namespaces ${shellWord(params['applicationset.namespaces'])}`] : []),
    ].join(' ');
    const importCommand = `./argocd admin import --namespace ${ns}${nsFlags ? ` ${nsFlags}` : ''}`;
    section('6. Import the latest export',
      `With the Argo CD CLI of exactly the running release (${version}); \`--dry-run\` first shows what will be created and updated:`,
      '',
      sh(
        `curl -sSfL -o argocd https://github.com/argoproj/argo-cd/releases/download/${version}/argocd-linux-amd64 && chmod +x argocd`,
        `export_blob=$(az storage blob list ${blob} --prefix ${backup.exportBlobPrefix} --query "sort_by(@, &name)[-1].name" --output tsv)`,
        `az storage blob download ${blob} --name "$export_blob" --file argocd-export.yaml --no-progress --output none`,
        `${importCommand} --dry-run - < argocd-export.yaml`,
        `${importCommand} - < argocd-export.yaml`,
        `kubectl apply --server-side --force-conflicts -k ${folder}`,
        'rm argocd-export.yaml',
      ),
      '',
      'The second apply makes Git win again for everything it holds (the export may be a day older than Git); `--force-conflicts` takes the fields back from the import. Do not pass `--prune` to the import: it would delete what was created since the export.',
    );

    const rootApps = objects
      .filter(o => o.kind === 'Application' && Chart.of(o) === platform)
      .map(o => o.name).sort(compareStrings);
    const sso = platform.capabilities.has(PlatformCapability.SSO);
    const host = new URL(platform.url).host;
    const verify: string[] = [
      sso ? `./argocd login ${host} --sso --grpc-web` : `./argocd login ${host} --grpc-web`,
      ...(rootApps.length ? [`./argocd app wait ${rootApps.join(' ')} --sync --health --timeout ${this.timeout}`] : []),
      'kubectl get applications.argoproj.io --all-namespaces --output json | jq -r \'.items[] | select(.status.sync.status != "Synced" or .status.health.status != "Healthy") | "\\(.metadata.namespace)/\\(.metadata.name) \\(.status.sync.status) \\(.status.health.status)"\'',
    ];
    const notification = this.notificationCheck(ns, rootApps);
    if (notification) verify.push(notification);
    section('7. Verify',
      sh(...verify),
      '',
      [
        sso ? '- **SSO**: the login opens the browser; sign in as a member of an admin group and check that `./argocd account get-user-info` lists your groups.'
          : '- **Login**: this platform has no SSO construct; log in the way it is configured.',
        rootApps.length ? `- **Applications**: the root applications (${rootApps.join(', ')}) report Synced and Healthy; the \`jq\` line prints every Application that is not (nothing means all are; production applications sync manually, so an OutOfSync one there waits for its usual approval).`
          : '- **Applications**: the `jq` line prints every Application that is not Synced and Healthy (nothing means all are).',
        notification ? '- **Notifications**: the test notification arrives at its recipient.'
          : '- **Notifications**: not configured on this platform.',
      ].join('\n'),
    );

    section('Set up once, before you need it',
      [
        `- The container is private: \`az storage container create --account-name ${backup.storageAccount} --name ${backup.container} --public-access off --auth-mode login\`.`,
        `- Retention (${backup.retentionDays} days) is the account's lifecycle policy (this replaces the account's whole policy; merge by hand if it has one): \`az storage account management-policy create --account-name ${backup.storageAccount} --resource-group ${shellWord(backup.storageResourceGroup)} --policy @${this.path(backup.lifecyclePolicyFileName)}\`.`,
        `- The managed identity (client ID \`${backup.clientId}\`) has Storage Blob Data Contributor on the container, and a federated credential (issuer: ${this.platform.homeCluster.oidcIssuerUrl ? `the home cluster's OIDC issuer \`${this.platform.homeCluster.oidcIssuerUrl}\`` : 'the home cluster\'s OIDC issuer'}, audience \`api://AzureADTokenExchange\`) for each subject: `
        + [backup, ...(keys ? [keys] : [])].map(b => `\`system:serviceaccount:${b.namespace}:${b.cronJobName}\``).join(', ') + '.',
        `- Drill: \`kubectl -n ${ns} create job --from=cronjob/${backup.cronJobName} ${backup.cronJobName}-drill\`, then restore into a scratch cluster with this runbook.`,
      ].join('\n'),
    );
    return `${out.join('\n').trimEnd()}\n`;
  }

  /** `kubectl config use-context <home>` before the first command on the home cluster (once per render). */
  private useContext(): string[] {
    const context = this.platform.homeCluster.kubeContext;
    if (!context || this.contextSwitched) return [];
    this.contextSwitched = true;
    return [`kubectl config use-context ${shellWord(context)}`];
  }

  /** Which kube context each step uses: the home cluster's; remote clusters are never touched. */
  private contexts(): string {
    const home = this.platform.homeCluster;
    const remote = this.platform.clusters.map(c => `\`${c.clusterName}\` (${c.server})`);
    return [
      `**Clusters.** Argo CD runs on ${home.declared ? `the home cluster \`${home.name}\`${home.server ? ` (${home.server})` : ''}` : 'its home cluster (not named on this platform: set the `homeCluster` prop)'}; `
      + `every \`kubectl\` and \`helm\` command below runs in ${home.kubeContext ? `its kube context ${markdownCode(home.kubeContext)} (the first step switches to it${home.resourceGroup ? `; get it with ${markdownCode(`az aks get-credentials --resource-group ${shellWord(home.resourceGroup)} --name ${shellWord(home.name)}`)}` : ''})` : 'the kube context of that cluster'}. `
      + (remote.length
        ? `The remote clusters ${remote.join(', ')} need no step: Argo CD reaches them with the identities of step 1, whose role assignments there stay as they are.`
        : 'The platform declares no remote cluster.'),
    ].join('');
  }

  /** The commands that read the new issuer and recreate every federated credential on it. */
  private federationCommands(subjects: FederatedCredential[]): string[] {
    const home = this.platform.homeCluster;
    const commands = [...this.useContext(), home.resourceGroup
      ? `issuer=$(az aks show --resource-group ${shellWord(home.resourceGroup)} --name ${shellWord(home.name)} --query oidcIssuerProfile.issuerUrl --output tsv)`
      : 'issuer=$(kubectl get --raw /.well-known/openid-configuration | jq -r .issuer)'];
    const byClient = new Map<string, FederatedCredential[]>();
    for (const s of subjects) byClient.set(s.clientId, [...(byClient.get(s.clientId) ?? []), s]);
    for (const [clientId, list] of byClient) {
      if (list[0].kind === FederatedIdentityKind.MANAGED_IDENTITY) {
        commands.push(
          `id_name=$(az identity list --query "[?clientId=='${clientId}'].name | [0]" --output tsv)`,
          `id_group=$(az identity list --query "[?clientId=='${clientId}'].resourceGroup | [0]" --output tsv)`,
          ...list.map(s => `az identity federated-credential create --identity-name "$id_name" --resource-group "$id_group" --name ${s.name} `
            + `--issuer "$issuer" --subject ${s.subject} --audiences ${s.audience} --output none`),
        );
      } else {
        for (const s of list) {
          const name = s.name;
          commands.push(
            `az ad app federated-credential delete --id ${clientId} --federated-credential-id ${name} 2>/dev/null || true`,
            `az ad app federated-credential create --id ${clientId} --parameters "{\\"name\\":\\"${name}\\",\\"issuer\\":\\"$issuer\\",\\"subject\\":\\"${s.subject}\\",\\"audiences\\":[\\"${s.audience}\\"]}" --output none`,
          );
        }
      }
    }
    return commands;
  }

  /** Objects the export does not hold, and whether this platform's folder renders them. */
  private notInBackup(objects: ApiObject[]): string[] {
    const has = (kind: string, name: string) => objects.some(o => o.kind === kind && o.name === name && Chart.of(o) === this.platform);
    const external = (name: string) => objects.some(o => o.kind === 'ExternalSecret' && o.name === name);
    const lines = [
      'argocd-cmd-params-cm (rendered here)',
      has('ConfigMap', 'argocd-notifications-cm') ? 'argocd-notifications-cm (rendered here)' : 'argocd-notifications-cm (not used by this platform)',
      external('argocd-notifications-secret') ? 'argocd-notifications-secret (from Key Vault through its ExternalSecret)' : 'argocd-notifications-secret (not used by this platform)',
      'argocd-gpg-keys-cm (not managed by this platform)',
    ];
    const imageUpdaters = objects.filter(o => o.kind === 'ImageUpdater').length;
    lines.push(imageUpdaters ? `Image Updater resources (${imageUpdaters}, in the environment folders)` : 'Image Updater resources (none on this platform)');
    return lines;
  }

  /** The distinct external-secrets stores the rendered ExternalSecrets read from. */
  private stores(objects: ApiObject[]): StoreRef[] {
    const found = new Map<string, StoreRef>();
    // As the synth renders them (the synth's model: rendered once).
    const model = RenderedModel.of(this.platform);
    const rendered = new Map([this.platform, ...this.platform.environments].flatMap(c => model.objectsOf(c)).map(r => [r.apiObject, r.manifest]));
    for (const o of objects.filter(x => x.kind === 'ExternalSecret')) {
      const json = rendered.get(o) ?? o.toJson();
      const refs = [json.spec?.secretStoreRef, ...(json.spec?.data ?? []).map((d: any) => d.sourceRef?.storeRef)].filter(Boolean);
      for (const ref of refs) {
        const kind = ref.kind ?? 'SecretStore';
        const store: StoreRef = kind === 'ClusterSecretStore' ? { kind, name: ref.name } : { kind, name: ref.name, namespace: json.metadata?.namespace };
        found.set(`${store.kind}/${store.namespace ?? ''}/${store.name}`, store);
      }
    }
    return [...found.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, s]) => s);
  }

  /** A test notification from inside the notifications controller, when notifications are configured. */
  private notificationCheck(ns: string, rootApps: string[]): string | undefined {
    const notifications = notificationsProviderOf(this.platform.capabilities);
    if (!notifications || !this.platform.rendersSettingsObject(SettingsConfigMap.NOTIFICATIONS_CM)) return undefined;
    // Typed, from the notifications capability (never parsed back from the rendered settings).
    const template = notifications.templateNames[0];
    const app = rootApps.includes(`${this.platform.platformName}-config`) ? `${this.platform.platformName}-config` : rootApps[0];
    if (!template || !app) return undefined;
    const recipient: string | undefined = notifications.subscriptionRecipients[0];
    return `kubectl -n ${ns} exec deployment/argocd-notifications-controller -- argocd admin notifications template notify ${shellWord(template)} ${shellWord(app)}${recipient ? ` --recipient ${shellWord(recipient)}` : ''}`;
  }
}
