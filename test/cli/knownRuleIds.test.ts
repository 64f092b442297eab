// Every command reads `.rugged.json` with the same known rule ids: the shipped rules, the engine's
// own ids and the team rules. An id `scan` accepts must not be a warning in `story` or `report`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli, tempProject } from './helpers';

describe('known rule ids are the same for every command', () => {
  let project: { root: string; remove(): void };
  before(() => {
    project = tempProject({
      '.rugged.json': JSON.stringify({
        rules: { 'rugged/parse-error': 'warning', 'team/no-raw': 'error' },
        checklist: [{ id: 'team/no-raw', call: 'db.raw', message: 'Use the query builder.' }],
      }),
      'src/a.js': 'const answer = 42;\nmodule.exports = answer;\n',
    });
  });
  after(() => project.remove());

  const commands: Record<string, string[]> = {
    scan: ['scan', '.'],
    story: ['story', 'src/a.js', '--yes', '--stride', 'I', '--goal', 'i-exposed-secret'],
    report: ['report', '.'],
  };
  for (const [name, argv] of Object.entries(commands)) {
    it(`${name} accepts rugged/parse-error and team rule ids without a warning`, async () => {
      const result = await runCli(argv, project.root);
      assert.equal(result.code, 0, result.stderr);
      assert.doesNotMatch(result.stderr, /unknown rule id|config warning|config problem/i);
    });
  }

  it('scan still warns about an id nobody knows, and suggests the nearest', async () => {
    const typo = tempProject({ '.rugged.json': JSON.stringify({ rules: { 'rugged/parse-eror': 'off' } }), 'a.js': '1;\n' });
    try {
      for (const argv of [['scan', '.'], ['report', '.']]) {
        const result = await runCli(argv, typo.root);
        assert.match(result.stderr, /unknown rule id "rugged\/parse-eror"; did you mean "rugged\/parse-error"\?/, `${argv[0]}: ${result.stderr}`);
      }
    } finally {
      typo.remove();
    }
  });
});
