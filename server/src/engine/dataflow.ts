// Data flow inside a file, without type information: where does the value of an expression come
// from? Values are followed through variables (every assignment, `+=`, destructuring), string
// building (`+`, templates, util.format, join, replace, concat) and into function parameters of
// request handlers. The analysis is flow-insensitive within a variable's scope: a variable is as
// dangerous as the most dangerous value ever assigned to it, which errs on the side of reporting
// only when some assignment really carries request data.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Reference, Scope, ScopeManager, Variable } from '@typescript-eslint/scope-manager';
import { analyzeScopes } from './scopeAnalysis';
import { dottedName, isFunctionNode as isFunction, keyNameOf, propertyName, returnedExpressions, unwrap, type FunctionNode } from './astNodes';
import { callSitesOf, handoffsOf } from './callSites';
import { handedOverParameter } from './handovers';
import { createServerlessHandlerTest } from './serverlessHandlers';
import { streamReadParameter } from './bodyReaders';
import { isInputFieldHere } from './frameworkEvidence';
import { isKoaContext } from './koaContext';
import { createObjectResults, type ObjectResults } from './objectResults';
import type { FunctionSummary } from './summaries';
import { commonGuard, createGuards, type Guard } from './guards';
import { ARCHIVE_CONSTRUCTORS, ARCHIVE_FACTORY_METHODS, ARCHIVE_KINDS, ENTRY_CALLBACK_OPTIONS, ENTRY_EVENTS, ENTRY_LIST_METHODS, UNZIPPER_OPEN, type ArchiveKindName } from './archiveSources';
import {
  BROWSER_SOURCES, CONTEXT_ANSWER_FIELDS, CONTROLLER_CLASS_DECORATOR, HANDLER_EXPORT_NAMES, INPUT_DECORATORS, PARSING_PIPE, REQUEST_DECORATORS, REQUEST_INPUT_FIELDS,
  REQUEST_INPUT_METHODS, REQUEST_PARAM_NAMES, ROUTE_METHODS, STORED_UPLOAD_FIELDS, UPLOAD_FIELDS,
} from './requestSources';

/** constant: built only from literals and constants; unknown: cannot tell; tainted: carries external input. */
export type Origin = 'constant' | 'unknown' | 'tainted';

export interface TaintSource {
  node: TSESTree.Node;
  /** Human description of the source, e.g. "req.query". */
  description: string;
  /** Set for a name read from an archive's entries (only in `DataFlow.archiveFlow`); request input otherwise. */
  kind?: 'archive-entry';
  /**
   * The input is a file the request uploaded, or a list of them (`req.file`, `ctx.request.files`):
   * where the middleware stored it (`STORED_UPLOAD_FIELDS`) is the server's choice, not input.
   */
  upload?: boolean;
}

/** One step of a tainted value's way from its source to the sink, such as a call that passes it on. */
export interface FlowStep {
  node: TSESTree.Node;
  /** What happens there, as a sentence fragment: "passed to `findUser` here". */
  message: string;
  /**
   * Set when the step is a local call handing the whole value to a plain parameter: the argument
   * and the parameter's declared name, so a sink that takes the parameter as it is (a generic
   * `run(sql)`) can report at the call that built the value, where the fix goes.
   */
  handover?: { argument: TSESTree.Node; parameter: TSESTree.Identifier };
}

/** A value a local caller built and handed to a function that passes it to a sink as it came. */
export interface CallerValue {
  /** The argument of the call (further out, through wrappers that pass it on too) where the value was built. */
  argument: TSESTree.Node;
  /** Its value, with each call it crossed as a path step and the checks on the way applied. */
  value: FlowValue;
}

export interface FlowValue {
  origin: Origin;
  /** True when the string is assembled at run time (concatenation, template with expressions, format, join...). */
  built: boolean;
  /** Where external input enters, for tainted values. */
  source?: TaintSource;
  /**
   * The calls a tainted value crossed between its source and here, in order (a handler passing
   * `req.query.id` to a helper of the same file), so a finding can show the whole way.
   */
  path?: readonly FlowStep[];
  /** The value is the request object itself (req, ctx, event), not yet a field of it. */
  requestObject?: boolean;
  /**
   * Only in `DataFlow.archiveFlow`: the value is an archive object or one of its entries (a list of
   * entries reads the same), whose name fields are the archive maker's choice (`archiveSources.ts`).
   */
  archive?: ArchiveKindName;
  /**
   * A check that protects every part of the value that gives it its origin, at the place it is
   * read (`guards.ts`). A check proving the value is a constant or a number makes it `constant`
   * instead; what remains here protects against one hazard only, or is a check Rugged cannot read.
   */
  guard?: Guard;
  /**
   * For unknown values: a parameter of the enclosing function (or a field of one) is part of it, so
   * whoever calls the function chooses it. Unknown values without it come from the code's own
   * plumbing (`this.*`, metadata objects, results of internal calls); rules show those only in the
   * audit profile.
   */
  parameter?: boolean;
  /**
   * With `parameter`: the parameter reaches the value only through what a call returned when given
   * it (`applySort(query).order`, `normalise(name)`), so the called function, not the caller,
   * decided the value. Request input handed to such a call does not set it. Rules that keep a
   * parameter's findings in the default output move these to the audit profile.
   */
  throughCall?: boolean;
  /**
   * Only in the flow that summarises functions: the parameters (their declared identifiers) whose
   * value is part of this one, so a call can substitute its own arguments for them.
   */
  params?: readonly TSESTree.Identifier[];
  /**
   * Only in the flow that summarises sinks: markers of `params` that are part of this value only
   * through these fields of the parameter (`args.where`), so a caller's object is judged by them
   * alone. A marker not listed is part of it whole (read itself, spread, passed on).
   */
  paramFields?: ReadonlyMap<TSESTree.Identifier, readonly string[]>;
  /**
   * Only in the flow that summarises sinks: the value is the parameter itself, or the field of it
   * `paramFields` names, as it came (through variables, `||`, `?:`), not a call's result, a string
   * built from it or a container holding it. Only such a value's fields are the parameter's fields.
   */
  asCame?: boolean;
  /**
   * Only in the flow that summarises sinks, when `guard` is absent: the checks that protect the
   * part of this value a marker gives it (`${dir}/${name}` after a check on `name` alone). A
   * summary leaves such a marker out of the sink's fact, or lowers it, as the check decides.
   */
  paramGuards?: ReadonlyMap<TSESTree.Identifier, Guard>;
  /**
   * Unknown only because the analysis stopped (depth limit or step budget), not because the code
   * made it: the value may well carry input, so rules keep such findings in the default output.
   */
  cutShort?: boolean;
}

export interface DataFlow {
  valueOf(node: TSESTree.Node): FlowValue;
  /** The variable an identifier refers to, when scope analysis resolves it. */
  variableOf(node: TSESTree.Identifier): Variable | undefined;
  /**
   * Expressions ever assigned to the variable an identifier names (declaration init, `=`, `+=`).
   * The list is shared by every caller asking about the same variable: read it, never change it.
   */
  assignmentsOf(node: TSESTree.Identifier): TSESTree.Node[];
  /** The check that protects the value read at this identifier or member expression, if any (`guards.ts`). */
  guardOf(node: TSESTree.Node): Guard | undefined;
  /**
   * The argument an immediately invoked function received for the parameter this identifier
   * names: `$` in `(function ($) { ... })(jQuery)` stands for `jQuery`. Undefined for any other
   * identifier, and for a parameter the function reassigns.
   */
  iifeArgumentOf(node: TSESTree.Identifier): TSESTree.Node | undefined;
  /**
   * The global an identifier names, itself or through IIFE parameters (`doc` in
   * `(function (win, doc) { ... })(window, document)` is `document`); undefined for a local.
   */
  globalNameOf(node: TSESTree.Identifier): string | undefined;
  /**
   * The same flow with one more kind of outside input: names of archive entries (adm-zip,
   * unzipper, yauzl, node-tar, tar-stream, JSZip), tainted with `TaintSource.kind` 'archive-entry'.
   * Built on first use and sharing the scope tables and step budget; only zip-slip asks it, so
   * rules about request input never see archive names.
   */
  archiveFlow(): DataFlow;
  /**
   * When the value read here is a parameter of the enclosing function as its local callers handed
   * it over (the parameter itself, or a copy reshaped without added text: `sql.trim()`), the tainted
   * value each call passes, one per call; through a wrapper that passes its own parameter on the
   * same way, one per call of the wrapper. Undefined when the function adds to the value, when no
   * local caller taints it, and in the flows that summarise functions.
   */
  valuesByCaller(node: TSESTree.Node): readonly CallerValue[] | undefined;
  /**
   * The argument `{ where, req }` as far as a callee reads `keys` of it: the properties under those
   * keys, and every spread or computed key, which may hold any of them. Any other expression whole.
   */
  fieldsValueOf(argument: TSESTree.Node, keys: readonly string[]): FlowValue;
  /**
   * The expression is an object or array on every path: literals, a variable only ever given such,
   * a call of a function of this file, or of an imported one whose summary says so, that returns
   * only such (`objectResults.ts`). Frameworks answer such a value as JSON.
   */
  isObjectShaped(node: TSESTree.Node): boolean;
}

/** The engine's view of a file's data flow: the rules' questions plus what answering them cost. */
export interface DataFlowEngine extends DataFlow {
  /** Steps spent so far; a step is one expression or variable evaluated, or one assignment visited. */
  steps(): number;
  /** True once the step budget ran out: later answers are `unknown`, so findings may be missing. */
  exhausted(): boolean;
}

export interface DataFlowOptions {
  /** Steps one file may spend on data flow; counted, not timed, so every machine gives the same result. */
  budget?: number;
  /** The summary of an imported function a callee names (`findUser`, `users.findUser`), if the front end supplied one. */
  importedFunction?: (callee: TSESTree.Node) => FunctionSummary | undefined;
  /**
   * `sinks`: every parameter of a function that is not a handler or an inline callback is request
   * input marked with `params`, so the rules' reports say which parameters reach which sinks.
   * The engine runs the rules over such a flow to summarise a module's functions.
   */
  mode?: 'plain' | 'sinks';
  /**
   * Another flow over the same AST whose scope tables this one reuses (they depend on the AST
   * alone), so a second flow over a file does not run scope analysis again; the budget stays its own.
   */
  sameFileAs?: DataFlowEngine;
}

/**
 * Far above what real files spend (a 250 KB parser about a thousand steps, 20,000 reassignments
 * of one variable about 120,000), low enough that a hostile file is cut off within seconds.
 */
export const DEFAULT_FLOW_BUDGET = 1_000_000;

/** String methods whose result carries the receiver's taint. */
const PROPAGATING_METHODS = new Set([
  'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'slice', 'substring',
  'substr', 'toString', 'valueOf', 'split', 'padStart', 'padEnd', 'repeat', 'normalize', 'at', 'charAt', 'map', 'filter',
  'flat', 'reverse', 'sort', 'concat', 'join', 'replace', 'replaceAll', 'format', 'getAll', 'values', 'entries', 'keys',
]);
/** Functions whose result is a number, boolean or escaped value: not injectable. */
const SANITISING_FUNCTIONS = new Set([
  'parseInt', 'parseFloat', 'Number', 'Boolean', 'BigInt', 'isNaN', 'escape', 'escapeId', 'escapeLiteral', 'escapeIdentifier',
  'encodeHTML', 'escapeHtml', 'sanitize', 'randomUUID', 'randomBytes', 'uuid', 'v4',
  // Drivers' and ORMs' own quoting of names and values (mysql, pg, knex, Sequelize, TypeORM).
  'quoteIdentifier', 'quoteIdentifiers', 'quoteTable', 'escapePath',
  // SQL text a query builder produced itself: its values are already bound as parameters.
  'getQuery', 'getSql', 'toQuery',
]);
/** Array methods whose callback gets the element's index as its second argument. */
const ARRAY_INDEX_CALLBACKS = new Set(['map', 'forEach', 'filter', 'some', 'every', 'find', 'findIndex', 'flatMap']);
/** Fields holding an ORM's metadata about entities and columns (TypeORM, MikroORM, Sequelize models). */
const METADATA_FIELDS = /^(metadata|\w+Metadata|metadatas|databaseName|databasePath|propertyPath|rawAttributes|tableAttributes)$/;
/** Functions that build a string from all their arguments. */
const FORMAT_FUNCTIONS = new Set(['format', 'sprintf', 'vsprintf']);

const MAX_DEPTH = 40;
/** Fields a sink fact follows into a parameter (`args.req.file.name`); deeper reads keep this prefix. */
const MAX_FIELD_PATH = 4;
/** The step of a field path that reads an element of a list: `[].path` is the `path` of any element. */
export const ELEMENT = '[]';
/** Methods whose result is a list of (some of) the receiver's elements, or of the arguments' too (`concat`). */
const LIST_KEEPING_METHODS = new Set(['filter', 'slice', 'reverse', 'sort', 'toSorted', 'toReversed', 'concat', 'splice']);
/** Methods that add their arguments to the receiver list. */
const LIST_ADDING_METHODS = new Set(['push', 'unshift', 'splice']);
/** Methods that hand back one element of the receiver. */
const ELEMENT_PICKING_METHODS = new Set(['find', 'findLast', 'at', 'pop', 'shift']);
/** Calls that copy other objects' fields into their first argument. */
const MERGING_CALLS = /(^|\.)(assign|merge|mergeWith|extend|defaults|defaultsDeep|set|mixin)$/;

const CONSTANT: FlowValue = { origin: 'constant', built: false };
const UNKNOWN: FlowValue = { origin: 'unknown', built: false };
const PARAMETER: FlowValue = { origin: 'unknown', built: false, parameter: true };
const PARAMETER_THROUGH_CALL: FlowValue = { origin: 'unknown', built: false, parameter: true, throughCall: true };
const CUT_SHORT: FlowValue = { origin: 'unknown', built: false, cutShort: true };
/** Receivers whose get/post/put/delete send a request rather than route one. */
const HTTP_CLIENT_RECEIVERS = /^(\$|jQuery|axios|got|superagent|needle|ky|\$http|fetch|cy)$|(^|\.)(http|httpClient|\$http|client|apiClient)$/;
/** Second parameters of a handler that answer the request. */
const RESPONSE_PARAM_NAMES = new Set(['res', 'response', 'reply', 'h', 'resp']);
/** First parameters of a callback that receives an answer or an error, never a request. */
const ANSWER_PARAM_NAMES = new Set(['data', 'err', 'error', 'response', 'resp', 'result', 'results', 'body', 'json', 'xhr', 'payload']);

function rank(origin: Origin): number {
  return origin === 'tainted' ? 2 : origin === 'unknown' ? 1 : 0;
}

/** Joins values: the most dangerous origin wins and its source is kept. */
export function join(values: FlowValue[], built: boolean): FlowValue {
  let best: FlowValue = CONSTANT;
  let anyBuilt = built;
  let requestObject = false;
  let archive: ArchiveKindName | undefined;
  let parameter = false;
  let directParameter = false;
  let cutShort = false;
  let params: TSESTree.Identifier[] | undefined;
  let fields: Map<TSESTree.Identifier, string[]> | undefined;
  let asCame = !built;
  let anyAsCame = false;
  const whole = new Set<TSESTree.Identifier>();
  // Per marker: the check common to every part it reaches the result through; null once one is unchecked.
  let markerGuards: Map<TSESTree.Identifier, Guard | null> | undefined;
  for (const value of values) {
    if (value.params?.length) {
      params = [...(params ?? []), ...value.params.filter((p) => !params?.includes(p))];
      for (const marker of value.params) {
        const guard = value.guard ?? value.paramGuards?.get(marker) ?? null;
        markerGuards ??= new Map();
        const seen = markerGuards.get(marker);
        markerGuards.set(marker, !markerGuards.has(marker) ? guard : seen && guard ? (commonGuard(seen, guard) ?? null) : null);
        const keys = value.paramFields?.get(marker);
        if (!keys) whole.add(marker);
        else fields = (fields ?? new Map()).set(marker, [...new Set([...(fields?.get(marker) ?? []), ...keys])]);
      }
    }
    cutShort ||= value.origin === 'unknown' && value.cutShort === true;
    if (value.params?.length) {
      asCame &&= value.asCame === true;
      anyAsCame ||= value.asCame === true;
    }
    if (rank(value.origin) > rank(best.origin)) best = value;
    anyBuilt ||= value.built;
    requestObject ||= value.requestObject === true;
    archive ??= value.archive;
    parameter ||= value.origin === 'unknown' && value.parameter === true;
    directParameter ||= value.origin === 'unknown' && value.parameter === true && value.throughCall !== true;
  }
  const joined: FlowValue = { origin: best.origin, built: anyBuilt, source: best.source };
  if (best.path) joined.path = best.path;
  if (params) joined.params = params;
  // A marker read whole in any part is part of the result whole.
  for (const marker of whole) fields?.delete(marker);
  if (fields?.size) joined.paramFields = fields;
  if (asCame && anyAsCame && !anyBuilt) joined.asCame = true;
  // Protected only if every part of the winning origin is: one unchecked part is enough to inject.
  if (best.origin !== 'constant') {
    let guard: Guard | undefined = best.guard;
    for (const value of values) if (value.origin === best.origin) guard = commonGuard(guard, value.guard);
    if (guard) joined.guard = guard;
  }
  if (!joined.guard && markerGuards && best.origin === 'tainted') {
    const checked = [...markerGuards].filter((entry): entry is [TSESTree.Identifier, Guard] => entry[1] !== null);
    if (checked.length > 0) joined.paramGuards = new Map(checked);
  }
  if (parameter && best.origin === 'unknown') joined.parameter = true;
  if (parameter && !directParameter && best.origin === 'unknown') joined.throughCall = true;
  if (cutShort && best.origin === 'unknown') joined.cutShort = true;
  // `const r = req` or `ctx.request` keeps pointing at the request object.
  if (requestObject && best.origin !== 'tainted' && !anyBuilt) joined.requestObject = true;
  if (archive && best.origin !== 'tainted' && !anyBuilt) joined.archive = archive;
  return joined;
}

/** A file's scope tables, built on the first question and shared by every flow over the file. */
interface ScopeTables {
  built?: { manager: ScopeManager; references: Map<TSESTree.Identifier, Reference>; declared: Map<TSESTree.Node, Variable> };
}

/** The scope tables behind each flow `createDataFlow` made, for `DataFlowOptions.sameFileAs`. */
const scopeTablesOf = new WeakMap<DataFlowEngine, ScopeTables>();

/** What the flows of one file share: the scope tables and the step budget. */
interface SharedState {
  scopes: ScopeTables;
  budget: number;
  spent: number;
  ranOut: boolean;
}

/** What a function's result is made of, with its own parameters set apart (see `returnSummary`). */
export interface ReturnSummary {
  /** The returned value's origin from everything except the function's parameters. */
  value: FlowValue;
  /** Indexes of the parameters whose value reaches the result. */
  params: number[];
  /**
   * For a parameter destructured as an object (`function f({ referrer, action })`), the keys whose
   * values reach the result, so a call `f({ referrer, action: req.query.action })` is judged by
   * `referrer` alone. Absent for a parameter whose whole value may reach it.
   */
  fields?: Record<number, string[]>;
  /**
   * Every part of the result that carries a parameter is that parameter (or the `fields` of it)
   * as it came (`return newArgs` after `let newArgs = args`), so a field of the result is that
   * field of the argument.
   */
  asCame?: boolean;
}

export function createDataFlow(
  ast: TSESTree.Program,
  getParent: (node: TSESTree.Node) => TSESTree.Node | undefined,
  options: DataFlowOptions = {},
): DataFlowEngine {
  const scopes = (options.sameFileAs && scopeTablesOf.get(options.sameFileAs)) ?? {};
  const shared: SharedState = { scopes, budget: options.budget ?? DEFAULT_FLOW_BUDGET, spent: 0, ranOut: false };
  const flow = createFlow(ast, getParent, shared, options.mode ?? 'plain', options.importedFunction, false);
  scopeTablesOf.set(flow, scopes);
  return flow;
}

/** The engine's flow with the function summaries it computes for the module's own exports. */
export interface FlowInstance extends DataFlowEngine {
  /** What `fn` returns, with its parameters set apart (from the summarising flow). */
  returnSummary(fn: FunctionNode): ReturnSummary;
  /** Every return of `fn` is an object or array, for its module's summary. */
  returnsOnlyObjects(fn: FunctionNode): boolean;
  /** Every `return` of the function gives an object literal with these keys only (`objectResults.ts`). */
  returnedKeys(fn: FunctionNode): readonly string[] | undefined;
  /** What `key` of `fn`'s result is made of, when it returns only object literals with plain keys (from the summarising flow). */
  keyReturnSummary(fn: FunctionNode, key: string): ReturnSummary | undefined;
  /** The element fields of the lists `fn` returns (`[].path`, `files.[].path`) that `keyReturnSummary` can tell apart. */
  returnedElementPaths(fn: FunctionNode): string[];
}

type FlowMode = 'plain' | 'sinks' | 'returns';

/**
 * `symbolic` is the flow that summarises functions: there a helper's parameter is not what its
 * callers pass but a marker (`FlowValue.params`) on a constant, so that what a function returns
 * can be told apart into what it makes itself and which parameters it passes through. The plain
 * flow asks it about each local function it sees called, and substitutes the call's arguments.
 */
function createFlow(
  ast: TSESTree.Program,
  getParent: (node: TSESTree.Node) => TSESTree.Node | undefined,
  shared: SharedState,
  mode: FlowMode,
  importedFunction: DataFlowOptions['importedFunction'],
  archive: boolean,
): FlowInstance {
  const symbolic = mode === 'returns';
  let summaries: FlowInstance | undefined;
  const summaryFlow = (): FlowInstance => (symbolic ? self : (summaries ??= createFlow(ast, getParent, shared, 'returns', importedFunction, archive)));
  let archiveView: FlowInstance | undefined;
  const archiveFlow = (): FlowInstance => (archive ? self : (archiveView ??= createFlow(ast, getParent, shared, mode, importedFunction, true)));
  const isServerlessHandler = createServerlessHandlerTest(ast);
  const summaryKeys = new Map<FunctionNode, object>();
  const keyedSummaryKeys = new Map<FunctionNode, Map<string, object>>();
  const fieldReadKeys = new Map<Variable, Map<string, object>>();
  // Keys are expression nodes and variables: a variable's value is the same wherever it is read,
  // so it is computed once however many times it is read or reassigned.
  const settled = new Map<object, FlowValue>();
  const tentative = new Map<object, { value: FlowValue; low: number; serial: number }>();
  const writesOf = new Map<Variable, TSESTree.Node[]>();
  const stack: Frame[] = [];
  const onStack = new Map<object, number>();
  let serials = 0;
  let nodeDepth = 0;

  function scopes(): NonNullable<ScopeTables['built']> {
    if (!shared.scopes.built) {
      const manager = analyzeScopes(ast);
      const references = new Map<TSESTree.Identifier, Reference>();
      const declared = new Map<TSESTree.Node, Variable>();
      for (const scope of manager.scopes) {
        for (const reference of scope.references) references.set(reference.identifier as TSESTree.Identifier, reference);
        for (const variable of scope.variables) for (const identifier of variable.identifiers) if (!declared.has(identifier)) declared.set(identifier, variable);
      }
      shared.scopes.built = { manager, references, declared };
    }
    return shared.scopes.built;
  }

  function spend(): boolean {
    if (shared.spent >= shared.budget) {
      shared.ranOut = true;
      return false;
    }
    shared.spent++;
    return true;
  }

  function variableOf(node: TSESTree.Identifier): Variable | undefined {
    const { references: refs, declared: declarations } = scopes();
    const reference = refs.get(node);
    if (reference) return reference.resolved ?? undefined;
    // A declaration's own identifier is not a reference; it is found among the declared variables.
    return declarations.get(node);
  }

  function assignmentsOf(node: TSESTree.Identifier): TSESTree.Node[] {
    const variable = variableOf(node);
    if (!variable) return [];
    // Rules ask at every sink; listing a variable written n times afresh each time cost n².
    const known = writesOf.get(variable);
    if (known) return known;
    const out: TSESTree.Node[] = [];
    for (const reference of variable.references) if (reference.isWrite() && reference.writeExpr) out.push(reference.writeExpr);
    writesOf.set(variable, out);
    return out;
  }

  const guards = createGuards({
    getParent,
    variableOf,
    isTainted: (node) => evaluate(node).origin === 'tainted',
    spend,
  });
  const guardsByRead = new Map<TSESTree.Node, Guard | undefined>();

  function guardOf(node: TSESTree.Node): Guard | undefined {
    if (guardsByRead.has(node)) return guardsByRead.get(node);
    const guard = guards.guardOf(node);
    guardsByRead.set(node, guard);
    return guard;
  }

  /** A read's value seen through the checks around it: a proven constant or number is constant. */
  function guarded(node: TSESTree.Node, value: FlowValue): FlowValue {
    if (value.origin === 'constant' || value.requestObject || value.archive) return value;
    const guard = guardOf(node);
    if (!guard) return value;
    if (guard.protects === 'all' && guard.strength === 'full') return CONSTANT;
    return { ...value, guard };
  }

  /** A field of a request object that holds the client's input, in this file (`frameworkEvidence.ts`). */
  function isInputField(name: string): boolean {
    return REQUEST_INPUT_FIELDS.has(name) && isInputFieldHere(name, ast);
  }

  function valueOf(node: TSESTree.Node): FlowValue {
    return evaluate(node);
  }

  function evaluate(node: TSESTree.Node): FlowValue {
    return memo(node, true, () => compute(node));
  }

  /**
   * Computes `key` once. A key met again while it is being computed is a cycle (`x = x + y`, or
   * `a = b; b = a`): it adds nothing the other assignments do not already bring, so it counts as
   * constant there. Whatever was computed under that assumption holds only while the key it
   * assumed about is still being computed (like Tarjan's low-link), so it is kept aside and reused
   * only until then; the rest is settled for good. The same goes for values cut short by the depth
   * limit or the budget, which hold only within the current question.
   */
  function memo(key: object, isNode: boolean, run: () => FlowValue): FlowValue {
    const known = settled.get(key);
    if (known) return known;
    const caller = stack[stack.length - 1];
    const at = onStack.get(key);
    if (at !== undefined) {
      if (caller) caller.low = Math.min(caller.low, at);
      return CONSTANT;
    }
    const kept = tentative.get(key);
    if (kept) {
      if (stack[kept.low]?.serial === kept.serial) {
        if (caller) caller.low = Math.min(caller.low, kept.low);
        return kept.value;
      }
      tentative.delete(key);
    }
    if ((isNode && nodeDepth >= MAX_DEPTH) || !spend()) {
      if (caller) caller.low = 0;
      return CUT_SHORT;
    }
    const index = stack.length;
    const frame: Frame = { low: Number.POSITIVE_INFINITY, serial: ++serials };
    stack.push(frame);
    onStack.set(key, index);
    if (isNode) nodeDepth++;
    let value: FlowValue;
    try {
      value = run();
    } finally {
      if (isNode) nodeDepth--;
      stack.pop();
      onStack.delete(key);
    }
    if (frame.low >= index) {
      settled.set(key, value);
    } else {
      tentative.set(key, { value, low: frame.low, serial: stack[frame.low].serial });
      if (caller) caller.low = Math.min(caller.low, frame.low);
    }
    return value;
  }

  function compute(raw: TSESTree.Node): FlowValue {
    const node = unwrap(raw);
    switch (node.type) {
      case 'Literal':
      case 'ThisExpression':
      case 'UpdateExpression':
      case 'ClassExpression':
        return CONSTANT;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return CONSTANT;
      case 'TemplateLiteral':
        return join(node.expressions.map((e) => evaluate(e)), node.expressions.length > 0);
      case 'TaggedTemplateExpression':
        // Tags such as Prisma.sql, sql`` (slonik, postgres.js) or html`` escape their values;
        // String.raw does not.
        if (dottedName(node.tag) === 'String.raw') return join(node.quasi.expressions.map((e) => evaluate(e)), true);
        return CONSTANT;
      case 'BinaryExpression':
        if (node.operator === '+') return join([evaluate(node.left), evaluate(node.right)], true);
        return CONSTANT;
      case 'UnaryExpression':
        return CONSTANT;
      case 'LogicalExpression':
        return join([evaluate(node.left), evaluate(node.right)], false);
      case 'ConditionalExpression':
        return join([evaluate(node.consequent), evaluate(node.alternate)], false);
      case 'SequenceExpression':
        return evaluate(node.expressions[node.expressions.length - 1]);
      case 'AssignmentExpression':
        return evaluate(node.right);
      case 'ArrayExpression':
        return notAsCame(join(node.elements.filter((e): e is TSESTree.Expression | TSESTree.SpreadElement => !!e).map((e) => evaluate(e)), false));
      case 'SpreadElement':
        return evaluate(node.argument);
      case 'ObjectExpression':
        return notAsCame(join(
          node.properties.map((p) => (p.type === 'Property' ? evaluate(p.value) : evaluate(p.argument))),
          false,
        ));
      case 'Identifier':
        return guarded(node, identifierValue(node));
      case 'MemberExpression':
        return guarded(node, memberValue(node));
      case 'CallExpression':
        return notAsCame(callValue(node));
      case 'NewExpression':
        return notAsCame(newValue(node));
      default:
        return UNKNOWN;
    }
  }

  function identifierValue(node: TSESTree.Identifier): FlowValue {
    if (node.name === 'undefined' || node.name === 'NaN' || node.name === 'Infinity') return CONSTANT;
    const variable = variableOf(node);
    if (!variable || variable.defs.length === 0) {
      // An undeclared global: `location` in the browser is attacker-controlled as a whole.
      if (node.name === 'location') return { origin: 'tainted', built: false, source: { node, description: 'location' } };
      return UNKNOWN;
    }
    return memo(variable, false, () => variableValue(variable));
  }

  /** The worst value ever given to a variable: its definitions and every write, wherever it is read. */
  function variableValue(variable: Variable): FlowValue {
    const values: FlowValue[] = [];
    for (const def of variable.defs) {
      if (def.type === 'Parameter') values.push(parameterValue(def.node, def.name as TSESTree.Identifier));
      else if (def.type === 'ImportBinding' || def.type === 'CatchClause' || def.type === 'ClassName') values.push(UNKNOWN);
      else if (def.type === 'FunctionName') values.push(CONSTANT);
    }
    for (const reference of variable.references) {
      // conditions.push(`name = '${q}'`): what is pushed into a list becomes part of it.
      const pushed = reference.isWrite() ? undefined : pushedValues(reference.identifier as TSESTree.Identifier);
      if (pushed) for (const item of pushed) values.push(evaluate(item));
      if (!reference.isWrite() || !reference.writeExpr) continue;
      if (!spend()) {
        values.push(UNKNOWN);
        const caller = stack[stack.length - 1];
        if (caller) caller.low = 0;
        break;
      }
      let written = evaluate(reference.writeExpr);
      // `for (const x of list)` and destructuring take a part of the written value; the taint is the
      // same, and `const { id } = req.query` names its source req.query.id.
      const key = destructuredKey(reference.identifier);
      // `const { files } = plan(args)`: the key of the returned literal, when the summary knows it.
      const keys = key ? destructuredPath(reference.identifier as TSESTree.Identifier) : undefined;
      // `for (const { path } of files)`: that field of the elements, where their shape is known.
      const list = keys?.length ? forOfListOf(reference.identifier as TSESTree.Identifier) : undefined;
      const element = list && keys ? elementField(list, keys) : undefined;
      if (element) {
        values.push(element);
        continue;
      }
      const keyed = keys?.length && !list ? keyedCallValue(reference.writeExpr, keys[0]) : undefined;
      if (keyed && keys) {
        values.push(fieldsAlong(keyed, keys.slice(1)));
        continue;
      }
      if (key && written.origin === 'tainted' && written.source?.upload && STORED_UPLOAD_FIELDS.has(key)) written = UNKNOWN;
      else if (key && written.origin === 'tainted' && written.source && written.source.node === reference.writeExpr) {
        written = { ...written, source: { node: written.source.node, description: `${written.source.description}.${key}`, ...(written.source.upload ? { upload: true } : {}) } };
      }
      // `const { where } = args` of a summarised parameter: that field of it, as `args.where` reads it.
      if (keys?.length && written.params) written = fieldsAlong(fieldRead(reference.writeExpr, keys[0]), keys.slice(1));
      // `const { body } = req`: the request's fields, as `req.body` would read them.
      if (key && written.requestObject) written = destructuredRequestField(reference.identifier as TSESTree.Identifier, reference.writeExpr, written);
      values.push(reference.isReadWrite() ? { ...written, built: true } : written);
    }
    if (values.length === 0) return UNKNOWN;
    return join(values, false);
  }

  /** The values `list.push(a, b)`, `list.unshift(a)` or `list.splice(i, n, a)` add to the list this identifier names. */
  function pushedValues(identifier: TSESTree.Identifier): TSESTree.Node[] | undefined {
    const member = getParent(identifier);
    if (member?.type !== 'MemberExpression' || member.object !== identifier) return undefined;
    const call = getParent(member);
    if (call?.type !== 'CallExpression' || call.callee !== member) return undefined;
    const method = propertyName(member);
    if (method === 'push' || method === 'unshift') return call.arguments;
    if (method === 'splice') return call.arguments.slice(2);
    return undefined;
  }

  /**
   * What a name destructured from a request object holds: `const { body } = req` is input, `{ body:
   * { content } }` too, `{ user }` is set by the server (a parameter-like unknown), `{ request } =
   * ctx` is still the request.
   */
  function destructuredRequestField(identifier: TSESTree.Identifier, request: TSESTree.Node, written: FlowValue): FlowValue {
    const keys = destructuredPath(identifier);
    const first = keys?.[0];
    if (!keys || !first) return UNKNOWN;
    const path = written.path ? { path: written.path } : {};
    // `const { body } = ctx`: Koa's answer, not the request's body.
    if (CONTEXT_ANSWER_FIELDS.has(first) && isKoaContext(request, { variableOf, getParent })) return UNKNOWN;
    if (isInputField(first) || first === 'data' || first === 'detail') {
      const upload = UPLOAD_FIELDS.has(first);
      // `const { file: { path } } = req`: where the middleware stored the upload.
      if (upload && keys.length > 1 && STORED_UPLOAD_FIELDS.has(keys[keys.length - 1])) return UNKNOWN;
      return { origin: 'tainted', built: false, source: { node: identifier, description: [describe(request), ...keys].join('.'), ...(upload ? { upload } : {}) }, ...path };
    }
    if ((first === 'request' || first === 'req') && keys.length === 1) return { origin: 'unknown', built: false, requestObject: true, ...path };
    return PARAMETER;
  }

  /** The keys from the pattern's top down to an identifier: `['body', 'content']` for `const { body: { content } } = req`. */
  function destructuredPath(identifier: TSESTree.Identifier): string[] | undefined {
    const keys: string[] = [];
    let node: TSESTree.Node = identifier;
    for (;;) {
      let parent = getParent(node);
      if (parent?.type === 'AssignmentPattern' && parent.left === node) {
        node = parent;
        parent = getParent(node);
      }
      if (parent?.type !== 'Property' || parent.value !== node) return undefined;
      const pattern = getParent(parent);
      if (pattern?.type !== 'ObjectPattern') return undefined;
      const key = !parent.computed && parent.key.type === 'Identifier' ? parent.key.name : parent.key.type === 'Literal' && typeof parent.key.value === 'string' ? parent.key.value : undefined;
      if (key === undefined) return undefined;
      keys.unshift(key);
      const outer = getParent(pattern);
      if (outer?.type === 'Property' && outer.value === pattern) {
        node = pattern;
        continue;
      }
      return keys;
    }
  }

  /** The property name an identifier takes in an object pattern (`{ id }` or `{ id: local }`). */
  function destructuredKey(identifier: TSESTree.Node): string | undefined {
    let node: TSESTree.Node = identifier;
    let parent = getParent(node);
    if (parent?.type === 'AssignmentPattern' && parent.left === node) {
      node = parent;
      parent = getParent(node);
    }
    if (parent?.type !== 'Property' || parent.value !== node || getParent(parent)?.type !== 'ObjectPattern') return undefined;
    if (!parent.computed && parent.key.type === 'Identifier') return parent.key.name;
    return parent.key.type === 'Literal' && typeof parent.key.value === 'string' ? parent.key.value : undefined;
  }

  /** Parameters of request handlers (and parameters named like a request) hold request objects. */
  function parameterValue(fn: TSESTree.Node, name: TSESTree.Identifier): FlowValue {
    if (!isFunction(fn)) return UNKNOWN;
    const index = fn.params.findIndex((p) => containsNode(p, name));
    const param = index >= 0 ? fn.params[index] : undefined;
    // (function ($, doc) { ... })(jQuery, document): the parameter is the argument under a new name.
    const passed = param === name ? immediateArgument(fn, index) : undefined;
    if (passed) return evaluate(passed);
    if (param && param.type === 'AssignmentPattern' && param.left === name) {
      const fallback = evaluate(param.right);
      if (fallback.origin !== 'constant') return fallback;
    }
    if (archive) {
      const entry = archiveParameterValue(fn, index, name);
      if (entry) return entry;
    }
    // list.map((item, i) => `$${i + 1}`): the first parameter of an array callback is an element
    // of the list, as safe or dangerous as the list; the second is an index.
    const list = arrayCallbackReceiver(fn);
    if (list && index === 0 && param?.type === 'ObjectPattern') {
      // `files.forEach(({ path }) => ...)`: that field of the elements, where their shape is known.
      const keys = destructuredPath(name);
      const field = keys?.length ? elementField(list, keys) : undefined;
      if (field) return field;
    }
    if (list && index === 0 && (param === name || param?.type === 'ObjectPattern' || param?.type === 'ArrayPattern')) return evaluate(list);
    if (list && index === 1) return CONSTANT;
    const decorated = param ? decoratedParameterValue(fn, param, name) : undefined;
    if (decorated) return decorated;
    const handler = handlerKind(fn);
    const isDestructured = param !== undefined && param !== name && param.type !== 'AssignmentPattern';
    // export async function GET(request, { params }): the route's dynamic segments.
    if (index === 1 && isAppRouteHandler(fn)) {
      if (!isDestructured) return { origin: 'unknown', built: false, requestObject: true };
      if (name.name === 'params') return { origin: 'tainted', built: false, source: { node: name, description: 'route params' } };
    }
    if (index === 0 && handler === 'message') {
      return { origin: 'unknown', built: false, requestObject: true };
    }
    if (index === 0 && handler === undefined && isDestructured && answersWithSecondParameter(fn)) {
      // A handler returned by a factory, `(deps) => async ({ query }, res) => ...`: the request's
      // input fields destructured beside a response are the request's, whoever registers it.
      return isInputField(name.name) ? { origin: 'tainted', built: false, source: { node: name, description: `request ${name.name}` } } : UNKNOWN;
    }
    if (index === 0 && handler !== undefined) {
      if (isDestructured) {
        // ({ query }, res) => ...: a destructured field of the request.
        return isInputField(name.name)
          ? { origin: 'tainted', built: false, source: { node: name, description: `request ${name.name}` } }
          : UNKNOWN;
      }
      return { origin: 'unknown', built: false, requestObject: true };
    }
    if (!isDestructured && REQUEST_PARAM_NAMES.has(name.name)) return { origin: 'unknown', built: false, requestObject: true };
    // An inline callback (`get(url, (data) => ...)`, `rows.forEach((row) => ...)`) receives what a
    // library or the code's own plumbing hands it, not what a caller of the code chose.
    const parent = getParent(fn);
    if (parent?.type === 'CallExpression' && parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) return UNKNOWN;
    if (!param || param.type === 'RestElement') return PARAMETER;
    if (symbolic) return { origin: 'constant', built: false, params: [name], asCame: true };
    const callers = fromCallers(fn, index, param === name ? name : undefined);
    if (mode !== 'sinks') return callers;
    // Summarising sinks: every parameter is input. A local caller passing on a parameter of its
    // own (an exported function calling a private helper) makes the fact that parameter's too.
    const marker: FlowValue = { origin: 'tainted', built: false, source: { node: name, description: name.name }, params: [name], asCame: true };
    if (callers.origin !== 'tainted' || !callers.params?.length) return marker;
    // Only the first tainted caller is followed, so the fields it passed say nothing of the others'
    // (`run(args.where); run(args.order)`): the callers' parameters count whole here.
    const { paramFields: _seenByOneCaller, ...whole } = callers;
    return join([whole, marker], false);
  }

  /**
   * A helper's parameter is as dangerous as the worst argument its callers in this file pass: a
   * handler handing `req.query.id` to `findUser(id)` makes `id` request input inside `findUser`,
   * so the finding lands at the sink in the helper, where the fix goes. Callers elsewhere stay
   * unseen, so a parameter no local caller taints keeps its `parameter` mark.
   */
  function fromCallers(fn: FunctionNode, index: number, parameter: TSESTree.Identifier | undefined): FlowValue {
    let worst: FlowValue | undefined;
    for (const site of callersOf(fn)) {
      const args = site.call.arguments;
      // After a spread, which argument lands in which parameter is unknown.
      if (args.slice(0, index + 1).some((a) => a.type === 'SpreadElement')) continue;
      const arg = args[index];
      if (!arg) continue;
      const value = evaluate(arg);
      if (value.origin === 'tainted' && (!worst || worst.origin !== 'tainted')) {
        const step: FlowStep = { node: site.call, message: `passed to \`${site.name}\` here`, ...(parameter ? { handover: { argument: arg, parameter } } : {}) };
        worst = { ...value, path: [...(value.path ?? []), step] };
      } else if (value.requestObject && !worst) {
        // `loadUser(req)`: the helper reads the request's fields itself.
        worst = { ...value, path: [...(value.path ?? []), { node: site.call, message: `the request is passed to \`${site.name}\` here` }] };
      } else if (value.archive && !worst) {
        // `save(entry)`: the helper reads the entry's name itself.
        worst = { ...value, path: [...(value.path ?? []), { node: site.call, message: `an archive entry is passed to \`${site.name}\` here` }] };
      }
    }
    return worst ?? PARAMETER;
  }

  /** Wrappers followed out from a sink's read (`route → save(sql) → run(sql) → query`). */
  const MAX_HANDOVER_DEPTH = 8;

  function valuesByCaller(node: TSESTree.Node, within: Set<TSESTree.Identifier> = new Set()): CallerValue[] | undefined {
    if (mode !== 'plain' || within.size >= MAX_HANDOVER_DEPTH) return undefined;
    const handed = handedOverParameter(node, { getParent, variableOf });
    if (!handed || within.has(handed.parameter)) return undefined;
    const { fn, index, parameter, reads } = handed;
    // Only a parameter whose value the flow takes from its callers (not a handler's request, not
    // an inline callback's) and that some caller taints: the same test the plain flow's step makes.
    const own = parameterValue(fn, parameter);
    if (own.path?.[own.path.length - 1]?.handover?.parameter !== parameter) return undefined;
    within.add(parameter);
    const out: CallerValue[] = [];
    for (const site of callersOf(fn)) {
      const args = site.call.arguments;
      if (args.slice(0, index + 1).some((a) => a.type === 'SpreadElement')) continue;
      const arg = args[index];
      if (!arg) continue;
      const step: FlowStep = { node: site.call, message: `passed to \`${site.name}\` here`, handover: { argument: arg, parameter } };
      const further = valuesByCaller(arg, within) ?? [{ argument: arg, value: evaluate(arg) }];
      for (const passed of further) {
        if (passed.value.origin !== 'tainted') continue;
        let value: FlowValue = { ...passed.value, path: [...(passed.value.path ?? []), step] };
        for (const read of reads) value = guarded(read, value);
        if (value.origin === 'tainted') out.push({ argument: passed.argument, value });
      }
    }
    within.delete(parameter);
    return out;
  }

  const callers = new Map<FunctionNode, ReturnType<typeof callSitesOf>>();
  function callersOf(fn: FunctionNode): ReturnType<typeof callSitesOf> {
    let known = callers.get(fn);
    if (!known) {
      known = callSitesOf(fn, { getParent, variableOf });
      callers.set(fn, known);
    }
    return known;
  }

  /**
   * `@Body() dto`, `@Query('q') q`, `@Req() req` on a method of a class decorated as a controller
   * (NestJS, routing-controllers, Ts.ED): the framework injects client input there. A parsing
   * pipe (`@Param('id', ParseIntPipe)`) hands over a number, boolean, UUID or enum member.
   */
  function decoratedParameterValue(fn: FunctionNode, param: TSESTree.Parameter, name: TSESTree.Identifier): FlowValue | undefined {
    const target = param.type === 'TSParameterProperty' ? param.parameter : param;
    const decorators = (param.decorators?.length ? param.decorators : 'decorators' in target ? target.decorators : undefined) ?? [];
    if (decorators.length === 0 || !isControllerMethod(fn)) return undefined;
    for (const decorator of decorators) {
      const expression = unwrap(decorator.expression);
      const call = expression.type === 'CallExpression' ? expression : undefined;
      const decoratorName = lastSegment(dottedName(call ? call.callee : expression));
      if (!decoratorName) continue;
      if (REQUEST_DECORATORS.has(decoratorName)) return { origin: 'unknown', built: false, requestObject: true };
      if (!INPUT_DECORATORS.has(decoratorName)) continue;
      const args = call?.arguments ?? [];
      if (args.some((a) => PARSING_PIPE.test(lastSegment(dottedName(a.type === 'NewExpression' ? a.callee : a)) ?? ''))) return CONSTANT;
      const key = args[0]?.type === 'Literal' && typeof args[0].value === 'string' ? `'${args[0].value}'` : '';
      return { origin: 'tainted', built: false, source: { node: name, description: `@${decoratorName}(${key}) ${name.name}` } };
    }
    return undefined;
  }

  function isControllerMethod(fn: FunctionNode): boolean {
    const method = getParent(fn);
    if (method?.type !== 'MethodDefinition' || method.value !== fn) return false;
    const owner = getParent(method) && getParent(getParent(method)!);
    if (owner?.type !== 'ClassDeclaration' && owner?.type !== 'ClassExpression') return false;
    return owner.decorators.some((d) => CONTROLLER_CLASS_DECORATOR.test(lastSegment(dottedName(unwrap(d.expression).type === 'CallExpression' ? (unwrap(d.expression) as TSESTree.CallExpression).callee : d.expression)) ?? ''));
  }

  /** `export async function GET(request, context)` and `export const POST = async (...) => ...` (Next.js App Router). */
  function isAppRouteHandler(fn: FunctionNode): boolean {
    const parent = getParent(fn);
    if (fn.type === 'FunctionDeclaration') return !!fn.id && parent?.type === 'ExportNamedDeclaration' && HANDLER_EXPORT_NAMES.has(fn.id.name);
    if (parent?.type !== 'VariableDeclarator' || parent.init !== fn || parent.id.type !== 'Identifier' || !HANDLER_EXPORT_NAMES.has(parent.id.name)) return false;
    const declaration = getParent(parent);
    return !!declaration && getParent(declaration)?.type === 'ExportNamedDeclaration';
  }

  /** `({ query }, res) => ...`: a second parameter named as a response (Express `res`, Fastify `reply`, Hapi `h`). */
  function answersWithSecondParameter(fn: TSESTree.FunctionLike): boolean {
    const second = fn.params[1];
    return second?.type === 'Identifier' && RESPONSE_PARAM_NAMES.has(second.name) && fn.params[0]?.type === 'ObjectPattern';
  }

  /**
   * A module's default export is a route handler in Next.js pages and some serverless platforms, but
   * as often a plain helper (`export default function remove(name)`, `module.exports = (cmd) =>
   * run(cmd)`), whose first parameter is its callers' value and must stay one. Only the shape tells
   * them apart: a request named or typed as one, its fields destructured, or a response beside it.
   */
  function isShapedLikeHandler(fn: TSESTree.FunctionLike): boolean {
    const [first, second] = fn.params;
    if (!first) return true;
    if (second?.type === 'Identifier' && RESPONSE_PARAM_NAMES.has(second.name)) return true;
    if (first.type === 'ObjectPattern') return true;
    if (first.type !== 'Identifier') return false;
    if (REQUEST_PARAM_NAMES.has(first.name) || first.name === 'event') return true;
    const annotation = first.typeAnnotation?.typeAnnotation;
    const typeName = annotation?.type === 'TSTypeReference' ? dottedName(annotation.typeName) : undefined;
    return typeName !== undefined && /(?:Request|Event|Context)$/.test(typeName);
  }

  /** The list whose elements a callback of `list.map(...)` (and its kin, and `Array.from(list, ...)`) receives. */
  function arrayCallbackReceiver(fn: TSESTree.FunctionLike): TSESTree.Node | undefined {
    const parent = getParent(fn);
    if (parent?.type !== 'CallExpression' || parent.callee.type !== 'MemberExpression') return undefined;
    const method = propertyName(parent.callee);
    if (method === 'from' && dottedName(parent.callee.object) === 'Array' && parent.arguments[1] === fn) return parent.arguments[0];
    return parent.arguments[0] === fn && method !== undefined && ARRAY_INDEX_CALLBACKS.has(method) ? parent.callee.object : undefined;
  }

  /** Why a function's first parameter is a request: an HTTP route, a Lambda handler, a message listener. */
  /**
   * `$.get(url, (data) => ...)`, `axios.post(url).then(...)`, `request.get(url, (err, res, body) => ...)`:
   * an HTTP client's callback receives the server's answer, not a request. Told apart from a route
   * by the receiver and by a first parameter named as an answer or an error.
   */
  function isHttpClientCallback(callee: TSESTree.MemberExpression, fn: TSESTree.FunctionLike): boolean {
    const receiver = dottedName(callee.object) ?? '';
    if (HTTP_CLIENT_RECEIVERS.test(receiver)) return true;
    const first = fn.params[0];
    return first?.type === 'Identifier' && ANSWER_PARAM_NAMES.has(first.name);
  }

  function handlerKind(fn: TSESTree.FunctionLike): 'http' | 'lambda' | 'message' | undefined {
    const parent = getParent(fn);
    if (!parent) return undefined;
    if (parent.type === 'CallExpression' && parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
      const callee = parent.callee;
      if (callee.type === 'MemberExpression') {
        const method = propertyName(callee);
        if (method === 'addEventListener' || method === 'on') {
          const first = parent.arguments[0];
          if (first?.type === 'Literal' && first.value === 'message') return 'message';
          return undefined;
        }
        if (method && ROUTE_METHODS.has(method) && !isHttpClientCallback(callee, fn)) return 'http';
      }
      if (callee.type === 'Identifier' && (callee.name === 'createServer' || callee.name === 'handler')) return 'http';
      if (callee.type === 'MemberExpression' && propertyName(callee) === 'createServer') return 'http';
      return undefined;
    }
    // { method: 'GET', path: '/', handler(request, h) {} } (Hapi) and { handler: async (request) => {} } (Fastify)
    if (parent.type === 'Property' && parent.value === fn && parent.key.type === 'Identifier' && parent.key.name === 'handler') return 'http';
    // onmessage = (event) => ...
    if (parent.type === 'AssignmentExpression' && parent.right === fn) {
      const target = dottedName(parent.left) ?? '';
      if (/(^|\.)onmessage$/.test(target)) return 'message';
      if (/(^|\.)(handler|exports\.handler|module\.exports\.handler)$/.test(target)) return 'lambda';
      if ((target === 'module.exports' || target === 'exports.default') && isShapedLikeHandler(fn)) return 'http';
    }
    // export const handler = async (event) => ...; export default function handler(req, res)
    if (parent.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') {
      const grand = getParent(parent);
      const exported = grand && getParent(grand)?.type === 'ExportNamedDeclaration';
      if (exported && parent.id.name === 'handler') return 'lambda';
      if (exported && HANDLER_EXPORT_NAMES.has(parent.id.name)) return 'http';
    }
    if (fn.type === 'FunctionDeclaration' && fn.id) {
      if (parent.type === 'ExportDefaultDeclaration' && isShapedLikeHandler(fn)) return 'http';
      if (parent.type === 'ExportNamedDeclaration' && fn.id.name === 'handler') return 'lambda';
      if (parent.type === 'ExportNamedDeclaration' && HANDLER_EXPORT_NAMES.has(fn.id.name)) return 'http';
    }
    if (parent.type === 'ExportDefaultDeclaration' && isShapedLikeHandler(fn)) return 'http';
    if (isFunction(fn) && (isExportedEventHandler(fn) || isServerlessHandler(fn))) return 'lambda';
    return isFunction(fn) && isRegisteredAsRoute(fn) ? 'http' : undefined;
  }

  /**
   * `const main = async (event) => ...` exported by name afterwards (`module.exports.main = main`,
   * `exports.handler = middy(main)`, `module.exports = { main }`, `export { main }`): a serverless
   * function's handler names its first parameter `event`, whatever the export is called.
   */
  function isExportedEventHandler(fn: FunctionNode): boolean {
    const first = fn.params[0];
    if (first?.type !== 'Identifier' || first.name !== 'event') return false;
    const parent = getParent(fn);
    const id = fn.type === 'FunctionDeclaration' ? fn.id : parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier' ? parent.id : undefined;
    const variable = id ? variableOf(id) : undefined;
    if (!variable) return false;
    return variable.references.some((reference) => {
      let at: TSESTree.Node = reference.identifier;
      let up = getParent(at);
      // One wrapper deep: middy(main), withSentry(main).
      if (up?.type === 'CallExpression' && up.arguments.includes(at as TSESTree.CallExpressionArgument)) {
        at = up;
        up = getParent(at);
      }
      if (up?.type === 'ExportSpecifier') return true;
      if (up?.type === 'Property' && up.value === at) {
        const object = getParent(up);
        const assignment = object && getParent(object);
        return assignment?.type === 'AssignmentExpression' && assignment.right === object && dottedName(assignment.left) === 'module.exports';
      }
      return up?.type === 'AssignmentExpression' && up.right === at && /^(module\.)?exports\.\w+$/.test(dottedName(up.left) ?? '');
    });
  }

  /** `app.get('/u', getUser)`, `router.use(makeAuth(db))`: a handler passed by name or made by a factory. */
  function isRegisteredAsRoute(fn: FunctionNode): boolean {
    return handoffsOf(fn, { getParent, variableOf }).some(({ call, argument }) => {
      if (argument === fn) return false;
      const callee = call.callee;
      if (callee.type !== 'MemberExpression') return false;
      const method = propertyName(callee);
      return method !== undefined && ROUTE_METHODS.has(method) && !isHttpClientCallback(callee, fn);
    });
  }

  /**
   * `args.where` where `args` is a summarised parameter as it came (the marker alone): the
   * parameter is part of the value through that field only. A field of such a field goes one
   * step deeper (`args.req.file`), so a caller handing the request itself is judged by what the
   * sink reads of it. A built value (a string made from the field) keeps the paths it had, and so
   * does anything else.
   */
  function fieldOfMarker(object: FlowValue, name: string | undefined): ReadonlyMap<TSESTree.Identifier, readonly string[]> | undefined {
    if (name === undefined || !object.params?.length || object.built || !object.asCame) return undefined;
    if (!object.paramFields) {
      const marker = object.params.length === 1 ? object.params[0] : undefined;
      return marker ? new Map([[marker, [name]]]) : undefined;
    }
    const deeper = new Map<TSESTree.Identifier, readonly string[]>();
    for (const [marker, paths] of object.paramFields) {
      // Past a few steps the shorter path stands: it covers every field below it.
      deeper.set(marker, paths.map((path) => (path.split('.').length < MAX_FIELD_PATH ? `${path}.${name}` : path)));
    }
    return deeper;
  }

  /**
   * What reading `key` of `node` carries of the summarised parameters, by the shape the code gave
   * the object: an object literal's property under that key (a spread or a computed key may hold
   * it), every value of a local variable (`let args = incoming; args = { ...args, data }`), else a
   * field of the value (`fieldOfMarker`). Joining a literal's properties first would make
   * `{ where: args.filter }.where` read `args.filter.where`, and a spread of the parameter whole.
   */
  function fieldRead(node: TSESTree.Node, key: string): FlowValue {
    const inner = unwrap(node);
    if (inner.type === 'ObjectExpression') {
      const parts: FlowValue[] = [];
      for (const property of inner.properties) {
        if (property.type === 'SpreadElement') parts.push(fieldRead(property.argument, key));
        else {
          const name = property.computed ? undefined : keyNameOf(property);
          if (name === undefined || name === key) parts.push(evaluate(property.value));
        }
      }
      return join(parts, false);
    }
    if (inner.type === 'ConditionalExpression') return join([fieldRead(inner.consequent, key), fieldRead(inner.alternate, key)], false);
    if (inner.type === 'LogicalExpression') return join([fieldRead(inner.left, key), fieldRead(inner.right, key)], false);
    const writes = inner.type === 'Identifier' ? plainWrites(inner) : undefined;
    if (writes) {
      const variable = variableOf(inner as TSESTree.Identifier) as Variable;
      let keys = fieldReadKeys.get(variable);
      if (!keys) fieldReadKeys.set(variable, (keys = new Map<string, object>()));
      let memoKey = keys.get(key);
      if (!memoKey) keys.set(key, (memoKey = {}));
      // A check on the variable where it is read still counts, as `evaluate` would apply it.
      return guarded(inner, memo(memoKey, false, () => join(writes.map((w) => fieldRead(w, key)), false)));
    }
    if (inner.type === 'CallExpression' && objects().callKeys(inner)?.includes(key) === false) return CONSTANT;
    const keyed = keyedCallValue(inner, key);
    if (keyed) return keyed;
    const handedBack = inner.type === 'CallExpression' ? returnedFieldRead(inner, key) : undefined;
    if (handedBack) return handedBack;
    const value = evaluate(node);
    const paramFields = fieldOfMarker(value, key);
    return paramFields ? { ...value, paramFields } : value;
  }

  /**
   * The values of a local variable given only by declarations and plain `=` (no parameter, import
   * or destructuring, no `+=`, nothing pushed into it), so a field of it is a field of one of them.
   */
  function plainWrites(identifier: TSESTree.Identifier): TSESTree.Node[] | undefined {
    const variable = variableOf(identifier);
    if (!variable) return undefined;
    // Asked at every field read of a variable: listing its references each time cost n².
    if (!plainWritesOf.has(variable)) plainWritesOf.set(variable, readPlainWrites(variable) ?? null);
    return plainWritesOf.get(variable) ?? undefined;
  }
  const plainWritesOf = new Map<Variable, TSESTree.Node[] | null>();

  function readPlainWrites(variable: Variable): TSESTree.Node[] | undefined {
    if (variable.defs.length === 0 || variable.defs.some((d) => d.type !== 'Variable')) return undefined;
    const writes: TSESTree.Node[] = [];
    for (const reference of variable.references) {
      if (!reference.isWrite()) {
        if (pushedValues(reference.identifier as TSESTree.Identifier)) return undefined;
        continue;
      }
      const target = reference.identifier;
      const parent = getParent(target);
      const plain = (parent?.type === 'VariableDeclarator' && parent.id === target) || (parent?.type === 'AssignmentExpression' && parent.operator === '=' && parent.left === target);
      if (!plain || reference.isReadWrite() || !reference.writeExpr) return undefined;
      writes.push(reference.writeExpr);
    }
    return writes;
  }

  /** The summarised parameters `object.name` carries, and through which of their fields. */
  function markersRead(node: TSESTree.MemberExpression, object: FlowValue, name: string | undefined): Pick<FlowValue, 'params' | 'paramFields' | 'asCame'> {
    if (!object.params?.length) return {};
    // A computed read (`args[key]`) may be any field: the paths stay as they are, and are no field's.
    const read = name !== undefined && !node.computed ? fieldRead(node.object, name) : notAsCame(object);
    const out: Pick<FlowValue, 'params' | 'paramFields' | 'asCame'> = {};
    if (read.params?.length) out.params = read.params;
    if (read.params?.length && read.paramFields) out.paramFields = read.paramFields;
    if (read.params?.length && read.asCame) out.asCame = true;
    return out;
  }

  /**
   * `key` of what a call returns when the function hands back a parameter as it came
   * (`buildOptions({ args }).req` is `args.req`): read in the argument the call was given.
   */
  function returnedFieldRead(call: TSESTree.CallExpression, key: string): FlowValue | undefined {
    const callee = unwrap(call.callee);
    const local = callee.type === 'Identifier' ? localFunction(callee) : undefined;
    const imported = local ? undefined : importedFunction?.(callee);
    const summary: ReturnSummary | undefined = local ? summaryFlow().returnSummary(local) : imported ? { value: { origin: imported.returns.origin, built: imported.returns.built }, params: imported.returns.params, ...(imported.returns.fields ? { fields: imported.returns.fields } : {}), ...(imported.returns.asCame ? { asCame: true } : {}) } : undefined;
    if (!summary?.asCame || summary.value.built) return undefined;
    if (call.arguments.some((a) => a.type === 'SpreadElement')) return undefined;
    const parts: FlowValue[] = [summary.value.origin === 'constant' ? CONSTANT : notAsCame(summary.value)];
    for (const index of summary.params) {
      const argument = call.arguments[index];
      if (!argument) continue;
      for (const path of summary.fields?.[index] ?? ['']) parts.push(fieldReadPath(argument, [...(path ? path.split('.') : []), key]));
    }
    return join(parts, false);
  }

  /** `steps` read in `node`: through object literals' properties while they are plain, then by value. */
  function fieldReadPath(node: TSESTree.Node, steps: readonly string[]): FlowValue {
    const [first, ...rest] = steps;
    if (steps.includes(ELEMENT)) return pathsValue(node, [steps.join('.')]);
    if (rest.length === 0) return fieldRead(node, first);
    const inner = unwrap(node);
    if (inner.type === 'ObjectExpression' && inner.properties.every((p) => p.type === 'Property' && !p.computed && keyNameOf(p) !== undefined)) {
      const property = inner.properties.find((p) => p.type === 'Property' && keyNameOf(p) === first);
      return property?.type === 'Property' ? fieldReadPath(property.value, rest) : CONSTANT;
    }
    return fieldsAlong(fieldRead(node, first), rest);
  }

  /** A call's result, a container or a made object holds the parameter, but is not it. */
  function notAsCame(value: FlowValue): FlowValue {
    if (!value.asCame) return value;
    const { asCame: _dropped, ...rest } = value;
    return rest;
  }

  /** `const { req: { file } } = args`: the fields read along the pattern, as `args.req.file` would. */
  function fieldsAlong(value: FlowValue, keys: readonly string[]): FlowValue {
    let current = value;
    for (const key of keys) {
      const paramFields = fieldOfMarker(current, key);
      if (!paramFields) break;
      current = { ...current, paramFields };
    }
    return current;
  }

  /**
   * What `rest` of an element of the list `list` carries, by the shape the code gave the list:
   * array literals (spreads of other lists included), values pushed or stored at an index, lists
   * made by `filter`, `slice`, `concat` and kin, the elements a `map` callback returns, a
   * function's returned list by its summary. Element fields are joined over every element, so
   * `path` carries input when any element's `path` does. `rest` empty asks for the element
   * whole. Undefined when some part's shape is not known: the list is then read whole, as before.
   */
  function elementField(list: TSESTree.Node, rest: readonly string[], seen: ReadonlySet<object> = new Set()): FlowValue | undefined {
    if (seen.size >= MAX_FIELD_PATH * 2) return undefined;
    const inner = unwrap(list);
    switch (inner.type) {
      case 'ArrayExpression': {
        const parts: FlowValue[] = [];
        for (const element of inner.elements) {
          if (!element) continue;
          const part = element.type === 'SpreadElement' ? elementField(element.argument, rest, seen) : elementPart(element, rest);
          if (!part) return undefined;
          parts.push(part);
        }
        return join(parts, false);
      }
      case 'ConditionalExpression':
      case 'LogicalExpression': {
        const [a, b] = inner.type === 'ConditionalExpression' ? [inner.consequent, inner.alternate] : [inner.left, inner.right];
        const left = elementField(a, rest, seen);
        const right = left && elementField(b, rest, seen);
        return left && right ? join([left, right], false) : undefined;
      }
      case 'Identifier':
        return listVariableElements(inner, rest, seen);
      case 'MemberExpression': {
        // `plan(args).files`, `result.files`: the list under that key, by the object's shape.
        const name = inner.computed ? undefined : propertyName(inner);
        return name !== undefined ? keyedElements(inner.object, [name], rest, seen) : undefined;
      }
      case 'CallExpression':
        return elementsOfCall(inner, rest, seen);
      default:
        return undefined;
    }
  }

  /**
   * `rest` of the elements of the list under `keys` of `object`: a call's result by its summary
   * (`plan(args).files`), an object literal's property, a local variable by each value it is given
   * (`const result = cached ?? await plan(args)`); `null` and `undefined` hold no list.
   */
  function keyedElements(object: TSESTree.Node, keys: readonly string[], rest: readonly string[], seen: ReadonlySet<object>): FlowValue | undefined {
    const inner = unwrap(object);
    switch (inner.type) {
      case 'CallExpression':
        return keyedCallValue(inner, [...keys, ELEMENT, ...rest].join('.'));
      case 'Literal':
        return inner.value === null ? CONSTANT : undefined;
      case 'ConditionalExpression':
      case 'LogicalExpression': {
        const [a, b] = inner.type === 'ConditionalExpression' ? [inner.consequent, inner.alternate] : [inner.left, inner.right];
        const left = keyedElements(a, keys, rest, seen);
        const right = left && keyedElements(b, keys, rest, seen);
        return left && right ? join([left, right], false) : undefined;
      }
      case 'ObjectExpression': {
        const [first, ...below] = keys;
        const parts: FlowValue[] = [];
        for (const property of inner.properties) {
          const name = property.type === 'Property' && !property.computed ? keyNameOf(property) : undefined;
          if (property.type === 'Property' && name !== undefined && name !== first) continue;
          const part =
            property.type === 'SpreadElement' ? keyedElements(property.argument, keys, rest, seen)
            : name === undefined ? undefined
            : below.length > 0 ? keyedElements(property.value, below, rest, seen)
            : elementField(property.value, rest, seen);
          if (!part) return undefined;
          parts.push(part);
        }
        return join(parts, false);
      }
      case 'Identifier': {
        if (inner.name === 'undefined') return CONSTANT;
        const variable = variableOf(inner);
        const writes = variable && !seen.has(variable) ? plainWrites(inner) : undefined;
        // `result.files = other` or `Object.assign(result, ...)` after: the shape is not only the writes'.
        if (!variable || !writes?.length || hasFieldWrites(variable)) return undefined;
        const further = new Set(seen).add(variable);
        const parts: FlowValue[] = [];
        for (const write of writes) {
          const part = keyedElements(write, keys, rest, further);
          if (!part) return undefined;
          parts.push(part);
        }
        return join(parts, false);
      }
      default:
        return undefined;
    }
  }

  const fieldWritten = new Map<Variable, boolean>();

  /** Some field of the variable's object is assigned, updated or deleted, or it is merged into. */
  function hasFieldWrites(variable: Variable): boolean {
    let known = fieldWritten.get(variable);
    if (known === undefined) {
      known = variable.references.some((reference) => {
        const target = reference.identifier as TSESTree.Identifier;
        const parent = getParent(target);
        if (parent?.type === 'CallExpression') return parent.arguments[0] === target && MERGING_CALLS.test(dottedName(parent.callee) ?? '');
        if (parent?.type !== 'MemberExpression' || parent.object !== target) return false;
        let top: TSESTree.Node = parent;
        for (let up = getParent(top); up?.type === 'MemberExpression' && up.object === top; up = getParent(top)) top = up;
        const write = getParent(top);
        if (write?.type === 'CallExpression' && write.callee === top && top !== parent && top.type === 'MemberExpression' && LIST_ADDING_METHODS.has(propertyName(top) ?? '')) return true;
        return (write?.type === 'AssignmentExpression' && write.left === top) || write?.type === 'UpdateExpression' || (write?.type === 'UnaryExpression' && write.operator === 'delete');
      });
      fieldWritten.set(variable, known);
    }
    return known;
  }

  /** One element of an array literal or one pushed value, read along `rest`. */
  function elementPart(element: TSESTree.Node, rest: readonly string[]): FlowValue | undefined {
    if (rest.length === 0) return evaluate(element);
    if (unwrap(element).type !== 'ObjectExpression') {
      // A request or an archive entry keeps its input in fields `pathsValue` does not read as `memberValue` does.
      const whole = evaluate(element);
      if (whole.requestObject || whole.archive) return undefined;
    }
    return pathsValue(element, [rest.join('.')]);
  }

  /** The elements of a list a local variable holds, or a list parameter's by its callers or its marker. */
  function listVariableElements(identifier: TSESTree.Identifier, rest: readonly string[], seen: ReadonlySet<object>): FlowValue | undefined {
    const variable = variableOf(identifier);
    if (!variable || variable.defs.length !== 1 || seen.has(variable)) return undefined;
    const def = variable.defs[0];
    if (def.type === 'Parameter') return parameterElements(identifier, variable, rest);
    const sources = def.type === 'Variable' ? listSourcesOf(variable) : undefined;
    if (!sources) return undefined;
    const further = new Set(seen).add(variable);
    const parts: FlowValue[] = [];
    for (const item of sources.elements) {
      const part = item.type === 'SpreadElement' ? elementField(item.argument, rest, further) : elementPart(item, rest);
      if (!part) return undefined;
      parts.push(part);
    }
    for (const list of sources.lists) {
      const part = elementField(list, rest, further);
      if (!part) return undefined;
      parts.push(part);
    }
    for (const { call, keys } of sources.keyed) {
      // `const { files } = plan(args)`: that key's list, by the summary.
      const part = keyedCallValue(call, [...keys, ELEMENT, ...rest].join('.'));
      if (!part) return undefined;
      parts.push(part);
    }
    return parts.length > 0 ? join(parts, false) : undefined;
  }

  const listSources = new Map<Variable, ListSources | null>();

  /** How a local variable's list is made, read once per variable; null when some write is of another kind. */
  function listSourcesOf(variable: Variable): ListSources | undefined {
    if (!listSources.has(variable)) listSources.set(variable, readListSources(variable));
    return listSources.get(variable) ?? undefined;
  }

  function readListSources(variable: Variable): ListSources | null {
    const sources: ListSources = { elements: [], lists: [], keyed: [] };
    for (const reference of variable.references) {
      const target = reference.identifier as TSESTree.Identifier;
      if (!reference.isWrite()) {
        const pushed = pushedValues(target);
        if (pushed) {
          sources.elements.push(...pushed);
          continue;
        }
        // `list[i] = { ... }`: one more element.
        const stored = indexedWrite(target);
        if (stored === null) return null;
        if (stored) sources.elements.push(stored);
        continue;
      }
      if (!reference.writeExpr || reference.isReadWrite()) return null;
      if (isPlainWrite(target)) {
        sources.lists.push(reference.writeExpr);
        continue;
      }
      const keys = destructuredPath(target);
      const call = unwrap(reference.writeExpr);
      if (!keys?.length || call.type !== 'CallExpression') return null;
      sources.keyed.push({ call, keys });
    }
    return sources;
  }

  /** `x = value` or `const x = value`, not a loop's head (`for (const x of list)` takes an element). */
  function isPlainWrite(target: TSESTree.Identifier): boolean {
    const parent = getParent(target);
    if (parent?.type === 'AssignmentExpression') return parent.operator === '=' && parent.left === target;
    if (parent?.type !== 'VariableDeclarator' || parent.id !== target) return false;
    const loop = getParent(parent) && getParent(getParent(parent)!);
    return loop?.type !== 'ForOfStatement' && loop?.type !== 'ForInStatement';
  }

  /**
   * `list[i] = value` of the list `target` names: the value (null when the write is not a plain
   * `=` at an index, so the list's shape is not known). Undefined for any other read.
   */
  function indexedWrite(target: TSESTree.Identifier): TSESTree.Node | null | undefined {
    const member = getParent(target);
    if (member?.type !== 'MemberExpression' || member.object !== target) return undefined;
    const write = getParent(member);
    if (write?.type === 'AssignmentExpression' && write.left === member) return member.computed && write.operator === '=' ? write.right : null;
    if (write?.type === 'UpdateExpression' || (write?.type === 'UnaryExpression' && write.operator === 'delete')) return null;
    return undefined;
  }

  /**
   * A list parameter: in the flows that summarise, its marker read through an element
   * (`files.[].path`); in the plain flow, the lists its local callers hand over, when every call
   * passes one whose elements are known and the parameter is never written.
   */
  function parameterElements(identifier: TSESTree.Identifier, variable: Variable, rest: readonly string[]): FlowValue | undefined {
    const value = evaluate(identifier);
    if (mode !== 'plain' || symbolic) return value.params?.length ? fieldsAlong(value, [ELEMENT, ...rest]) : undefined;
    const passed = callerArguments(variable);
    if (!passed) return undefined;
    const parts: FlowValue[] = [];
    for (const { argument, step } of passed) {
      const part = elementField(argument, rest);
      if (!part) return undefined;
      parts.push(part.origin === 'tainted' ? { ...part, path: [...(part.path ?? []), step] } : part);
    }
    return join(parts, false);
  }

  /**
   * The arguments the local calls of a function hand a plain parameter of it that takes its value
   * from them (never written, not a handler's or a callback's), each with the step naming the call.
   */
  function callerArguments(variable: Variable): { argument: TSESTree.Node; step: FlowStep }[] | undefined {
    const def = variable.defs[0];
    if (def?.type !== 'Parameter' || def.name.type !== 'Identifier' || !isFunction(def.node) || variable.references.some((r) => r.isWrite())) return undefined;
    const fn = def.node;
    const index = fn.params.indexOf(def.name);
    if (index < 0) return undefined;
    // Only where the flow itself takes the parameter from the callers and some caller taints it.
    const own = parameterValue(fn, def.name);
    if (own.path?.[own.path.length - 1]?.handover?.parameter !== def.name) return undefined;
    const out: { argument: TSESTree.Node; step: FlowStep }[] = [];
    for (const site of callersOf(fn)) {
      const args = site.call.arguments;
      if (args.slice(0, index + 1).some((a) => a.type === 'SpreadElement')) return undefined;
      const argument = args[index];
      if (!argument) continue;
      out.push({ argument, step: { node: site.call, message: `passed to \`${site.name}\` here` } });
    }
    return out;
  }

  /** The elements of a list a call makes: array methods on a known list, or a function's returned list by its summary. */
  function elementsOfCall(call: TSESTree.CallExpression, rest: readonly string[], seen: ReadonlySet<object>): FlowValue | undefined {
    const callee = unwrap(call.callee);
    const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    if (callee.type === 'MemberExpression' && method !== undefined && LIST_KEEPING_METHODS.has(method)) {
      const parts: FlowValue[] = [];
      const lists = method === 'concat' ? [callee.object, ...call.arguments] : [callee.object];
      for (const list of lists) {
        const part = list.type === 'SpreadElement' ? undefined : elementField(list, rest, seen) ?? (method === 'concat' && unwrap(list).type === 'ObjectExpression' ? elementPart(list, rest) : undefined);
        if (!part) return undefined;
        parts.push(part);
      }
      return join(parts, false);
    }
    if (callee.type === 'MemberExpression' && method === 'map') {
      // `files.map((f) => ({ ...f, size }))`: the elements are what the callback returns.
      const fn = call.arguments[0] && unwrap(call.arguments[0]);
      if (!fn || !isFunction(fn)) return undefined;
      const returns = returnedExpressions(fn);
      if (returns.length === 0) return undefined;
      const parts: FlowValue[] = [];
      for (const returned of returns) {
        const part = elementPart(returned, rest);
        if (!part) return undefined;
        parts.push(part);
      }
      return join(parts, false);
    }
    if (callee.type === 'MemberExpression') return undefined;
    return keyedCallValue(call, [ELEMENT, ...rest].join('.'));
  }

  /**
   * The list whose element a name stands for: `f` in `for (const f of files)` and in
   * `files.forEach((f) => ...)` (and the other array callbacks), when nothing else writes it.
   */
  function listOfElement(identifier: TSESTree.Identifier): TSESTree.Node | undefined {
    const variable = variableOf(identifier);
    if (!variable) return undefined;
    if (!elementLists.has(variable)) elementLists.set(variable, readListOfElement(variable) ?? null);
    return elementLists.get(variable) ?? undefined;
  }
  const elementLists = new Map<Variable, TSESTree.Node | null>();

  function readListOfElement(variable: Variable): TSESTree.Node | undefined {
    const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
    if (!def || def.name.type !== 'Identifier') return undefined;
    if (def.type === 'Parameter' && isFunction(def.node) && def.node.params[0] === def.name) {
      return variable.references.some((r) => r.isWrite()) ? undefined : arrayCallbackReceiver(def.node);
    }
    if (def.type !== 'Variable' || def.node.id !== def.name) return undefined;
    const declaration = getParent(def.node);
    const loop = declaration && getParent(declaration);
    if (loop?.type !== 'ForOfStatement' || loop.left !== declaration) return undefined;
    const writes = variable.references.filter((r) => r.isWrite());
    return writes.length === 1 && writes[0].writeExpr === loop.right ? loop.right : undefined;
  }

  /** `for (const { path } of files)`: the list a name destructured in a `for…of` head takes elements of. */
  function forOfListOf(identifier: TSESTree.Identifier): TSESTree.Node | undefined {
    let node: TSESTree.Node = identifier;
    for (let parent = getParent(node); parent; node = parent, parent = getParent(node)) {
      if (parent.type === 'Property' || parent.type === 'ObjectPattern' || parent.type === 'AssignmentPattern') continue;
      if (parent.type !== 'VariableDeclarator' || parent.id !== node) return undefined;
      const declaration = getParent(parent);
      const loop = declaration && getParent(declaration);
      return loop?.type === 'ForOfStatement' && loop.left === declaration ? loop.right : undefined;
    }
    return undefined;
  }

  /**
   * `name` read of an object whose shape the code shows: an element of a known list (`f.path` of a
   * loop's element, `files[0].path`, `files.find(...).path`), or an object literal held in a local
   * variable (`const o = { a, b }; o.b`), with the fields written into it later (`o.a = v`).
   * Undefined when nothing narrower than the object's whole value is known.
   */
  function shapedFieldRead(objectNode: TSESTree.Node, name: string): FlowValue | undefined {
    const inner = unwrap(objectNode);
    if (inner.type === 'Identifier') {
      const list = listOfElement(inner);
      if (list) return elementField(list, [name]);
      return heldObjectField(inner, name) ?? passedObjectField(inner, name);
    }
    if (inner.type === 'MemberExpression' && inner.computed && !(inner.property.type === 'Literal' && typeof inner.property.value === 'string')) {
      return elementField(inner.object, [name]);
    }
    if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && ELEMENT_PICKING_METHODS.has(propertyName(inner.callee) ?? '')) {
      return elementField(inner.callee.object, [name]);
    }
    return undefined;
  }

  /**
   * `o.b` where `o` is a local variable only ever given object literals: the properties under `b`
   * (spreads and computed keys may hold it) and what is written at `o.b` or `o[k]` later, or
   * merged into it (`Object.assign(o, ...)`).
   */
  function heldObjectField(identifier: TSESTree.Identifier, name: string): FlowValue | undefined {
    const variable = variableOf(identifier);
    const later = variable && laterWritesOf(variable, identifier);
    const writes = later && plainWrites(identifier);
    if (!variable || !later || !writes) return undefined;
    let keys = heldFieldKeys.get(variable);
    if (!keys) heldFieldKeys.set(variable, (keys = new Map<string, object>()));
    let memoKey = keys.get(name);
    if (!memoKey) keys.set(name, (memoKey = {}));
    // Once per variable and field, however often it is read; a check where it is read still counts.
    const value = memo(memoKey, false, () => {
      const parts = writes.map((w) => objectFieldsValue(unwrap(w) as TSESTree.ObjectExpression, [name]));
      for (const write of later) if (write.key === undefined || write.key === name) parts.push(evaluate(write.value));
      return join(parts, false);
    });
    return guarded(identifier, value);
  }
  const heldFieldKeys = new Map<Variable, Map<string, object>>();

  const laterWrites = new Map<Variable, LaterWrite[] | null>();

  /** The later writes of a variable only ever given object literals, read once per variable; undefined for any other variable. */
  function laterWritesOf(variable: Variable, identifier: TSESTree.Identifier): LaterWrite[] | undefined {
    if (!laterWrites.has(variable)) laterWrites.set(variable, readLaterWrites(variable, identifier));
    return laterWrites.get(variable) ?? undefined;
  }

  function readLaterWrites(variable: Variable, identifier: TSESTree.Identifier): LaterWrite[] | null {
    const writes = plainWrites(identifier);
    if (!writes?.length || !writes.every((w) => unwrap(w).type === 'ObjectExpression')) return null;
    for (const write of writes) {
      for (const property of (unwrap(write) as TSESTree.ObjectExpression).properties) {
        // An archive entry spread in keeps its names in fields `pathsValue` does not read as `memberValue` does.
        if (property.type === 'SpreadElement' && evaluate(property.argument).archive) return null;
      }
    }
    const later: LaterWrite[] = [];
    for (const reference of variable.references) {
      if (reference.isWrite()) continue;
      const target = reference.identifier as TSESTree.Identifier;
      const parent = getParent(target);
      // `Object.assign(o, req.body)`: any field may now hold what the other arguments carry.
      if (parent?.type === 'CallExpression' && parent.arguments[0] === target && MERGING_CALLS.test(dottedName(parent.callee) ?? '')) {
        for (const argument of parent.arguments.slice(1)) later.push({ key: undefined, value: argument });
        continue;
      }
      if (parent?.type !== 'MemberExpression' || parent.object !== target) continue;
      // `o.b = v`, `o.b.c = v`, `o[k] = v`: the field read may be the one written.
      let top: TSESTree.Node = parent;
      for (let up = getParent(top); up?.type === 'MemberExpression' && up.object === top; up = getParent(top)) top = up;
      const write = getParent(top);
      const key = parent.computed ? undefined : propertyName(parent);
      if (write?.type === 'AssignmentExpression' && write.left === top) later.push({ key, value: write.right });
      // `o.files.push(item)`: the field's list holds the item too.
      if (write?.type === 'CallExpression' && write.callee === top && top !== parent && top.type === 'MemberExpression' && LIST_ADDING_METHODS.has(propertyName(top) ?? '')) {
        for (const argument of write.arguments) later.push({ key, value: argument });
      }
    }
    return later;
  }

  /**
   * `o.where` of a parameter `o` that takes its value from the local calls (`readField(o)`), when
   * every call hands an object whose shape is known (a literal, or a variable holding literals):
   * what each call puts under `where`, rather than the first tainted call's object whole.
   */
  function passedObjectField(identifier: TSESTree.Identifier, name: string): FlowValue | undefined {
    if (mode !== 'plain') return undefined;
    const variable = variableOf(identifier);
    const passed = variable?.defs.length === 1 ? callerArguments(variable) : undefined;
    if (!passed?.length) return undefined;
    const parts: FlowValue[] = [];
    for (const { argument, step } of passed) {
      const inner = unwrap(argument);
      const part = inner.type === 'ObjectExpression' ? pathsValue(inner, [name]) : inner.type === 'Identifier' ? heldObjectField(inner, name) : undefined;
      if (!part) return undefined;
      parts.push(part.origin === 'tainted' ? { ...part, path: [...(part.path ?? []), step] } : part);
    }
    return join(parts, false);
  }

  /**
   * The keys of the object literals a list holds, when every element is one with plain keys
   * (array literals, spreads of such lists, pushed or stored literals, `filter` and kin); undefined
   * when some element's shape is not known.
   */
  function listElementKeys(list: TSESTree.Node, seen: ReadonlySet<object> = new Set()): string[] | undefined {
    const inner = unwrap(list);
    if (seen.size >= MAX_FIELD_PATH * 2) return undefined;
    const keys = new Set<string>();
    const add = (element: TSESTree.Node): boolean => {
      if (element.type === 'SpreadElement') {
        const spread = listElementKeys(element.argument, seen);
        spread?.forEach((k) => keys.add(k));
        return spread !== undefined;
      }
      const literal = unwrap(element);
      if (literal.type !== 'ObjectExpression') return false;
      for (const property of literal.properties) {
        const key = property.type === 'Property' && !property.computed ? keyNameOf(property) : undefined;
        if (key === undefined) return false;
        keys.add(key);
      }
      return true;
    };
    if (inner.type === 'ArrayExpression') return inner.elements.every((e) => !e || add(e)) ? [...keys] : undefined;
    if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && LIST_KEEPING_METHODS.has(propertyName(inner.callee) ?? '') && propertyName(inner.callee) !== 'concat') {
      return listElementKeys(inner.callee.object, seen);
    }
    if (inner.type === 'CallExpression') return calledElementKeys(inner, []);
    if (inner.type !== 'Identifier') return undefined;
    const variable = variableOf(inner);
    if (!variable || variable.defs.length !== 1 || variable.defs[0].type !== 'Variable' || seen.has(variable)) return undefined;
    const further = new Set(seen).add(variable);
    for (const reference of variable.references) {
      const target = reference.identifier as TSESTree.Identifier;
      if (!reference.isWrite()) {
        const pushed = pushedValues(target);
        if (pushed && !pushed.every(add)) return undefined;
        const stored = pushed ? undefined : indexedWrite(target);
        if (stored === null || (stored && !add(stored))) return undefined;
        continue;
      }
      const plain = isPlainWrite(target);
      const keyed = !plain && reference.writeExpr ? destructuredPath(target) : undefined;
      const call = keyed?.length && reference.writeExpr ? unwrap(reference.writeExpr) : undefined;
      const written =
        plain && reference.writeExpr && !reference.isReadWrite() ? listElementKeys(reference.writeExpr, further)
        : call?.type === 'CallExpression' && keyed ? calledElementKeys(call, keyed)
        : undefined;
      if (!written) return undefined;
      written.forEach((k) => keys.add(k));
    }
    return [...keys];
  }

  /**
   * The fields of the elements of the list a call returns (under `keys` of its result, for
   * `const { sizes } = make()`), as the summary of the function lists them; undefined when it lists none.
   */
  function calledElementKeys(call: TSESTree.CallExpression, keys: readonly string[]): string[] | undefined {
    const callee = unwrap(call.callee);
    const imported = importedFunction?.(callee);
    const local = imported ? undefined : callee.type === 'Identifier' ? localFunction(callee) : undefined;
    const paths = imported ? Object.keys(imported.returns.byKey ?? {}) : local ? returnedElementPaths(local) : [];
    const prefix = [...keys, ELEMENT, ''].join('.');
    const fields = paths.filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('.')).map((p) => p.slice(prefix.length));
    return fields.length > 0 ? fields : undefined;
  }

  /**
   * The element paths a summary can tell apart in what `fn` returns: `[].path` for a returned list
   * of object literals, `files.[].path` for such a list under a key of returned object literals.
   */
  function returnedElementPaths(fn: FunctionNode): string[] {
    // A function returning its own call (or a cycle of them) lists what the other returns show.
    if (elementPathsOpen.has(fn)) return [];
    elementPathsOpen.add(fn);
    try {
      return ownElementPaths(fn);
    } finally {
      elementPathsOpen.delete(fn);
    }
  }
  const elementPathsOpen = new Set<FunctionNode>();

  function ownElementPaths(fn: FunctionNode): string[] {
    const returns = returnedExpressions(fn);
    if (returns.length === 0) return [];
    const direct = returns.map((r) => listElementKeys(r));
    if (direct.every((k) => k !== undefined)) return [...new Set(direct.flat())].map((k) => `${ELEMENT}.${k}`);
    const out: string[] = [];
    for (const key of objects().returnedKeys(fn) ?? []) {
      const lists = returns.map((r) => {
        const property = [...(unwrap(r) as TSESTree.ObjectExpression).properties].reverse().find((p) => p.type === 'Property' && keyNameOf(p) === key);
        return property?.type === 'Property' ? listElementKeys(property.value) : undefined;
      });
      if (lists.every((k) => k !== undefined)) for (const k of new Set(lists.flat())) out.push(`${key}.${ELEMENT}.${k}`);
    }
    return out;
  }

  function memberValue(node: TSESTree.MemberExpression): FlowValue {
    const name = propertyName(node);
    const objectNode = unwrap(node.object);
    // process.argv and browser globals
    const dotted = globalDottedName(node);
    if (dotted && /^process\.argv\b/.test(dotted)) return { origin: 'tainted', built: false, source: { node, description: 'process.argv' } };
    if (dotted) {
      const [head, field] = dotted.replace(/^window\./, '').split('.');
      // A Map, not an object: `constructor.prototype` must not find Object's own `constructor`.
      if (head && field && BROWSER_SOURCES.get(head)?.has(field) && isGlobal(objectNode)) {
        return { origin: 'tainted', built: false, source: { node, description: dotted } };
      }
      if (head === 'document' && field === 'location' && isGlobal(objectNode)) return { origin: 'tainted', built: false, source: { node, description: dotted } };
    }
    // values.length of a list the code made (`const values = []`) is a number, whatever is pushed.
    if (name === 'length' && objectNode.type === 'Identifier' && isLocalList(objectNode)) return CONSTANT;
    const keyed = name !== undefined && !node.computed && objectNode.type === 'CallExpression' ? keyedCallValue(objectNode, name) : undefined;
    if (keyed) return keyed;
    const shaped = name !== undefined && !node.computed ? shapedFieldRead(node.object, name) : undefined;
    if (shaped) return shaped;
    const object = evaluate(node.object);
    if (object.archive) return archiveMemberValue(node, object, name);
    if (object.requestObject) {
      // ctx.body of a Koa context is the answer on its way out; the request's is ctx.request.body.
      if (name && CONTEXT_ANSWER_FIELDS.has(name) && isKoaContext(node.object, { variableOf, getParent })) return UNKNOWN;
      if (name && isInputField(name)) {
        const source: TaintSource = { node, description: describe(node), ...(UPLOAD_FIELDS.has(name) ? { upload: true } : {}) };
        return { origin: 'tainted', built: false, source, ...(object.path ? { path: object.path } : {}) };
      }
      // ctx.request is still the request; event.data of a message listener is the message.
      if (name === 'request' || name === 'req') return { origin: 'unknown', built: false, requestObject: true, ...(object.path ? { path: object.path } : {}) };
      if (name === 'data' || name === 'detail') return { origin: 'tainted', built: false, source: { node, description: describe(node) } };
      // req.user, req.session: not raw input, but set per request from outside the function.
      return PARAMETER;
    }
    if (object.origin === 'tainted') {
      // req.file.path: the upload middleware chose it, wherever the upload was handed since.
      if (object.source?.upload && name && STORED_UPLOAD_FIELDS.has(name)) return UNKNOWN;
      // `({ req }) => req.file`: a parameter named like a request, summarised as input, still holds
      // uploads in these fields.
      if (object.source && name && UPLOAD_FIELDS.has(name) && objectNode.type === 'Identifier' && REQUEST_PARAM_NAMES.has(objectNode.name)) {
        const source: TaintSource = { node: object.source.node, description: object.source.description, upload: true };
        return { origin: 'tainted', built: false, source, ...(object.path ? { path: object.path } : {}), ...markersRead(node, object, name) };
      }
      // req.body.name: name the whole path when it extends the source itself.
      const source = object.source?.node === node.object ? { node, description: describe(node), ...(object.source.upload ? { upload: true } : {}) } : object.source;
      return { origin: 'tainted', built: false, source, ...(object.path ? { path: object.path } : {}), ...markersRead(node, object, name) };
    }
    if (object.origin === 'constant' && (objectNode.type === 'Identifier' || object.params)) {
      // CONFIG.table where CONFIG is a constant object literal. In the flow that summarises returns,
      // `upload.data` of a parameter is that field of it, as the sinks' flow reads it.
      return object.params?.length ? { ...notAsCame(object), ...markersRead(node, object, name) } : notAsCame(object);
    }
    if (node.computed && object.origin === 'constant') {
      return join([object, evaluate(node.property)], false);
    }
    if (name === 'length') return CONSTANT;
    // options.table: a field of a parameter is chosen by the caller as much as the parameter, unless
    // it is an ORM's metadata (entity.metadata.tableName, column.databaseName), which the
    // library derives from the entity classes in code.
    if (object.origin === 'unknown' && object.parameter && !(name && METADATA_FIELDS.test(name))) return object.throughCall ? PARAMETER_THROUGH_CALL : PARAMETER;
    if (object.origin === 'unknown' && object.cutShort) return CUT_SHORT;
    return UNKNOWN;
  }

  function isLocalList(identifier: TSESTree.Identifier): boolean {
    const writes = assignmentsOf(identifier);
    return writes.length > 0 && writes.every((w) => unwrap(w).type === 'ArrayExpression');
  }

  function isGlobal(node: TSESTree.Node): boolean {
    const root = rootIdentifier(node);
    return !!root && globalNameOf(root) !== undefined;
  }

  /** `win.location.hash` inside `(function (win) { ... })(window)` reads as `window.location.hash`. */
  function globalDottedName(node: TSESTree.Node): string | undefined {
    const dotted = dottedName(node);
    const root = rootIdentifier(node);
    if (!dotted || !root) return dotted;
    const global = globalNameOf(root);
    return global && global !== root.name ? global + dotted.slice(root.name.length) : dotted;
  }

  /** The argument at `index` when `fn` is called where it is written: `(fn)(a)`, `!fn(a)`, `fn.call(this, a)`. */
  function immediateArgument(fn: TSESTree.FunctionLike, index: number): TSESTree.Node | undefined {
    const parent = getParent(fn);
    let args: TSESTree.CallExpressionArgument[] | undefined;
    if (parent?.type === 'CallExpression' && unwrap(parent.callee) === fn) args = parent.arguments;
    else if (parent?.type === 'MemberExpression' && parent.object === fn && propertyName(parent) === 'call') {
      const call = getParent(parent);
      if (call?.type === 'CallExpression' && call.callee === parent) args = call.arguments.slice(1);
    }
    const argument = args?.[index];
    if (!argument || argument.type === 'SpreadElement' || args?.slice(0, index).some((a) => a.type === 'SpreadElement')) return undefined;
    return argument;
  }

  function iifeArgumentOf(node: TSESTree.Identifier): TSESTree.Node | undefined {
    const variable = variableOf(node);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!def || def.type !== 'Parameter' || !isFunction(def.node)) return undefined;
    const index = def.node.params.indexOf(def.name);
    if (index < 0 || variable!.references.some((r) => r.isWrite())) return undefined;
    return immediateArgument(def.node, index);
  }

  function globalNameOf(node: TSESTree.Identifier): string | undefined {
    let current: TSESTree.Node = node;
    // Plugin wrappers nest a few deep at most; the bound keeps a hostile file cheap.
    for (let hops = 0; hops < 8; hops++) {
      const inner = unwrap(current);
      if (inner.type === 'MemberExpression') {
        // window.jQuery, window.document: a global read through window.
        const dotted = dottedName(inner);
        const root = rootIdentifier(inner);
        return dotted && root && /^(window|globalThis|self)\.\w+$/.test(dotted) && globalNameOf(root) === root.name ? dotted.replace(/^\w+\./, '') : undefined;
      }
      if (inner.type !== 'Identifier') return undefined;
      const variable = variableOf(inner);
      if (!variable || variable.defs.length === 0) return inner.name;
      const argument = iifeArgumentOf(inner);
      if (!argument) return undefined;
      current = argument;
    }
    return undefined;
  }

  function callValue(node: TSESTree.CallExpression): FlowValue {
    const args = node.arguments.map((a) => evaluate(a));
    const value = knownCallValue(node, args);
    return value === UNKNOWN ? (passedFromOutside(args) ?? value) : value;
  }

  /**
   * helper(param), helper(req.query.q): a value from outside passed through a function we cannot
   * see is still chosen from outside, though the helper may have cleaned it. Request input handed
   * to it stays the reader's concern; a parameter alone is the callee's to decide (`throughCall`).
   */
  function passedFromOutside(args: readonly FlowValue[]): FlowValue | undefined {
    if (args.some((a) => a.origin === 'tainted')) return PARAMETER;
    return args.some((a) => a.parameter) ? PARAMETER_THROUGH_CALL : undefined;
  }

  function knownCallValue(node: TSESTree.CallExpression, args: FlowValue[]): FlowValue {
    const callee = unwrap(node.callee);
    const imported = importedFunction?.(callee);
    if (imported) return importedCallValue(imported, node);
    if (callee.type === 'Identifier') {
      if (SANITISING_FUNCTIONS.has(callee.name)) return CONSTANT;
      const local = localFunction(callee);
      if (local) return localCallValue(local, node);
      if (FORMAT_FUNCTIONS.has(callee.name)) return isEscapingFormat(node, callee) ? CONSTANT : join(args, true);
      if (callee.name === 'String' || callee.name === 'decodeURIComponent' || callee.name === 'decodeURI' || callee.name === 'encodeURIComponent' || callee.name === 'encodeURI' || callee.name === 'atob')
        return join(args, false);
      return UNKNOWN;
    }
    if (callee.type !== 'MemberExpression') return UNKNOWN;
    const method = propertyName(callee);
    const receiverName = dottedName(callee.object);
    if (!method) return UNKNOWN;
    if (archive) {
      const fromArchive = archiveCallValue(node, callee, method);
      if (fromArchive) return fromArchive;
    }
    if (SANITISING_FUNCTIONS.has(method) && method !== 'format') return CONSTANT;
    if (receiverName === 'JSON' && method === 'stringify') return join(args, false);
    if (receiverName === 'JSON' && method === 'parse') return join(args, false);
    // url.parse(req.url, true).query and querystring.parse(body) split the sender's text into fields
    // without judging them; the second argument only asks for the query as an object.
    if (method === 'parse' && receiverName && /^(url|querystring|qs)$/.test(receiverName)) return join(args.slice(0, 1), false);
    // Base64 or hex decoding hands the sender's bytes on unchanged (`Buffer.from(req.cookies.p, 'base64')`):
    // the encoding argument chooses nothing.
    if (receiverName === 'Buffer' && method === 'from') return join(args.slice(0, 1), false);
    if (receiverName === 'Math' || receiverName === 'Date' || receiverName === 'Number') return CONSTANT;
    if (receiverName === 'util' && FORMAT_FUNCTIONS.has(method)) return join(args, true);
    // mysql.format(sql, values) and pg-format('%I') escape what they insert.
    if (method === 'format' && receiverName && /(^|\.)(mysql|mysql2|SqlString|sqlstring|connection|pool|db)$/.test(receiverName)) return CONSTANT;
    if (receiverName === 'Array' && method === 'from' && node.arguments.length > 1) {
      const elements = elementsFromCallback(node.arguments[1]);
      if (elements && elements !== 'from-element') return elements;
    }
    if (receiverName === 'Object' && (method === 'values' || method === 'keys' || method === 'entries' || method === 'assign')) return join(args, false);
    const receiver = evaluate(callee.object);
    if (receiver.requestObject && REQUEST_INPUT_METHODS.has(method)) {
      return { origin: 'tainted', built: false, source: { node, description: `${describe(callee.object)}.${method}()` }, ...(receiver.path ? { path: receiver.path } : {}) };
    }
    // ctx.cookies.get('x'), url.searchParams.get('q')
    if (receiver.origin === 'tainted' && (method === 'get' || method === 'getAll')) return { origin: 'tainted', built: false, source: receiver.source, ...(receiver.path ? { path: receiver.path } : {}) };
    if (method === 'map' || method === 'flatMap') {
      const elements = elementsFromCallback(node.arguments[0]);
      if (elements) return elements === 'from-element' ? join([receiver], receiver.built) : elements;
    }
    if (method === 'fill' && args.length > 0) return join([args[0]], false);
    if (method === 'join') return join([receiver, ...args], true);
    if (method === 'concat') return join([receiver, ...args], true);
    if (method === 'replace' || method === 'replaceAll') return join([receiver, args[1] ?? CONSTANT], true);
    if (PROPAGATING_METHODS.has(method)) return join([receiver], receiver.built);
    return UNKNOWN;
  }

  /**
   * `ids.map(() => '?')`, `cols.map((_, i) => '$' + (i + 1))`, `Array.from({ length: n }, () => '?')`:
   * the elements are what the callback returns, with its index a number and its element as known
   * as the list (`parameterValue`). When every result is constant, so is the list, whatever the
   * receiver holds (a placeholder list for bound values). 'from-element' means a result depends on
   * more than the index, so the receiver's origin stays.
   */
  function elementsFromCallback(callback: TSESTree.Node | undefined): FlowValue | 'from-element' | undefined {
    const fn = callback && unwrap(callback);
    if (!fn || !isFunction(fn)) return undefined;
    const returns = returnedExpressions(fn);
    if (returns.length === 0) return undefined;
    return returns.every((r) => evaluate(r).origin === 'constant') ? CONSTANT : 'from-element';
  }

  /**
   * pg-format's `format('... %I ... %L', a, b)` quotes identifiers and literals itself; only `%s`
   * inserts a value as it is. Recognised when `format` comes from pg-format and the format string
   * is a literal without `%s`.
   */
  function isEscapingFormat(call: TSESTree.CallExpression, callee: TSESTree.Identifier): boolean {
    const first = call.arguments[0];
    if (!first || first.type !== 'Literal' || typeof first.value !== 'string' || /%(\d+\$)?s/.test(first.value)) return false;
    const def = variableOf(callee)?.defs[0];
    if (!def) return false;
    if (def.type === 'ImportBinding') return def.parent?.type === 'ImportDeclaration' && def.parent.source.value === 'pg-format';
    if (def.type !== 'Variable') return false;
    const init = def.node.init;
    return !!init && init.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require' &&
      init.arguments[0]?.type === 'Literal' && init.arguments[0].value === 'pg-format';
  }

  function newValue(node: TSESTree.NewExpression): FlowValue {
    const callee = dottedName(node.callee);
    const constructed = archive && callee ? own(ARCHIVE_CONSTRUCTORS, callee) : undefined;
    if (constructed) return { origin: 'unknown', built: false, archive: constructed };
    if (callee === 'URLSearchParams' || callee === 'URL' || callee === 'String') {
      return join(node.arguments.map((a) => evaluate(a)), false);
    }
    return UNKNOWN;
  }

  /**
   * What `fn` returns, from the summarising flow: the origin of what it makes itself, and which of
   * its parameters reach the result. Memoised like any value, so recursion settles.
   */
  function returnSummary(fn: FunctionNode): ReturnSummary {
    return symbolic ? ownReturnSummary(fn) : summaryFlow().returnSummary(fn);
  }

  function ownReturnSummary(fn: FunctionNode): ReturnSummary {
    let key = summaryKeys.get(fn);
    if (!key) {
      key = {};
      summaryKeys.set(fn, key);
    }
    const value = memo(key, false, () => join(returnedExpressions(fn).map((r) => evaluate(r)), false));
    return splitParameters(fn, value);
  }

  /**
   * What `key` of the result is made of, when every return of `fn` is an object literal with plain
   * keys (`return { data, files }`): the property under that key in each, so a caller reading
   * `files` is not handed what `data` carries.
   */
  function ownKeyReturnSummary(fn: FunctionNode, key: string): ReturnSummary | undefined {
    const element = key.split('.').includes(ELEMENT);
    if (!element && !objects().returnedKeys(fn)?.includes(key)) return undefined;
    let byKey = keyedSummaryKeys.get(fn);
    if (!byKey) keyedSummaryKeys.set(fn, (byKey = new Map<string, object>()));
    let memoKey = byKey.get(key);
    if (!memoKey) byKey.set(key, (memoKey = {}));
    // `files.[].path`, `[].path`: read in each returned value by its shape (the whole value where it is not known).
    if (element) return splitParameters(fn, memo(memoKey, false, () => join(returnedExpressions(fn).map((r) => pathsValue(r, [key])), false)));
    const value = memo(memoKey, false, () =>
      join(
        returnedExpressions(fn).map((r) => {
          const literal = unwrap(r) as TSESTree.ObjectExpression;
          // The last property under a name is the one the object keeps.
          const property = [...literal.properties].reverse().find((p) => p.type === 'Property' && keyNameOf(p) === key);
          return property?.type === 'Property' ? evaluate(property.value) : CONSTANT;
        }),
        false,
      ),
    );
    return splitParameters(fn, value);
  }

  function keyReturnSummary(fn: FunctionNode, key: string): ReturnSummary | undefined {
    return symbolic ? ownKeyReturnSummary(fn, key) : summaryFlow().keyReturnSummary(fn, key);
  }

  /** A summarising flow's value of what `fn` returns, told apart into its own part and its parameters. */
  function splitParameters(fn: FunctionNode, value: FlowValue): ReturnSummary {
    const params: number[] = [];
    const fields: Record<number, string[] | null> = {};
    for (const marker of value.params ?? []) {
      const index = fn.params.findIndex((p) => containsNode(p, marker));
      if (index < 0) continue;
      if (!params.includes(index)) params.push(index);
      // `const { args } = options; return args;`: the paths read below the parameter or its key.
      const below = value.paramFields?.get(marker);
      const param = fn.params[index];
      const key = param === marker ? undefined : patternPath(param, marker);
      const paths = param === marker ? below : key === undefined ? undefined : below ? below.map((b) => `${key}.${b}`) : [key];
      if (paths === undefined) fields[index] = null;
      else if (fields[index] !== null) fields[index] = [...(fields[index] ?? []), ...paths];
    }
    const own: FlowValue = { ...value };
    delete own.params;
    delete own.paramFields;
    delete own.asCame;
    const summary: ReturnSummary = { value: own, params: params.sort((a, b) => a - b) };
    if (value.asCame && params.length > 0) summary.asCame = true;
    for (const [index, keys] of Object.entries(fields)) if (keys) (summary.fields ??= {})[Number(index)] = keys;
    return summary;
  }

  /**
   * `referrer` in `({ referrer, action = 'x' }) => ...`, `options.folder` in `({ options: { folder } })`:
   * the keys from the parameter down to the marker, when only object patterns lie between.
   */
  function patternPath(param: TSESTree.Parameter, marker: TSESTree.Identifier): string | undefined {
    const pattern = param.type === 'AssignmentPattern' ? param.left : param;
    const keys: string[] = [];
    let node: TSESTree.Node = marker;
    while (node !== pattern) {
      const key = destructuredKey(node);
      let parent = getParent(node);
      if (parent?.type === 'AssignmentPattern' && parent.left === node) parent = getParent(parent);
      const object = parent && getParent(parent);
      if (key === undefined || object?.type !== 'ObjectPattern' || keys.length >= MAX_FIELD_PATH) return undefined;
      keys.unshift(key);
      node = object;
    }
    return keys.length > 0 ? keys.join('.') : undefined;
  }

  /**
   * The argument `{ referrer, action }` as far as the callee reads `keys` of it; a spread or a
   * computed key may hold any of them. A key may be a path (`req.file.name`): the property under
   * its first step is then read along the rest (`pathsValue`).
   */
  function objectFieldsValue(object: TSESTree.ObjectExpression, keys: readonly string[], seen: ReadonlySet<Variable> = new Set()): FlowValue {
    const parts: FlowValue[] = [];
    for (const property of object.properties) {
      if (property.type === 'SpreadElement') parts.push(pathsValue(property.argument, keys, seen));
      else {
        const key = keyNameOf(property);
        if (key === undefined || keys.includes(key)) parts.push(evaluate(property.value));
        else {
          const below = keys.filter((k) => k.startsWith(`${key}.`)).map((k) => k.slice(key.length + 1));
          if (below.length) parts.push(pathsValue(property.value, below, seen));
        }
      }
    }
    return join(parts, false);
  }

  /**
   * What a callee reading these field paths of `node` gets: an object literal by its properties,
   * a local variable by each value it is given (`const job = { req, target }; store(job)`),
   * anything else by its value.
   */
  function pathsValue(node: TSESTree.Node, paths: readonly string[], seen: ReadonlySet<Variable> = new Set()): FlowValue {
    const inner = unwrap(node);
    // `[].path`: a field of the list's elements, told apart where the list's shape is known.
    if (paths.some((p) => p === ELEMENT || p.startsWith(`${ELEMENT}.`))) {
      const parts: FlowValue[] = [];
      const fields = paths.filter((p) => p !== ELEMENT && !p.startsWith(`${ELEMENT}.`));
      if (fields.length > 0) parts.push(pathsValue(node, fields, seen));
      for (const path of paths.filter((p) => !fields.includes(p))) {
        const rest = path.split('.').slice(1);
        parts.push(elementField(node, rest) ?? pathValue(evaluate(node), node, [ELEMENT, ...rest]));
      }
      return join(parts, false);
    }
    if (inner.type === 'Identifier') {
      // `f` of `for (const f of files)` handed on: the fields of the list's elements.
      const list = listOfElement(inner);
      const parts = list ? paths.map((p) => elementField(list, p.split('.'))) : [];
      if (list && parts.every((part) => part !== undefined)) return join(parts, false);
    }
    if (inner.type === 'ObjectExpression') return objectFieldsValue(inner, paths, seen);
    const writes = inner.type === 'Identifier' ? plainWrites(inner) : undefined;
    const variable = writes && variableOf(inner as TSESTree.Identifier);
    // A variable met again on the way (`o = { ...o, x }`) adds no field its other values lack.
    if (writes && variable && seen.has(variable)) return CONSTANT;
    if (writes && variable && seen.size < MAX_FIELD_PATH * 2) {
      const further = new Set(seen).add(variable);
      return guarded(inner, join(writes.map((w) => pathsValue(w, paths, further)), false));
    }
    // `getFile(p).tempPath` where getFile returns `{ name, data }`: the field is not there.
    const keys = inner.type === 'CallExpression' ? objects().callKeys(inner) : undefined;
    const present = keys ? paths.filter((path) => keys.includes(path.split('.')[0])) : paths;
    if (present.length === 0) return CONSTANT;
    const value = evaluate(node);
    return join(
      present.map((path) => {
        const [first, ...rest] = path.split('.');
        const whole = rest.length > 0 ? keyedCallValue(inner, path) : undefined;
        if (whole) return whole;
        const keyed = keyedCallValue(inner, first);
        return keyed ? pathValue(keyed, node, rest) : pathValue(value, node, [first, ...rest]);
      }),
      false,
    );
  }

  /**
   * `value` read along `steps`, as `memberValue` reads a member: a request's input fields are
   * input and its other fields the server's (`req.user`), an upload's stored path is the
   * middleware's, and a summarised parameter is part of the result through the longer path.
   * Anything else keeps its value: a field of input is input.
   */
  function pathValue(value: FlowValue, node: TSESTree.Node, steps: readonly string[]): FlowValue {
    let current = value;
    let description = describe(node);
    for (const step of steps) {
      // An element whose shape is not known carries what its list carries (the fields alone are narrower).
      if (step === ELEMENT) {
        const paramFields = current.origin === 'tainted' || current.params ? fieldOfMarker(current, step) : undefined;
        if (paramFields) current = { ...current, paramFields };
        continue;
      }
      if (current.requestObject) {
        if (CONTEXT_ANSWER_FIELDS.has(step) && isKoaContext(node, { variableOf, getParent })) return UNKNOWN;
        if (step === 'request' || step === 'req') continue;
        if (!isInputField(step) && step !== 'data' && step !== 'detail') return PARAMETER;
        description = `${description}.${step}`;
        const source: TaintSource = { node, description, ...(UPLOAD_FIELDS.has(step) ? { upload: true } : {}) };
        current = { origin: 'tainted', built: false, source, ...(current.path ? { path: current.path } : {}) };
        continue;
      }
      if (current.origin !== 'tainted') return current;
      if (current.source?.upload && STORED_UPLOAD_FIELDS.has(step)) return UNKNOWN;
      // `req.query.q` read here: the source names the whole path, as `memberValue` names it.
      if (current.source?.node === node && current.source.description === description) {
        description = `${description}.${step}`;
        current = { ...current, source: { ...current.source, description } };
      }
      const paramFields = fieldOfMarker(current, step);
      if (paramFields) current = { ...current, paramFields };
    }
    return current;
  }

  /**
   * `find(req.query.id)` where `find` is a function of this file: its result is what it makes
   * itself joined with the arguments it passes through, so a helper that escapes or parses its
   * argument returns a constant, and one that pastes it into SQL returns a built string.
   */
  function localCallValue(fn: FunctionNode, call: TSESTree.CallExpression): FlowValue {
    const streamed = streamReadParameter(fn);
    const stream = streamed === undefined ? undefined : call.arguments[streamed];
    if (stream && stream.type !== 'SpreadElement' && evaluate(stream).requestObject) {
      return { origin: 'tainted', built: false, source: { node: call, description: `${describe(call.callee)}(${describe(stream)})` } };
    }
    const summary = summaryFlow().returnSummary(fn);
    const parts: FlowValue[] = [summary.value];
    let container = false;
    for (const index of summary.params) {
      const value = argumentValue(call, index, summary.fields?.[index]);
      container ||= value.requestObject === true || value.archive !== undefined || (value.origin === 'tainted' && value.source?.upload === true);
      parts.push(value);
    }
    // `pick(req)` returning `r.query.q`, `nameOf(entry)` returning `entry.entryName`: the summary
    // knows which parameter reaches the result, not which field of it, and the input of a request
    // or an archive entry is in its fields (while an upload's stored path is not). Here the plain
    // flow reads the helper's own returns, its parameter holding what its callers pass (every
    // request is input alike).
    if (container && !symbolic) return markPassedInput(join(returnedExpressions(fn).map((r) => evaluate(r)), false), call);
    return markPassedInput(join(parts, summary.value.built), call);
  }

  function fieldsValueOf(argument: TSESTree.Node, keys: readonly string[]): FlowValue {
    return pathsValue(argument, keys);
  }

  /** The argument a summarised function reads at `index`: only the `keys` it reads of an object literal, unknown after a spread. */
  function argumentValue(call: TSESTree.CallExpression, index: number, keys: readonly string[] | undefined): FlowValue {
    const arg = call.arguments[index];
    if (!arg) return CONSTANT;
    if (call.arguments.slice(0, index + 1).some((a) => a.type === 'SpreadElement')) return UNKNOWN;
    return keys ? pathsValue(arg, keys) : evaluate(arg);
  }

  /** As for any call Rugged cannot see through: input passed in marks an unknown result as chosen from outside. */
  function markPassedInput(value: FlowValue, call: TSESTree.CallExpression): FlowValue {
    if (value.origin !== 'unknown' || value.parameter) return value;
    const mark = passedFromOutside(call.arguments.map((a) => evaluate(a)));
    if (!mark) return value;
    return mark.throughCall ? { ...value, parameter: true, throughCall: true } : { ...value, parameter: true };
  }

  /**
   * A call of a function another module exports, from its summary: what it makes itself (input it
   * reads there has no source here, so it counts as unknown) joined with the arguments it passes on.
   */
  function importedCallValue(summary: FunctionSummary, call: TSESTree.CallExpression): FlowValue {
    const { returns } = summary;
    const parts: FlowValue[] = [returns.origin === 'constant' ? CONSTANT : { origin: 'unknown', built: false }];
    for (const index of returns.params) parts.push(argumentValue(call, index, returns.fields?.[index]));
    return markPassedInput(join(parts, returns.built), call);
  }

  /**
   * `key` of what a call returns, when the function returns only object literals with plain keys
   * and its summary says what that key is made of (`plan(args).files` without `plan`'s `data`).
   * Undefined when nothing narrower than the whole result is known.
   */
  function keyedCallValue(node: TSESTree.Node, key: string): FlowValue | undefined {
    const call = unwrap(node);
    if (call.type !== 'CallExpression' || call.arguments.some((a) => a.type === 'SpreadElement')) return undefined;
    const callee = unwrap(call.callee);
    const imported = importedFunction?.(callee);
    let summary: ReturnSummary | undefined;
    if (imported) {
      const part = imported.returns.byKey && own(imported.returns.byKey, key);
      // A summary lists every field of a returned list's elements or none: one it does not list is absent.
      if (!part && imported.returns.byKey && hasElementFieldsOf(imported.returns.byKey, key)) return CONSTANT;
      // What the other module makes itself has no source here (`importedCallValue`).
      if (part) summary = { value: { ...(part.origin === 'constant' ? CONSTANT : UNKNOWN), built: part.built }, params: part.params, ...(part.fields ? { fields: part.fields } : {}) };
    } else if (callee.type === 'Identifier' && !SANITISING_FUNCTIONS.has(callee.name)) {
      const local = localFunction(callee);
      if (local && streamReadParameter(local) === undefined) summary = keyReturnSummary(local, key);
    }

    if (!summary) return undefined;
    const parts: FlowValue[] = [summary.value];
    for (const index of summary.params) {
      const value = argumentValue(call, index, summary.fields?.[index]);
      // A request or an archive entry handed in has its input in fields the summary does not name
      // (`localCallValue` reads the helper's returns for it): the whole result stands.
      if (value.requestObject || value.archive !== undefined || (value.origin === 'tainted' && value.source?.upload === true)) return undefined;
      parts.push(value);
    }
    return markPassedInput(join(parts, summary.value.built), call);
  }

  /** The function a called name refers to, when this file declares it (`function f`, `const f = () => ...`). */
  function localFunction(callee: TSESTree.Identifier): FunctionNode | undefined {
    const variable = variableOf(callee);
    if (!variable || variable.defs.length !== 1) return undefined;
    const def = variable.defs[0];
    if (def.type === 'FunctionName' && isFunction(def.node)) return def.node;
    if (def.type !== 'Variable' || def.node.id.type !== 'Identifier' || !def.node.init) return undefined;
    // Only a `const` keeps its function: a `let` may be reassigned to anything.
    if (getParent(def.node)?.type !== 'VariableDeclaration' || (getParent(def.node) as TSESTree.VariableDeclaration).kind !== 'const') return undefined;
    const init = unwrap(def.node.init);
    return isFunction(init) ? init : undefined;
  }

  /** `entry.entryName`, `header.name`, `zip.files`: a name the archive chose, more entries, or nothing of interest. */
  function archiveMemberValue(node: TSESTree.MemberExpression, object: FlowValue, name: string | undefined): FlowValue {
    const kind = object.archive!;
    const table = ARCHIVE_KINDS[kind];
    // zip.files[name]: one entry of the collection.
    if (node.computed && !name) return object;
    if (!name) return UNKNOWN;
    const handling = own(table.nameFields, name);
    // The way an entry took into a helper (`save(entry)`) stays part of its name's way.
    if (handling) return { ...archiveName(node, handling), ...(object.path ? { path: object.path } : {}) };
    const entries = own(table.entryFields, name);
    return entries ? { origin: 'unknown', built: false, archive: entries } : UNKNOWN;
  }

  /** A name from an archive; one the library checks in some versions carries that check as one Rugged cannot judge. */
  function archiveName(node: TSESTree.Node, handling: 'raw' | 'checked', description = describe(node)): FlowValue {
    const value: FlowValue = { origin: 'tainted', built: false, source: { node, description, kind: 'archive-entry' } };
    if (handling === 'checked') value.guard = { node, protects: 'traversal', strength: 'partial' };
    return value;
  }

  function archiveCallValue(node: TSESTree.CallExpression, callee: TSESTree.MemberExpression, method: string): FlowValue | undefined {
    const made = own(ENTRY_LIST_METHODS, method) ?? own(ARCHIVE_FACTORY_METHODS, method);
    if (made) return { origin: 'unknown', built: false, archive: made };
    if (UNZIPPER_OPEN.test(dottedName(callee) ?? '')) return { origin: 'unknown', built: false, archive: 'unzipper directory' };
    const first = node.arguments[0];
    // source.pipe(unzipper.Parse()): the entries come out of the parser.
    if (method === 'pipe' && first && first.type !== 'SpreadElement') {
      const piped = evaluate(first);
      return piped.archive ? piped : undefined;
    }
    // Object.keys(zip.files): the names themselves.
    if (method === 'keys' && dottedName(callee.object) === 'Object' && first && first.type !== 'SpreadElement') {
      const collection = evaluate(first).archive;
      const handling = collection && ARCHIVE_KINDS[collection].keysAreNames;
      return handling ? archiveName(node, handling, `the names in ${describe(first)}`) : undefined;
    }
    const receiver = evaluate(callee.object).archive;
    if (!receiver) return undefined;
    const table = ARCHIVE_KINDS[receiver];
    if (table.selfMethods?.includes(method)) return { origin: 'unknown', built: false, archive: receiver };
    const entries = own(table.entryMethods, method);
    return entries ? { origin: 'unknown', built: false, archive: entries } : undefined;
  }

  /** `zip.on('entry', (entry) => ...)`, `tar.x({ onentry(entry) {} })`, `jszip.forEach((name, file) => ...)`. */
  function archiveParameterValue(fn: FunctionNode, index: number, name: TSESTree.Identifier): FlowValue | undefined {
    const parent = getParent(fn);
    if (index === 0 && parent?.type === 'Property' && parent.value === fn && ENTRY_CALLBACK_OPTIONS.has(keyNameOf(parent) ?? '')) {
      return { origin: 'unknown', built: false, archive: 'streamed entry' };
    }
    // Inline or passed by name (`extract.on('entry', onentry)`).
    for (const { call, argument } of handoffsOf(fn, { getParent, variableOf })) {
      if (call.callee.type !== 'MemberExpression') continue;
      const method = propertyName(call.callee);
      const event = call.arguments[0];
      if (index === 0 && (method === 'on' || method === 'once') && call.arguments[1] === argument && event?.type === 'Literal' && typeof event.value === 'string' && ENTRY_EVENTS.has(event.value)) {
        return { origin: 'unknown', built: false, archive: 'streamed entry' };
      }
      if (method !== 'forEach' || call.arguments[0] !== argument) continue;
      const receiver = evaluate(call.callee.object).archive;
      const entries = receiver && ARCHIVE_KINDS[receiver].forEachNameThenEntry;
      if (!entries) continue;
      if (index === 0) return archiveName(name, 'checked');
      if (index === 1) return { origin: 'unknown', built: false, archive: entries };
    }
    return undefined;
  }

  let objectResults: ObjectResults | undefined;
  const objects = (): ObjectResults => (objectResults ??= createObjectResults({ assignmentsOf, localFunction, importedFunction }));
  const self: FlowInstance = {
    valueOf, variableOf, assignmentsOf, guardOf, iifeArgumentOf, globalNameOf, archiveFlow, returnSummary,
    valuesByCaller: (node) => valuesByCaller(node),
    fieldsValueOf,
    isObjectShaped: (node) => objects().isObjectShaped(node),
    returnsOnlyObjects: (fn) => objects().returnsOnlyObjects(fn),
    returnedKeys: (fn) => objects().returnedKeys(fn),
    keyReturnSummary,
    returnedElementPaths: (fn) => (symbolic ? returnedElementPaths(fn) : summaryFlow().returnedElementPaths(fn)),
    steps: () => shared.spent, exhausted: () => shared.ranOut,
  };
  return self;
}

/** How a local variable's list is made (`listSourcesOf`). */
interface ListSources {
  /** Values pushed, unshifted, spliced in or stored at an index (a spread adds a list's elements). */
  elements: TSESTree.Node[];
  /** Lists the variable is given by `=`. */
  lists: TSESTree.Node[];
  /** Calls whose result the variable is destructured from, with the keys down to it. */
  keyed: { call: TSESTree.CallExpression; keys: string[] }[];
}

/** A field written into a held object after it was made: under `key`, or under any key (`o[k] = v`, a merge). */
interface LaterWrite {
  key: string | undefined;
  value: TSESTree.Node;
}

/** One computation in progress; `low` is the deepest-held (lowest) stack index it relied on. */
interface Frame {
  low: number;
  serial: number;
}

function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = unwrap(node);
  while (current.type === 'MemberExpression') current = unwrap(current.object);
  return current.type === 'Identifier' ? current : undefined;
}

/** `byKey` lists element fields of the list `path` reads an element field of (`files.[].path` beside `files.[].name`). */
function hasElementFieldsOf(byKey: Readonly<Record<string, unknown>>, path: string): boolean {
  const steps = path.split('.');
  const at = steps.lastIndexOf(ELEMENT);
  if (at < 0 || at !== steps.length - 2) return false;
  const prefix = `${steps.slice(0, at + 1).join('.')}.`;
  return Object.keys(byKey).some((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('.'));
}

/** A table's own entry: `toString` and the other names every object inherits are in no table. */
function own<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table && Object.hasOwn(table, key) ? table[key] : undefined;
}

function lastSegment(dotted: string | undefined): string | undefined {
  return dotted?.slice(dotted.lastIndexOf('.') + 1);
}

function describe(node: TSESTree.Node): string {
  return dottedName(node) ?? 'request input';
}

function containsNode(haystack: TSESTree.Node, needle: TSESTree.Node): boolean {
  return haystack.range[0] <= needle.range[0] && needle.range[1] <= haystack.range[1];
}

export type { Scope, Variable };
