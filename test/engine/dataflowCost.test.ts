// The cost of data flow, counted in steps rather than time so the assertions hold on any machine:
// doubling a generated input must roughly double the steps, cycles must stay correct whatever
// order the questions come in, and a spent budget must answer `unknown` and say so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { dottedName } from '../../server/src/engine/astNodes';
import { createDataFlow, type DataFlowEngine } from '../../server/src/engine/dataflow';
import { parseSource } from '../../server/src/engine/parse';
import { analyze } from '../../server/src/engine/run';
import { walk } from '../../server/src/engine/traverse';
import { assignmentCycle, checksBeforeSinks, copyChain, joinedArray, memberChain, reassignments, reassignmentsEachQueried, sinksAgainstTheChain, templateChain } from '../hostile/dataflowInputs';
import { sinkRule } from './testRules';

/** Builds the flow of `code` and asks about every call argument in source order, as rules do. */
function askEveryArgument(code: string, budget?: number): { flow: DataFlowEngine; answers: string[] } {
  const parsed = parseSource(code, 'app.js');
  assert.ok(parsed.ok, 'the generated input parses');
  const parents = new Map<TSESTree.Node, TSESTree.Node>();
  const calls: TSESTree.CallExpression[] = [];
  walk(parsed.ast, { listeners: new Map([['CallExpression', [(node: TSESTree.Node) => void calls.push(node as TSESTree.CallExpression)]]]) }, parents);
  const flow = createDataFlow(parsed.ast, (node) => parents.get(node), { budget });
  const answers = calls.flatMap((call) => call.arguments.map((argument) => flow.valueOf(argument).origin));
  return { flow, answers };
}

/** Name, generator and the smaller size (the larger is twice it); member chains are bounded by the parser. */
const GENERATORS: [string, (n: number) => string, number][] = [
  ['reassignments of one variable', reassignments, 1_000],
  ['reassignments each queried', reassignmentsEachQueried, 1_000],
  ['a = b; b = a cycles', assignmentCycle, 1_000],
  ['chained templates', templateChain, 1_000],
  ['copy chains', copyChain, 1_000],
  ['joined arrays', joinedArray, 1_000],
  ['member chains', memberChain, 300],
  ['sinks met against the chain', sinksAgainstTheChain, 1_000],
  ['checks before every sink', checksBeforeSinks, 1_000],
];

for (const [name, generate, n] of GENERATORS) {
  test(`steps grow linearly: ${name}`, () => {
    const small = askEveryArgument(generate(n)).flow.steps();
    const large = askEveryArgument(generate(2 * n)).flow.steps();
    assert.ok(small > 0, 'the input exercises data flow');
    assert.ok(large <= small * 2.2, `${n} -> ${small} steps, ${2 * n} -> ${large} steps: more than linear`);
  });
}

test('every member of an assignment cycle gets the taint, whichever is asked first', () => {
  const code = `app.get('/', (req, res) => {
    let a = ''; let b = ''; let c = '';
    a = b; b = c; c = a;
    b = req.query.x;
    sinkA(a); sinkB(b); sinkC(c);
  });`;
  for (const order of [[0, 1, 2], [2, 1, 0], [1, 0, 2]]) {
    const parsed = parseSource(code, 'app.js');
    assert.ok(parsed.ok);
    const parents = new Map<TSESTree.Node, TSESTree.Node>();
    const sinks: TSESTree.Node[] = [];
    walk(parsed.ast, { listeners: new Map([['CallExpression', [(node: TSESTree.Node) => {
      const call = node as TSESTree.CallExpression;
      if (call.callee.type === 'Identifier' && call.callee.name.startsWith('sink')) sinks.push(call.arguments[0]);
    }]]]) }, parents);
    const flow = createDataFlow(parsed.ast, (node) => parents.get(node));
    for (const index of order) assert.equal(flow.valueOf(sinks[index]).origin, 'tainted', `order ${order.join(',')}: sink ${index}`);
  }
});

test('a spent budget answers unknown from then on, is reported as exhausted, and spends nothing more', () => {
  const { flow } = askEveryArgument(reassignments(2_000), 500);
  assert.equal(flow.exhausted(), true);
  assert.equal(flow.steps(), 500);
  const parsed = parseSource("const late = 'a literal';", 'late.js');
  assert.ok(parsed.ok);
  const declaration = parsed.ast.body[0];
  assert.equal(declaration.type, 'VariableDeclaration');
  const literal = declaration.declarations[0].init;
  assert.ok(literal);
  assert.equal(flow.valueOf(literal).origin, 'unknown', 'even a literal is not evaluated past the budget');
  assert.equal(flow.steps(), 500);
  const ample = askEveryArgument(reassignments(2_000));
  assert.equal(ample.flow.exhausted(), false);
  assert.ok(ample.answers.includes('tainted'));
});

test('the engine keeps its findings and adds one note when the budget runs out', () => {
  const code = `app.get('/', (req, res) => {
    sink(req.query.a);
    let q = '';
    ${Array.from({ length: 200 }, (_, i) => `q = q + req.query.p${i};`).join('\n')}
    sink(q);
  });`;
  const options = { rules: [sinkRule], config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false };
  const tight = analyze(code, 'src/app.js', { ...options, flowBudget: 50 });
  assert.deepEqual(tight.notes, [{ kind: 'budget-exhausted', message: 'analysis budget exhausted in app.js: findings may be incomplete' }]);
  assert.match(tight.findings[0]?.message ?? '', /tainted .*req\.query\.a/, 'the finding reached before the budget ran out stays');
  const ample = analyze(code, 'src/app.js', options);
  assert.deepEqual(ample.notes, []);
  assert.equal(ample.findings.length, 2);
});

test('dottedName spells ordinary chains and gives up on absurd ones without recursion', () => {
  const parse = (code: string) => {
    const parsed = parseSource(code, 'a.js');
    assert.ok(parsed.ok);
    const statement = parsed.ast.body[0];
    assert.equal(statement.type, 'ExpressionStatement');
    return statement.expression;
  };
  assert.equal(dottedName(parse('window.location.search')), 'window.location.search');
  assert.equal(dottedName(parse("req['query'].id")), 'req.query.id');
  const deep = `a${Array.from({ length: 600 }, (_, i) => `.f${i}`).join('\n')}`;
  assert.equal(dottedName(parse(deep)), undefined);
});
