import { spawnSync } from 'child_process';
import * as fc from 'fast-check';
import { shellWord } from '../../src/util/shell';

describe('shellWord', () => {
  test('plain words stay bare; anything else is one single-quoted word', () => {
    expect(shellWord('rg-aks-platform')).toBe('rg-aks-platform');
    expect(shellWord('slack:platform-alerts')).toBe('slack:platform-alerts');
    expect(shellWord('rg-(platform)')).toBe('\'rg-(platform)\'');
    expect(shellWord('team-*')).toBe('\'team-*\'');
    expect(shellWord('it\'s')).toBe('\'it\'\\\'\'s\'');
  });

  // What an operator's bash does with the pasted word: `printf %s <word>` prints the value back, unchanged.
  test('bash reads every word back as the value, one argument (property)', () => {
    const values = fc.sample(fc.string({ unit: fc.constantFrom('a', '-', '(', ')', '*', '&', ';', '$', '`', '\'', '"', '\\', ' ', '|', '!', '~', '#', '{', '}'), minLength: 1, maxLength: 12 }), 200);
    const script = values.map(v => `printf '%s\\0' ${shellWord(v)}`).join('\n');
    const result = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.split('\0').slice(0, -1)).toEqual(values);
  });
});
