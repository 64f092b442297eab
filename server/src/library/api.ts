// Rugged's engine as a library (`require('rugged/api')`, bundled as dist/api.js): the checks the
// language server runs on a file, for other tools and for the speed benchmark's in-process rows.
// Pure like the engine: it reads no file, runs no workspace code and never throws over an input.
import { allRules } from '../../../rules/index';
import { describeRules, type RuleDescription } from '../catalog/ruleCatalog';
import { defaultEngineConfig, type Profile } from '../engine/config';
import type { AnalysisResult, Finding } from '../engine/finding';
import { createParseMemory, type ParseMemory } from '../engine/incrementalParse';
import { analyze as analyzeWithEngine } from '../engine/run';
import { TOOL_VERSION } from '../shared/product';

export interface LibraryOptions {
  /** `default` (what the editor shows) or `audit` (also values Rugged cannot place). */
  profile?: Profile;
  /** The file's path relative to its project, for the code-context policy (tests, scripts...). */
  projectPath?: string;
  /** Only these rule ids run; all shipped rules by default. */
  rules?: readonly string[];
  /** Re-analyse every proposed fix and keep only those that parse and quiet their finding. Off by default, as in the editor's first pass. */
  verifyFixes?: boolean;
  /** ISO date that decides whether a suppression has expired; today by default. */
  today?: string;
  /**
   * The document's parse memory (`createParseMemory()`, one per document), for a tool that
   * analyses the same document after each edit: only the edited region is parsed and converted
   * again, and the result is a fresh parse's.
   */
  parseMemory?: ParseMemory;
}

export type { AnalysisResult, Finding, ParseMemory, RuleDescription };
export { createParseMemory };

export const version: string = TOOL_VERSION;

/** The findings and notes for one file's text; `filePath` names it in findings and picks the parser (.ts, .tsx, .js...). */
export function analyze(text: string, filePath: string, options: LibraryOptions = {}): AnalysisResult {
  const wanted = options.rules ? new Set(options.rules) : undefined;
  const config = defaultEngineConfig();
  if (options.profile) config.profile = options.profile;
  return analyzeWithEngine(text, filePath, {
    rules: wanted ? allRules.filter((rule) => wanted.has(rule.id)) : allRules,
    config,
    today: options.today,
    projectPath: options.projectPath,
    verifyFixes: options.verifyFixes === true,
    parseMemory: options.parseMemory,
  });
}

/** Every shipped rule with its metadata (title, severity, CWE, OWASP, documentation). */
export function rules(): RuleDescription[] {
  return describeRules(allRules);
}
