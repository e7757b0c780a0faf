import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { HelmValuesDelivery, SelfManagedArgo } from '../../src';
import { toYaml } from '../../src/util/yaml';
import { kubectlTest, kustomizationFor, kustomizeCases } from '../helpers/go-oracle';
import { hostileString } from '../helpers/hostile';
import { newPlatform } from '../helpers/platform-fixture';

/**
 * The writer checked by go-yaml itself: files written by `toYaml` are read by `kubectl kustomize`
 * (kyaml, go-yaml v3 with YAML 1.1 compatibility), which re-emits them; every string must come back
 * as a string with the same text. A subprocess test (integration tier).
 */

const HOSTILE_SCALARS = [
  'y', 'Y', 'n', 'N', 'yes', 'Yes', 'NO', 'on', 'On', 'OFF', 'off', 'true', 'False', '~', 'null', 'Null', 'NULL', '',
  '1_000', '0755', '017', '08', '0o10', '0O10', '0x1F', '0b101', '-0b101', '+1', '-1', '1e3', '1.', '.5', '-.5', '1:20', '190:20:30',
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '=', '- a', '? a', '#a', 'a #b', '*a', '&a', '!a',
];

/** Strings no writer output may hold raw (the manifest checks refuse them before writing). */
const UNWRITABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]/;

function resource(name: string, spec: unknown): Record<string, string> {
  return {
    'object.yaml': toYaml({ apiVersion: 'example.com/v1', kind: 'Values', metadata: { name }, spec }),
    'kustomization.yaml': kustomizationFor(['object.yaml']),
  };
}

describe('toYaml read back by go-yaml (kubectl kustomize)', () => {
  kubectlTest()('every hostile scalar, as a value, a list item and a key, stays a string with the same text', () => {
    const spec = {
      values: Object.fromEntries(HOSTILE_SCALARS.map((s, i) => [`k${i}`, s])),
      list: HOSTILE_SCALARS,
      // Not `<<`: kustomize drops a `<<` key even when quoted, so the manifest checks refuse it (below).
      keys: Object.fromEntries(HOSTILE_SCALARS.filter(s => s !== '' && s !== '<<').map((s, i) => [s, `v${i}`])),
      matchers: [{ matchType: '=', name: 'team', value: 'on' }],
    };
    const [out] = kustomizeCases([resource('hostile', spec)]);
    expect(out.spec).toEqual(spec);
  });

  kubectlTest()('for contrast, the yaml package\'s plain stringify loses some of them to go-yaml (the oracle can tell)', () => {
    const spec = { a: '1_000' };
    const [out] = kustomizeCases([{
      'object.yaml': stringify({ apiVersion: 'example.com/v1', kind: 'Values', metadata: { name: 'plain' }, spec }),
      'kustomization.yaml': kustomizationFor(['object.yaml']),
    }]);
    expect(out.spec.a).toBe(1000);
  });

  kubectlTest()('kustomize drops a "<<" key even when quoted, which is why the manifest checks refuse one', () => {
    const [out] = kustomizeCases([{
      'object.yaml': 'apiVersion: example.com/v1\nkind: Values\nmetadata:\n  name: merge\nspec:\n  "<<": a\n  kept: c\n',
      'kustomization.yaml': kustomizationFor(['object.yaml']),
    }]);
    expect(out.spec).toEqual({ kept: 'c' });
  });

  kubectlTest()('property: arbitrary hostile strings as values and keys read back exactly', () => {
    const entry = fc.tuple(hostileString, fc.oneof(hostileString, fc.constantFrom(...HOSTILE_SCALARS)));
    const samples = fc.sample(fc.array(entry, { minLength: 1, maxLength: 4 }), { numRuns: 300, seed: 16 })
      .map(entries => entries.filter(([k, v]) => !UNWRITABLE.test(k) && !UNWRITABLE.test(v) && k !== '' && k !== '<<' && k !== '__proto__'))
      .filter(entries => entries.length > 0);
    const specs = samples.map(entries => ({ list: entries.map(([, v]) => v), map: Object.fromEntries(entries) }));
    const objects = kustomizeCases(specs.map((spec, i) => resource(`case-${i}`, spec)));
    for (const [i, spec] of specs.entries()) {
      expect({ i, spec: objects.find(o => o.metadata.name === `case-${i}`)?.spec }).toEqual({ i, spec });
    }
  }, 120_000);

  kubectlTest()('the chart values file: every chart value Helm reads is the string the platform wrote', () => {
    const { app, platform } = newPlatform();
    const podLabels = Object.fromEntries(HOSTILE_SCALARS.filter(s => s !== '' && /^[-A-Za-z0-9_.]*$/.test(s)).map((s, i) => [`l${i}`, s]));
    const extraValues = { server: { podLabels, extraArgs: HOSTILE_SCALARS } };
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', valuesDelivery: HelmValuesDelivery.VALUES_OBJECT, extraValues });
    const values = app.render()['argocd.values.yaml'];
    // The values file's text, unchanged, as the spec of an object kustomize reads.
    const object = `apiVersion: example.com/v1\nkind: Values\nmetadata:\n  name: chart-values\nspec:\n${values.split('\n').map(line => (line ? `  ${line}` : line)).join('\n')}`;
    const [out] = kustomizeCases([{ 'object.yaml': object, 'kustomization.yaml': kustomizationFor(['object.yaml']) }]);
    expect(out.spec.server.podLabels).toEqual(podLabels);
    expect(out.spec.server.extraArgs).toEqual(HOSTILE_SCALARS);
  });
});
