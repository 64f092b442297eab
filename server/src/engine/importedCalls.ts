// Calls of functions other modules export, seen through the summaries the front end supplied:
// which summary a callee names, and which arguments carry request input into a sink there.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyName, unwrap } from './astNodes';
import type { DataFlow, FlowValue } from './dataflow';
import type { ImportIndex } from './imports';
import type { FunctionSummary, ImportedSummaries, SinkFact } from './summaries';

export type ImportedFunctionLookup = (callee: TSESTree.Node) => FunctionSummary | undefined;

/**
 * `findUser(x)` after `import { findUser }` or `const { findUser } = require(...)`, `users.findUser(x)`
 * after `import * as users`, `const users = require(...)` or a default import of a CommonJS module,
 * and `find(x)` when `find` is a module's default export. Names shadowed by a local declaration
 * are told apart by the caller (`isModuleScoped`). Methods are found under the dotted names
 * `exports.ts` gives them: `stock.levelFor(x)` of an imported object or instance, and
 * `store.archive(x)` or `this.repo.search(x)` when `receiverClass` says the receiver is an instance
 * of an imported class (`Service.prototype.archive`).
 */
const PROTOTYPE = '.prototype.';

export function importedFunctionLookup(
  imports: ImportIndex,
  summaries: ImportedSummaries | undefined,
  isModuleScoped: (node: TSESTree.Identifier) => boolean,
  receiverClass?: (receiver: TSESTree.Node) => TSESTree.Node | undefined,
): ImportedFunctionLookup | undefined {
  if (!summaries || Object.keys(summaries).length === 0) return undefined;
  /** The summary table and the exported name `name` (an identifier or `ns.Name`) stands for. */
  const exportedAs = (name: TSESTree.Node): { table: Record<string, FunctionSummary>; key: string } | undefined => {
    const node = unwrap(name);
    if (node.type === 'Identifier') {
      const binding = imports.bindingFor(node.name);
      const table = binding && summaries[binding.module];
      if (!table || !isModuleScoped(node)) return undefined;
      return { table, key: binding.kind === 'named' ? (binding.imported ?? '') : 'default' };
    }
    if (node.type !== 'MemberExpression' || node.object.type !== 'Identifier') return undefined;
    const binding = imports.bindingFor(node.object.name);
    const table = binding && binding.kind !== 'named' ? summaries[binding.module] : undefined;
    const key = propertyName(node);
    return table && key && isModuleScoped(node.object) ? { table, key } : undefined;
  };
  const own = (table: Record<string, FunctionSummary>, key: string) => (Object.hasOwn(table, key) ? table[key] : undefined);
  // The names of the class methods the imported modules summarise (`Service.prototype.find` gives
  // `find`): finding a receiver's class asks the scopes, and only a call of one of these names can
  // reach a summary through it.
  const classMethods = new Set<string>();
  for (const table of Object.values(summaries)) {
    for (const key of Object.keys(table)) {
      const at = key.indexOf(PROTOTYPE);
      if (at >= 0) classMethods.add(key.slice(at + PROTOTYPE.length));
    }
  }
  return (raw) => {
    const callee = unwrap(raw);
    if (callee.type === 'Identifier') {
      const found = exportedAs(callee);
      return found && own(found.table, found.key);
    }
    if (callee.type !== 'MemberExpression') return undefined;
    const name = propertyName(callee);
    if (!name) return undefined;
    if (callee.object.type === 'Identifier') {
      const binding = imports.bindingFor(callee.object.name);
      const table = binding && summaries[binding.module];
      if (table && isModuleScoped(callee.object)) {
        if (binding.kind === 'named') return own(table, `${binding.imported ?? ''}.${name}`);
        // An ESM default export that is an object or instance keeps its methods under `default.`.
        return (binding.kind === 'default' ? own(table, `default.${name}`) : undefined) ?? own(table, name);
      }
    }
    if (!classMethods.has(name)) return undefined;
    const made = receiverClass?.(callee.object);
    const found = made && exportedAs(made);
    return found && own(found.table, `${found.key}${PROTOTYPE}${name}`);
  };
}

/** One argument that carries request input into a parameter an imported function sinks. */
export interface ImportedSinkHit {
  fact: SinkFact;
  summary: FunctionSummary;
  argument: TSESTree.Node;
  value: FlowValue;
}

/**
 * The sinks an imported call reaches with input. A value with a check on it is left out: the
 * check's verdict depends on the sink's hazard, which the rule judged in the other file.
 */
export function importedSinkHits(call: TSESTree.CallExpression, flow: DataFlow, lookup: ImportedFunctionLookup): ImportedSinkHit[] {
  const summary = lookup(call.callee);
  if (!summary || summary.sinks.length === 0) return [];
  const hits: ImportedSinkHit[] = [];
  for (const fact of summary.sinks) {
    if (call.arguments.slice(0, fact.param + 1).some((a) => a.type === 'SpreadElement')) continue;
    const argument = call.arguments[fact.param];
    if (!argument) continue;
    const value = argumentValue(argument, fact, flow);
    if (value.origin === 'tainted' && !value.guard) hits.push({ fact, summary, argument, value });
  }
  return hits;
}

/**
 * What the call hands the fact's parameter: only the fields it needs of an object literal. A needed
 * field holding the request itself (`{ req }` to a helper reading `req.file.name`) is judged by the
 * whole object, as before fields were known, since a request's own input has no source here.
 */
function argumentValue(argument: TSESTree.Node, fact: SinkFact, flow: DataFlow): FlowValue {
  if (!fact.fields) return flow.valueOf(argument);
  const value = flow.fieldsValueOf(argument, fact.fields);
  return value.requestObject ? flow.valueOf(argument) : value;
}

/**
 * A hit whose argument is a local function's parameter handed on as it came (`function report(sql)
 * { return run(sql); }`) stands for each tainted call of that function: one hit per call, at the
 * argument that built the value, as a local sink's report does (`DataFlow.valuesByCaller`).
 */
export function handedOverHits(hits: readonly ImportedSinkHit[], flow: DataFlow): ImportedSinkHit[] {
  const out: ImportedSinkHit[] = [];
  for (const hit of hits) {
    const handed = flow.valuesByCaller(hit.argument)?.filter((passed) => !passed.value.guard);
    if (handed?.length) out.push(...handed.map((passed) => ({ ...hit, argument: passed.argument, value: passed.value })));
    else out.push(hit);
  }
  return out;
}
