import * as fs from 'fs';
import { Duration } from 'cdk8s';
import { AppImageUpdater, ArgoImageUpdater, ImageUpdaterCrds, TeamApplication, TeamProject } from '../../src';
import { acrCredentialsScript } from '../../src/image-updater/argo-image-updater';
import { recordUpdaterNamespace } from '../../src/image-updater/image-registries';
import { ApplicationSource } from '../../src/platform/application-source';
import { find, objectsIn, platformWithTeam } from '../apps/fixtures';
import { describeIfReference, referencePath } from '../helpers/reference';

const CLIENT = '5b9e2d7c-3f1a-4c8e-9d2b-6a7f8e9c0d1e';

function withAcrImages(imageNames: string[]) {
  const fixture = platformWithTeam();
  const application = new TeamApplication(fixture.platform, 'Api', {
    project: fixture.payments,
    appName: 'payments-api',
    source: ApplicationSource.fromDirectory({ repoUrl: 'git@github.com:civica/gitops-config.git', pathPattern: 'apps/{app}/overlays/{env}' }),
  });
  new AppImageUpdater(fixture.platform, 'Images', { application, images: imageNames.map((imageName, i) => ({ alias: `img${i}`, imageName })) });
  return fixture;
}

describe('ArgoImageUpdater', () => {
  test('an Application installing the pinned chart with the v1.3.0 image, its ServiceAccount with the identity, and one ACR registry with its ext: script', () => {
    const { app, platform } = withAcrImages(['civica.azurecr.io/payments/api', 'docker.io/library/nginx']);
    const updater = new ArgoImageUpdater(platform, 'ImageUpdater', { azureWorkloadIdentity: { clientId: CLIENT } });
    const objects = objectsIn(app, 'argocd');
    const application = find(objects, 'Application', 'argocd-image-updater');
    expect(application.spec.source).toMatchObject({ repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argocd-image-updater', targetRevision: '1.2.4' });
    expect(application.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
    expect(application.spec.syncPolicy).toEqual({ automated: { selfHeal: true, prune: false }, syncOptions: ['ServerSideApply=true'] });
    const values = application.spec.source.helm.valuesObject;
    expect(values).toEqual({
      authScripts: { enabled: true, scripts: { 'acr-civica.sh': acrCredentialsScript('civica.azurecr.io') } },
      config: {
        'log.level': 'info',
        'registries': [{ name: 'civica', prefix: 'civica.azurecr.io', api_url: 'https://civica.azurecr.io', credentials: 'ext:/scripts/acr-civica.sh', credsexpire: '1h' }],
      },
      crds: { install: false, keep: true },
      image: { tag: 'v1.3.0' },
      podLabels: { 'azure.workload.identity/use': 'true' },
      serviceAccount: { create: false, name: 'argocd-image-updater' },
    });
    expect(find(objects, 'ServiceAccount', 'argocd-image-updater').metadata.annotations).toEqual({ 'azure.workload.identity/client-id': CLIENT });
    expect(updater.acrRegistries).toEqual(['civica.azurecr.io']);
  });

  test('an ACR image without the identity fails the synth and says what to add', () => {
    const { app, platform } = withAcrImages(['civica.azurecr.io/payments/api']);
    new ArgoImageUpdater(platform, 'ImageUpdater');
    expect(() => app.render()).toThrow('[argocd/ImageUpdater] azureWorkloadIdentity: argocd/Images (civica.azurecr.io/payments/api) use Azure Container Registry civica.azurecr.io; Image Updater reads their tags with a workload identity: give azureWorkloadIdentity: { clientId } of a managed identity with AcrPull on civica.azurecr.io (got undefined)');
  });

  test('no ACR image: no registries, no scripts, no identity label', () => {
    const { app, platform } = withAcrImages(['ghcr.io/civica/api']);
    new ArgoImageUpdater(platform, 'ImageUpdater');
    const values = find(objectsIn(app, 'argocd'), 'Application', 'argocd-image-updater').spec.source.helm.valuesObject;
    expect(values).toEqual({ config: { 'log.level': 'info' }, crds: { install: false, keep: true }, image: { tag: 'v1.3.0' }, serviceAccount: { create: false, name: 'argocd-image-updater' } });
  });

  test('ImageUpdater resources outside Argo CD\'s namespace: watch.namespaces lists them (v1.3.0 cmd/run.go: "" watches only the controller\'s own)', () => {
    const { app, platform } = withAcrImages(['ghcr.io/civica/api']);
    // The example's resources are in argocd: nothing to set.
    new ArgoImageUpdater(platform, 'ImageUpdater');
    expect(find(objectsIn(app, 'argocd'), 'Application', 'argocd-image-updater').spec.source.helm.valuesObject.config).toEqual({ 'log.level': 'info' });
    const other = withAcrImages(['ghcr.io/civica/api']);
    recordUpdaterNamespace(other.platform, 'payments-apps');
    new ArgoImageUpdater(other.platform, 'ImageUpdater');
    expect(find(objectsIn(other.app, 'argocd'), 'Application', 'argocd-image-updater').spec.source.helm.valuesObject.config)
      .toEqual({ 'log.level': 'info', 'watch.namespaces': 'argocd,payments-apps' });
  });

  test('a team repository\'s ImageUpdater resources live in the team\'s application namespaces: the controller watches both', () => {
    const { app, platform } = withAcrImages(['ghcr.io/civica/api']);
    // The orders team reads its Applications (and their ImageUpdaters) from its own repository, into
    // orders-apps and, for production, orders-apps-prod (the team repository's AppImageUpdater renders them there).
    new TeamProject(platform, 'Orders', { team: 'orders', sourceRepos: ['git@github.com:civica/orders-apps.git'], teamRepository: { repoUrl: 'git@github.com:civica/orders-apps.git' } });
    new ArgoImageUpdater(platform, 'ImageUpdater');
    expect(find(objectsIn(app, 'argocd'), 'Application', 'argocd-image-updater').spec.source.helm.valuesObject.config['watch.namespaces'])
      .toBe('argocd,orders-apps,orders-apps-prod');
  });

  test.each([
    [{ chartVersion: '0.12.0' }, '[argocd/ImageUpdater] chartVersion: must be an exact argocd-image-updater chart version this library knows (1.2.0, 1.2.1, 1.2.2, 1.2.3, 1.2.4): chart 1.2.0 is the first with the ImageUpdater CRD (got "0.12.0")'],
    [{ imageTag: 'v0.16.0' }, '[argocd/ImageUpdater] imageTag: must be an exact Image Updater 1.x release from v1.2.0 on, such as v1.3.0 (the ImageUpdater resources follow the 1.x CRD) (got "v0.16.0")'],
    [{ azureWorkloadIdentity: { clientId: 'argocd-image-updater' } }, '[argocd/ImageUpdater] azureWorkloadIdentity.clientId: must be a GUID such as 84ce98d1-e359-4f3b-85af-985b458de3c6 (got "argocd-image-updater")'],
    [{ credentialsExpiry: Duration.hours(3) }, '[argocd/ImageUpdater] credentialsExpiry: must be whole seconds from 1 minute to just under 3 hours (an ACR refresh token lives 3 hours) (got "10800s")'],
  ])('refuses %j', (props, message) => {
    const { platform } = platformWithTeam();
    expect(() => new ArgoImageUpdater(platform, 'ImageUpdater', props as any)).toThrow(message);
  });

  // The chart's CRD: argoproj/argo-helm charts/argocd-image-updater (tag argocd-image-updater-1.2.4) templates/crd-imageupdaters.yaml
  // renders only `{{- if .Values.crds.install }}` (values.yaml: crds.install: true), and Chart.yaml appVersion: v1.2.2.
  test('the CRD at the image tag: chart CRD off, an Application syncing argocd-image-updater config/crd at v1.3.0 (server-side, never pruned or deleted)', () => {
    const { app, platform } = withAcrImages(['ghcr.io/civica/api']);
    const updater = new ArgoImageUpdater(platform, 'ImageUpdater');
    expect(updater.crds).toBe(ImageUpdaterCrds.IMAGE_RELEASE);
    expect(updater.chartAppVersion).toBe('v1.2.2');
    expect(updater.crdsApplicationName).toBe('argocd-image-updater-crds');
    const objects = objectsIn(app, 'argocd');
    expect(find(objects, 'Application', 'argocd-image-updater').spec.source.helm.valuesObject.crds).toEqual({ install: false, keep: true });
    const crds = find(objects, 'Application', 'argocd-image-updater-crds');
    expect(crds.spec).toEqual({
      project: platform.platformProject.projectName,
      source: {
        repoURL: 'https://github.com/argoproj-labs/argocd-image-updater.git',
        targetRevision: 'v1.3.0',
        // argocd-image-updater v1.3.0 config/crd/kustomization.yaml: resources: bases/argocd-image-updater.argoproj.io_imageupdaters.yaml
        path: 'config/crd',
        kustomize: { commonAnnotations: { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Prune=false,Delete=false' } },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
      syncPolicy: { automated: { selfHeal: true, prune: false }, syncOptions: ['ServerSideApply=true'] },
    });
    expect(find(objects, 'AppProject', platform.platformProject.projectName).spec.sourceRepos).toContain('https://github.com/argoproj-labs/argocd-image-updater.git');
    // The image tag follows the prop.
    const other = withAcrImages(['ghcr.io/civica/api']);
    new ArgoImageUpdater(other.platform, 'ImageUpdater', { imageTag: 'v1.2.2' });
    expect(find(objectsIn(other.app, 'argocd'), 'Application', 'argocd-image-updater-crds').spec.source.targetRevision).toBe('v1.2.2');
  });

  test('the chart\'s CRD only when the chart ships the image\'s release; a skew is refused', () => {
    const { platform } = platformWithTeam();
    expect(() => new ArgoImageUpdater(platform, 'ImageUpdater', { crds: ImageUpdaterCrds.CHART })).toThrow(
      '[argocd/ImageUpdater] crds: chart 1.2.4 installs the ImageUpdater CRD of v1.2.2, but the image is v1.3.0: the API server would prune the fields the newer release reads; '
      + 'use ImageUpdaterCrds.IMAGE_RELEASE (the CRD of the image\'s release) or a chart whose appVersion is the image tag (got "chart")');
    const ok = withAcrImages(['ghcr.io/civica/api']);
    const updater = new ArgoImageUpdater(ok.platform, 'ImageUpdater', { crds: ImageUpdaterCrds.CHART, imageTag: 'v1.2.2' });
    expect(updater.crdsApplicationName).toBeUndefined();
    const objects = objectsIn(ok.app, 'argocd');
    expect(find(objects, 'Application', 'argocd-image-updater').spec.source.helm.valuesObject.crds).toEqual({ install: true, keep: true });
    expect(objects.filter(o => o.kind === 'Application' && o.metadata.name === 'argocd-image-updater-crds')).toEqual([]);
  });

  test('refuses an environment chart as scope', () => {
    const { platform } = platformWithTeam();
    expect(() => new ArgoImageUpdater(platform.environment('dev'), 'ImageUpdater')).toThrow(
      '[dev/ImageUpdater] scope: Image Updater is installed by the platform\'s folder; create ArgoImageUpdater inside the ArgoPlatform "argocd", not an environment chart (got "dev")');
  });
});

describeIfReference('ArgoImageUpdater against Image Updater v1.3.0 docs', () => {
  test('docs/configuration/registries.md documents the ext: script, the ACR exchange and the fixed user name the script follows', () => {
    const doc = fs.readFileSync(referencePath('upstream', 'argocd-image-updater-v1.3.0', 'docs', 'configuration', 'registries.md'), 'utf8');
    expect(doc).toContain('credentials: ext:/app/auth/auth.sh');
    expect(doc).toContain('credsexpire: 1h');
    expect(doc).toContain('grant_type=access_token&service=${ACR_NAME}&access_token=${ACCESS_TOKEN}');
    expect(doc).toContain('scope=https://management.azure.com/.default');
    expect(doc).toContain('echo "00000000-0000-0000-0000-000000000000:$ACR_REFRESH_TOKEN"');
    const auth = fs.readFileSync(referencePath('upstream', 'argocd-image-updater-v1.3.0', 'docs', 'basics', 'authentication.md'), 'utf8');
    expect(auth).toContain('the script must be referenced as\n  absolute path, and must be executable');
  });
}, 'upstream', 'argocd-image-updater-v1.3.0');
