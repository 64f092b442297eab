// `analyzeScopes` defines only the lib globals a file's references reach, after the analysis. It
// must give what scope-manager gives with the whole lib: the same scopes, variables, definitions,
// references in the same order and the same resolutions, for every fixture and for the shapes
// where the lib changes what a name means (a script redeclaring a lib global, type-only globals,
// writes to undeclared lib names, `with`, `declare global`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyze, ImplicitLibVariable, type Reference, type ScopeManager, type Variable } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isSupportedFile, parseSource } from '../../server/src/engine/parse';
import { analyzeScopes, LIB } from '../../server/src/engine/scopeAnalysis';
import { listFixtureFiles } from '../meta/ruleFiles';

const FIXTURES = join(__dirname, '..', 'fixtures');

/**
 * Everything the engine can reach of an analysis, as text. Lib globals nothing refers to are left
 * out: no reference or declaration leads to them, and not defining them is the point.
 */
function describeScopes(manager: ScopeManager): string[] {
  const scopeIndex = new Map(manager.scopes.map((scope, index) => [scope, index]));
  const at = (node: TSESTree.Node | null | undefined) => (node ? `${node.type}@${node.range.join('-')}` : 'none');
  const variableName = (variable: Variable | null) =>
    variable ? `${variable.name}#${scopeIndex.get(variable.scope)}${variable instanceof ImplicitLibVariable ? ' (lib)' : ''}` : 'unresolved';
  const reference = (r: Reference) => `${at(r.identifier)} ${r.isTypeReference ? 'type' : ''}${r.isValueReference ? 'value' : ''}${r.isWrite() ? ' write' : ''} -> ${variableName(r.resolved)}`;
  const out: string[] = [];
  for (const [index, scope] of manager.scopes.entries()) {
    out.push(`scope ${index} ${scope.type} ${at(scope.block)} upper ${scope.upper ? scopeIndex.get(scope.upper) : '-'}`);
    let variables = [...scope.variables];
    if (scope.type === 'global') {
      variables = variables.filter((v) => v.references.length > 0 || v.defs.length > 0 || !(v instanceof ImplicitLibVariable));
      variables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      assert.equal(scope.set.size >= variables.length, true);
    }
    for (const variable of variables) {
      assert.equal(scope.set.get(variable.name), variable, `${variable.name} is in its scope's set`);
      out.push(
        `  var ${variableName(variable)} type=${variable.isTypeVariable} value=${variable.isValueVariable}` +
          ` defs=[${variable.defs.map((d) => `${d.type}:${at(d.name)}`).join(' ')}] ids=[${variable.identifiers.map(at).join(' ')}]` +
          ` refs=[${variable.references.map((r) => at(r.identifier)).join(' ')}]`,
      );
      for (const def of variable.defs) {
        for (const node of [def.node, def.parent]) if (node) assert.ok(manager.getDeclaredVariables(node).includes(variable), `${variable.name}: declared by its definition`);
      }
    }
    for (const r of scope.references) out.push(`  ref ${reference(r)}`);
    out.push(`  through [${scope.through.map((r) => at(r.identifier)).join(' ')}]`);
  }
  return out;
}

function assertSameAsFullLib(text: string, path: string): void {
  const parsed = parseSource(text, path);
  if (!parsed.ok) return;
  return assertSameScopes(parsed.ast, path);
}

function assertSameScopes(ast: TSESTree.Program, path: string): void {
  const parsed = { ast };
  const full = analyze(parsed.ast, { sourceType: parsed.ast.sourceType, jsxPragma: null, lib: LIB });
  assert.deepEqual(describeScopes(analyzeScopes(parsed.ast)), describeScopes(full), `${path}: scopes differ from the full lib's`);
}

test('every fixture file gets the scopes the full lib gives', () => {
  const files = listFixtureFiles(FIXTURES).filter(isSupportedFile);
  assert.ok(files.length > 80, `${files.length} fixture files`);
  for (const path of files) assertSameAsFullLib(readFileSync(path, 'utf8'), path);
});

describe('shapes where the lib changes what a name means', () => {
  // Lib globals are the language's and the DOM's classes and interfaces (`JSON`, `URL`, `Map`,
  // `Storage`, `RequestInit`...), not `declare var` names such as `document` or `eval`.
  const cases: [string, string, string][] = [
    ['module reading lib globals', 'a.mjs', "import x from 'x';\nexport const f = (s) => new URL(s, x) + JSON.stringify(new Map()) + document.cookie;\n"],
    ['script reading lib globals from nested functions', 'a.js', "function f(s) { return function () { return setTimeout(() => Date.now() + Math.random(s), 1) + new Error(s); }; }\nmodule.exports = f;\n"],
    ['script redeclaring a lib global', 'a.js', "const URL = require('url');\nvar Storage = 'x';\nfunction Headers() { return URL.parse(Storage); }\nHeaders(); Storage = Storage + 1;\n"],
    ['script redeclaring a lib global as a type and a value', 'a.ts', 'interface Window { rugged: string }\nconst Response = 1;\nlet w: Window = window; let r: Response = Response; let h: Headers = new Headers();\n'],
    ['type-only lib names as values and types', 'a.ts', 'export function f(init: RequestInit, x: typeof RequestInit, h: HTMLElement, p: Promise<string>) { return RequestInit ?? HTMLElement ?? Promise ?? init ?? x ?? h ?? p; }\n'],
    ['a script declaring a type-only lib name as a value', 'a.js', 'const RequestInit = {};\nfunction g() { return RequestInit; }\ng();\n'],
    ['writes to undeclared lib and non-lib names', 'a.js', "Response = 'x'; undeclaredGlobal = 2; JSON = Response + undeclaredGlobal; [Map] = [1];\n"],
    ['a with block', 'a.js', 'with (obj) { JSON.parse(URL); }\nfunction f() { return JSON; }\n'],
    ['declare global in a module', 'a.ts', "declare global { interface Window { rugged: string } }\nexport const w: Window = window;\nexport {};\n"],
    ['shadowing lib names locally', 'a.mjs', 'export function f(URL, Map) { const JSON = 1; return URL + Map + JSON + Date; }\n'],
    ['as const and class members', 'a.ts', 'export const k = [1] as const;\nexport class Storage { length = 0; get(key: string): Storage { return localStorage.getItem(key) ?? this; } }\n'],
  ];
  for (const [name, path, text] of cases) {
    test(name, () => {
      const parsed = parseSource(text, path);
      assert.ok(parsed.ok, `${name} parses`);
      assertSameScopes(parsed.ast, path);
    });
  }
});
