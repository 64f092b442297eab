// Applies the context table (contexts.ts) to findings: which context a file is in, and what that
// does to a finding's severity. Globs are compiled once per settings object, since every file of
// a project shares one.
import { Minimatch } from 'minimatch';
import { CONTEXT_KINDS, describeContext, type ContextEffect, type ContextKind, type ContextSettings } from './contexts';
import type { Finding, FindingContext, Severity } from './finding';

export interface FileContext {
  kind: ContextKind;
  matched: string;
  effect: ContextEffect;
}

type CompiledContexts = { kind: ContextKind | 'production'; glob: string; matcher: Minimatch }[];

const compiledBySettings = new WeakMap<ContextSettings, CompiledContexts>();

function compile(settings: ContextSettings): CompiledContexts {
  let compiled = compiledBySettings.get(settings);
  if (compiled) return compiled;
  compiled = [];
  for (const kind of ['production', ...CONTEXT_KINDS] as const) {
    for (const glob of (kind === 'production' ? settings.production : settings.globs[kind]) ?? []) {
      // Globs come validated from the configuration; one that still fails to compile is left out,
      // because the engine never throws over a setting.
      try {
        compiled.push({ kind, glob, matcher: new Minimatch(glob, { dot: true }) });
      } catch {
        continue;
      }
    }
  }
  compiledBySettings.set(settings, compiled);
  return compiled;
}

/**
 * The context of a file from its path relative to the project root (forward or back slashes), or
 * undefined for production code. An absolute path is never classified: folders above the project
 * (a checkout under `~/tests/`) say nothing about its code.
 */
export function classifyPath(projectPath: string | undefined, settings: ContextSettings | undefined): FileContext | undefined {
  if (!projectPath || !settings) return undefined;
  const path = projectPath.replace(/\\/g, '/').replace(/^\.\//, '');
  if (path.startsWith('/') || /^[A-Za-z]:\//.test(path) || path.startsWith('../')) return undefined;
  for (const { kind, glob, matcher } of compile(settings)) {
    if (!matcher.match(path)) continue;
    return kind === 'production' ? undefined : { kind, matched: glob, effect: settings.effects[kind] ?? 'off' };
  }
  return undefined;
}

const ONE_STEP_DOWN: Record<Severity, Severity> = { error: 'warning', warning: 'info', info: 'info' };

export function lowered(severity: Severity, effect: ContextEffect): Severity {
  if (effect === 'info') return 'info';
  if (effect === 'lower') return ONE_STEP_DOWN[severity];
  return severity;
}

/** The severity a finding gets in its file's context, and the context it carries to say why. */
export function applyContext(severity: Severity, context: FileContext | undefined): { severity: Severity; context?: FindingContext } {
  if (!context || context.effect === 'off') return { severity };
  return { severity: lowered(severity, context.effect), context: { kind: context.kind, matched: context.matched, originalSeverity: severity } };
}

// Why a finding has its severity, for outputs that show one line of text ("lowered from error:
// test file (matches **/test/**)"), or undefined for production code.
export function contextReason(finding: Pick<Finding, 'severity' | 'context'>): string | undefined {
  const context = finding.context;
  if (!context) return undefined;
  const where = `${describeContext(context.kind)} (matches ${context.matched})`;
  return context.originalSeverity === finding.severity ? where : `lowered from ${context.originalSeverity}: ${where}`;
}
