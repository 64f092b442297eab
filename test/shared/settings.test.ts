// The one settings normaliser, run by the VS Code client and again by the server: defaults for
// what is missing or mistyped, and bounded work and no prototype tricks for hostile values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/shared/protocol';
import { MAX_SETTING_GLOBS, MAX_SETTING_RULES, normalizeSettings } from '../../server/src/shared/settings';

describe('normalizeSettings', () => {
  it('gives the defaults for nothing, null, arrays and primitives', () => {
    for (const raw of [undefined, null, [], 'rugged', 42, true]) assert.deepEqual(normalizeSettings(raw), DEFAULT_SETTINGS, String(raw));
  });

  it('keeps well-typed values', () => {
    const settings = { enable: false, rules: { 'sql/no-x': 'off' }, ignore: ['gen/**'], scanOnStartup: false, maxFileSize: 2048, baseline: { file: 'rugged-baseline.sarif' }, profile: 'audit', trace: { server: 'verbose' } };
    assert.deepEqual(normalizeSettings(settings), settings);
  });

  it('takes a baseline file only as a bounded, one-line string', () => {
    for (const file of [7, null, 'a\nb', 'x'.repeat(5000)]) assert.deepEqual(normalizeSettings({ baseline: { file } }).baseline, { file: '' });
    assert.deepEqual(normalizeSettings({ baseline: 'b.sarif' }).baseline, { file: '' }, 'the setting is rugged.baseline.file');
  });

  it('replaces each mistyped value by its default, keeping the rest', () => {
    const settings = normalizeSettings({
      enable: 'yes',
      rules: { 'sql/a': 'fatal', 'sql/b': 3, 'sql/c': 'warning' },
      ignore: ['ok/**', '', 7, null, { glob: 'x' }],
      scanOnStartup: 1,
      maxFileSize: Number.NaN,
      trace: 'verbose',
    });
    assert.deepEqual(settings, { ...DEFAULT_SETTINGS, rules: { 'sql/c': 'warning' }, ignore: ['ok/**'] });
    assert.equal(normalizeSettings({ rules: ['error'] }).rules.constructor, Object, 'an array is not a rule map');
  });

  it('accepts only the known profiles', () => {
    assert.equal(normalizeSettings({ profile: 'audit' }).profile, 'audit');
    for (const bad of ['Audit', 'paranoid', 1, null, ['audit']]) assert.equal(normalizeSettings({ profile: bad }).profile, 'default', String(bad));
  });

  it('accepts only whole positive file sizes', () => {
    assert.equal(normalizeSettings({ maxFileSize: 1500.7 }).maxFileSize, 1500);
    for (const bad of [0, 0.5, -1, Infinity, '2048']) assert.equal(normalizeSettings({ maxFileSize: bad }).maxFileSize, DEFAULT_SETTINGS.maxFileSize, String(bad));
  });

  it('never copies __proto__, constructor or prototype keys, nor changes any prototype', () => {
    const raw: unknown = JSON.parse('{ "rules": { "__proto__": "off", "constructor": "error", "prototype": "info", "sql/a": "info" }, "__proto__": { "enable": false } }');
    const settings = normalizeSettings(raw);
    assert.deepEqual(Object.keys(settings.rules), ['sql/a']);
    assert.equal(Object.getPrototypeOf(settings.rules), Object.prototype);
    assert.equal(settings.enable, true);
    assert.equal(({} as Record<string, unknown>).enable, undefined);
  });

  it('looks at a bounded number of entries of huge arrays and maps', () => {
    const hugeArray = new Array<string>(10_000_000);
    hugeArray[0] = 'first/**';
    hugeArray[9_999_999] = 'last/**';
    assert.deepEqual(normalizeSettings({ ignore: hugeArray }).ignore, ['first/**']);
    const many = Array.from({ length: MAX_SETTING_GLOBS + 50 }, (_, i) => `g${i}/**`);
    assert.equal(normalizeSettings({ ignore: many }).ignore.length, MAX_SETTING_GLOBS);
    const rules = Object.fromEntries(Array.from({ length: MAX_SETTING_RULES + 50 }, (_, i) => [`team/r${i}`, 'off']));
    assert.equal(Object.keys(normalizeSettings({ rules }).rules).length, MAX_SETTING_RULES);
    assert.deepEqual(normalizeSettings({ ignore: ['x'.repeat(100_000)], rules: { ['a/'.repeat(100_000)]: 'off' } }), DEFAULT_SETTINGS);
  });

  it('answers the defaults when reading a value throws', () => {
    const hostile = { get enable(): boolean { throw new Error('boom'); } };
    assert.deepEqual(normalizeSettings(hostile), DEFAULT_SETTINGS);
    const proxy = new Proxy({}, { ownKeys() { throw new Error('no keys'); } });
    assert.deepEqual(normalizeSettings({ rules: proxy }), DEFAULT_SETTINGS);
  });
});
