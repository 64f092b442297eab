// The shape of a module summary read back from outside the engine, checked field by field and
// rebuilt from the checked fields only: the language server's result cache (a signed cache from an
// older server or a bug) and `rugged scan --summaries` (a CI artifact anyone who can write the
// repository's workflow can forge) both get a summary of the shape the engine makes, nothing else.
// Records are rebuilt with defined properties, so a key such as `__proto__` stays a plain key.
import { isAbsolute } from 'node:path';
import type { FunctionSummary, KeyReturn, ModuleSummary, ReExport, SinkFact, SummaryStep } from '../engine/summaries';
import type { ForeignFix, SourceRange, TextEdit } from '../engine/finding';

const MAX_TEXT = 65_536;
/** More entries than any real module has: a summary past these is not one the server wrote. */
const MAX_ITEMS = 10_000;

export interface SummaryValidationOptions {
  /**
   * The file a step or a fix names, as the analysis should see it, or undefined to refuse the
   * summary. By default an absolute path is kept as it is (the language server's cache).
   */
  file?: (name: string) => string | undefined;
}

const absoluteOnly = (name: string): string | undefined => (isAbsolute(name) ? name : undefined);

export function validModuleSummary(value: unknown, options: SummaryValidationOptions = {}): ModuleSummary | undefined {
  if (!isRecord(value) || !isRecord(value.functions) || !isList(value.reExports) || !isList(value.imports)) return undefined;
  const file = options.file ?? absoluteOnly;
  const functions: Record<string, FunctionSummary> = {};
  const entries = Object.entries(value.functions);
  if (entries.length > MAX_ITEMS) return undefined;
  for (const [name, fn] of entries) {
    const valid = validFunction(fn, file);
    if (!valid || !isText(name)) return undefined;
    define(functions, name, valid);
  }
  const reExports: ReExport[] = [];
  for (const item of value.reExports) {
    const valid = validReExport(item);
    if (!valid) return undefined;
    reExports.push(valid);
  }
  if (!value.imports.every(isText)) return undefined;
  return { functions, reExports, imports: [...value.imports] };
}

/** Where a checked value goes: a file name already mapped by `SummaryValidationOptions.file`. */
type FileMapper = (name: string) => string | undefined;

function validFunction(value: unknown, file: FileMapper): FunctionSummary | undefined {
  if (!isRecord(value) || !isText(value.name) || !isRecord(value.returns) || !isList(value.sinks)) return undefined;
  const core = validReturnCore(value.returns);
  if (!core) return undefined;
  const sinks: SinkFact[] = [];
  for (const item of value.sinks) {
    const valid = validSinkFact(item, file);
    if (!valid) return undefined;
    sinks.push(valid);
  }
  if (value.returns.object !== undefined && typeof value.returns.object !== 'boolean') return undefined;
  if (value.returns.keys !== undefined && !isTextList(value.returns.keys)) return undefined;
  if (value.returns.asCame !== undefined && typeof value.returns.asCame !== 'boolean') return undefined;
  const keys = value.returns.keys;
  const byKey = value.returns.byKey === undefined ? undefined : validKeyReturns(value.returns.byKey);
  if (value.returns.byKey !== undefined && !byKey) return undefined;
  return {
    name: value.name,
    returns: {
      ...core,
      ...(value.returns.object ? { object: true } : {}),
      ...(keys ? { keys: [...keys] } : {}),
      ...(value.returns.asCame ? { asCame: true } : {}),
      ...(byKey ? { byKey } : {}),
    },
    sinks,
  };
}

/**
 * `returns.byKey`: what each key of the returned literals is made of. Dropped on reading, it would
 * make a cached summary differ from a fresh one: callers would see the whole object in each field,
 * and every importer of the module would be analysed again.
 */
function validKeyReturns(value: unknown): Record<string, KeyReturn> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, KeyReturn> = {};
  for (const [key, part] of Object.entries(value)) {
    const core = isRecord(part) ? validReturnCore(part) : undefined;
    if (!core) return undefined;
    define(out, key, core);
  }
  return out;
}

/** What a return and each of its keys share: where the value comes from, and which parameters (and their fields) reach it. */
function validReturnCore(value: Record<string, unknown>): KeyReturn | undefined {
  const { origin, built, params } = value;
  if ((origin !== 'constant' && origin !== 'unknown' && origin !== 'tainted') || typeof built !== 'boolean' || !isIndexList(params)) return undefined;
  const fields = value.fields === undefined ? undefined : validParamFields(value.fields);
  if (value.fields !== undefined && !fields) return undefined;
  return { origin, built, params: [...params], ...(fields ? { fields } : {}) };
}

/** `ReturnSummary.fields`: per parameter index, the keys of it that reach the result. */
function validParamFields(value: unknown): Record<number, string[]> | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length > MAX_ITEMS) return undefined;
  // Only numeric keys pass the pattern below, so plain assignment is safe here.
  const fields: Record<number, string[]> = {};
  for (const [index, keys] of entries) {
    if (!/^(0|[1-9]\d{0,5})$/.test(index) || !isTextList(keys)) return undefined;
    fields[Number(index)] = [...keys];
  }
  return fields;
}

function isTextList(value: unknown): value is string[] {
  return isList(value) && value.every(isText);
}

function validSinkFact(value: unknown, file: FileMapper): SinkFact | undefined {
  if (!isRecord(value) || !isIndex(value.param) || !isText(value.ruleId) || !isText(value.messageId) || !isRecord(value.data) || !isList(value.steps)) return undefined;
  const data: Record<string, string> = {};
  const dataEntries = Object.entries(value.data);
  if (dataEntries.length > MAX_ITEMS) return undefined;
  for (const [key, text] of dataEntries) {
    if (!isText(text) || !isText(key)) return undefined;
    define(data, key, text);
  }
  const steps: SummaryStep[] = [];
  for (const item of value.steps) {
    const valid = validStep(item, file);
    if (!valid) return undefined;
    steps.push(valid);
  }
  const fact: SinkFact = { param: value.param, ruleId: value.ruleId, messageId: value.messageId, data, steps };
  if (value.fields !== undefined) {
    if (!isTextList(value.fields)) return undefined;
    fact.fields = [...value.fields];
  }
  if (value.severity !== undefined) {
    if (value.severity !== 'error' && value.severity !== 'warning' && value.severity !== 'info') return undefined;
    fact.severity = value.severity;
  }
  if (value.confidence !== undefined) {
    if (value.confidence !== 'high' && value.confidence !== 'medium' && value.confidence !== 'low') return undefined;
    fact.confidence = value.confidence;
  }
  if (value.fixes !== undefined) {
    if (!isList(value.fixes)) return undefined;
    const fixes: ForeignFix[] = [];
    for (const item of value.fixes) {
      const valid = validForeignFix(item, file);
      if (!valid) return undefined;
      fixes.push(valid);
    }
    fact.fixes = fixes;
  }
  return fact;
}

function validForeignFix(value: unknown, file: FileMapper): ForeignFix | undefined {
  if (!isRecord(value) || !isText(value.file) || !isText(value.title) || !isList(value.edits) || !isList(value.replaced)) return undefined;
  const target = file(value.file);
  if (target === undefined) return undefined;
  if (value.kind !== 'safe' && value.kind !== 'suggestion') return undefined;
  if (value.edits.length !== value.replaced.length || !value.replaced.every(isText)) return undefined;
  const edits: TextEdit[] = [];
  for (const item of value.edits) {
    if (!isRecord(item) || !isIndex(item.start) || !isIndex(item.end) || item.start > item.end || !isText(item.text)) return undefined;
    edits.push({ start: item.start, end: item.end, text: item.text });
  }
  return { file: target, title: value.title, kind: value.kind, edits, replaced: [...value.replaced] };
}

function validStep(value: unknown, file: FileMapper): SummaryStep | undefined {
  if (!isRecord(value) || !isText(value.file) || !isText(value.message)) return undefined;
  const target = file(value.file);
  const range = validRange(value.range);
  return range && target !== undefined ? { file: target, range, message: value.message } : undefined;
}

function validReExport(value: unknown): ReExport | undefined {
  if (!isRecord(value) || !isText(value.from)) return undefined;
  if (value.names === undefined) return { from: value.from };
  if (!isRecord(value.names)) return undefined;
  const names: Record<string, string> = {};
  const entries = Object.entries(value.names);
  if (entries.length > MAX_ITEMS) return undefined;
  for (const [exported, local] of entries) {
    if (!isText(local) || !isText(exported)) return undefined;
    define(names, exported, local);
  }
  return { from: value.from, names };
}

function validRange(value: unknown): SourceRange | undefined {
  if (!isRecord(value) || !isRecord(value.start) || !isRecord(value.end)) return undefined;
  const start = validPoint(value.start);
  const end = validPoint(value.end);
  return start && end ? { start, end } : undefined;
}

function validPoint(value: Record<string, unknown>): SourceRange['start'] | undefined {
  const { line, column, offset } = value;
  return isIndex(line) && isIndex(column) && isIndex(offset) ? { line, column, offset } : undefined;
}

/** Sets `key` as an own, ordinary property, whatever its name (`__proto__` would replace the prototype). */
function define<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isList(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length <= MAX_ITEMS;
}

function isIndex(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function isIndexList(value: unknown): value is number[] {
  return isList(value) && value.every(isIndex);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT;
}
