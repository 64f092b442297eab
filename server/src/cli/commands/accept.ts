// `rugged accept`: records on a story who accepted its risk, when, until when and at what rating
// (and, with --target, the date the team means to fix it by), so the evidence report lists the
// risk apart until the acceptance expires and warns before it does.
import { relative } from 'node:path';
import { recordRiskDecision } from '../../backlog/useCases/recordRiskDecision';
import { findProjectRoot } from '../../config/load';
import { toPosix } from '../../files/ignore';
import type { RiskAcceptance, RiskSeverity } from '../../backlog/story/types';
import { UsageError, type Command } from '../context';
import { ExitCode } from '../exitCodes';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const RATINGS: readonly RiskSeverity[] = ['Critical', 'High', 'Medium', 'Low'];

export const acceptCommand: Command = {
  name: 'accept',
  summary: 'Record a risk acceptance (who, until when, at what rating) or a target date on an abuser story',
  usage: 'rugged accept <story-id> --by NAME --until YYYY-MM-DD --rating LEVEL [--reason TEXT] | rugged accept <story-id> --target YYYY-MM-DD',
  options: {
    by: { type: 'string', valueName: 'NAME', description: 'Who accepts the risk ("Dana Lee, security lead").' },
    until: { type: 'string', valueName: 'DATE', description: 'Last day the acceptance holds (YYYY-MM-DD).' },
    rating: { type: 'string', values: ['Critical', 'High', 'Medium', 'Low'], description: 'The rating the risk is accepted at.' },
    reason: { type: 'string', valueName: 'TEXT', description: 'Why the risk is acceptable (a compensating control, a deadline).' },
    on: { type: 'string', valueName: 'DATE', description: 'When it was accepted (default: today).' },
    target: { type: 'string', valueName: 'DATE', description: 'Target date to have the story fixed by (YYYY-MM-DD).' },
    backlog: { type: 'string', valueName: 'DIR', description: 'Backlog.md folder, relative to the project root (default: from .rugged.json, else backlog).' },
  },
  details: [
    'Writes a "Risk Tracking" section into the task file (Backlog.md keeps it when it edits the task);',
    'the section can be edited by hand as well. An acceptance needs --by, --until and --rating.',
    '',
    'Exit codes: 0 recorded, 2 usage, configuration or backlog error.',
  ].join('\n'),
  async run(args, context) {
    const { io } = context;
    if (args.positionals.length !== 1) throw new UsageError('one story id, e.g. rugged accept TASK-7 --by "Dana Lee" --until 2027-03-01 --rating Medium');
    const option = (name: string) => args.options[name] as string | undefined;
    const accepting = option('by') !== undefined || option('until') !== undefined || option('rating') !== undefined;
    if (!accepting && option('target') === undefined) throw new UsageError('nothing to record: give --by, --until and --rating, or --target');
    for (const name of ['until', 'on', 'target']) {
      const value = option(name);
      if (value !== undefined && !DATE.test(value)) throw new UsageError(`--${name} must be a date as YYYY-MM-DD`);
    }
    let acceptance: RiskAcceptance | undefined;
    if (accepting) {
      const by = option('by')?.trim();
      const until = option('until');
      const rating = RATINGS.find((r) => r === option('rating'));
      if (!by || !until || !rating) throw new UsageError('a risk acceptance needs --by, --until and --rating');
      const on = option('on') ?? context.today ?? new Date().toISOString().slice(0, 10);
      if (until < on) throw new UsageError(`--until ${until} is before the acceptance date ${on}`);
      acceptance = { by, on, until, rating, ...(option('reason') ? { reason: option('reason')! } : {}) };
    }
    const root = findProjectRoot(io.cwd);
    const stored = await recordRiskDecision({
      root,
      rules: context.rules,
      id: args.positionals[0],
      ...(acceptance ? { acceptance } : {}),
      ...(option('target') ? { targetDate: option('target') } : {}),
      ...(option('backlog') ? { backlogDirectory: option('backlog') } : {}),
    });
    const where = /^https?:/.test(stored.location) ? stored.location : toPosix(relative(io.cwd, stored.location));
    io.stdout.write(`${stored.id}: ${acceptance ? `risk accepted by ${acceptance.by} until ${acceptance.until} at ${acceptance.rating}` : `target date ${option('target')}`} (${where})\n`);
    return ExitCode.Ok;
  },
};
