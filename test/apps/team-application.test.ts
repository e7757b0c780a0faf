import * as fs from 'fs';
import { Duration } from 'cdk8s';
import { find, GITOPS, objectsIn, platformWithTeam } from './fixtures';
import { ApplicationSource, IgnoreDifferences, PrunePropagationPolicy, TeamApplication, TeamProject } from '../../src';

const overlays = () => ApplicationSource.fromDirectory({ repoUrl: GITOPS, targetRevision: 'main' });

describe('TeamApplication', () => {
  test('renders one Application per environment into that environment\'s folder', () => {
    // GIVEN
    const { app, platform, payments } = platformWithTeam();
    // WHEN
    new TeamApplication(platform, 'Api', { project: payments, appName: 'payments-api', source: overlays() });
    // THEN
    const files = Object.keys(app.render());
    expect(files).toEqual(expect.arrayContaining([
      'dev/application-payments-api-dev.yaml',
      'staging/application-payments-api-staging.yaml',
      'prod/application-payments-api-prod.yaml',
    ]));
    const dev = find(objectsIn(app, 'dev'), 'Application', 'payments-api-dev');
    expect(dev.metadata.namespace).toBe('argocd');
    expect(dev.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'payments-dev' });
    expect(dev.spec.source).toEqual({ repoURL: GITOPS, targetRevision: 'main', path: 'apps/payments-api/overlays/dev' });
    expect(objectsIn(app, 'dev').find(o => o.kind === 'kustomization')).toBeUndefined();
  });

  test('sync policy: automated prune + self-heal outside production, none in production', () => {
    const { app, platform, payments } = platformWithTeam();
    new TeamApplication(platform, 'Api', { project: payments, appName: 'payments-api', source: overlays() });
    for (const env of ['dev', 'staging']) {
      const application = find(objectsIn(app, env), 'Application', `payments-api-${env}`);
      expect(application.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(application.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    }
    const prod = find(objectsIn(app, 'prod'), 'Application', 'payments-api-prod');
    expect(prod.spec.syncPolicy.automated).toBeUndefined();
    expect(prod.metadata.finalizers).toBeUndefined();
    expect(prod.spec.syncPolicy.retry).toEqual({ limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } });
  });

  test('production auto-sync only through the explicit option, with its reason on the Application', () => {
    const { app, platform, payments } = platformWithTeam();
    new TeamApplication(platform, 'Api', {
      project: payments,
      appName: 'payments-api',
      source: overlays(),
      productionAutoSync: { reason: 'stateless read-only service; rollback is a git revert' },
    });
    const prod = find(objectsIn(app, 'prod'), 'Application', 'payments-api-prod');
    expect(prod.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    // The reason acknowledges the guardrail ARGO-SYN1 on the Application itself, and the report lists it.
    expect(prod.metadata.annotations['argocd-platform/acknowledge']).toBe('ARGO-SYN1: stateless read-only service; rollback is a git revert');
    const dev = find(objectsIn(app, 'dev'), 'Application', 'payments-api-dev');
    expect(dev.metadata.annotations).toBeUndefined();
    expect(app.render()['argocd.guardrails.md']).toContain('| ARGO-SYN1 | error | Application argocd/payments-api-prod `prod/TeamApplication-payments-api-prod` | spec.syncPolicy.automated is set | stateless read-only service; rollback is a git revert | `annotation argocd-platform/acknowledge` |');
  });

  test('a production auto-sync without a real reason is refused', () => {
    const { platform, payments } = platformWithTeam();
    expect(() => new TeamApplication(platform, 'Api', {
      project: payments, appName: 'payments-api', source: overlays(), productionAutoSync: { reason: 'ok' },
    })).toThrow('[argocd/Api] productionAutoSync.reason: explain in at least 10 characters (one line) why this application may sync itself in production (got "ok")');
  });

  test('spec.project is the team\'s project of the environment (the production project in production); the source repository is added to both', () => {
    const { app, platform, payments } = platformWithTeam();
    new TeamApplication(platform, 'Api', {
      project: payments, appName: 'api', source: ApplicationSource.fromDirectory({ repoUrl: 'https://github.com/civica/payments.git' }),
    });
    for (const env of ['dev', 'staging', 'prod']) {
      const application = find(objectsIn(app, env), 'Application', `payments-api-${env}`);
      expect(application.spec.project).toBe(env === 'prod' ? 'payments-team-prod' : 'payments-team');
    }
    for (const name of ['payments-team', 'payments-team-prod']) {
      expect(find(objectsIn(app, 'argocd'), 'AppProject', name).spec.sourceRepos).toEqual(['https://github.com/civica/payments.git']);
    }
  });

  test('names: team prefix unless present; unique DNS labels', () => {
    const { platform, payments } = platformWithTeam();
    const a = new TeamApplication(platform, 'A', { project: payments, appName: 'payments-api', source: overlays() });
    const b = new TeamApplication(platform, 'B', { project: payments, appName: 'ledger', source: overlays() });
    expect(a.applicationNameFor('prod')).toBe('payments-api-prod');
    expect(b.applicationNameFor('prod')).toBe('payments-ledger-prod');
  });

  test.each(['HEAD', 'head', '^1.2', '1.*', '>=1', '~1.4', '1.x'])('floating revision %s fails the synth in production (guardrail ARGO-SYN2)', revision => {
    const { app, platform, payments } = platformWithTeam();
    new TeamApplication(platform, 'Api', {
      project: payments, appName: 'payments-api', source: ApplicationSource.fromDirectory({ repoUrl: GITOPS, targetRevision: revision }),
    });
    const quoted = revision.replace(/[.*^~>=+]/g, '\\$&');
    // Reported at the user's construct (argocd/Api), naming the object it rendered; once, for the production environment only.
    expect(() => app.render()).toThrow(new RegExp(`\\[argocd/Api\\] ARGO-SYN2 A production Application follows HEAD, an empty revision or a version range: Application argocd/payments-api-prod spec.source.targetRevision is (HEAD|a version range).* \\(got "${quoted}"\\)`));
    expect(() => app.render()).not.toThrow(/payments-api-(dev|staging)/);
  });

  test('the measured case: HEAD in production names the TeamApplication, not the generated object', () => {
    const { app, platform, payments } = platformWithTeam();
    new TeamApplication(platform, 'Api', {
      project: payments, appName: 'payments-api', source: ApplicationSource.fromDirectory({ repoUrl: GITOPS, targetRevision: 'HEAD' }),
    });
    let message = '';
    try {
      app.render();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n').filter(line => line.includes('ARGO-'))).toEqual([
      '  [argocd/Api] ARGO-SYN2 A production Application follows HEAD, an empty revision or a version range: Application argocd/payments-api-prod '
      + 'spec.source.targetRevision is HEAD (follows the default branch) (got "HEAD") (fix it, or acknowledge it with Acknowledgements.of(construct).add(\'ARGO-SYN2\', reason))',
    ]);
  });

  test('HEAD is accepted for an application deployed to non-production environments only', () => {
    const { app, platform, payments } = platformWithTeam();
    new TeamApplication(platform, 'Api', {
      project: payments,
      appName: 'payments-api',
      environments: ['dev'],
      source: ApplicationSource.fromDirectory({ repoUrl: GITOPS, targetRevision: 'HEAD' }),
    });
    expect(find(objectsIn(app, 'dev'), 'Application', 'payments-api-dev').spec.source.targetRevision).toBe('HEAD');
    expect(objectsIn(app, 'prod')).toEqual([]);
  });

  test('an empty revision is refused everywhere', () => {
    const { platform, payments } = platformWithTeam();
    expect(() => new TeamApplication(platform, 'Api', {
      project: payments,
      appName: 'payments-api',
      environments: ['dev'],
      source: ApplicationSource.fromDirectory({ repoUrl: GITOPS, targetRevision: '' }),
    })).toThrow('[argocd/Api] source.targetRevision: an empty revision means HEAD; give the branch Argo CD follows, e.g. main (got "")');
  });

  test('a directory pattern without {env} is refused (directory per environment)', () => {
    const { platform, payments } = platformWithTeam();
    expect(() => new TeamApplication(platform, 'Api', {
      project: payments,
      appName: 'payments-api',
      source: ApplicationSource.fromDirectory({ repoUrl: GITOPS, pathPattern: 'apps/{app}' }),
    })).toThrow(/\[argocd\/Api\] source.pathPattern: must contain \{env\}.*\(got "apps\/\{app\}"\)/);
  });

  test('Helm chart: exact versions, promoted per environment, values merged', () => {
    const { app, platform, payments } = platformWithTeam();
    new TeamApplication(platform, 'Chart', {
      project: payments,
      appName: 'payments-api',
      source: ApplicationSource.fromHelmChart({
        repoUrl: 'https://charts.civica.internal',
        chart: 'payments-api',
        version: '1.4.2',
        versionPerEnvironment: { dev: '1.5.0' },
        values: { replicas: 1, image: { tag: 'x' } },
        valuesPerEnvironment: { prod: { replicas: 3 } },
      }),
    });
    const dev = find(objectsIn(app, 'dev'), 'Application', 'payments-api-dev');
    const prod = find(objectsIn(app, 'prod'), 'Application', 'payments-api-prod');
    expect(dev.spec.source).toEqual({
      repoURL: 'https://charts.civica.internal',
      chart: 'payments-api',
      targetRevision: '1.5.0',
      helm: { releaseName: 'payments-api', valuesObject: { replicas: 1, image: { tag: 'x' } } },
    });
    expect(prod.spec.source.targetRevision).toBe('1.4.2');
    expect(prod.spec.source.helm.valuesObject).toEqual({ replicas: 3, image: { tag: 'x' } });
  });

  test.each(['^1.2', '1.*', '>=1', '', 'HEAD', 'latest'])('Helm chart version %j is refused in every environment', version => {
    const { platform, payments } = platformWithTeam();
    expect(() => new TeamApplication(platform, 'Chart', {
      project: payments,
      appName: 'payments-api',
      environments: ['dev'],
      source: ApplicationSource.fromHelmChart({ repoUrl: 'https://charts.civica.internal', chart: 'payments-api', version }),
    })).toThrow(new RegExp(`^\\[argocd/Chart\\] source.version: .* \\(got ${JSON.stringify(version).replace(/[.*^>+]/g, '\\$&')}\\)$`));
  });

  test('ignoreDifferences preset: HPA-managed replicas with RespectIgnoreDifferences, merged and sorted', () => {
    const { app, platform, payments } = platformWithTeam();
    const application = new TeamApplication(platform, 'Api', {
      project: payments,
      appName: 'payments-api',
      source: overlays(),
      ignoreDifferences: [IgnoreDifferences.hpaManagedReplicas()],
      syncOptions: { serverSideApply: true, pruneLast: true, prunePropagationPolicy: PrunePropagationPolicy.BACKGROUND },
    });
    application.addIgnoreDifferences(IgnoreDifferences.custom({
      reason: 'the sidecar injector adds an init container', group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.initContainers'],
    }));
    const dev = find(objectsIn(app, 'dev'), 'Application', 'payments-api-dev');
    expect(dev.spec.ignoreDifferences).toEqual([
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'], jqPathExpressions: ['.spec.template.spec.initContainers'] },
      { group: 'apps', kind: 'StatefulSet', jsonPointers: ['/spec/replicas'] },
    ]);
    expect(dev.spec.syncPolicy.syncOptions).toEqual([
      'PruneLast=true', 'PrunePropagationPolicy=background', 'RespectIgnoreDifferences=true', 'ServerSideApply=true',
    ]);
  });

  test('custom ignore entries are checked', () => {
    const { platform, payments } = platformWithTeam();
    const application = new TeamApplication(platform, 'Api', { project: payments, appName: 'payments-api', source: overlays() });
    expect(() => application.addIgnoreDifferences(IgnoreDifferences.custom({ reason: 'why not', kind: 'Deployment', jsonPointers: ['/spec/replicas'] })))
      .toThrow('[argocd/Api] ignoreDifferences.reason: explain in at least 10 characters why the difference is expected (got "why not")');
    expect(() => application.addIgnoreDifferences(IgnoreDifferences.custom({ reason: 'controller writes it', kind: 'Deployment', jsonPointers: ['spec.replicas'] })))
      .toThrow('[argocd/Api] ignoreDifferences.jsonPointers: must be an RFC 6901 JSON pointer such as /spec/replicas (got "spec.replicas")');
  });

  test('retry is typed with Duration', () => {
    const { app, platform, payments } = platformWithTeam();
    new TeamApplication(platform, 'Api', {
      project: payments,
      appName: 'payments-api',
      source: overlays(),
      retry: { limit: 3, backoffDuration: Duration.seconds(30), backoffFactor: 3, backoffMaxDuration: Duration.minutes(90) },
    });
    expect(find(objectsIn(app, 'dev'), 'Application', 'payments-api-dev').spec.syncPolicy.retry)
      .toEqual({ limit: 3, backoff: { duration: '30s', factor: 3, maxDuration: '1h30m' } });
    expect(() => new TeamApplication(platform, 'Bad', {
      project: payments, appName: 'other', source: overlays(), retry: { backoffDuration: Duration.minutes(5), backoffMaxDuration: Duration.minutes(1) },
    })).toThrow('[argocd/Bad] retry.backoffMaxDuration: must not be shorter than backoffDuration (5 minutes) (got "1 minute")');
  });

  test('annotations: the notification seam; conflicting values are refused', () => {
    const { app, platform, payments } = platformWithTeam();
    const application = new TeamApplication(platform, 'Api', {
      project: payments,
      appName: 'payments-api',
      source: overlays(),
      annotations: { 'notifications.argoproj.io/subscribe.on-sync-failed.teams': 'payments' },
    });
    application.addAnnotation('notifications.argoproj.io/subscribe.on-deployed.teams', 'payments-prod', 'prod');
    const prod = find(objectsIn(app, 'prod'), 'Application', 'payments-api-prod');
    expect(prod.metadata.annotations).toEqual({
      'notifications.argoproj.io/subscribe.on-deployed.teams': 'payments-prod',
      'notifications.argoproj.io/subscribe.on-sync-failed.teams': 'payments',
    });
    expect(find(objectsIn(app, 'dev'), 'Application', 'payments-api-dev').metadata.annotations)
      .toEqual({ 'notifications.argoproj.io/subscribe.on-sync-failed.teams': 'payments' });
    expect(() => application.addAnnotation('notifications.argoproj.io/subscribe.on-sync-failed.teams', 'other'))
      .toThrow('[argocd/Api] annotations.notifications.argoproj.io/subscribe.on-sync-failed.teams: is already set to "payments" on the dev Application (got "other")');
  });

  test('bad inputs name the construct path, field and value', () => {
    const { platform, payments } = platformWithTeam();
    expect(() => new TeamApplication(platform, 'A', { project: payments, appName: 'Payments_API', source: overlays() }))
      .toThrow('[argocd/A] appName: must be a DNS-1123 label');
    expect(() => new TeamApplication(platform, 'B', { project: payments, appName: 'x', source: overlays(), environments: ['qa'] }))
      .toThrow('[argocd/B] environments: no such environment; the platform has dev, staging, prod (got "qa")');
    expect(() => new TeamApplication(platform, 'C', { project: payments, appName: 'y', source: ApplicationSource.fromDirectory({ repoUrl: 'github.com/x' }) }))
      .toThrow('[argocd/C] source.repoUrl: must be a Git repository URL (https://host/org/repo, ssh://host/org/repo or git@host:org/repo) (got "github.com/x")');
    expect(() => new TeamApplication(platform, 'D', { project: payments, appName: 'z', source: ApplicationSource.fromDirectory({ repoUrl: '*' }) }))
      .toThrow(/\[argocd\/D\] source.repoUrl: must be a Git repository URL/);
  });

  test('two applications with the same name are refused', () => {
    const { platform, payments } = platformWithTeam();
    new TeamApplication(platform, 'A', { project: payments, appName: 'payments-api', source: overlays() });
    expect(() => new TeamApplication(platform, 'B', { project: payments, appName: 'payments-api', source: overlays() }))
      .toThrow('[argocd/B] appName: the Application payments-api-dev already exists in environment dev; application names must be unique (got "payments-api")');
  });

  test('a failing synth writes nothing', () => {
    const { app, platform, payments } = platformWithTeam();
    new TeamApplication(platform, 'A', { project: payments, appName: 'payments-api', source: overlays() });
    // A project no application uses has no repositories: TeamProject's deferred check fails the synth.
    new TeamProject(platform, 'Orders', { team: 'orders' });
    expect(() => app.synth()).toThrow(/Validation failed with the following errors:[\s\S]*\[argocd\/Orders\] sourceRepos/);
    expect(fs.existsSync(app.outdir) && fs.readdirSync(app.outdir).length > 0).toBe(false);
  });
});
