// Generates `.rugged.json` files for the config fuzzer from a seeded PRNG: mostly valid structure,
// then one to three mutations of the kinds an attacker (or a bad merge) produces. Deterministic for
// a seed, so any failing case can be replayed.
import { allRules } from '../../rules/index';
import { seededRandom } from '../engine/fuzzInputs';

/** The seeded generator the engine's fuzz inputs use, so a printed seed replays the same run. */
export const prng = seededRandom;

export interface FuzzCase {
  index: number;
  /** Which mutations made it, for the failure message. */
  mutations: string[];
  bytes: Buffer;
}

const RULE_IDS = allRules.map((r) => r.id);
const ODD_TEXT = ['\u0000', '\u0007', '\u001b]0;pwned\u0007', '\u001b[2K\r0 findings', '\n', '\r\n', '\u2028', '\u2029', '\u202e', '\u2066', '\u0085', '\ud800', '\udfff', '😀', 'é', '\t', '"', '\\', '/*', '//', '*/'];
const BAD_GLOBS = ['[', '**/***', '!(', '+(+(+(a|aa)))', '{a,b}'.repeat(20), 'a'.repeat(70_000), '{1..100000}', '\\', '', '/', '../../etc/**', '{', '}{', '[!]', '@(a|b'];
const ODD_NUMBERS = ['-1', '0', '1e308', '-1e308', '1.5', '9007199254740993', '-0', '1e-400', '123456789012345678901234567890', 'NaN', 'Infinity', '0x10', '01'];
const RESERVED = ['__proto__', 'constructor', 'prototype'];

export function generateCase(random: () => number, index: number): FuzzCase {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number) => random() < p;
  const mutations: string[] = [];

  const validRule = () => pick(RULE_IDS);
  const nearRule = () => {
    let id = validRule();
    for (let edits = 1 + int(3); edits > 0; edits--) {
      const at = int(id.length);
      const op = int(3);
      const ch = 'abcdefghijklmnopqrstuvwxyz-/'[int(28)];
      id = op === 0 ? id.slice(0, at) + id.slice(at + 1) : op === 1 ? id.slice(0, at) + ch + id.slice(at) : id.slice(0, at) + ch + id.slice(at + 1);
    }
    return id;
  };
  const oddString = () => Array.from({ length: 1 + int(4) }, () => (chance(0.5) ? pick(ODD_TEXT) : 'x')).join('');
  const longString = () => 'a'.repeat(pick([1025, 2001, 5000, 70_000, 100_000]));
  const wrongValue = (): unknown => pick<unknown>([null, true, 42, -1, 'text', [], {}, [1, 'a'], { a: 1 }, oddString()]);

  // The valid base: every key appears now and then.
  const base: Record<string, unknown> = {};
  if (chance(0.6)) base.rules = Object.fromEntries(Array.from({ length: int(5) }, () => [validRule(), pick(['off', 'error', 'warning', 'info', { severity: 'warning', options: {} }])]));
  if (chance(0.5)) base.ignore = Array.from({ length: int(4) }, () => pick(['test/**', 'dist2/*.js', '**/*.{js,ts}', 'legacy/']));
  if (chance(0.4)) base.checklist = Array.from({ length: int(3) }, (_, i) => ({ id: `team/rule-${i}`, call: pick(['legacyDb.rawQuery', '*.exec', 'a.b.c']), message: 'Do not.', ...(chance(0.5) ? { severity: 'error' } : {}) }));
  if (chance(0.3)) base.maxFileSize = 1 + int(2_000_000);
  if (chance(0.3)) base.backlog = { directory: pick(['backlog', 'security/backlog']), ...(chance(0.3) ? { prefix: 'sec' } : {}) };
  if (chance(0.3)) base.contexts = { test: ['spec-support/**'], script: { globs: ['bin/**'], replaceDefaults: chance(0.5) }, production: ['src/demo/**'] };
  if (chance(0.3)) base.contextSeverity = { test: pick(['info', 'lower', 'off']), vendored: 'off' };

  // Structural mutations, on the value.
  const structural: Record<string, () => void> = {
    'wrong type': () => {
      base[pick(['rules', 'ignore', 'checklist', 'maxFileSize', 'backlog', '$schema', 'contexts', 'contextSeverity'])] = wrongValue();
    },
    'wrong nested type': () => {
      base.checklist = [{ id: wrongValue(), call: wrongValue(), message: wrongValue(), severity: wrongValue() }];
      base.rules = { [validRule()]: wrongValue(), [validRule()]: { severity: wrongValue(), options: wrongValue() } };
      base.contexts = { test: wrongValue(), fixture: { globs: wrongValue(), replaceDefaults: wrongValue() }, [pick(['prod', 'tests', 'x'])]: wrongValue() };
      base.contextSeverity = { test: wrongValue(), [pick(['prod', 'tests', 'x'])]: 'info' };
    },
    'huge array': () => {
      // Past the limits mostly; now and then past the byte cap too (costly to build, so rarer).
      const n = chance(0.1) ? pick([50_000, 120_000]) : pick([999, 1001, 2000, 5000]);
      const item = pick<() => unknown>([() => 3, () => 'x/**', () => ({}), () => ({ id: 'team/x', call: 'a.b', message: 'm' })]);
      base[pick(['ignore', 'checklist'])] = Array.from({ length: n }, item);
    },
    'many keys': () => {
      const n = chance(0.1) ? pick([20_000, 100_000]) : pick([49, 51, 101, 1001, 5000]);
      const where = pick(['root', 'rules', 'backlog', 'options']);
      const keys = Object.fromEntries(Array.from({ length: n }, (_, i) => [where === 'rules' ? `r/k${i}` : `k${i}`, 'off']));
      if (where === 'root') Object.assign(base, keys);
      else if (where === 'options') base.rules = { [validRule()]: { options: keys } };
      else base[where] = keys;
    },
    'long string': () => {
      const s = longString();
      const where = int(5);
      if (where === 0) base.ignore = [s];
      else if (where === 1) base.rules = { [`sql/${s}`]: 'off' };
      else if (where === 2) base.checklist = [{ id: `team/${s}`, call: s, message: s, preferred: s }];
      else if (where === 3) base.backlog = { directory: s };
      else base[s] = 1;
    },
    'reserved keys': () => {
      const key = pick(RESERVED);
      const where = int(4);
      const payload = { directory: '/etc', polluted: true };
      const target: Record<string, unknown> = {};
      Object.defineProperty(target, key, { value: payload, enumerable: true });
      if (where === 0) Object.defineProperty(base, key, { value: payload, enumerable: true, configurable: true });
      else if (where === 1) base.backlog = target;
      else if (where === 2) base.rules = { [validRule()]: { options: target } };
      else base.rules = target;
    },
    'odd text': () => {
      const s = oddString();
      base[pick(['ignore', 'rules', 'checklist', 'backlog'])] = pick<unknown>([[s], { [s]: s }, [{ id: s, call: s, message: s }], { directory: s }]);
      if (chance(0.5)) base[s] = s;
    },
    'invalid globs': () => {
      base.ignore = Array.from({ length: 1 + int(3) }, () => pick(BAD_GLOBS));
      if (chance(0.5)) base.contexts = { [pick(['test', 'vendored', 'production'])]: Array.from({ length: 1 + int(3) }, () => pick(BAD_GLOBS)) };
    },
    'near rule ids': () => {
      base.rules = Object.fromEntries(Array.from({ length: 1 + int(4) }, () => [nearRule(), 'off']));
    },
    'bad backlog': () => {
      base.backlog = { directory: pick(['/etc', '../x', 'a/../../b', '', '.', '.git', 'C:\\x', '\u0000']), extra: wrongValue() };
    },
  };
  for (let n = 1 + int(2); n > 0; n--) {
    if (!chance(0.8)) continue;
    const name = pick(Object.keys(structural));
    mutations.push(name);
    structural[name]();
  }

  let text = JSON.stringify(base, null, chance(0.5) ? 2 : undefined);

  // Textual mutations, on the serialised file.
  const textual: Record<string, () => void> = {
    'deep nesting': () => {
      const depth = pick([63, 65, 100, 1000, 100_000]);
      const open = pick(['[', '{"a":']);
      const inner = open === '[' ? '['.repeat(depth) + ']'.repeat(chance(0.5) ? depth : 0) : open.repeat(depth) + '1' + '}'.repeat(chance(0.5) ? depth : 0);
      text = chance(0.5) ? `{ "rules": { "${validRule()}": { "options": { "x": ${inner} } } } }` : inner;
    },
    'duplicate keys': () => {
      const key = pick(['rules', 'ignore', 'maxFileSize', 'backlog', 'checklist']);
      const copies = pick([2, 3, 1000]);
      text = `{${Array.from({ length: copies }, (_, i) => `"${key}": ${i % 2 ? '[]' : '{}'}`).join(', ')}${text.length > 2 ? `, ${text.slice(1)}` : '}'}`;
    },
    truncated: () => {
      text = text.slice(0, int(text.length + 1));
    },
    comments: () => {
      text = text.replace(/([{,[])/g, (m) => (chance(0.3) ? `${m} ${pick(['// note\n', '/* block */', '/* unterminated', '// \u2028 \u0000\n'])}` : m));
    },
    bom: () => {
      text = `\ufeff${text}`;
    },
    'nul bytes': () => {
      const at = int(text.length + 1);
      text = `${text.slice(0, at)}\u0000${text.slice(at)}`;
    },
    'raw control chars': () => {
      text = text.replace(/"/g, (m) => (chance(0.1) ? `${m}${pick(ODD_TEXT)}` : m));
    },
    'odd numbers': () => {
      text = text.length > 2 ? `{"maxFileSize": ${pick(ODD_NUMBERS)}, ${text.slice(1)}` : `{"maxFileSize": ${pick(ODD_NUMBERS)}}`;
    },
    'trailing commas': () => {
      text = text.replace(/([}\]])/g, (m) => (chance(0.3) ? `,${m}` : m));
    },
    'not an object': () => {
      text = pick(['', ' ', 'null', '[]', '"rules"', '42', 'true', '/* only */', '{', '}']);
    },
  };
  if (chance(0.5)) {
    const name = pick(Object.keys(textual));
    mutations.push(name);
    textual[name]();
  }

  let bytes = Buffer.from(text, 'utf8');
  if (chance(0.03)) {
    mutations.push('invalid utf-8');
    const at = int(bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, 0xc3, 0x28, 0x80]), bytes.subarray(at)]);
  }
  if (mutations.length === 0) mutations.push('valid');
  return { index, mutations, bytes };
}
