// `rugged scan`: checks files against the checklist and reports as text, JSON or SARIF; the exit
// code says whether anything at or above --fail-on was found.
import { resolve } from 'node:path';
import type { Profile } from '../../engine/config';
import { UsageError, type Command } from '../context';
import { ExitCode } from '../exitCodes';
import { formatJson } from '../formatters/json';
import { formatSarif } from '../formatters/sarif';
import { formatText } from '../formatters/text';
import { writeOutputFile } from '../outputFile';
import { countFailing, displayPath, scanProject, type FailOn, type ScanReport } from '../scanProject';

type Format = 'text' | 'json' | 'sarif';

export const scanCommand: Command = {
  name: 'scan',
  summary: 'Check files against the security checklist',
  usage: 'rugged scan [paths...] [options]',
  options: {
    format: { type: 'string', short: 'f', values: ['text', 'json', 'sarif'], description: 'Report format (default: text).' },
    output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the report to FILE instead of stdout.' },
    'fail-on': {
      type: 'string',
      values: ['error', 'warning', 'note', 'never'],
      description: 'Exit 1 when a finding at or above this severity is reported (default: error).',
    },
    profile: {
      type: 'string',
      values: ['default', 'audit'],
      description: 'Which findings to show: default, or audit (also strings built from values of unknown origin inside library code). Overrides .rugged.json "profile".',
    },
    config: { type: 'string', short: 'c', valueName: 'FILE', description: 'Use this configuration file instead of the project\'s .rugged.json.' },
  },
  details: [
    'Paths default to the current folder. Inside folders, .gitignore, the default excludes',
    '(node_modules, dist, build, out, coverage, .git, .next, vendor, *.min.js, *.bundle.js) and the',
    'configuration\'s "ignore" globs apply; files over maxFileSize are listed as skipped.',
    '',
    'Exit codes: 0 no unsuppressed finding at or above --fail-on, 1 findings, 2 usage, configuration',
    'or internal error.',
  ].join('\n'),
  run(args, context) {
    const { io } = context;
    const format = (args.options.format ?? 'text') as Format;
    const failOn = (args.options['fail-on'] ?? 'error') as FailOn;
    const output = args.options.output as string | undefined;

    const report = scanProject({
      paths: args.positionals,
      cwd: io.cwd,
      configFile: args.options.config as string | undefined,
      rules: context.rules,
      today: context.today,
      profile: args.options.profile as Profile | undefined,
    });

    for (const problem of report.configProblems) {
      const where = [displayPath(problem.file, io.cwd), problem.line, problem.column].filter((p) => p !== undefined).join(':');
      io.stderr.write(`rugged: config error: ${where}: ${problem.key}: ${problem.message}\n`);
    }
    if (format === 'text') {
      for (const skipped of report.skipped) io.stderr.write(`rugged: skipped ${displayPath(skipped.path, io.cwd)}: ${skipped.reason}\n`);
      for (const note of report.notes) io.stderr.write(`rugged: note ${displayPath(note.path, io.cwd)}: ${note.message}\n`);
    }

    const color = format === 'text' && output === undefined && io.stdout.isTTY === true && !io.env.NO_COLOR;
    const text = render(report, format, color);
    if (output === undefined) {
      if (color) io.stdout.writeColoured(text);
      else io.stdout.write(text);
    } else {
      const failure = writeOutputFile(resolve(io.cwd, output), text);
      if (failure) throw new UsageError(`cannot write ${output}${failure.code ? ` (${failure.code})` : ''}`);
    }

    if (report.configProblems.length > 0) return ExitCode.Error;
    return countFailing(report.findings, failOn) > 0 ? ExitCode.Findings : ExitCode.Ok;
  },
};

function render(report: ScanReport, format: Format, color: boolean): string {
  if (format === 'json') return formatJson(report);
  if (format === 'sarif') return formatSarif(report);
  return formatText(report, { color });
}
