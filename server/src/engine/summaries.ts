// Function summaries: what a module's exported functions do with their parameters, as plain data
// the front ends pass between analyses. The engine computes a file's summary while analysing it
// and reads the summaries of the modules it imports, so data flow crosses files without the
// engine ever reading one (the scan layer and the language server supply them).
import type { AnalysisResult, Confidence, ForeignFix, Severity, SourceRange } from './finding';

/** One place along the way inside the summarised module(s), for the finding's related information. */
export interface SummaryStep {
  /** The file it is in, as the front end named it to `analyze`. */
  file: string;
  range: SourceRange;
  message: string;
}

/** A parameter that reaches a sink: what the sink's rule reported when the parameter was input. */
export interface SinkFact {
  /** Index of the parameter. */
  param: number;
  /**
   * The parameter reaches the sink only through these fields of it (`args.where`, or `where` of
   * `{ where, req }`): a caller's object literal is judged by them alone. Absent: the whole parameter.
   */
  fields?: string[];
  ruleId: string;
  /** The rule's message id and data; `data.source` is replaced by the caller's source. */
  messageId: string;
  data: Record<string, string>;
  severity?: Severity;
  confidence?: Confidence;
  /** The calls it crossed after entering the function, then the sink itself, in order. */
  steps: SummaryStep[];
  /** The rule's rewrites of the sink, in the sink's file, unverified (see `Finding.foreignFixes`). */
  fixes?: ForeignFix[];
}

/** What one key of a function's returned object literals is made of: `FunctionSummary.returns` for that field alone. */
export interface KeyReturn {
  origin: 'constant' | 'unknown' | 'tainted';
  built: boolean;
  params: number[];
  fields?: Record<number, string[]>;
}

export interface FunctionSummary {
  /** The name it is exported under (`default` for a default export). */
  name: string;
  /** What the function returns: the origin of what it makes itself, and which parameters reach it. */
  returns: {
    origin: 'constant' | 'unknown' | 'tainted';
    built: boolean;
    params: number[];
    /** For a parameter destructured as an object, the keys whose values reach the result (`ReturnSummary.fields`). */
    fields?: Record<number, string[]>;
    /** Every return is an object or array (`objectResults.ts`): sent as an answer, it goes out as JSON. */
    object?: boolean;
    /** Every return is an object literal with these keys only: any other field of the result is `undefined`. */
    keys?: string[];
    /** The parameters reach the result only as they came (`ReturnSummary.asCame`). */
    asCame?: boolean;
    /**
     * With `keys`: what each key of the returned literals is made of, so a caller reading one
     * field (`plan(args).files`) is not handed what another (`data`) carries.
     */
    byKey?: Record<string, KeyReturn>;
  };
  sinks: SinkFact[];
}

/** `export { a as b } from './x'` and `export * from './x'`: resolved by the front end. */
export interface ReExport {
  from: string;
  /** Exported name → name in `from`; absent for `export *`. */
  names?: Record<string, string>;
}

export interface ModuleSummary {
  /** Summaries of exported functions, by exported name. */
  functions: Record<string, FunctionSummary>;
  reExports: ReExport[];
  /** Every module specifier the file imports, requires or re-exports, in order of appearance. */
  imports: string[];
}

/**
 * What a file may know about the modules it imports: for each specifier as written in the file,
 * the exported functions the front end found behind it (re-exports already followed).
 */
export type ImportedSummaries = Readonly<Record<string, Readonly<Record<string, FunctionSummary>>>>;

/** An analysis that may carry the file's summary (`AnalyzeOptions.summarize`). */
export type SummarizedResult = AnalysisResult & {
  /** What the file's exported functions do with their parameters. */
  summary?: ModuleSummary;
};

/** Steps that carry the way into another file: at most this many are kept per fact. */
export const MAX_SUMMARY_STEPS = 8;

/** A summary with nothing in it: no exported function reaches a sink or passes a parameter on. */
export function isEmptySummary(summary: ModuleSummary): boolean {
  return summary.reExports.length === 0 && Object.values(summary.functions).every((f) => f.sinks.length === 0 && f.returns.params.length === 0 && f.returns.origin === 'constant' && !f.returns.object);
}
