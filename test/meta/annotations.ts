// The annotation language of test/fixtures: a comment on its own line says what the next code line
// must produce. `ruleid:` expects a finding, `ok:` expects none, and `todoruleid:` / `todook:` record
// known misses and false alarms, asserted both ways so that fixing one shows up.
import type { Finding } from '../../server/src/engine/finding';

export type AnnotationKind = 'ruleid' | 'ok' | 'todoruleid' | 'todook';

export interface Annotation {
  kind: AnnotationKind;
  ruleId: string;
  /** 1-based line of the annotation comment. */
  line: number;
  /** 1-based line of the code it speaks about; undefined when no code follows. */
  target: number | undefined;
}

const ANNOTATION = /^\s*(?:\/\/|\/\*|\{\s*\/\*)\s*(todoruleid|todook|ruleid|ok)\s*:\s*([\w@./-]+(?:\s*,\s*[\w@./-]+)*)/;

/** Lines that are blank or only comment, which an annotation skips to reach its code line. */
function nonCodeLines(lines: string[]): boolean[] {
  const out: boolean[] = [];
  let inBlock = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (inBlock) {
      out.push(true);
      if (line.includes('*/')) inBlock = false;
      continue;
    }
    if (line === '' || line.startsWith('//')) {
      out.push(true);
      continue;
    }
    const block = /^\{?\s*\/\*/.exec(line);
    if (block) {
      const close = line.indexOf('*/', block[0].length);
      if (close < 0) inBlock = true;
      // A block comment followed by code on the same line is a code line.
      out.push(close < 0 || /^\}?\s*$/.test(line.slice(close + 2)));
      continue;
    }
    out.push(false);
  }
  return out;
}

export function readAnnotations(text: string): Annotation[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const skip = nonCodeLines(lines);
  const out: Annotation[] = [];
  lines.forEach((line, index) => {
    const match = ANNOTATION.exec(line);
    if (!match) return;
    let target: number | undefined;
    for (let next = index + 1; next < lines.length; next++) {
      if (!skip[next]) {
        target = next + 1;
        break;
      }
    }
    for (const ruleId of match[2].split(',').map((id) => id.trim())) {
      out.push({ kind: match[1] as AnnotationKind, ruleId, line: index + 1, target });
    }
  });
  return out;
}

/**
 * Every disagreement between the annotations and the findings, as sentences with line numbers.
 * Suppressed findings are not reported, so they neither satisfy `ruleid` nor count as unexpected.
 */
export function compareAnnotations(annotations: Annotation[], findings: readonly Finding[], knownRuleIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const reported = findings.filter((f) => !f.suppression);
  const at = (ruleId: string, line: number) => reported.filter((f) => f.ruleId === ruleId && f.range.start.line === line);

  for (const a of annotations) {
    const where = `line ${a.line} (${a.kind}: ${a.ruleId})`;
    if (!knownRuleIds.has(a.ruleId) && !a.ruleId.startsWith('rugged/')) {
      problems.push(`${where}: no registered rule has this id`);
      continue;
    }
    if (a.target === undefined) {
      problems.push(`${where}: no code line follows the annotation`);
      continue;
    }
    const found = at(a.ruleId, a.target).length > 0;
    if (a.kind === 'ruleid' && !found) problems.push(`${where}: expected a finding starting on line ${a.target}, got none`);
    if (a.kind === 'ok' && found) problems.push(`${where}: line ${a.target} is marked ok but has a finding`);
    if (a.kind === 'todoruleid' && found) problems.push(`${where}: this known miss on line ${a.target} is now detected; change todoruleid to ruleid`);
    if (a.kind === 'todook' && !found) problems.push(`${where}: this known false alarm on line ${a.target} is gone; change todook to ok`);
  }

  const expected = new Set(annotations.filter((a) => (a.kind === 'ruleid' || a.kind === 'todook') && a.target !== undefined).map((a) => `${a.ruleId}@${a.target}`));
  for (const finding of reported) {
    const line = finding.range.start.line;
    if (finding.ruleId === 'rugged/parse-error' || finding.ruleId === 'rugged/internal-error') {
      problems.push(`line ${line}: ${finding.ruleId}: ${finding.message}`);
    } else if (!expected.has(`${finding.ruleId}@${line}`)) {
      problems.push(`line ${line}: unexpected ${finding.ruleId} finding (annotate it with "// ruleid: ${finding.ruleId}" or fix the rule): ${finding.message}`);
    }
  }
  return problems;
}
