import * as fs from 'fs';
import { parse } from 'yaml';
import { DEFAULT_RESOURCE_EXCLUSIONS } from '../../src/platform/resource-exclusions';
import { newPlatform, renderParsed } from '../helpers/platform-fixture';
import { describeIfReference, referencePath } from '../helpers/reference';

const VALUES = ['argocd-data', 'argo-helm-argo-cd-10.1.1-values.yaml'];

describe('resource.exclusions in argocd-cm', () => {
  test('the platform renders the documented exclusions into argocd-cm (owning argocd-cm would drop the chart\'s)', () => {
    const { app } = newPlatform();
    const cm = renderParsed(app)['argocd/configmap-argocd-cm.yaml'];
    // One flow-mapping line per entry, sorted (entries from several constructs merge); order does not matter to Argo CD.
    const rendered = parse(cm.data['resource.exclusions']);
    expect(rendered).toHaveLength(DEFAULT_RESOURCE_EXCLUSIONS.length);
    expect(rendered).toEqual(expect.arrayContaining(DEFAULT_RESOURCE_EXCLUSIONS));
    expect(parse(cm.data['resource.exclusions'])).toContainEqual({ apiGroups: ['coordination.k8s.io'], kinds: ['Lease'] });
  });

  test('a construct that sets resource.exclusions differently conflicts, naming both', () => {
    const { app, platform } = newPlatform();
    platform.settings.set(platform.environment('dev'), 'argocd-cm' as any, 'resource.exclusions', '[]');
    // The chart's default exclusions are list items: a construct that sets the whole key is told to add items.
    expect(() => app.render()).toThrow('[dev] argocd-cm resource.exclusions: set whole here, but it is a list that [argocd] add items to; add an item instead of setting the whole value');
  });
});

describeIfReference('resource.exclusions match the chart', () => {
  test('the exclusions equal the argo-cd chart\'s default configs.cm resource.exclusions', () => {
    const values = parse(fs.readFileSync(referencePath(...VALUES), 'utf8'));
    expect(DEFAULT_RESOURCE_EXCLUSIONS).toEqual(parse(values.configs.cm['resource.exclusions']));
  });
}, ...VALUES);
