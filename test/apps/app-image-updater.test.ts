import { find, GITOPS, objectsIn, platformWithTeam } from './fixtures';
import {
  Acknowledgements, AppImageUpdater, ApplicationSource, ImageUpdaterMode, ImageUpdateStrategy, ImageWriteBackTarget, TeamApplication,
} from '../../src';

function paymentsApi() {
  const setup = platformWithTeam();
  const application = new TeamApplication(setup.platform, 'Api', {
    project: setup.payments, appName: 'payments-api', source: ApplicationSource.fromDirectory({ repoUrl: GITOPS }),
  });
  return { ...setup, application };
}

const ACR_IMAGE = { alias: 'api', imageName: 'civica.azurecr.io/payments/api', constraint: '~1.4', allowTags: '^[0-9]+\\.[0-9]+\\.[0-9]+$', ignoreTags: ['*-rc*', '*-beta*'] };

describe('AppImageUpdater', () => {
  test('1.x: an ImageUpdater for dev by default, selecting exactly that Application', () => {
    const { app, platform, application } = paymentsApi();
    new AppImageUpdater(platform, 'Images', { application, images: [ACR_IMAGE] });
    expect(objectsIn(app, 'prod').filter(o => o.kind === 'ImageUpdater')).toEqual([]);
    const dev = find(objectsIn(app, 'dev'), 'ImageUpdater', 'payments-api-dev');
    expect(dev.apiVersion).toBe('argocd-image-updater.argoproj.io/v1alpha1');
    expect(dev.metadata.namespace).toBe('argocd');
    expect(dev.spec).toEqual({
      applicationRefs: [{
        namePattern: 'payments-api-dev',
        images: [{
          alias: 'api',
          imageName: 'civica.azurecr.io/payments/api:~1.4',
          commonUpdateSettings: { updateStrategy: 'semver', forceUpdate: false, allowTags: 'regexp:^[0-9]+\\.[0-9]+\\.[0-9]+$', ignoreTags: ['*-beta*', '*-rc*'] },
        }],
      }],
      writeBackConfig: { method: 'git', gitConfig: { branch: 'main', writeBackTarget: 'kustomization' } },
    });
    // By default only dev: staging and prod are promoted by pull request (the seed's workflow).
    expect(objectsIn(app, 'staging').filter(o => o.kind === 'ImageUpdater')).toEqual([]);
    // The CR mode leaves the Applications alone.
    expect(find(objectsIn(app, 'dev'), 'Application', 'payments-api-dev').metadata.annotations).toBeUndefined();
  });

  test('legacy: 0.x annotations on the Applications, and a useAnnotations selector for 1.x', () => {
    const { app, platform, application } = paymentsApi();
    new AppImageUpdater(platform, 'Images', {
      application,
      environments: ['dev'],
      mode: ImageUpdaterMode.ANNOTATIONS,
      images: [{ ...ACR_IMAGE, kustomizeImageName: 'payments-api' }],
      writeBack: { target: ImageWriteBackTarget.kustomization('/apps/payments-api/overlays/{env}'), credentialsSecret: 'image-updater-git' },
    });
    const dev = find(objectsIn(app, 'dev'), 'Application', 'payments-api-dev');
    expect(dev.metadata.annotations).toEqual({
      'argocd-image-updater.argoproj.io/image-list': 'api=civica.azurecr.io/payments/api:~1.4',
      'argocd-image-updater.argoproj.io/api.update-strategy': 'semver',
      'argocd-image-updater.argoproj.io/api.allow-tags': 'regexp:^[0-9]+\\.[0-9]+\\.[0-9]+$',
      'argocd-image-updater.argoproj.io/api.ignore-tags': '*-beta*,*-rc*',
      'argocd-image-updater.argoproj.io/api.kustomize.image-name': 'payments-api',
      'argocd-image-updater.argoproj.io/write-back-method': 'git:secret:argocd/image-updater-git',
      'argocd-image-updater.argoproj.io/write-back-target': 'kustomization:/apps/payments-api/overlays/dev',
      'argocd-image-updater.argoproj.io/git-branch': 'main',
    });
    expect(find(objectsIn(app, 'dev'), 'ImageUpdater', 'payments-api-dev').spec)
      .toEqual({ applicationRefs: [{ namePattern: 'payments-api-dev', useAnnotations: true }] });
    expect(find(objectsIn(app, 'staging'), 'Application', 'payments-api-staging').metadata.annotations).toBeUndefined();
  });

  test('legacy without resource: annotations only (Image Updater 0.x has no CRD)', () => {
    const { app, platform, application } = paymentsApi();
    new AppImageUpdater(platform, 'Images', { application, mode: ImageUpdaterMode.ANNOTATIONS_WITHOUT_RESOURCE, images: [ACR_IMAGE] });
    expect(objectsIn(app, 'dev').filter(o => o.kind === 'ImageUpdater')).toEqual([]);
    expect(find(objectsIn(app, 'dev'), 'Application', 'payments-api-dev').metadata.annotations['argocd-image-updater.argoproj.io/write-back-method']).toBe('git');
  });

  test('production never gets newest-build or latest: the guardrail ARGO-IMG2 fails the synth', () => {
    const newest = paymentsApi();
    new AppImageUpdater(newest.platform, 'Newest', {
      application: newest.application, environments: ['staging', 'prod'], images: [{ alias: 'api', imageName: 'civica.azurecr.io/payments/api', updateStrategy: ImageUpdateStrategy.NEWEST_BUILD }],
    });
    expect(() => newest.app.render()).toThrow(/\[[^\]]*\] ARGO-IMG2 Image Updater deploys the newest build \(newest-build \/ latest\) to production: ImageUpdater argocd\/payments-api-prod spec.applicationRefs\[0\].images\[api\].commonUpdateSettings.updateStrategy is newest-build/);
    expect(() => newest.app.render()).not.toThrow(/staging\/ImageUpdater/);
    const latest = paymentsApi();
    new AppImageUpdater(latest.platform, 'Latest', {
      application: latest.application, environments: ['prod'], images: [{ alias: 'api', imageName: 'civica.azurecr.io/payments/api', updateStrategy: ImageUpdateStrategy.DIGEST, constraint: 'latest' }],
    });
    expect(() => latest.app.render()).toThrow(/\[[^\]]*\] ARGO-IMG2 .*: ImageUpdater argocd\/payments-api-prod spec.applicationRefs\[0\].images\[api\].imageName follows the latest tag \(got "civica.azurecr.io\/payments\/api:latest"\)/);
    // newest-build is fine in dev.
    const dev = paymentsApi();
    new AppImageUpdater(dev.platform, 'DevNewest', {
      application: dev.application, environments: ['dev'], images: [{ alias: 'api', imageName: 'civica.azurecr.io/payments/api', updateStrategy: ImageUpdateStrategy.NEWEST_BUILD }],
    });
    expect(() => dev.app.render()).not.toThrow();
  });

  test('an acknowledgement on the AppImageUpdater covers the ImageUpdater it renders into the production chart', () => {
    const { app, platform, application } = paymentsApi();
    const updater = new AppImageUpdater(platform, 'Newest', {
      application, environments: ['prod'], images: [{ alias: 'api', imageName: 'civica.azurecr.io/payments/api', updateStrategy: ImageUpdateStrategy.NEWEST_BUILD }],
    });
    Acknowledgements.of(updater).add('ARGO-IMG2', 'internal dashboard, every build passed the full test suite');
    expect(app.render()['argocd.guardrails.md']).toContain('| ARGO-IMG2 | error | ImageUpdater argocd/payments-api-prod `prod/ImageUpdater-payments-api-prod` |');
  });

  test('Helm chart applications need the Git repository, branch and values file', () => {
    const { platform, payments } = platformWithTeam();
    const chart = new TeamApplication(platform, 'Chart', {
      project: payments,
      appName: 'payments-web',
      source: ApplicationSource.fromHelmChart({ repoUrl: 'civica.azurecr.io/helm', chart: 'payments-web', version: '1.0.0' }),
    });
    expect(() => new AppImageUpdater(platform, 'Images', { application: chart, images: [ACR_IMAGE] }))
      .toThrow(/^\[argocd\/Images\] writeBack: a Helm chart comes from a chart repository, not Git/);
    const updater = new AppImageUpdater(platform, 'Images2', {
      application: chart,
      images: [{ alias: 'web', imageName: 'civica.azurecr.io/payments/web', helmImageNameParameter: 'image.repository', helmImageTagParameter: 'image.tag' }],
      writeBack: { repository: GITOPS, branch: 'main', target: ImageWriteBackTarget.helmValues('/apps/payments-web/values-{env}.yaml') },
    });
    expect(updater.environments).toEqual(['dev']);
  });

  test('bad images name the path, field and value', () => {
    const { platform, application } = paymentsApi();
    expect(() => new AppImageUpdater(platform, 'A', { application, images: [{ alias: 'api', imageName: 'civica.azurecr.io/payments/api:1.4.0' }] }))
      .toThrow('[argocd/A] images[api].imageName: must be an image name without tag or digest, e.g. civica.azurecr.io/payments/api (put the version in constraint) (got "civica.azurecr.io/payments/api:1.4.0")');
    expect(() => new AppImageUpdater(platform, 'B', { application, images: [{ alias: 'api', imageName: 'civica.azurecr.io/a' }, { alias: 'api', imageName: 'civica.azurecr.io/b' }] }))
      .toThrow('[argocd/B] images[api].alias: aliases must be unique (got "api")');
    expect(() => new AppImageUpdater(platform, 'C', { application, images: [{ alias: 'api', imageName: 'civica.azurecr.io/a', updateStrategy: ImageUpdateStrategy.DIGEST }] }))
      .toThrow('[argocd/C] images[api].constraint: the digest strategy follows one tag; give it as constraint (got undefined)');
    expect(() => new AppImageUpdater(platform, 'D', { application, environments: ['qa'], images: [ACR_IMAGE] }))
      .toThrow('[argocd/D] environments: the application is deployed to dev, staging, prod only (got "qa")');
  });
});
