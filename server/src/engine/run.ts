// The engine: (text, path, config) -> findings. One parse, one AST walk dispatching to every
// enabled rule, per-rule isolation, suppressions, fingerprints and verified fixes. Never throws.
import { createHash } from 'node:crypto';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { formatMessage, type FixProposal, type NodeListener, type ReportDescriptor, type RuleContext, type RuleModule } from './ruleContract';
import { INTERNAL_ERROR, INVALID_SUPPRESSION, PARSE_ERROR } from './builtinRules';
import type { EngineConfig } from './config';
import { applyContext, classifyPath, type FileContext } from './contextPolicy';
import { createDataFlow, type DataFlow, type FlowInstance } from './dataflow';
import { crossModuleFinding } from './crossModuleFindings';
import { handedOverHits, importedFunctionLookup, importedSinkHits } from './importedCalls';
import { receiverClass } from './receiverClasses';
import { summarizeModule } from './summarize';
import type { ImportedSummaries, ModuleSummary, SummarizedResult } from './summaries';
import { editsOverlap } from './edits';
import type { FileNote, Finding, Fix, Point, SourceRange } from './finding';
import { buildImportIndex } from './imports';
import type { ParseMemory } from './incrementalParse';
import { parseSource } from './parse';
import { rulesFor } from './prefilter';
import { findSuppression, readSuppressions, SUPPRESSION_MARKER } from './suppressions';
import { teamRuleModules } from './teamRules';
import { walk, type Listener, type TraversalHandlers } from './traverse';
import { verifyFixes } from './verifyFixes';
import type { WorkCounter } from './workCounter';

export interface AnalyzeOptions {
  rules: readonly RuleModule[];
  config: EngineConfig;
  /** ISO date for expiring suppressions; defaults to the current date. */
  today?: string;
  /** Verify each proposed fix by re-analysing the rewritten text (on by default). */
  verifyFixes?: boolean;
  /** Data-flow steps this file may spend (see DEFAULT_FLOW_BUDGET); for tests of the limit. */
  flowBudget?: number;
  /**
   * The file's path relative to its project root, which the context policy classifies (test,
   * fixture, script...). Defaults to `filePath`; an absolute path is production code.
   */
  projectPath?: string;
  /**
   * Summaries of the modules the file imports, by specifier as written in the file, from the
   * front end's module graph (`server/src/scan/projectAnalysis.ts`): calls into them are followed.
   */
  importedSummaries?: ImportedSummaries;
  /** Also compute the file's own summary (`SummarizedResult.summary`) for the files importing it. */
  summarize?: boolean;
  /**
   * Skip the rules that cannot report in this file (`RuleMeta.requiresText`); on by default, off
   * only to prove the prefilter changes nothing.
   */
  prefilter?: boolean;
  /** Counts the work done (fix verification included), for tests that hold the cost linear. */
  workCounter?: WorkCounter;
  /**
   * This document's previous parse, for a front end that analyses one document over and over (an
   * editor between keystrokes): only the edited region is parsed again (`incrementalParse.ts`).
   * One memory per document; the findings are those of a fresh parse.
   */
  parseMemory?: ParseMemory;
}

/** Minified code: long and made of very long lines. Checked only past this size. */
const MINIFIED_MIN_LENGTH = 20_000;
const MINIFIED_AVERAGE_LINE = 500;

export function analyze(text: string, filePath: string, options: AnalyzeOptions): SummarizedResult {
  try {
    return analyzeUnsafe(text, filePath, options);
  } catch (error) {
    // Last line of defence: the engine reports instead of throwing, whatever happened.
    return {
      findings: [engineFinding(INTERNAL_ERROR, 'warning', `Rugged could not analyse this file: ${describeError(error)}`, wholeFileStart())],
      notes: [],
    };
  }
}

function analyzeUnsafe(text: string, filePath: string, options: AnalyzeOptions): SummarizedResult {
  const notes = skipReasons(text, options.config.maxFileSize);
  if (notes.length > 0) return { findings: [], notes };

  const fileContext = classifyPath(options.projectPath ?? filePath, options.config.contexts);
  const counter = options.workCounter;
  if (counter) counter.parsedChars += text.length;
  // Comments matter only to suppressions, and a suppression comment holds its marker verbatim.
  const parsed = parseSource(text, filePath, { comments: text.includes(SUPPRESSION_MARKER), memory: options.parseMemory });
  if (!parsed.ok) {
    const point: Point = { line: parsed.line, column: parsed.column, offset: parsed.offset };
    const findings = [engineFinding(PARSE_ERROR, 'info', `${/nested too deeply/.test(parsed.message) ? 'Could not parse' : 'Syntax error'}, file not checked: ${parsed.message}`, { start: point, end: point })];
    assignFingerprints(findings, text);
    return { findings: applyEngineSeverities(findings, options.config, fileContext), notes: [] };
  }
  const ast = parsed.ast;
  const lines = lineStarts(text);
  const parents = new Map<TSESTree.Node, TSESTree.Node>();
  let parentsComplete = false;
  const handlers: TraversalHandlers = { listeners: new Map() };
  const getParent = (node: TSESTree.Node): TSESTree.Node | undefined => {
    const known = parents.get(node);
    if (known || node === ast) return known;
    if (parentsComplete) return undefined;
    // A rule asked about a node the walk has not reached yet, nearly always inside the node it is
    // visiting (the receiver of a call, say): record that subtree's parents. The walk visits a node
    // before anything below it, so a miss comes from a subtree not yet recorded (these add up to at
    // most one walk) or from a node elsewhere, and then every parent of the file is recorded, once.
    const visiting = handlers.visiting;
    if (visiting && visiting !== ast) {
      walk(visiting, { listeners: new Map() }, parents, counter);
      const found = parents.get(node);
      if (found) return found;
    }
    walk(ast, { listeners: new Map() }, parents, counter);
    parentsComplete = true;
    return parents.get(node);
  };
  // Scope analysis is built on the first question only, so files without sinks never pay for it.
  let flow: FlowInstance | undefined;
  const imports = buildImportIndex(ast, text, filePath);
  // Only a name the module scope declares is the import: a local `find` shadowing it is not.
  const importedFunction = importedFunctionLookup(
    imports,
    options.importedSummaries,
    (node) => getFlow().variableOf(node)?.scope.type === 'module' || getFlow().variableOf(node)?.scope.type === 'global',
    (receiver) => receiverClass(receiver, { variableOf: (node) => getFlow().variableOf(node), getParent }),
  );
  const getFlow = (): FlowInstance => (flow ??= createDataFlow(ast, getParent, { budget: options.flowBudget, importedFunction }) as FlowInstance);
  const lazyFlow: DataFlow = {
    valueOf: (node) => getFlow().valueOf(node),
    variableOf: (node) => getFlow().variableOf(node),
    assignmentsOf: (node) => getFlow().assignmentsOf(node),
    guardOf: (node) => getFlow().guardOf(node),
    iifeArgumentOf: (node) => getFlow().iifeArgumentOf(node),
    globalNameOf: (node) => getFlow().globalNameOf(node),
    archiveFlow: () => getFlow().archiveFlow(),
    valuesByCaller: (node) => getFlow().valuesByCaller(node),
    fieldsValueOf: (argument, keys) => getFlow().fieldsValueOf(argument, keys),
    isObjectShaped: (node) => getFlow().isObjectShaped(node),
  };

  const findings: Finding[] = [];
  const listeners = new Map<string, Listener[]>();
  const shippedRules = options.prefilter === false ? options.rules : rulesFor(text, options.rules);
  const rules = [...shippedRules, ...teamRuleModules(options.config.checklist)];
  for (const rule of rules) {
    const setting = options.config.rules[rule.id];
    if (setting?.severity === 'off' || rule.meta.deprecated) continue;
    let failed = false;
    const fail = (error: unknown, node: TSESTree.Node | undefined) => {
      if (failed) return;
      failed = true;
      const range = node ? toRange(node.range[0], node.range[1], lines) : wholeFileStart();
      findings.push(engineFinding(INTERNAL_ERROR, 'warning', `Rule ${rule.id} failed on this file (line ${range.start.line}): ${describeError(error)}`, range));
    };
    const context: RuleContext = {
      filePath,
      sourceText: text,
      ast,
      options: setting?.options ?? {},
      flow: lazyFlow,
      imports,
      getText: (node) => text.slice(node.range[0], node.range[1]),
      getParent,
      report: (descriptor) => {
        if (descriptor.audit && options.config.profile !== 'audit') return;
        findings.push(toFinding(rule, descriptor, setting?.severity, text, lines, fileContext));
      },
    };
    let visitor: ReturnType<RuleModule['create']>;
    try {
      visitor = rule.create(context);
    } catch (error) {
      fail(error, undefined);
      continue;
    }
    // The walk dispatches by the node's own type, so each listener only ever sees the node type
    // its key names: the typed visitor's promise holds, and erasing it here is safe.
    for (const [key, listener] of Object.entries(visitor) as [string, NodeListener | undefined][]) {
      if (!listener) continue;
      const guarded: Listener = (node) => {
        if (failed) return;
        try {
          listener(node);
        } catch (error) {
          fail(error, node);
        }
      };
      const list = listeners.get(key);
      if (list) list.push(guarded);
      else listeners.set(key, [guarded]);
    }
  }
  if (importedFunction) {
    // Input handed to another module's function that sinks it: reported here, at the argument.
    const report = (node: TSESTree.Node) => {
      try {
        for (const hit of handedOverHits(importedSinkHits(node as TSESTree.CallExpression, lazyFlow, importedFunction), lazyFlow)) {
          const finding = crossModuleFinding(hit, node as TSESTree.CallExpression, { rules: options.rules, config: options.config, fileContext, toRange: (n) => toRange(n.range[0], n.range[1], lines) });
          if (finding) findings.push(finding);
        }
      } catch {
        // A summary the front end built wrongly costs this call's cross-module finding, nothing else.
      }
    };
    listeners.set('CallExpression', [...(listeners.get('CallExpression') ?? []), report]);
  }
  handlers.listeners = listeners;
  walk(ast, handlers, parents, counter);
  handlers.visiting = undefined;
  parentsComplete = true;
  let summary: ModuleSummary | undefined;
  if (options.summarize) {
    summary = summarizeModule({
      ast,
      filePath,
      rules: shippedRules,
      config: options.config,
      imports,
      getParent,
      flow: getFlow,
      importedFunction,
      context: { filePath, sourceText: text, ast, imports, getText: (node) => text.slice(node.range[0], node.range[1]), getParent },
      toRange: (node) => toRange(node.range[0], node.range[1], lines),
      budget: options.flowBudget,
      workCounter: counter,
    });
  }

  applySuppressions(findings, ast, text, lines, options.today ?? new Date().toISOString().slice(0, 10));
  if (options.verifyFixes !== false) {
    const reanalyse = (source: string, rule: RuleModule) => {
      if (counter) counter.reanalyses++;
      return analyze(source, filePath, { ...options, rules: [rule], verifyFixes: false, summarize: false, parseMemory: undefined }).findings;
    };
    verifyFixes(findings, text, options.rules, reanalyse);
  }
  assignFingerprints(findings, text);
  const configured = applyEngineSeverities(findings, options.config, fileContext);
  configured.sort((a, b) => a.range.start.offset - b.range.start.offset || a.ruleId.localeCompare(b.ruleId) || a.range.end.offset - b.range.end.offset);
  // Read after the walk only: the flow is built on the first question, and `flow` is assigned then.
  const exhausted = flow?.exhausted() === true;
  if (counter && flow) counter.flowSteps += flow.steps();
  return { findings: configured, notes: exhausted ? [budgetNote(filePath)] : [], ...(summary ? { summary } : {}) };
}

/**
 * The engine's own finding kinds (parse errors, invalid suppressions...) honour `rules` severities
 * and the file's context too; rule findings got both when they were reported.
 */
function applyEngineSeverities(findings: Finding[], config: EngineConfig, fileContext: FileContext | undefined): Finding[] {
  const out: Finding[] = [];
  for (const finding of findings) {
    if (!finding.ruleId.startsWith('rugged/')) {
      out.push(finding);
      continue;
    }
    const severity = config.rules[finding.ruleId]?.severity;
    if (severity === 'off') continue;
    const inContext = applyContext(severity ?? finding.severity, fileContext);
    out.push({ ...finding, severity: inContext.severity, ...(inContext.context ? { context: inContext.context } : {}) });
  }
  return out;
}

/** Said when data flow ran out of steps: the file was checked, but not all the way. */
function budgetNote(filePath: string): FileNote {
  const name = filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1) || filePath;
  return { kind: 'budget-exhausted', message: `analysis budget exhausted in ${name}: findings may be incomplete` };
}

function skipReasons(text: string, maxFileSize: number): FileNote[] {
  if (text.includes('\u0000')) return [{ kind: 'skipped-binary', message: 'Binary content (NUL bytes); not checked.' }];
  if (text.length > maxFileSize) {
    return [{ kind: 'skipped-large', message: `File has ${text.length} characters, over the ${maxFileSize} limit (setting maxFileSize); not checked.` }];
  }
  if (text.length >= MINIFIED_MIN_LENGTH) {
    const lineCount = text.split('\n').length;
    if (text.length / lineCount > MINIFIED_AVERAGE_LINE) {
      return [{ kind: 'skipped-minified', message: 'Looks minified (very long lines); not checked. Check its source instead.' }];
    }
  }
  return [];
}

function toFinding(
  rule: RuleModule,
  descriptor: ReportDescriptor,
  severityOverride: string | undefined,
  text: string,
  lines: number[],
  fileContext: FileContext | undefined,
): Finding {
  const template = rule.meta.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`unknown messageId "${descriptor.messageId}"`);
  const configured = severityOverride && severityOverride !== 'off' ? (severityOverride as Finding['severity']) : descriptor.severity ?? rule.meta.severity;
  // A configured severity is the base the context lowers: `"error"` in `.rugged.json` means an
  // error in production code, not in every test that exercises the pattern.
  const { severity, context } = descriptor.sameInEveryContext ? { severity: configured, context: undefined } : applyContext(configured, fileContext);
  return {
    ruleId: rule.id,
    severity,
    confidence: descriptor.confidence ?? rule.meta.confidence,
    message: formatMessage(template, descriptor.data),
    range: toRange(descriptor.node.range[0], descriptor.node.range[1], lines),
    fixes: (descriptor.fixes ?? []).map((proposal) => toFix(rule, proposal, text)),
    related: (descriptor.related ?? []).map((r) => ({ message: r.message, range: toRange(r.node.range[0], r.node.range[1], lines) })),
    fingerprint: '',
    data: descriptor.data,
    ...(descriptor.fixWithheld && !descriptor.fixes?.length ? { fixWithheld: descriptor.fixWithheld } : {}),
    ...(descriptor.secrets?.length ? { secrets: descriptor.secrets.map((n) => toRange(n.range[0], n.range[1], lines)) } : {}),
    ...(context ? { context } : {}),
  };
}

function toFix(rule: RuleModule, proposal: FixProposal, text: string): Fix {
  const template = rule.meta.messages[proposal.messageId];
  if (template === undefined) throw new Error(`unknown fix messageId "${proposal.messageId}"`);
  if (editsOverlap(proposal.edits) || proposal.edits.some((e) => e.start < 0 || e.end > text.length || e.start > e.end)) {
    throw new Error(`fix "${proposal.messageId}" has overlapping or out-of-range edits`);
  }
  return { title: formatMessage(template, proposal.data), kind: proposal.kind, edits: proposal.edits };
}

function applySuppressions(findings: Finding[], ast: TSESTree.Program, text: string, lines: number[], today: string): void {
  const comments = ast.comments ?? [];
  if (!comments.some((c) => c.value.includes(SUPPRESSION_MARKER))) return;
  const suppressions = readSuppressions(comments, text, today);
  for (const finding of findings) {
    const match = findSuppression(suppressions, finding.ruleId, finding.range.start.line);
    if (match) finding.suppression = { justification: match.reason, until: match.until, line: match.line };
  }
  for (const s of suppressions) {
    if (!s.problem) continue;
    const why = {
      'missing-reason': 'has no reason; write the reason after "--". It does not suppress anything until then',
      'no-rule': 'names no rule id; write `rugged-ignore <rule-id> -- <reason>`',
      'bad-date': `has an "until" date that is not YYYY-MM-DD (${s.until ?? ''}); it does not suppress anything`,
      expired: `expired on ${s.until ?? ''}; the findings it covered are reported again`,
    }[s.problem];
    const range = toRange(s.comment.range[0], s.comment.range[1], lines);
    findings.push(engineFinding(INVALID_SUPPRESSION, 'warning', `Suppression comment ${why}.`, range));
  }
}


function assignFingerprints(findings: Finding[], text: string): void {
  const seen = new Map<string, number>();
  for (const finding of [...findings].sort((a, b) => a.range.start.offset - b.range.start.offset)) {
    const snippet = text.slice(finding.range.start.offset, finding.range.end.offset).replace(/\s+/g, ' ').trim();
    const key = `${finding.ruleId}\u0000${snippet}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    finding.fingerprint = createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
  }
}

function engineFinding(ruleId: string, severity: Finding['severity'], message: string, range: SourceRange): Finding {
  return { ruleId, severity, confidence: 'high', message, range, fixes: [], related: [], fingerprint: '' };
}

function wholeFileStart(): SourceRange {
  const point: Point = { line: 1, column: 0, offset: 0 };
  return { start: point, end: point };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0];
  return String(error);
}

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function pointAt(offset: number, starts: number[]): Point {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low], offset };
}

export function toRange(start: number, end: number, starts: number[]): SourceRange {
  return { start: pointAt(start, starts), end: pointAt(end, starts) };
}
