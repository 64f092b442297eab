// Computes a module's summary: for each exported function, what it returns and which parameters
// reach which sinks. The sinks come from the rules themselves, run once more over a flow in which
// every parameter is input, so a summary says exactly what the rule would report (guards and
// sanitisers included) and nothing has to be taught twice.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { FunctionNode } from './astNodes';
import { guardVerdict, type Hazard } from './guards';
import type { EngineConfig } from './config';
import { createDataFlow, type FlowInstance, type FlowValue } from './dataflow';
import { findExports } from './exports';
import { editsOverlap } from './edits';
import type { ForeignFix, SourceRange } from './finding';
import { importedSinkHits, type ImportedFunctionLookup } from './importedCalls';
import type { ImportIndex } from './imports';
import { formatMessage, type ReportDescriptor, type RuleContext, type RuleModule } from './ruleContract';
import { MAX_SUMMARY_STEPS, type FunctionSummary, type KeyReturn, type ModuleSummary, type SinkFact, type SummaryStep } from './summaries';
import { walk, type Listener } from './traverse';
import type { WorkCounter } from './workCounter';

export interface SummarizeInput {
  ast: TSESTree.Program;
  filePath: string;
  rules: readonly RuleModule[];
  config: EngineConfig;
  imports: ImportIndex;
  getParent: (node: TSESTree.Node) => TSESTree.Node | undefined;
  /**
   * The file's plain flow, whose summarising flow knows what each function returns; asked for only
   * when the module exports a function, so a module of classes or constants builds no scopes here.
   */
  flow: () => FlowInstance;
  importedFunction: ImportedFunctionLookup | undefined;
  /** What every rule context shares (text, AST, helpers); flow and report are set here. */
  context: Omit<RuleContext, 'flow' | 'report' | 'options'>;
  toRange(node: TSESTree.Node): SourceRange;
  budget?: number;
  /** Counts the summary's walk and flow steps, as the analysis counts its own. */
  workCounter?: WorkCounter;
}

export function summarizeModule(input: SummarizeInput): ModuleSummary {
  const exported = findExports(input.ast);
  const imports = [...input.imports.modules, ...exported.reExports.map((r) => r.from).filter((m) => !input.imports.modules.has(m))];
  const functions: Record<string, FunctionSummary> = {};
  for (const { name, fn } of exported.functions) {
    const flow = input.flow();
    const returns = flow.returnSummary(fn);
    const keys = flow.returnedKeys(fn);
    const carries = returns.params.length > 0 || returns.value.origin !== 'constant';
    // Element fields of returned lists (`[].path`, `files.[].path`) beside the returned literal's keys.
    const byKey = carries ? keyReturns(flow, fn, keys ?? [], flow.returnedElementPaths(fn)) : undefined;
    functions[name] = {
      name,
      returns: {
        origin: returns.value.origin,
        built: returns.value.built,
        params: returns.params,
        ...(returns.fields ? { fields: returns.fields } : {}),
        ...(flow.returnsOnlyObjects(fn) ? { object: true } : {}),
        ...(keys ? { keys: [...keys] } : {}),
        ...(returns.asCame ? { asCame: true } : {}),
        ...(byKey ? { byKey } : {}),
      },
      sinks: [],
    };
  }
  if (exported.functions.some(({ fn }) => fn.params.length > 0)) {
    for (const { param, fn, fact } of sinkFacts(input)) {
      for (const entry of exported.functions) {
        if (entry.fn !== fn) continue;
        const sinks = functions[entry.name].sinks;
        const key = factKey({ ...fact, param });
        const known = sinks.find((s) => factKey(s) === key);
        if (!known) sinks.push({ ...fact, param });
        // One sink reached through several fields, or through a field and the whole parameter:
        // one fact, so a caller gets one finding per sink as before.
        else if (known.fields && fact.fields) known.fields = [...new Set([...known.fields, ...fact.fields])];
        else delete known.fields;
      }
    }
  }
  return { functions, reExports: exported.reExports, imports };
}

/** Keys of a returned literal past this many are not told apart: the whole result stands for each. */
const MAX_KEYED_RETURNS = 24;

/**
 * What each key of the returned literals, and each field of the elements of the lists returned
 * (`elementPaths`), is made of. Element fields come all or none (past the bound, none), since a
 * caller takes a field the summary does not list for one the elements lack.
 */
function keyReturns(flow: FlowInstance, fn: FunctionNode, keys: readonly string[], elementPaths: readonly string[]): Record<string, KeyReturn> | undefined {
  const out: Record<string, KeyReturn> = {};
  const add = (key: string): boolean => {
    const part = flow.keyReturnSummary(fn, key);
    if (!part) return false;
    out[key] = { origin: part.value.origin, built: part.value.built, params: part.params, ...(part.fields ? { fields: part.fields } : {}) };
    return true;
  };
  if (keys.length > MAX_KEYED_RETURNS || !keys.every(add)) return undefined;
  if (elementPaths.length <= MAX_KEYED_RETURNS) {
    const before = { ...out };
    if (!elementPaths.every(add)) return Object.keys(before).length > 0 ? before : undefined;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function factKey(fact: SinkFact): string {
  const sink = fact.steps[fact.steps.length - 1];
  // A part lowered by a check it passed stays apart from an unchecked part of the same parameter.
  return `${fact.param}\u0000${fact.ruleId}\u0000${sink?.file}\u0000${sink?.range.start.offset}\u0000${fact.severity}`;
}

/** Every report the rules make when parameters are input, as facts about the parameter it names. */
function sinkFacts(input: SummarizeInput): { param: number; fn: FunctionNode; fact: Omit<SinkFact, 'param'> }[] {
  const flow = createDataFlow(input.ast, input.getParent, { budget: input.budget, importedFunction: input.importedFunction, mode: 'sinks', sameFileAs: input.flow() });
  const out: { param: number; fn: FunctionNode; fact: Omit<SinkFact, 'param'> }[] = [];
  // `hazard` is absent for a value handed to another module's function, where a checked value is
  // left out whatever the check (`importedSinkHits`).
  const record = (value: FlowValue, ruleId: string, descriptor: Pick<ReportDescriptor, 'messageId' | 'data' | 'severity' | 'confidence'>, tail: SummaryStep[], fixes: ForeignFix[], hazard: Hazard | undefined) => {
    const path = (value.path ?? []).map((s) => ({ file: input.filePath, range: input.toRange(s.node), message: s.message }));
    for (const marker of value.params ?? []) {
      const owner = ownerOf(marker, input);
      if (!owner) continue;
      // A check on this parameter's part alone, when the value as a whole has none.
      const check = value.guard ? undefined : value.paramGuards?.get(marker);
      const verdict = !check ? 'none' : hazard ? guardVerdict(check, hazard) : 'safe';
      if (verdict === 'safe') continue;
      const lowered = verdict === 'partial' ? { severity: 'warning' as const, confidence: 'medium' as const } : { severity: descriptor.severity, confidence: descriptor.confidence };
      const checked = check && verdict === 'partial' ? [{ file: input.filePath, range: input.toRange(check.node), message: 'checked here, by a check Rugged cannot judge' }] : [];
      const steps = [...path, ...checked, ...tail].slice(-MAX_SUMMARY_STEPS);
      const fields = fieldsRead(owner.fn.params[owner.index], marker, value, input);
      out.push({
        param: owner.index,
        fn: owner.fn,
        fact: { ...(fields ? { fields } : {}), ruleId, messageId: descriptor.messageId, data: { ...(descriptor.data ?? {}) }, ...lowered, steps, ...(fixes.length > 0 ? { fixes } : {}) },
      });
    }
  };
  const listeners = new Map<string, Listener[]>();
  const listen = (key: string, listener: Listener) => {
    const list = listeners.get(key);
    if (list) list.push(listener);
    else listeners.set(key, [listener]);
  };
  for (const rule of input.rules) {
    const setting = input.config.rules[rule.id];
    // A rule that never reports a tainted value has nothing to say about parameters here.
    if (setting?.severity === 'off' || rule.meta.deprecated || rule.meta.reportsTaint === false) continue;
    let failed = false;
    const context: RuleContext = {
      ...input.context,
      options: setting?.options ?? {},
      flow,
      report: (descriptor) => {
        if (!descriptor.taint?.params?.length) return;
        const sink = descriptor.data?.sink;
        const sinkStep = { file: input.filePath, range: input.toRange(descriptor.node), message: sink ? `reaches \`${sink}\` here` : 'reaches the sink here' };
        record(descriptor.taint, rule.id, descriptor, [sinkStep], sinkFixes(rule, descriptor, input), descriptor.hazard);
      },
    };
    let visitor: ReturnType<RuleModule['create']>;
    try {
      visitor = rule.create(context);
    } catch {
      // The plain analysis already reported this rule's failure; the summary just goes without it.
      continue;
    }
    for (const [key, listener] of Object.entries(visitor) as [string, ((node: TSESTree.Node) => void) | undefined][]) {
      if (!listener) continue;
      listen(key, (node) => {
        if (failed) return;
        try {
          listener(node);
        } catch {
          failed = true;
        }
      });
    }
  }
  // A parameter handed on to another module's function that sinks it: the fact travels up a level.
  const lookup = input.importedFunction;
  if (lookup) {
    listen('CallExpression', (node) => {
      const call = node as TSESTree.CallExpression;
      for (const hit of importedSinkHits(call, flow, lookup)) {
        const passed: SummaryStep = { file: input.filePath, range: input.toRange(call), message: `passed to \`${hit.summary.name}\` here` };
        // The rewrite stays where the sink is, however many modules the fact travels up.
        record(hit.value, hit.fact.ruleId, hit.fact, [passed, ...hit.fact.steps], hit.fact.fixes ?? [], undefined);
      }
    });
  }
  // The analysis's walk recorded every parent already (`input.getParent`).
  walk(input.ast, { listeners }, undefined, input.workCounter);
  if (input.workCounter) input.workCounter.flowSteps += flow.steps();
  return out;
}

/** The rule's fixes of a sink report, as edits of this file that a caller's front end may apply here. */
function sinkFixes(rule: RuleModule, descriptor: ReportDescriptor, input: SummarizeInput): ForeignFix[] {
  const text = input.context.sourceText;
  const out: ForeignFix[] = [];
  for (const proposal of descriptor.fixes ?? []) {
    const template = rule.meta.messages[proposal.messageId];
    const inRange = proposal.edits.every((e) => e.start >= 0 && e.start <= e.end && e.end <= text.length);
    // The plain analysis reports a malformed fix as the rule's error; the summary just leaves it out.
    if (template === undefined || !inRange || editsOverlap(proposal.edits)) continue;
    out.push({
      file: input.filePath,
      title: formatMessage(template, proposal.data),
      kind: proposal.kind,
      edits: proposal.edits.map((e) => ({ ...e })),
      replaced: proposal.edits.map((e) => text.slice(e.start, e.end)),
    });
  }
  return out;
}

/**
 * The fields of the parameter through which `marker` is part of the sink's value: the key of a
 * destructured `{ where }` (`collection.config` for `{ collection: { config } }`), or what the
 * function read of a plain `args` (`args.where`), as paths when it read deeper (`req.file.name`). Undefined
 * when the parameter may reach the sink whole (nested patterns, defaults of the whole, rest).
 */
function fieldsRead(param: TSESTree.Parameter, marker: TSESTree.Identifier, value: FlowValue, input: SummarizeInput): string[] | undefined {
  const pattern = param.type === 'AssignmentPattern' ? param.left : param;
  const below = value.paramFields?.get(marker);
  if (pattern === marker) return below ? [...below] : undefined;
  // `{ collection: { config } }`: the keys from the parameter down to the marker.
  const keys: string[] = [];
  let node: TSESTree.Node = marker;
  while (node !== pattern) {
    let parent = input.getParent(node);
    if (parent?.type === 'AssignmentPattern' && parent.left === node) {
      node = parent;
      parent = input.getParent(node);
    }
    if (parent?.type !== 'Property' || parent.value !== node || parent.computed) return undefined;
    const key = parent.key.type === 'Identifier' ? parent.key.name : parent.key.type === 'Literal' ? String(parent.key.value) : undefined;
    const object = input.getParent(parent);
    if (key === undefined || object?.type !== 'ObjectPattern') return undefined;
    keys.unshift(key);
    node = object;
  }
  // `({ req }) => read(req.file.name)`: the path below the key, so a caller handing the request
  // itself is judged by what the sink reads of it.
  const prefix = keys.join('.');
  return below ? below.map((path) => `${prefix}.${path}`) : [prefix];
}

/** The exported-or-not function whose parameter list declares `marker`, and the parameter's index. */
function ownerOf(marker: TSESTree.Identifier, input: SummarizeInput): { fn: FunctionNode; index: number } | undefined {
  for (let node = input.getParent(marker); node; node = input.getParent(node)) {
    if (node.type !== 'FunctionDeclaration' && node.type !== 'FunctionExpression' && node.type !== 'ArrowFunctionExpression') continue;
    const index = node.params.findIndex((p) => p.range[0] <= marker.range[0] && marker.range[1] <= p.range[1]);
    return index >= 0 ? { fn: node, index } : undefined;
  }
  return undefined;
}

