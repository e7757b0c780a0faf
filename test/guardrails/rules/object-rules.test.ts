// The library's entry point first: it loads the rule pack before the rules, which import the pack back.
import '../../../src';
import { Compliance, GuardrailOptions, IObjectRule, RuleContext } from '../../../src/guardrails/guardrail-rule';
import { AdminBeyondPlatformTeam } from '../../../src/guardrails/rules/access/AdminBeyondPlatformTeam';
import { AdminEnabledWithSso } from '../../../src/guardrails/rules/access/AdminEnabledWithSso';
import { PolicyDefaultReadOnly } from '../../../src/guardrails/rules/access/PolicyDefaultReadOnly';
import { PolicyDefaultWrites } from '../../../src/guardrails/rules/access/PolicyDefaultWrites';
import { ProductionHighRiskGrant } from '../../../src/guardrails/rules/access/ProductionHighRiskGrant';
import { MalformedAcknowledgement } from '../../../src/guardrails/rules/general/MalformedAcknowledgement';
import { ImageTagLatest } from '../../../src/guardrails/rules/images/ImageTagLatest';
import { ImageUpdaterFloatingInProduction } from '../../../src/guardrails/rules/images/ImageUpdaterFloatingInProduction';
import { objectRules } from '../../../src/guardrails/rules/index';
import { ClusterResourceWildcard } from '../../../src/guardrails/rules/projects/ClusterResourceWildcard';
import { DefaultProject } from '../../../src/guardrails/rules/projects/DefaultProject';
import { WildcardDestination } from '../../../src/guardrails/rules/projects/WildcardDestination';
import { WildcardSourceRepository } from '../../../src/guardrails/rules/projects/WildcardSourceRepository';
import { SecretLiteral } from '../../../src/guardrails/rules/secrets/SecretLiteral';
import { SecretWithData } from '../../../src/guardrails/rules/secrets/SecretWithData';
import { GiantApplication } from '../../../src/guardrails/rules/structure/GiantApplication';
import { IgnoreWholeObject } from '../../../src/guardrails/rules/structure/IgnoreWholeObject';
import { ProductionAutoSync } from '../../../src/guardrails/rules/sync/ProductionAutoSync';
import { ProductionFloatingRevision } from '../../../src/guardrails/rules/sync/ProductionFloatingRevision';
import { ProductionForceSync } from '../../../src/guardrails/rules/sync/ProductionForceSync';

const options: GuardrailOptions = { maxSourcesPerApplication: 5, productionEnvironments: ['prod'] };
const DEV: RuleContext = { production: false, environment: 'dev', options };
const PROD: RuleContext = { production: true, environment: 'prod', options };

const deployment = (image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { template: { spec: { initContainers: [{ name: 'init', image: 'busybox:1.36' }], containers: [{ name: 'web', image }] } } },
});
const cronJob = (image: string) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'report' },
  spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'report', image }] } } } } },
});
const application = (spec: object, annotations?: Record<string, string>) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'api-prod', namespace: 'argocd', ...(annotations ? { annotations } : {}) },
  spec: { project: 'payments', source: { repoURL: 'https://github.com/civica/apps.git', path: 'overlays/prod', targetRevision: 'main' }, ...spec },
});
const project = (spec: object) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'payments', namespace: 'argocd' }, spec });
const configMap = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'argocd' }, data });
const rbac = (data: Record<string, string>) => configMap('argocd-rbac-cm', data);
const imageUpdater = (strategy: string, imageName = 'civica.azurecr.io/payments/api') => ({
  apiVersion: 'argocd-image-updater.argoproj.io/v1alpha1',
  kind: 'ImageUpdater',
  metadata: { name: 'api-prod', namespace: 'argocd' },
  spec: { applicationRefs: [{ namePattern: 'api-prod', images: [{ alias: 'api', imageName, commonUpdateSettings: { updateStrategy: strategy } }] }] },
});

interface Case {
  readonly compliant: Array<[string, any, RuleContext?]>;
  readonly nonCompliant: Array<[string, any, RegExp, RuleContext?]>;
  readonly notApplicable: Array<[string, any, RuleContext?]>;
}

const CASES: Array<[IObjectRule, Case]> = [
  [SecretWithData, {
    compliant: [
      ['a Secret without data', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'empty' } }],
      ['an Argo CD repository Secret with settings only', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'repo', labels: { 'argocd.argoproj.io/secret-type': 'repository' } }, stringData: { url: 'oci://civica.azurecr.io/helm', type: 'helm', enableOCI: 'true', useAzureWorkloadIdentity: 'true' } }],
    ],
    nonCompliant: [
      ['a Secret with a password', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'hunter22' } }, /^stringData\.password$/],
      ['a repository Secret with a token', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'repo', labels: { 'argocd.argoproj.io/secret-type': 'repository' } }, data: { url: 'aHR0cHM=', password: 'c2VjcmV0' } }, /^data\.password$/],
    ],
    notApplicable: [['a SealedSecret', { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'db' }, spec: { encryptedData: { password: 'AgB...' } } }]],
  }],
  [SecretLiteral, {
    compliant: [
      ['notification config referring to $keys', configMap('argocd-notifications-cm', { 'service.slack': 'token: $slack-token\n', 'service.webhook.teams': 'url: $teams-url\n' })],
      ['oidc.config with a $ reference', configMap('argocd-cm', { 'oidc.config': 'clientID: x\nclientSecret: $oidc.azure.clientSecret\n' })],
    ],
    nonCompliant: [
      ['a Slack bot token', configMap('argocd-notifications-cm', { 'service.slack': 'token: xoxb-1234567890-abcdefghij\n' }), /data\.service\.slack holds a Slack token/],
      ['a Slack webhook URL in an annotation', { ...configMap('x', {}), metadata: { name: 'x', annotations: { hook: 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX' } } }, /metadata\.annotations\.hook holds a Slack webhook URL/],
      ['a webhook URL with a key', configMap('alerts', { url: 'https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=AbCdEfGhIjKlMnOp' }), /data\.url holds a URL with a key in its query/],
      ['a private key', configMap('keys', { key: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn...' }), /holds a private key/],
      ['a literal clientSecret', configMap('argocd-cm', { 'oidc.config': 'clientID: x\nclientSecret: s3cr3t-value\n' }), /data\.oidc\.config holds a literal client secret/],
      ['a password in Helm values', application({ source: { repoURL: 'https://charts.example.org', chart: 'db', targetRevision: '1.2.3', helm: { valuesObject: { auth: { password: 'hunter2222' } } } } }), /spec\.source\.helm\.valuesObject holds a literal client secret or password/],
    ],
    notApplicable: [['a Deployment without annotations', deployment('nginx:1.27')]],
  }],
  [ImageTagLatest, {
    compliant: [['a pinned tag', deployment('nginx:1.27.1')], ['a digest', deployment('nginx@sha256:0123456789abcdef')], ['a registry with a port', deployment('registry:5000/team/app:2.0')]],
    nonCompliant: [
      ['latest', deployment('nginx:latest'), /^spec\.template\.spec\.containers\[web\]\.image is tagged latest \(got "nginx:latest"\)$/],
      ['untagged, behind a registry port', deployment('registry:5000/team/app'), /containers\[web\]\.image is untagged \(got "registry:5000\/team\/app"\)/],
      ['a CronJob with latest', cronJob('civica.azurecr.io/report:LATEST'), /^spec\.jobTemplate\.spec\.template\.spec\.containers\[report\]\.image is tagged latest/],
    ],
    notApplicable: [['a ConfigMap', configMap('x', {})]],
  }],
  [ImageUpdaterFloatingInProduction, {
    compliant: [['semver in production', imageUpdater('semver'), PROD]],
    nonCompliant: [
      ['newest-build in production', imageUpdater('newest-build'), /commonUpdateSettings\.updateStrategy is newest-build/, PROD],
      ['the latest tag in production', imageUpdater('digest', 'civica.azurecr.io/payments/api:latest'), /imageName follows the latest tag/, PROD],
      ['0.x annotations with latest in production', application({}, { 'argocd-image-updater.argoproj.io/image-list': 'api=civica.azurecr.io/api', 'argocd-image-updater.argoproj.io/api.update-strategy': 'latest' }), /api\.update-strategy is latest/, PROD],
    ],
    notApplicable: [['newest-build in dev', imageUpdater('newest-build'), DEV], ['an Application without Image Updater annotations', application({}), PROD]],
  }],
  [ProductionAutoSync, {
    compliant: [['manual sync in production', application({ syncPolicy: { syncOptions: ['CreateNamespace=false'] } }), PROD], ['automated but disabled', application({ syncPolicy: { automated: { enabled: false } } }), PROD]],
    nonCompliant: [['automated in production', application({ syncPolicy: { automated: { prune: true, selfHeal: true } } }), /^spec\.syncPolicy\.automated is set$/, PROD]],
    notApplicable: [['automated in dev', application({ syncPolicy: { automated: {} } }), DEV]],
  }],
  [ProductionFloatingRevision, {
    compliant: [['a branch', application({}), PROD], ['an exact chart version', application({ source: { repoURL: 'https://charts.example.org', chart: 'api', targetRevision: '1.4.2' } }), PROD]],
    nonCompliant: [
      ['HEAD', application({ source: { repoURL: 'https://github.com/civica/apps.git', path: 'x', targetRevision: 'HEAD' } }), /spec\.source\.targetRevision is HEAD/, PROD],
      ['empty', application({ source: { repoURL: 'https://github.com/civica/apps.git', path: 'x' } }), /spec\.source\.targetRevision is empty/, PROD],
      ['a chart range in sources', application({ source: undefined, sources: [{ repoURL: 'https://charts.example.org', chart: 'api', targetRevision: '^1.4.0' }] }), /spec\.sources\[0\]\.targetRevision is a version range \(got "\^1\.4\.0"\)/, PROD],
      ['1.x', application({ source: { repoURL: 'https://charts.example.org', chart: 'api', targetRevision: '1.x' } }), /is a version range/, PROD],
    ],
    notApplicable: [['HEAD in dev', application({ source: { repoURL: 'r', path: 'x', targetRevision: 'HEAD' } }), DEV]],
  }],
  [ProductionForceSync, {
    compliant: [['server-side apply', application({ syncPolicy: { syncOptions: ['ServerSideApply=true'] } }), PROD]],
    nonCompliant: [['Replace=true', application({ syncPolicy: { syncOptions: ['Replace=true'] } }), /syncOptions has Replace=true/, PROD]],
    notApplicable: [['Replace=true in dev', application({ syncPolicy: { syncOptions: ['Replace=true'] } }), DEV]],
  }],
  [WildcardSourceRepository, {
    compliant: [['listed repositories and a negation', project({ sourceRepos: ['https://github.com/civica/apps.git', '!https://github.com/civica/forks/*'] })]],
    nonCompliant: [['*', project({ sourceRepos: ['*'] }), /^spec\.sourceRepos has "\*"$/], ['an org glob', project({ sourceRepos: ['https://github.com/civica/*'] }), /has "https:\/\/github.com\/civica\/\*"/]],
    notApplicable: [['an Application', application({})]],
  }],
  [WildcardDestination, {
    compliant: [['a namespace per environment', project({ destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'payments-dev' }] })]],
    nonCompliant: [['every namespace', project({ destinations: [{ server: 'https://kubernetes.default.svc', namespace: '*' }] }), /spec\.destinations\[0\]\.namespace is "\*"/], ['every cluster', project({ destinations: [{ server: '*', namespace: 'payments' }] }), /\.server is "\*"/]],
    notApplicable: [['a ConfigMap', configMap('x', {})]],
  }],
  [ClusterResourceWildcard, {
    compliant: [['no cluster resources', project({ clusterResourceWhitelist: [] })], ['a listed kind', project({ clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }] })]],
    nonCompliant: [['everything', project({ clusterResourceWhitelist: [{ group: '*', kind: '*' }] }), /spec\.clusterResourceWhitelist\[0\] is \{"group":"\*","kind":"\*"\}/]],
    notApplicable: [['an Application', application({})]],
  }],
  [DefaultProject, {
    compliant: [['a team project', application({})]],
    nonCompliant: [
      ['default', application({ project: 'default' }), /^spec\.project is "default"$/],
      ['no project', application({ project: '' }), /spec\.project is empty/],
      ['an ApplicationSet template', { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 's' }, spec: { template: { spec: { project: 'default' } } } }, /spec\.template\.spec\.project is "default"/],
    ],
    notApplicable: [['an AppProject', project({})]],
  }],
  [PolicyDefaultReadOnly, {
    compliant: [['no default role', rbac({ 'policy.default': '', 'policy.csv': 'g, admins, role:admin\n' })]],
    nonCompliant: [['role:readonly', rbac({ 'policy.default': 'role:readonly' }), /data\.policy\.default is "role:readonly"/]],
    notApplicable: [['a default role with writes (ARGO-ACC2)', rbac({ 'policy.default': 'role:admin' })], ['argocd-cm', configMap('argocd-cm', {})]],
  }],
  [PolicyDefaultWrites, {
    compliant: [['role:readonly', rbac({ 'policy.default': 'role:readonly' })], ['a custom read-only role', rbac({ 'policy.default': 'role:viewer', 'policy.csv': 'p, role:viewer, applications, get, */*, allow\n' })]],
    nonCompliant: [
      ['role:admin', rbac({ 'policy.default': 'role:admin' }), /policy\.default "role:admin" allows \*\/\* \(role:admin\)/],
      ['a custom role that syncs', rbac({ 'policy.default': 'role:everyone', 'policy.csv': 'p, role:everyone, applications, sync, */*, allow\np, role:everyone, applications, get, */*, allow\n' }), /allows applications\/sync/],
    ],
    notApplicable: [['another ConfigMap', configMap('argocd-cm', { 'policy.default': 'role:admin' })]],
  }],
  [AdminEnabledWithSso, {
    compliant: [['SSO, admin off', configMap('argocd-cm', { 'oidc.config': 'name: Azure AD', 'admin.enabled': 'false' })]],
    nonCompliant: [['SSO, admin unset', configMap('argocd-cm', { 'oidc.config': 'name: Azure AD' }), /data\.admin\.enabled is "\(unset: true\)"/], ['Dex, admin on', configMap('argocd-cm', { 'dex.config': 'connectors: []', 'admin.enabled': 'true' }), /is "true"/]],
    notApplicable: [['no SSO', configMap('argocd-cm', { url: 'https://argocd.example.org' })]],
  }],
  [AdminBeyondPlatformTeam, {
    compliant: [['the platform team only', rbac({ 'policy.csv': 'g, 6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11, role:admin\n' })]],
    nonCompliant: [['two groups, one through a role', rbac({ 'policy.csv': 'g, platform, role:admin\ng, role:ops, role:admin\ng, ops-team, role:ops\n' }), /binds role:admin to ops-team, platform/]],
    notApplicable: [['argocd-cm', configMap('argocd-cm', {})]],
  }],
  [ProductionHighRiskGrant, {
    compliant: [['exec in dev only', rbac({ 'policy.csv': 'p, role:dev, exec, create, payments/*-dev, allow\n' })], ['sync everywhere', rbac({ 'policy.csv': 'p, role:dev, applications, sync, payments/*, allow\n' })],
      // What `rbac can` answers: the deny lines take every high-risk request back in production
      // (src/rbac/high-risk.ts, the list the access audit marks).
      ['every action, the high-risk ones denied in prod', rbac({
        'policy.csv': 'p, role:lead, applications, *, payments/*, allow\n'
          + ['override', 'action/*', 'update/*', 'delete/*'].map(a => `p, role:lead, applications, ${a}, payments/*-prod, deny\n`).join(''),
      })],
      // As the access audit reads it: a project whose destinations are all non-production cannot deploy
      // to production, whatever its applications are named (the synth and lint pass the projects they hold).
      ['resource actions on a team project that cannot reach production', rbac({ 'policy.csv': 'p, role:payments, applications, action/*, payments/*, allow\n' }),
        { ...DEV, projects: { 'payments': 'none', 'payments-prod': 'production' } }],
      ['a lead project role with the high-risk requests denied in prod', project({
        roles: [{
          name: 'team-lead',
          policies: [
            'p, proj:payments:team-lead, applications, *, payments/*, allow',
            ...['override', 'action/*', 'update/*', 'delete/*'].map(a => `p, proj:payments:team-lead, applications, ${a}, payments/*-prod, deny`),
          ],
        }],
      })]],
    nonCompliant: [
      ['override on every application', rbac({ 'policy.csv': 'p, role:ops, applications, override, */*, allow\n' }), /line 1 gives role:ops override on \*\/\*/],
      ['every action, override denied in dev only', rbac({ 'policy.csv': 'p, role:lead, applications, *, payments/*, allow\np, role:lead, applications, override, payments/*-dev, deny\n' }),
        /line 1 gives role:lead applications \* \(override, resource actions \(action\/\*\), resource updates \(update\/\*\), resource deletes \(delete\/\*\) included\) on payments\/\*/],
      // The seed's grant: override denied in prod, resource actions still allowed there.
      ['every action, only override denied in prod', rbac({ 'policy.csv': 'p, role:lead, applications, *, payments/*, allow\np, role:lead, applications, override, payments/*-prod, deny\n' }),
        /line 1 gives role:lead applications \* \(resource actions \(action\/\*\), resource updates \(update\/\*\), resource deletes \(delete\/\*\) included\) on payments\/\*/],
      ['resource actions on any application of a production project', rbac({ 'policy.csv': 'p, role:payments, applications, action/*, payments-prod/*, allow\n' }),
        /line 1 gives role:payments resource actions \(action\/\*\) on payments-prod\/\*$/, { ...DEV, projects: { 'payments': 'none', 'payments-prod': 'production' } }],
      ['exec on every project, one of which is production', rbac({ 'policy.csv': 'p, role:ops, exec, create, */*, allow\n' }),
        /line 1 gives role:ops exec on \*\/\*$/, { ...DEV, projects: { 'payments': 'none', 'payments-prod': 'production' } }],
      ['resource actions on prod', rbac({ 'policy.csv': 'p, role:ops, applications, action/*, payments/*-prod, allow\n' }), /line 1 gives role:ops resource actions \(action\/\*\) on payments\/\*-prod$/],
      ['one specific resource action on prod', rbac({ 'policy.csv': 'p, role:ops, applications, action/batch/CronJob/create-job, payments/*-prod, allow\n' }),
        /line 1 gives role:ops action\/batch\/CronJob\/create-job on payments\/\*-prod$/],
      ['exec on a prod app in a project role', project({ roles: [{ name: 'oncall', policies: ['p, proj:payments:oncall, exec, create, payments/api-prod, allow'] }] }), /spec\.roles\[oncall\] gives exec on payments\/api-prod/],
    ],
    notApplicable: [['a Deployment', deployment('nginx:1.27')]],
  }],
  [IgnoreWholeObject, {
    compliant: [['HPA replicas', application({ ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }] })]],
    nonCompliant: [
      ['/spec', application({ ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec'] }] }), /spec\.ignoreDifferences\[Deployment\]\.jsonPointers has "\/spec"/],
      ['.metadata by jq', application({ ignoreDifferences: [{ kind: 'Service', jqPathExpressions: ['.metadata'] }] }), /jqPathExpressions has "\.metadata"/],
      ['system-wide in argocd-cm', configMap('argocd-cm', { 'resource.customizations.ignoreDifferences.apps_Deployment': 'jsonPointers:\n- /spec\n' }), /data\.resource\.customizations\.ignoreDifferences\.apps_Deployment\[0\]\.jsonPointers has "\/spec"/],
    ],
    notApplicable: [['a Deployment', deployment('nginx:1.27')]],
  }],
  [GiantApplication, {
    compliant: [['one path', application({})]],
    nonCompliant: [
      ['six sources', application({ source: undefined, sources: Array.from({ length: 6 }, (_, i) => ({ repoURL: 'r', path: `p${i}`, targetRevision: 'main' })) }), /spec\.sources has 6 sources \(at most 5\)/],
      ['the whole repository, recursively', application({ source: { repoURL: 'r', path: '.', targetRevision: 'main', directory: { recurse: true } } }), /reads the whole repository recursively/],
    ],
    notApplicable: [['an AppProject', project({})]],
  }],
  [MalformedAcknowledgement, {
    compliant: [['a well-formed acknowledgement', application({}, { 'argocd-platform/acknowledge': 'ARGO-SYN1: stateless service, rollback is a revert' })]],
    nonCompliant: [
      ['a short reason', application({}, { 'argocd-platform/acknowledge': 'ARGO-SYN1: ok' }), /"ARGO-SYN1: ok" explain in at least 10 characters/],
      ['an unknown rule', application({}, { 'argocd-platform/acknowledge': 'ARGO-XYZ9: because we said so, really' }), /no such rule/],
      ['no rule at all', application({}, { 'argocd-platform/acknowledge': 'trust me' }), /must read "ARGO-<ID>: <reason>"/],
    ],
    notApplicable: [['no annotation', application({})]],
  }],
];

describe('object rules: each has a compliant and a non-compliant case', () => {
  test('every object rule of the pack is covered here', () => {
    expect(CASES.map(([rule]) => rule.id).sort()).toEqual(objectRules().map(r => r.id).sort());
  });

  describe.each(CASES.map(([rule, c]) => [`${rule.id} ${rule.name}`, rule, c] as const))('%s', (_name, rule, c) => {
    test.each(c.compliant.map(([what, manifest, context]) => [what, manifest, context ?? DEV] as const))('compliant: %s', (_what, manifest, context) => {
      expect(rule.evaluate(manifest, context)).toEqual({ compliance: Compliance.COMPLIANT });
    });
    test.each(c.nonCompliant.map(([what, manifest, detail, context]) => [what, manifest, detail, context ?? DEV] as const))('non-compliant: %s', (_what, manifest, detail, context) => {
      const verdict = rule.evaluate(manifest, context);
      expect(verdict.compliance).toBe(Compliance.NON_COMPLIANT);
      expect(verdict.details!.some(d => detail.test(d))).toBe(true);
    });
    test.each(c.notApplicable.map(([what, manifest, context]) => [what, manifest, context ?? DEV] as const))('not applicable: %s', (_what, manifest, context) => {
      expect(rule.evaluate(manifest, context).compliance).toBe(Compliance.NOT_APPLICABLE);
    });
  });
});
