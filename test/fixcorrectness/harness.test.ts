// The harness's own tests: it must tell a right rewrite from wrong ones, including a mutation of
// the fix Rugged really offers and a rule whose rewrite is broken on purpose, or a green
// fix-correctness run would prove nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import stringBuiltQuery from '../../rules/sql/no-string-built-query';
import type { ReportDescriptor, RuleContext, RuleModule } from '../../server/src/engine/ruleContract';
import { ALL_CASES } from './cases/index';
import type { FixCase } from './caseFormat';
import { applyFix, applyFixesTogether, checkCase, judgeRewrite, offeredSqlFixes, type HarnessContext } from './harness';
import { EMULATED_CASES } from './cases/emulated';
import { TYPEORM_BUILDER_CASES } from './cases/typeormBuilders';
import { closeHarnessContext, openHarnessContext } from './harnessContext';
import { prismaParameterType, taggedQuery, unsafeQuery } from './prismaParameters';
import { expectedTally, tallyOf } from './tally';

const PG = "const { Pool } = require('pg');\nconst pool = new Pool();\n";
const byName: FixCase = {
  name: 'harness self-test: quoted name',
  driver: 'pg',
  dialect: 'postgres',
  source: `${PG}module.exports = async (input) => (await pool.query("SELECT id, name FROM users WHERE name = '" + input + "'")).rows;\n`,
  benign: ['alice', 'bob'],
  expect: 'fix',
  why: 'self-test',
};
const withQuery = (query: string) => `${PG}module.exports = async (input) => (await pool.query(${query})).rows;\n`;

describe('the fix-correctness harness', () => {
  let ctx: HarnessContext | undefined;
  before(async () => {
    ctx = await openHarnessContext('self-test');
  });
  after(() => closeHarnessContext(ctx));

  it('accepts a right rewrite', async () => {
    assert.ok(ctx);
    assert.deepEqual(await judgeRewrite(ctx, byName, byName.source, withQuery('"SELECT id, name FROM users WHERE name = $1", [input]')), []);
  });

  it("reports a mutation of Rugged's own fix that keeps the quotes around the placeholder", async () => {
    assert.ok(ctx);
    const [fix] = offeredSqlFixes(byName.source).fixes;
    assert.ok(fix, 'Rugged offers a fix for the plain case');
    const mutated = { ...fix, edits: fix.edits.map((edit) => ({ ...edit, text: edit.text.replace('= $1', "= '$1'") })) };
    assert.notEqual(applyFix(byName.source, mutated), applyFix(byName.source, fix), 'the mutation changed the fix');
    const problems = await judgeRewrite(ctx, byName, byName.source, applyFix(byName.source, mutated));
    assert.ok(problems.some((p) => /^benign "alice": the fixed code fails/.test(p)), problems.join('\n'));
  });

  it('reports a rewrite that returns other rows for benign input', async () => {
    assert.ok(ctx);
    const problems = await judgeRewrite(ctx, byName, byName.source, withQuery('"SELECT id, name FROM users WHERE name <> $1", [input]'));
    assert.ok(problems.some((p) => /^benign "alice": original 1 row\(s\).*fixed 4 row\(s\)/.test(p)), problems.join('\n'));
  });

  it('reports a rewrite that is injectable where the original was not', async () => {
    assert.ok(ctx);
    const escaped = withQuery("\"SELECT id, name FROM users WHERE name = '\" + String(input).replace(/'/g, \"''\") + \"'\"");
    const careless = withQuery("\"SELECT id, name FROM users WHERE name = '\" + input + \"'\"");
    const problems = await judgeRewrite(ctx, { ...byName, benign: ['alice'] }, escaped, careless);
    assert.ok(problems.some((p) => /^injection "' OR '1'='1": the fixed code returns 5 row\(s\)/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /^injection "'; UPDATE users SET is_admin = TRUE; --": the fixed code changed data/.test(p)), problems.join('\n'));
  });

  it('reports the Prisma rewrite that binds a request string against an integer column (typed parameters)', async () => {
    assert.ok(ctx);
    const prisma = "const { PrismaClient } = require('@prisma/client');\nconst prisma = new PrismaClient();\n";
    const byId: FixCase = { ...byName, name: 'harness self-test: Prisma id', driver: 'prisma (postgres)', benign: ['1', '3'], edge: [], injection: [] };
    const original = `${prisma}module.exports = (input) => prisma.$queryRawUnsafe(\`SELECT id FROM users WHERE id = \${input}\`);\n`;
    // The rewrite Rugged offered before typed parameters were modelled: right for pg, wrong for Prisma.
    const untyped = `${prisma}module.exports = (input) => prisma.$queryRaw\`SELECT id FROM users WHERE id = \${input}\`;\n`;
    const problems = await judgeRewrite(ctx, byId, original, untyped);
    assert.ok(problems.some((p) => /^benign "1": the fixed code fails \(operator does not exist: integer = text\)/.test(p)), problems.join('\n'));
    const coerced = untyped.replace('${input}', '${Number(input)}');
    assert.deepEqual(await judgeRewrite(ctx, byId, original, coerced), []);
  });

  it("reports the TypeORM rewrite that names its value :id beside the tenant's :id: another customer's order", async () => {
    assert.ok(ctx);
    const [tenant] = TYPEORM_BUILDER_CASES;
    const [fix] = offeredSqlFixes(tenant.source).fixes;
    assert.ok(fix && /:id2/.test(fix.edits.map((e) => e.text).join('')), 'Rugged names the value :id2');
    // The rewrite before builder names were reserved: the order number takes the tenant's :id.
    const colliding = { ...fix, edits: fix.edits.map((edit) => ({ ...edit, text: edit.text.replace(/id2/g, 'id') })) };
    const problems = await judgeRewrite(ctx, tenant, tenant.source, applyFix(tenant.source, colliding));
    assert.ok(problems.some((p) => /^edge JSON \{"customer":1,"id":"2"\}: original 0 row\(s\) *, fixed 1 row\(s\) \{"id":2,"customer_id":2/.test(p)), problems.join('\n'));
    assert.deepEqual(await judgeRewrite(ctx, tenant, tenant.source, applyFix(tenant.source, fix)), []);
  });

  it('reports two fixes that are right alone but reuse one name when applied together', async () => {
    assert.ok(ctx);
    const twoIds = TYPEORM_BUILDER_CASES.find((c) => c.name.startsWith('two interpolated conditions'))!;
    const fixes = offeredSqlFixes(twoIds.source).fixes;
    assert.equal(fixes.length, 2);
    // Each computed alone on the original text, both would say :id.
    const alone = fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, text: edit.text.replace(/id2/g, 'id') })) }));
    for (const fix of alone) assert.deepEqual(await judgeRewrite(ctx, twoIds, twoIds.source, applyFix(twoIds.source, fix), { partial: true }), []);
    const problems = await judgeRewrite(ctx, twoIds, twoIds.source, applyFixesTogether(twoIds.source, alone));
    assert.ok(problems.some((p) => /^edge JSON \{"customer":\{"id":1\},"order":\{"id":"2"\}\}: original 0 row\(s\) *, fixed 1 row\(s\)/.test(p)), problems.join('\n'));
    assert.deepEqual(await judgeRewrite(ctx, twoIds, twoIds.source, applyFixesTogether(twoIds.source, fixes)), []);
  });

  it("reports two mssql fixes that declare .input('id') on one request when applied together (EDUPEPARAM)", async () => {
    assert.ok(ctx);
    const shared = EMULATED_CASES.find((c) => c.name.startsWith('two queries on one request'))!;
    const fixes = offeredSqlFixes(shared.source).fixes;
    assert.equal(fixes.length, 2);
    const alone = fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, text: edit.text.replace(/id2/g, 'id') })) }));
    const problems = await judgeRewrite(ctx, shared, shared.source, applyFixesTogether(shared.source, alone));
    assert.ok(problems.some((p) => /^benign JSON \{"id":"1"\}: the fixed code fails \(The parameter name id has already been declared/.test(p)), problems.join('\n'));
    assert.deepEqual(await judgeRewrite(ctx, shared, shared.source, applyFixesTogether(shared.source, fixes)), []);
  });

  it('reports a rewrite that runs an extra statement', async () => {
    assert.ok(ctx);
    const dropping = withQuery('"SELECT id, name FROM users WHERE name = $1", [input]).then(async (r) => { await pool.query(\'DROP TABLE reviews\'); return r; }');
    const problems = await judgeRewrite(ctx, byName, byName.source, dropping);
    assert.ok(problems.some((p) => /^benign "alice": the fixed code leaves different data/.test(p)), problems.join('\n'));
  });
});

/** `, [a, b, c]` at the end of an edit → `, [a, b]`: the rewrite forgets to bind the last value. */
function forgetLastValue(text: string): string {
  return text.replace(/, \[([^\]]*), ([^\],]+)\]$/, ', [$1]');
}

/** The shipped rule, with every fix it proposes broken by `forgetLastValue`. */
const forgetfulRule: RuleModule = {
  ...stringBuiltQuery,
  create(context: RuleContext) {
    const report = (descriptor: ReportDescriptor) =>
      context.report({ ...descriptor, fixes: descriptor.fixes?.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, text: forgetLastValue(edit.text) })) })) });
    return stringBuiltQuery.create({ ...context, flow: context.flow, imports: context.imports, getText: (n) => context.getText(n), getParent: (n) => context.getParent(n), report });
  },
};
const rules = allRules.map((rule) => (rule.id === stringBuiltQuery.id ? forgetfulRule : rule));

// A deliberately broken rewrite must make the harness fail, or a green run proves nothing. The
// shipped string-built-query rule is wrapped so that its fix forgets to bind the last value (the
// placeholder stays, the values array loses its last element), and that rule is injected into
// the harness through `checkCase`'s rules, which only this test uses. The engine's own check keeps
// the broken fix (the file parses and the rule goes quiet); the harness must not. (In this file,
// because the self-test databases serve one test file at a time.)
describe('a deliberately broken rewrite', () => {
  let ctx: HarnessContext | undefined;
  before(async () => {
    ctx = await openHarnessContext('self-test');
  });
  after(() => closeHarnessContext(ctx));

  it('is still offered by the engine, and the harness reports it and fails the tally', async () => {
    assert.ok(ctx);
    const insert = ALL_CASES.find((c) => c.name === 'review insert with three values')!;
    const verdict = await checkCase(ctx, insert, rules);
    assert.equal(verdict.offered, 1, 'the engine keeps the broken fix: it parses and quiets the rule');
    assert.equal(verdict.right, 0);
    assert.match(verdict.wrong.join('\n'), /, \[id, author\],\n/, 'the fix binds two of three values');
    assert.match(verdict.wrong.join('\n'), /benign JSON \{"id":"2","author":"bob","text":"Nice mug"\}: the fixed code fails \(bind message supplies 2 parameters, but prepared statement "" requires 3\)/);
    // The suite's last test compares the measured tally with the expected one: it fails too.
    const tally = tallyOf([{ fixCase: insert, verdict }]);
    assert.notDeepEqual(tally, expectedTally([insert], tally));
    // And the shipped rule, on the same case, is right.
    const shipped = await checkCase(ctx, insert);
    assert.deepEqual([shipped.offered, shipped.right, shipped.wrong], [1, 1, []]);
  });
});

describe("the emulation of Prisma's typed parameters", () => {
  it('declares each value with the type the query engine gives it', () => {
    assert.deepEqual(['1', 1, 1.5, 2n, true, null, { a: 1 }, Number.NaN].map(prismaParameterType), ['text', 'int8', 'numeric', 'int8', 'bool', undefined, 'jsonb', undefined]);
  });

  it('types the placeholders of a tagged template and of an unsafe query, not text inside literals', () => {
    assert.deepEqual(taggedQuery(['SELECT ', ' + ', ''], ['a', 2]), { text: 'SELECT ($1::text) + ($2::int8)', values: ['a', 2] });
    assert.deepEqual(unsafeQuery("SELECT '$1', $1, $2", ['x', Number.NaN]), { text: "SELECT '$1', ($1::text), $2", values: ['x', null] });
  });
});

describe('the per-driver tally', () => {
  it('counts offered, right, wrong and withheld, and expects no wrong fix', () => {
    const cases: FixCase[] = [
      { ...byName, name: 'a' },
      { ...byName, name: 'b', expect: 'no-fix' },
      { ...byName, name: 'c', expect: 'right-or-none' },
    ];
    const measured = tallyOf([
      { fixCase: cases[0], verdict: { reported: true, offered: 2, right: 1, wrong: ['x'], together: [] } },
      { fixCase: cases[1], verdict: { reported: true, offered: 0, right: 0, wrong: [], together: [] } },
      { fixCase: cases[2], verdict: { reported: true, offered: 0, right: 0, wrong: [], together: [] } },
    ]);
    assert.deepEqual(measured, { pg: { cases: 3, offered: 2, right: 1, wrong: 1, withheld: 2 } });
    assert.deepEqual(expectedTally(cases, measured), { pg: { cases: 3, offered: 2, right: 2, wrong: 0, withheld: 2 } });
  });
});
