// `rugged rules`: lists the rules with their metadata, as JSON or as the README's Markdown table.
import type { Command } from '../context';
import { ExitCode } from '../exitCodes';
import { formatRulesJson, formatRulesMarkdown } from '../formatters/rules';
import { describeRules } from '../../catalog/ruleCatalog';

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'List the checklist rules and their metadata',
  usage: 'rugged rules [--format markdown|json]',
  options: {
    format: { type: 'string', short: 'f', values: ['markdown', 'json'], description: 'Output format (default: markdown).' },
  },
  run(args, context) {
    const rules = describeRules(context.rules);
    context.io.stdout.write(args.options.format === 'json' ? formatRulesJson(rules) : formatRulesMarkdown(rules));
    return ExitCode.Ok;
  },
};
