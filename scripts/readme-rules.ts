// Regenerates the rule table in README.md (between the rules markers) from the same code as
// `rugged rules --format markdown`. Run it with `npm run readme:rules`; a meta test fails when
// the README and a fresh generation differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../rules/index';
import { formatRulesMarkdown } from '../server/src/cli/formatters/rules';
import { describeRules } from '../server/src/catalog/ruleCatalog';

export const README = join(__dirname, '..', 'README.md');
export const START_MARKER = '<!-- rules:start -->';
export const END_MARKER = '<!-- rules:end -->';

/** The block between the markers, markers included. */
export function generateRulesBlock(): string {
  return `${START_MARKER}\n${formatRulesMarkdown(describeRules(allRules))}${END_MARKER}`;
}

/** The README text's current block, or undefined when the markers are missing. */
export function currentRulesBlock(readme: string): string | undefined {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start, end + END_MARKER.length);
}

if (require.main === module) {
  const readme = readFileSync(README, 'utf8');
  const current = currentRulesBlock(readme);
  if (current === undefined) {
    console.error(`README.md has no ${START_MARKER} ... ${END_MARKER} block to fill.`);
    process.exitCode = 1;
  } else {
    writeFileSync(README, readme.replace(current, () => generateRulesBlock()));
    console.log('README.md rule table regenerated.');
  }
}
