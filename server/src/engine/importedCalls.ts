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
 * are told apart by the caller (`isModuleScoped`).
 */
export function importedFunctionLookup(imports: ImportIndex, summaries: ImportedSummaries | undefined, isModuleScoped: (node: TSESTree.Identifier) => boolean): ImportedFunctionLookup | undefined {
  if (!summaries || Object.keys(summaries).length === 0) return undefined;
  return (raw) => {
    const callee = unwrap(raw);
    if (callee.type === 'Identifier') {
      const binding = imports.bindingFor(callee.name);
      const table = binding && summaries[binding.module];
      if (!table || !isModuleScoped(callee)) return undefined;
      return binding.kind === 'named' ? table[binding.imported ?? ''] : table.default;
    }
    if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier') return undefined;
    const binding = imports.bindingFor(callee.object.name);
    const table = binding && binding.kind !== 'named' ? summaries[binding.module] : undefined;
    const name = propertyName(callee);
    if (!table || !name || !isModuleScoped(callee.object) || !Object.hasOwn(table, name)) return undefined;
    return table[name];
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
