import { ApplicationSource, ArgoCluster, ClusterAuth, EnvironmentRootApps, SecretSource, TeamApplication, TeamProject } from '../../src';
import { TEST_CA_DATA } from '../helpers/cluster-ca';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';

const REPO = 'git@github.com:civica/gitops-config.git';
const PROD_SERVER = 'https://aks-prod-dns-1a2b3c.hcp.westeurope.azmk8s.io:443';
const CLIENT_ID = '6c1f4e2a-3b5d-4c7e-9f80-1a2b3c4d5e6f';
const TENANT_ID = '0f9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c';

function twoClusters(extra: { project?: string } = {}) {
  return newPlatform({
    environments: [{ name: 'dev' }, { name: 'prod', production: true, cluster: { name: 'aks-prod' } }],
    clusters: [{
      name: 'aks-prod',
      server: PROD_SERVER,
      caData: TEST_CA_DATA,
      auth: ClusterAuth.azureWorkloadIdentity({ clientId: CLIENT_ID, tenantId: TENANT_ID }),
      labels: { region: 'westeurope' },
      ...extra,
    }],
  });
}

describe('ArgoCluster', () => {
  test('AKS workload identity: a plain cluster Secret with the argocd-k8s-auth azure exec provider and no token', () => {
    const { app } = twoClusters();
    const secret = renderParsed(app)['argocd/secret-cluster-aks-prod.yaml'];
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'cluster-aks-prod',
        namespace: 'argocd',
        labels: {
          'app.kubernetes.io/part-of': 'argocd',
          'argocd-platform/cluster': 'aks-prod',
          'argocd.argoproj.io/secret-type': 'cluster',
          'environment.argocd-platform.cdk8s.io/prod': 'true',
          'region': 'westeurope',
        },
        // The guardrail exception for a Secret without credentials travels with it, so `lint dist/` agrees with the synth.
        annotations: {
          'argocd-platform/acknowledge': 'ARGO-SEC1: workload-identity cluster config (argocd-k8s-auth azure exec provider and client ID) holds no credential; Argo CD reads clusters only from Secrets',
        },
      },
      type: 'Opaque',
      stringData: { config: expect.any(String), name: 'aks-prod', server: PROD_SERVER },
    });
    expect(JSON.parse(secret.stringData.config)).toEqual({
      execProviderConfig: {
        command: 'argocd-k8s-auth',
        args: ['azure'],
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        env: { AAD_ENVIRONMENT_NAME: 'AzurePublicCloud', AAD_LOGIN_METHOD: 'workloadidentity', AZURE_CLIENT_ID: CLIENT_ID, AZURE_TENANT_ID: TENANT_ID },
      },
      // pkg/apis/application/v1alpha1/types.go (argo-cd v3.5.1) TLSClientConfig: `insecure` bool, `caData` []byte (base64 in JSON).
      tlsClientConfig: { insecure: false, caData: TEST_CA_DATA },
    });
    expect(secret.stringData.config).not.toMatch(/bearerToken|password/);
  });

  test('workload identity labels the controller and server pods through the chart values', () => {
    const { platform } = twoClusters();
    const values = platform.chartValues.render();
    expect(values.controller.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
    expect(values.server.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
  });

  test('a bearer token from Key Vault: an ExternalSecret whose template embeds the token in config', () => {
    const { app, platform } = newPlatform();
    new ArgoCluster(platform, 'Edge', {
      name: 'edge',
      server: 'https://edge.example.org:6443',
      caData: TEST_CA_DATA,
      project: 'edge-team',
      auth: ClusterAuth.bearerToken(SecretSource.fromAzureKeyVault({ secretName: 'edge-argocd-token' })),
    });
    const files = renderParsed(app);
    expect(files['argocd/secret-cluster-edge.yaml']).toBeUndefined();
    const spec = files['argocd/externalsecret-cluster-edge.yaml'].spec;
    expect(spec.data).toEqual([{ secretKey: 'bearerToken', remoteRef: { key: 'edge-argocd-token' } }]);
    expect(spec.target.template.metadata.labels).toEqual({
      'app.kubernetes.io/part-of': 'argocd', 'argocd-platform/cluster': 'edge', 'argocd.argoproj.io/secret-type': 'cluster',
    });
    expect(spec.target.template.data).toEqual({
      config: `{"bearerToken":{{ .bearerToken | toJson }},"tlsClientConfig":{"insecure":false,"caData":"${TEST_CA_DATA}"}}`,
      name: 'edge',
      project: 'edge-team',
      server: 'https://edge.example.org:6443',
    });
  });

  test('an AKS server needs its CA: the error says what to add and where it comes from; insecure is refused', () => {
    const { platform } = newPlatform();
    expect(() => new ArgoCluster(platform, 'NoCa', { name: 'aks-prod', server: PROD_SERVER, auth: ClusterAuth.azureWorkloadIdentity({ clientId: CLIENT_ID }) }))
      .toThrow('[argocd/NoCa] caData: an AKS API server presents a certificate signed by the cluster\'s own CA, so without it Argo CD fails with "x509: certificate signed by unknown authority"; '
        + 'add caData: the kubeconfig\'s certificate-authority-data (already base64), e.g. `az aks get-credentials --resource-group <group> --name aks-prod --file - | awk \'/certificate-authority-data/ {print $2}\'` (got undefined)');
    // Workload identity is AKS-only (argocd-k8s-auth azure), whatever the host name.
    expect(() => new ArgoCluster(platform, 'Custom', { name: 'custom', server: 'https://k8s.civica.example', auth: ClusterAuth.azureWorkloadIdentity({ clientId: CLIENT_ID }) }))
      .toThrow(/^\[argocd\/Custom\] caData: an AKS API server presents/);
    // A token-authenticated AKS server too.
    expect(() => new ArgoCluster(platform, 'Token', { name: 'token', server: 'https://aks-x.hcp.uksouth.azmk8s.io:443', auth: ClusterAuth.bearerToken(SecretSource.fromAzureKeyVault({ secretName: 't' })) }))
      .toThrow(/^\[argocd\/Token\] caData: an AKS API server presents/);
    expect(() => new ArgoCluster(platform, 'Insecure', { name: 'insecure', server: PROD_SERVER, insecure: true, auth: ClusterAuth.azureWorkloadIdentity({ clientId: CLIENT_ID }) }))
      .toThrow('[argocd/Insecure] insecure: Argo CD would send its credentials to whoever answers at the server\'s address without checking its certificate; give caData (the API server\'s CA) instead (got true)');
    expect(() => new ArgoCluster(platform, 'NotPem', { name: 'not-pem', server: PROD_SERVER, caData: 'LS0tLS1CRUdJTg==', auth: ClusterAuth.azureWorkloadIdentity({ clientId: CLIENT_ID }) }))
      .toThrow('[argocd/NotPem] caData: must be the base64-encoded PEM certificate (-----BEGIN CERTIFICATE-----) of the API server\'s CA, as in the kubeconfig\'s certificate-authority-data (got "LS0tLS1CRUdJTg==")');
    // A server with a publicly trusted certificate (not AKS, token auth) may use the system trust store.
    expect(() => new ArgoCluster(platform, 'Public', { name: 'public', server: 'https://k8s.example.org', auth: ClusterAuth.bearerToken(SecretSource.fromAzureKeyVault({ secretName: 't' })) })).not.toThrow();
  });

  test('kube context (default: the cluster name), AKS resource group and resource name: optional, checked', () => {
    const { platform } = twoClusters();
    const prod = platform.clusters[0];
    expect([prod.kubeContext, prod.resourceGroup, prod.aksName]).toEqual(['aks-prod', undefined, 'aks-prod']);
    const named = twoClusters({ kubeContext: 'prod-admin', resourceGroup: 'rg-aks-prod', aksName: 'aks-prod-uksouth' } as any).platform.clusters[0];
    expect([named.kubeContext, named.resourceGroup, named.aksName]).toEqual(['prod-admin', 'rg-aks-prod', 'aks-prod-uksouth']);
    expect(() => twoClusters({ kubeContext: 'prod admin' } as any)).toThrow(
      '[argocd/Cluster-aks-prod] kubeContext: must be a kube context name (letters, digits, "-", "_", ".", "@", ":" and "/") (got "prod admin")');
    expect(() => twoClusters({ resourceGroup: 'rg.' } as any)).toThrow(
      '[argocd/Cluster-aks-prod] resourceGroup: must be an Azure resource group name (letters, digits, "-", "_", ".", "(" and ")", at most 90 characters, not ending with ".") (got "rg.")');
    expect(() => twoClusters({ aksName: 'aks prod' } as any)).toThrow(
      '[argocd/Cluster-aks-prod] aksName: must be an AKS cluster name (letters, digits, "-" and "_", 2 to 63 characters, starting and ending with a letter or digit) (got "aks prod")');
  });

  test('workload identity registers the controller and server service accounts for federation with the home cluster', () => {
    const { platform } = twoClusters();
    expect(platform.federatedIdentities.all).toEqual([
      { clientId: CLIENT_ID, kind: 'managed-identity', namespace: 'argocd', serviceAccount: 'argocd-application-controller', purpose: 'the application controller deploys to aks-prod' },
      { clientId: CLIENT_ID, kind: 'managed-identity', namespace: 'argocd', serviceAccount: 'argocd-server', purpose: 'the API server reads live state and logs of aks-prod' },
    ]);
  });

  test('refuses a literal token, a sealed token, the in-cluster cluster and duplicates', () => {
    const { platform } = twoClusters();
    expect(() => new ArgoCluster(platform, 'Literal', { name: 'lit', server: 'https://lit.example.org', auth: ClusterAuth.bearerToken('eyJhbGciOi' as unknown as SecretSource) }))
      .toThrow('[argocd/Literal] auth.token: must be a SecretSource (SecretSource.fromAzureKeyVault(...) or fromExternalStore(...)); a literal credential would be committed to Git (got "<redacted 10-character literal>")');
    expect(() => new ArgoCluster(platform, 'Sealed', { name: 'sealed', server: 'https://sealed.example.org', auth: ClusterAuth.bearerToken(SecretSource.fromSealedSecret({ encryptedValue: 'AgB4'.repeat(20) })) }))
      .toThrow('[argocd/Sealed] auth.token: the token sits inside the cluster Secret\'s config JSON, which only an ExternalSecret template can build; use an external-secrets source (Key Vault)');
    expect(() => new ArgoCluster(platform, 'Local', { name: 'local', server: 'https://kubernetes.default.svc', caData: TEST_CA_DATA, auth: ClusterAuth.azureWorkloadIdentity({ clientId: CLIENT_ID }) }))
      .toThrow('[argocd/Local] server: is the cluster Argo CD runs in, which needs no cluster Secret (got "https://kubernetes.default.svc")');
    expect(() => new ArgoCluster(platform, 'Again', { name: 'aks-prod', server: 'https://other.example.org', caData: TEST_CA_DATA, auth: ClusterAuth.azureWorkloadIdentity({ clientId: CLIENT_ID }) }))
      .toThrow('[argocd/Again] name: is also the name of [argocd/Cluster-aks-prod] (got "aks-prod")');
    expect(() => new ArgoCluster(platform, 'Twin', { name: 'twin', server: `${PROD_SERVER}/`, caData: TEST_CA_DATA, auth: ClusterAuth.azureWorkloadIdentity({ clientId: CLIENT_ID }) }))
      .toThrow(`[argocd/Twin] server: is also the API server of [argocd/Cluster-aks-prod] (aks-prod); one cluster Secret per cluster (got "${PROD_SERVER}")`);
    expect(() => new ArgoCluster(platform, 'BadId', { name: 'bad', server: 'https://bad.example.org', caData: TEST_CA_DATA, auth: ClusterAuth.azureWorkloadIdentity({ clientId: 'argocd' }) }))
      .toThrow('[argocd/BadId] auth.clientId: must be a GUID such as 84ce98d1-e359-4f3b-85af-985b458de3c6 (got "argocd")');
    expect(() => new ArgoCluster(platform.environment('dev'), 'InEnv', { name: 'in-env', server: 'https://x.example.org', caData: TEST_CA_DATA, auth: ClusterAuth.azureWorkloadIdentity({ clientId: CLIENT_ID }) }))
      .toThrow('[dev/InEnv] scope: cluster Secrets belong to Argo CD\'s namespace; create this construct inside the ArgoPlatform "argocd" (got "dev")');
  });

  test('a cluster scoped to one project cannot serve an environment', () => {
    const { app } = twoClusters({ project: 'payments' });
    expect(() => app.render()).toThrow('[argocd/Cluster-aks-prod] project: a cluster scoped to project payments cannot serve prod: every team\'s project and the platform\'s project deploy to an environment\'s cluster (got "payments")');
  });
});

describe('environments on another cluster', () => {
  function fleet() {
    const platformAndApp = twoClusters();
    const { platform } = platformAndApp;
    new EnvironmentRootApps(platform, 'RootApps');
    const project = new TeamProject(platform, 'Payments', { team: 'payments', sourceRepos: [REPO], createNamespaces: true });
    new TeamApplication(platform, 'Api', { project, appName: 'api', source: ApplicationSource.fromDirectory({ repoUrl: REPO }) });
    return platformAndApp;
  }

  test('team namespaces are created on the environment\'s cluster: dist/prod-cluster/ synced by cluster-prod to aks-prod', () => {
    const files = renderParsed(fleet().app);
    // dev runs where Argo CD runs: its Namespace stays in dist/dev/, applied by apps-dev in-cluster.
    expect(files['dev/namespace-payments-dev.yaml'].metadata.name).toBe('payments-dev');
    expect(files['prod/namespace-payments-prod.yaml']).toBeUndefined();
    expect(files['prod-cluster/namespace-payments-prod.yaml'].metadata).toEqual({
      name: 'payments-prod', labels: { 'argocd-platform/team': 'payments', 'argocd-platform/environment': 'prod', 'argocd-platform/production': 'true' },
    });
    const clusterApp = files['argocd/application-cluster-prod.yaml'];
    expect(clusterApp.spec.destination).toEqual({ name: 'aks-prod', namespace: 'default' });
    expect(clusterApp.spec.source.path).toBe('dist/prod-cluster');
    expect(clusterApp.spec.project).toBe('platform');
    expect(clusterApp.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: true });
    // The root app of prod creates Application objects in Argo CD's namespace on Argo CD's cluster.
    expect(files['argocd/application-apps-prod.yaml'].spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
    // The team's Application deploys to the namespace on aks-prod.
    expect(files['prod/application-payments-api-prod.yaml'].spec.destination).toEqual({ name: 'aks-prod', namespace: 'payments-prod' });
    expect(files['argocd/appproject-platform.yaml'].spec.destinations).toContainEqual({ name: 'aks-prod', namespace: 'default' });
    expect(files['argocd/appproject-payments.yaml'].spec.destinations).toEqual([
      { server: 'https://kubernetes.default.svc', namespace: 'payments-dev' },
    ]);
    expect(files['argocd/appproject-payments-prod.yaml'].spec.destinations).toEqual([{ name: 'aks-prod', namespace: 'payments-prod' }]);
  });

  test('without a GitOps repository a namespace on another cluster cannot be applied, and says so', () => {
    const { platform } = newPlatform({
      gitOps: undefined,
      environments: [{ name: 'prod', production: false, cluster: { server: PROD_SERVER } }],
    });
    expect(() => new TeamProject(platform, 'Payments', { team: 'payments', sourceRepos: [REPO], createNamespaces: true }))
      .toThrow(`[prod] cluster: resources on the environment's own cluster are applied by the Application cluster-prod, which reads the platform's GitOps repository; set the platform's gitOps prop (got {"server":"${PROD_SERVER}"})`);
  });

  test('an environment by cluster name and another by the same server collide on one namespace', () => {
    const { app, platform } = newPlatform({
      environments: [
        { name: 'staging', namespacePattern: '{team}', cluster: { name: 'aks-prod' } },
        { name: 'prod', production: false, namespacePattern: '{team}', cluster: { server: PROD_SERVER } },
      ],
      clusters: [{ name: 'aks-prod', server: PROD_SERVER, caData: TEST_CA_DATA, auth: ClusterAuth.azureWorkloadIdentity({ clientId: CLIENT_ID }) }],
    });
    new TeamProject(platform, 'Payments', { team: 'payments', sourceRepos: [REPO] });
    expect(() => app.render()).toThrow(`[argocd/Payments] namespace: environments staging and prod both resolve to namespace "payments" on cluster ${PROD_SERVER} for team payments`);
  });

  test('the cluster Secret is labelled with every environment it serves (for ApplicationSet cluster generators)', () => {
    const { app } = newPlatform({
      environments: [{ name: 'staging', cluster: { name: 'aks-prod' } }, { name: 'prod', production: false, cluster: { server: PROD_SERVER } }],
      clusters: [{ name: 'aks-prod', server: PROD_SERVER, caData: TEST_CA_DATA, auth: ClusterAuth.azureWorkloadIdentity({ clientId: CLIENT_ID }) }],
    });
    const labels = renderParsed(app)['argocd/secret-cluster-aks-prod.yaml'].metadata.labels;
    expect(labels['environment.argocd-platform.cdk8s.io/staging']).toBe('true');
    expect(labels['environment.argocd-platform.cdk8s.io/prod']).toBe('true');
  });

  test('order-independent: a cluster declared after the platform and its teams still resolves names and labels', () => {
    const { app, platform } = newPlatform({
      environments: [
        { name: 'staging', namespacePattern: '{team}', cluster: { name: 'aks-prod' } },
        { name: 'prod', production: false, namespacePattern: '{team}', cluster: { server: PROD_SERVER } },
      ],
    });
    new TeamProject(platform, 'Payments', { team: 'payments', sourceRepos: [REPO] });
    new ArgoCluster(platform, 'AksProd', { name: 'aks-prod', server: PROD_SERVER, caData: TEST_CA_DATA, auth: ClusterAuth.azureWorkloadIdentity({ clientId: CLIENT_ID }) });
    expect(() => app.render()).toThrow(`[argocd/Payments] namespace: environments staging and prod both resolve to namespace "payments" on cluster ${PROD_SERVER} for team payments`);
    expect(platform.tryGetCluster('aks-prod')!.environmentNames).toEqual(['staging', 'prod']);
  });
});
