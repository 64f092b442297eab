// Runs a rule's valid, invalid and todo cases through the real engine, one node:test test each.
// Fixes are checked by applying them and re-scanning, exactly as an editor or the CLI would.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RuleModule } from '../server/src/engine/api';
import { defaultEngineConfig, type Profile } from '../server/src/engine/config';
import { applyEdits } from '../server/src/engine/edits';
import type { Finding } from '../server/src/engine/finding';
import { ruleMayReport } from '../server/src/engine/prefilter';
import { analyze } from '../server/src/engine/run';

export interface ValidCase {
  code: string;
  filename?: string;
  options?: Record<string, unknown>;
  /** Which findings the scan shows; `default` when absent. */
  profile?: Profile;
  name?: string;
}

export interface ExpectedSuggestion {
  /** The fix title (after placeholders are filled in). */
  title?: string;
  /** The whole file after applying this one fix. */
  output: string;
}

export interface ExpectedError {
  messageId: string;
  /** 1-based line and column of the reported node's start. */
  line?: number;
  column?: number;
  severity?: Finding['severity'];
  confidence?: Finding['confidence'];
  data?: Record<string, string>;
  /** Every fix offered for this finding, in order; [] asserts that no fix is offered. */
  suggestions?: ExpectedSuggestion[];
  /** Why no fix is offered (Finding.fixWithheld); a pattern matches part of it. */
  fixWithheld?: string | RegExp;
  /** The 1-based lines of the related locations shown beside the finding, in order. */
  relatedLines?: number[];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
}

/** A known gap: `missed` code the rule should flag but does not; `false-alarm` code it flags but should not. */
export interface TodoCase extends ValidCase {
  kind: 'missed' | 'false-alarm';
  reason: string;
}

export interface RuleTests {
  valid: (string | ValidCase)[];
  invalid: InvalidCase[];
  todo?: TodoCase[];
}

const TODAY = '2026-01-01';

export function findingsOf(rule: RuleModule, code: string, filename = 'file.js', options?: Record<string, unknown>, profile?: Profile): Finding[] {
  const config = defaultEngineConfig();
  if (options) config.rules[rule.id] = { options };
  if (profile) config.profile = profile;
  const result = analyze(code, filename, { rules: [rule], config, today: TODAY });
  if (rule.meta.reportsTaint === false) assertNoTaint(rule, code, filename, config);
  const internal = result.findings.filter((f) => f.ruleId === 'rugged/internal-error' || f.ruleId === 'rugged/parse-error');
  assert.deepEqual(internal.map((f) => f.message), [], 'the case must parse and the rule must not crash');
  if (!ruleMayReport(rule, code)) {
    // The prefilter skipped the rule here: it must have had nothing to say (lossless prefilter).
    const unfiltered = analyze(code, filename, { rules: [rule], config, today: TODAY, prefilter: false });
    assert.deepEqual(unfiltered.findings, result.findings, `the prefilter skipped ${rule.id} in a case where it reports (requiresText is wrong)`);
  }
  return result.findings.filter((f) => f.ruleId === rule.id);
}

/**
 * A rule that declares `reportsTaint: false` is left out of module summaries, which keep only
 * reports of a tainted value: one such report would be a parameter's sink that importers never see.
 */
function assertNoTaint(rule: RuleModule, code: string, filename: string, config: ReturnType<typeof defaultEngineConfig>): void {
  const tainted: string[] = [];
  const watched: RuleModule = {
    ...rule,
    create: (context) =>
      rule.create({
        ...context,
        report: (descriptor) => {
          if (descriptor.taint) tainted.push(descriptor.messageId);
          context.report(descriptor);
        },
      }),
  };
  analyze(code, filename, { rules: [watched], config, today: TODAY, verifyFixes: false });
  assert.deepEqual(tainted, [], `${rule.id} says reportsTaint: false but reported a tainted value`);
}

function label(code: string): string {
  const line = code.trim().split('\n').find((l) => !/^\s*(import|const \w+ = require|\/\/)/.test(l)) ?? code.trim();
  return line.trim().slice(0, 90);
}

export function runRuleTests(rule: RuleModule, tests: RuleTests): void {
  describe(rule.id, () => {
    const seen = new Set<string>();
    // The same code under another profile is another case: it asks what each profile shows.
    const unique = (code: string, filename: string | undefined, profile?: string) => {
      const key = `${profile ?? ''}\u0000${filename ?? ''}\u0000${code}`;
      assert.ok(!seen.has(key), `duplicate test case:\n${code}`);
      seen.add(key);
    };

    for (const item of tests.valid) {
      const c = typeof item === 'string' ? { code: item } : item;
      test(`valid: ${c.name ?? label(c.code)}`, () => {
        unique(c.code, c.filename, c.profile);
        const found = findingsOf(rule, c.code, c.filename, c.options, c.profile);
        assert.deepEqual(found.map((f) => `${f.range.start.line}:${f.range.start.column + 1} ${f.message}`), [], 'expected no finding');
      });
    }

    for (const c of tests.invalid) {
      test(`invalid: ${c.name ?? label(c.code)}`, () => {
        unique(c.code, c.filename, c.profile);
        assert.ok(c.errors.length > 0, 'an invalid case must expect at least one error');
        const found = findingsOf(rule, c.code, c.filename, c.options, c.profile);
        assert.equal(found.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${found.map((f) => `  ${f.range.start.line}:${f.range.start.column + 1} ${f.message}`).join('\n')}`);
        c.errors.forEach((expected, i) => checkError(rule, found[i], expected, c));
      });
    }

    for (const c of tests.todo ?? []) {
      test(`todo (${c.kind}): ${c.reason}`, () => {
        unique(c.code, c.filename, c.profile);
        const found = findingsOf(rule, c.code, c.filename, c.options, c.profile);
        if (c.kind === 'missed') assert.equal(found.length, 0, 'this known miss is now detected: move it to invalid');
        else assert.ok(found.length > 0, 'this known false alarm is gone: move it to valid');
      });
    }
  });
}

function checkError(rule: RuleModule, finding: Finding, expected: ExpectedError, c: InvalidCase): void {
  const template = rule.meta.messages[expected.messageId];
  assert.ok(template !== undefined, `messageId "${expected.messageId}" is not declared in the rule's messages`);
  if (expected.line !== undefined) assert.equal(finding.range.start.line, expected.line, 'line');
  if (expected.column !== undefined) assert.equal(finding.range.start.column + 1, expected.column, 'column');
  if (expected.severity) assert.equal(finding.severity, expected.severity, 'severity');
  if (expected.confidence) assert.equal(finding.confidence, expected.confidence, 'confidence');
  if (expected.data) assert.deepEqual(finding.data ?? {}, { ...(finding.data ?? {}), ...expected.data }, 'data');
  if (expected.relatedLines) assert.deepEqual(finding.related.map((r) => r.range.start.line), expected.relatedLines, 'related locations');
  const messagePattern = new RegExp(`^${template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\\\{\s*\w+\s*\\\}\\\}/g, '[\\s\\S]*')}$`);
  assert.match(finding.message, messagePattern, `message should come from messageId "${expected.messageId}"`);

  if (finding.fixes.length > 0) {
    assert.ok(expected.suggestions !== undefined, `the rule offers ${finding.fixes.length} fix(es) here; the test must state them with suggestions`);
    assert.ok(rule.meta.fix !== undefined, 'the rule offers fixes, so meta.fix must say which kind');
  }
  if (expected.fixWithheld !== undefined) {
    assert.deepEqual(finding.fixes.map((f) => f.title), [], 'a withheld fix is not offered');
    if (typeof expected.fixWithheld === 'string') assert.equal(finding.fixWithheld, expected.fixWithheld, 'reason the fix is withheld');
    else assert.match(finding.fixWithheld ?? '', expected.fixWithheld, 'reason the fix is withheld');
  }
  if (expected.suggestions === undefined) return;
  assert.deepEqual(
    finding.fixes.map((f) => f.title),
    expected.suggestions.map((s, i) => s.title ?? finding.fixes[i]?.title),
    'fix titles',
  );
  expected.suggestions.forEach((suggestion, i) => {
    const fix = finding.fixes[i];
    assert.equal(fix.kind === 'safe' ? 'safe' : 'suggestion', rule.meta.fix === 'safe' ? fix.kind : 'suggestion', 'a suggestion-only rule offers no safe fix');
    const output = applyEdits(c.code, fix.edits);
    assert.equal(output, suggestion.output, `output of fix "${fix.title}"`);
    // Re-scan: the fixed code parses and this finding is gone.
    const after = findingsOf(rule, output, c.filename, c.options, c.profile);
    assert.ok(after.length < findingsOf(rule, c.code, c.filename, c.options, c.profile).length, 'the fix must remove the finding');
  });
}
