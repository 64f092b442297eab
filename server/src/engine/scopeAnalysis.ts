// Scope analysis (typescript-eslint's scope-manager) without defining every lib global up front.
// scope-manager defines each of the ~2,000 `esnext` + `dom` globals in every file's global scope
// before it visits the file, which was a twentieth of a full scan's CPU, while a file names a few
// dozen of them. Here the file is analysed with no lib, and the lib globals its references reach are
// defined afterwards, resolving exactly the references the global scope would have resolved to
// them, in the same order: the variables, references and resolutions are those of the full lib
// (test/engine/scopeAnalysis.test.ts compares both over every fixture). Where that cannot be
// shown cheaply (a script redeclaring a lib global with other kinds than the lib's), the file is
// analysed again with the full lib.
// Every reference the global scope cannot resolve ends in its `through` list (a `with` block hands
// its references up too), which is why resolving them afterwards is the same as resolving them then.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { analyze, ImplicitLibVariable, type AnalyzeOptions, type ImplicitLibVariableOptions, type Reference, type Scope, type ScopeManager, type Variable } from '@typescript-eslint/scope-manager';

/** The globals code may use: the language's and the browser's. */
export const LIB: NonNullable<AnalyzeOptions['lib']> = ['esnext', 'dom'];

let libGlobals: Map<string, ImplicitLibVariableOptions> | undefined;

/** Every lib global and its kinds, read once from scope-manager's own analysis of an empty module. */
function libOptions(): Map<string, ImplicitLibVariableOptions> {
  if (libGlobals) return libGlobals;
  const empty = { type: 'Program', body: [], sourceType: 'module', range: [0, 0], loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } }, comments: [], tokens: [] } as unknown as TSESTree.Program;
  const globalScope = analyze(empty, { sourceType: 'module', lib: LIB }).globalScope!;
  libGlobals = new Map();
  for (const variable of globalScope.variables) {
    // `const` (for `as const`) is defined whatever the lib, so it is already there without one.
    if (!(variable instanceof ImplicitLibVariable) || variable.name === 'const') continue;
    const { isTypeVariable, isValueVariable, writeable, eslintImplicitGlobalSetting } = variable;
    libGlobals.set(variable.name, { isTypeVariable, isValueVariable, writeable, eslintImplicitGlobalSetting });
  }
  return libGlobals;
}

/** What `analyze(ast, { sourceType, jsxPragma: null, lib: LIB })` returns, built for less. */
export function analyzeScopes(ast: TSESTree.Program): ScopeManager {
  const options = { sourceType: ast.sourceType, jsxPragma: null };
  const manager = analyze(ast, { ...options, lib: [] });
  return withLibGlobals(manager, libOptions()) ? manager : analyze(ast, { ...options, lib: LIB });
}

const accepts = (options: ImplicitLibVariableOptions, reference: Reference): boolean =>
  (reference.isTypeReference && options.isTypeVariable === true) || (reference.isValueReference && options.isValueVariable === true);

/**
 * Turns an analysis made with no lib into the one the lib would have given, in place; false when
 * that is not certain and the caller must analyse with the lib instead.
 */
function withLibGlobals(manager: ScopeManager, lib: ReadonlyMap<string, ImplicitLibVariableOptions>): boolean {
  const global = manager.globalScope;
  if (!global) return false;
  const through = global.through;
  // A script's top-level declaration of a lib name adds its definitions to the lib's variable, and
  // references resolve by the lib's kinds rather than the declaration's: swap the variable when
  // the two resolve the same references, as they do for `const crypto = require('crypto')`.
  for (let index = 0; index < global.variables.length; index++) {
    const declared = global.variables[index];
    const options = lib.get(declared.name);
    if (!options || declared instanceof ImplicitLibVariable) continue;
    if (!declared.references.every((reference) => accepts(options, reference))) return false;
    if (through.some((reference) => reference.identifier.name === declared.name && accepts(options, reference))) return false;
    global.variables[index] = replaced(manager, global, declared, options);
  }
  const left: Reference[] = [];
  for (const reference of through) {
    const name = reference.identifier.name;
    const options = lib.get(name);
    if (!options || !accepts(options, reference)) {
      left.push(reference);
      continue;
    }
    let variable = global.set.get(name);
    if (!variable) {
      global.defineImplicitVariable(name, options);
      variable = global.set.get(name)!;
    }
    variable.references.push(reference);
    reference.resolved = variable;
  }
  global.through = left;
  // With the lib, an assignment to an undeclared lib name never creates an implicit global.
  // (`implicit` is declared private but read by ESLint's own tests, so it is kept as the lib leaves it.)
  const implicit = (global as unknown as { implicit: ImplicitGlobals }).implicit;
  implicit.variables = implicit.variables.filter((variable) => !lib.has(variable.name));
  for (const name of [...implicit.set.keys()]) if (lib.has(name)) implicit.set.delete(name);
  implicit.leftToBeResolved = [...left];
  return true;
}

interface ImplicitGlobals {
  set: Map<string, Variable>;
  variables: Variable[];
  leftToBeResolved: Reference[];
}

/** The lib's variable carrying `declared`'s definitions, identifiers and references, in its place. */
function replaced(manager: ScopeManager, global: Scope, declared: Variable, options: ImplicitLibVariableOptions): Variable {
  const variable = new ImplicitLibVariable(global, declared.name, options);
  variable.defs.push(...declared.defs);
  variable.identifiers.push(...declared.identifiers);
  for (const reference of declared.references) {
    variable.references.push(reference);
    reference.resolved = variable;
  }
  global.set.set(declared.name, variable);
  for (const def of declared.defs) {
    for (const node of [def.node, def.parent]) {
      const list = node ? manager.declaredVariables.get(node) : undefined;
      const at = list ? list.indexOf(declared) : -1;
      if (list && at >= 0) list[at] = variable;
    }
  }
  return variable;
}
