// The engine's output types. They are shaped for people and for the editors' and CI's
// converters (server/src/lsp, server/src/cli/formatters), never for one wire format.
import type { ContextKind } from './contexts';

export type Severity = 'error' | 'warning' | 'info';
export type Confidence = 'high' | 'medium' | 'low';

/** A point in the text: line is 1-based, column is 0-based (ESTree's convention), offset in UTF-16 units. */
export interface Point {
  line: number;
  column: number;
  offset: number;
}

export interface SourceRange {
  start: Point;
  end: Point;
}

/** Replace text[start, end) with `text`; offsets refer to the analysed text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * A rewrite proposed for a finding. `safe` fixes cannot change behaviour and may be applied in
 * bulk (fix-all, `--fix`); `suggestion` fixes change behaviour and are offered one at a time.
 */
export interface Fix {
  title: string;
  kind: 'safe' | 'suggestion';
  edits: TextEdit[];
}

/**
 * A fix whose edits belong in another file: the helper holding the sink that a cross-module
 * finding's input reaches, where the rewrite is local and the callers stay as they are.
 */
export interface ForeignFix extends Fix {
  /** The file the edits apply to, as the front end named it to `analyze`. */
  file: string;
  /** The text each edit replaces, in order: a front end applies the fix only to a file that still reads so. */
  replaced: string[];
}

/** Why a finding's severity is what it is: the context of its file and the glob that said so. */
export interface FindingContext {
  kind: ContextKind;
  /** The glob (default or configured) that matched the file's project-relative path. */
  matched: string;
  /** The severity before the context applied; equal to the finding's when the context lowered nothing. */
  originalSeverity: Severity;
}

/** Another place that explains a finding, such as where a tainted value came from. */
export interface RelatedLocation {
  message: string;
  range: SourceRange;
  /** The file the range is in when it is not the finding's own (a sink in an imported module). */
  file?: string;
}

export interface Suppression {
  justification: string;
  /** ISO date (YYYY-MM-DD) after which the suppression stops applying. */
  until?: string;
  /** 1-based line of the suppression comment. */
  line: number;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  confidence: Confidence;
  message: string;
  range: SourceRange;
  fixes: Fix[];
  related: RelatedLocation[];
  /**
   * Stable across unrelated edits: rule id, the normalised text of the flagged node and its
   * occurrence index among identical snippets in the file. Lines are deliberately left out.
   */
  fingerprint: string;
  /** Set when a valid, unexpired suppression comment covers this finding. */
  suppression?: Suppression;
  /**
   * Why no quick fix is offered although the rule knows the safe pattern: the rewrite it would
   * make could not be shown to keep the statement's meaning (see rules/util/sqlFixChecks.ts).
   * Set only when `fixes` is empty; the story and suppression actions stay available.
   */
  fixWithheld?: string;
  /** Placeholder values of the message, for consumers that build their own text. */
  data?: Record<string, string>;
  /**
   * Fixes in the other file a cross-module finding's way leads to (its sink's rewrite). The engine
   * could not verify them, since it never sees that file: a front end applies them to that file's
   * text, checks it still parses and the sink is gone, and only then offers them.
   */
  foreignFixes?: ForeignFix[];
  /**
   * Ranges of the text that the rule knows to be secret values (a hardcoded key literal). The
   * engine only carries them; outputs hide the text under them wherever they quote it.
   */
  secrets?: SourceRange[];
  /**
   * Set when the file is test, fixture, script... code and its context policy applies: the
   * severity above is the lowered one, and this says from what and why.
   */
  context?: FindingContext;
}

/**
 * Something the engine could not analyse, said once per file. The `skipped-*` kinds mean the file
 * was not checked at all; `budget-exhausted` means it was checked but its findings may be incomplete.
 */
export interface FileNote {
  kind: 'skipped-large' | 'skipped-minified' | 'skipped-binary' | 'budget-exhausted';
  message: string;
}

/** The notes that mean the file was not checked at all (as opposed to checked in part). */
export function isSkipNote(note: FileNote): boolean {
  return note.kind !== 'budget-exhausted';
}

export interface AnalysisResult {
  findings: Finding[];
  notes: FileNote[];
}
