// `rugged scan`: checks files against the checklist and reports as text, JSON or SARIF; the exit
// code says whether anything at or above --fail-on was found.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadBaseline } from '../../baseline/baselineFile';
import { changedLinesSince, type ChangedLines } from '../../git/changedLines';
import { parseShard } from '../../scan/shard';
import { TOOL_NAME } from '../../shared/product';
import type { Profile } from '../../engine/config';
import { UsageError, type Command } from '../context';
import { ExitCode } from '../exitCodes';
import { formatJson } from '../formatters/json';
import { formatSarif } from '../formatters/sarif';
import { formatText } from '../formatters/text';
import { writeOutputFile } from '../outputFile';
import { applyBaseline, keepChangedLines, realPathOf } from '../newFindings';
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
    baseline: { type: 'string', valueName: 'FILE', description: 'Report only findings not in FILE, an earlier "rugged scan -f sarif" or "-f json" report.' },
    'include-baseline': { type: 'boolean', description: 'With --baseline: keep the findings it holds in the report, marked as unchanged (they never fail).' },
    'changed-since': { type: 'string', valueName: 'REF', description: 'Report only findings on lines changed since the Git ref REF (working tree, untracked files included).' },
    shard: { type: 'string', valueName: 'K/N', description: 'Check only the K-th of N shards of the files (split by a hash of each path), for a CI matrix; join the SARIF logs with "rugged sarif merge".' },
    summaries: {
      type: 'string',
      valueName: 'FILE',
      description: 'Take the cross-module summaries of files outside the shard from FILE, written by "rugged summaries", instead of analysing them; a file changed since is analysed here, with a note.',
    },
    jobs: { type: 'string', short: 'j', valueName: 'N', description: 'Analyse on N worker threads (default: cores - 1, at least 200 files each, else 1: in one thread). The report is the same.' },
    'list-excluded': { type: 'boolean', description: 'List the folders and files left out by excludes, .gitignore and ignore globs on stderr.' },
  },
  details: [
    'Paths default to the current folder. Inside folders, .gitignore, the default excludes',
    '(node_modules, dist, build, out, coverage, .git, .next, vendor, *.min.js, *.bundle.js, content-hashed bundles) and the',
    'configuration\'s "ignore" globs apply; files over maxFileSize are listed as skipped.',
    '',
    'Exit codes: 0 no unsuppressed finding at or above --fail-on, 1 findings, 2 usage, configuration',
    'or internal error.',
    '',
    'Adopting Rugged on existing code: save a report once (rugged scan -f sarif -o rugged-baseline.sarif),',
    'then run "rugged scan --baseline rugged-baseline.sarif": findings match by fingerprint, which',
    'ignores line numbers, so code that only moved is not new. --fail-on applies to what remains.',
    'SARIF marks results with baselineState "new" (and "unchanged" with --include-baseline).',
    '--changed-since REF narrows further to lines added or changed since REF (e.g. origin/main);',
    'a renamed file counts only its changed lines. Excluded folders are counted as one entry each',
    'and are not walked.',
    '',
    'A CI matrix: run "rugged summaries -o summaries.json" once, then each job runs',
    '"rugged scan --shard K/N --summaries summaries.json -f sarif", and "rugged sarif merge" joins the',
    'logs. A job then analyses its own files and only what they import that changed since; the',
    'findings are those of one scan over every file. A summaries file written by another Rugged',
    'version or with other rules or rule options is refused (exit 2).',
  ].join('\n'),
  async run(args, context) {
    const { io } = context;
    const format = (args.options.format ?? 'text') as Format;
    const failOn = (args.options['fail-on'] ?? 'error') as FailOn;
    const output = args.options.output as string | undefined;
    const baselineFile = args.options.baseline as string | undefined;
    const changedSince = args.options['changed-since'] as string | undefined;
    if (args.options['include-baseline'] && baselineFile === undefined) throw new UsageError('option --include-baseline needs --baseline FILE');
    const shardText = args.options.shard as string | undefined;
    const parsedShard = shardText === undefined ? undefined : parseShard(shardText);
    if (parsedShard && !parsedShard.ok) throw new UsageError(`--shard: ${parsedShard.error}`);

    const jobsText = args.options.jobs as string | undefined;
    if (jobsText !== undefined && !/^[1-9][0-9]{0,2}$/.test(jobsText)) throw new UsageError('--jobs: expected a whole number of threads from 1 to 999');
    const jobs = jobsText === undefined ? undefined : Number(jobsText);

    const changes = changedSince === undefined ? undefined : await readChanges(args.positionals, io.cwd, changedSince);
    let unchangedFiles = 0;
    let report = await scanProject({
      paths: args.positionals,
      cwd: io.cwd,
      configFile: args.options.config as string | undefined,
      rules: context.rules,
      today: context.today,
      onlyFiles:
        changes &&
        ((path) => {
          if (changes.files.has(realPathOf(path))) return true;
          unchangedFiles++;
          return false;
        }),
      profile: args.options.profile as Profile | undefined,
      shard: parsedShard?.ok ? parsedShard.shard : undefined,
      jobs,
      summaries: args.options.summaries as string | undefined,
    });
    if (changes && changedSince !== undefined) report = keepChangedLines(report, changes, changedSince, unchangedFiles);
    if (baselineFile !== undefined) {
      const loaded = loadBaseline(resolve(io.cwd, baselineFile), TOOL_NAME, { cwd: io.cwd, sourceRoot: report.sourceRoot });
      if (!loaded.ok) throw new UsageError(`cannot use baseline ${baselineFile}: ${loaded.error}`);
      report = applyBaseline(report, loaded.baseline, baselineFile, args.options['include-baseline'] === true);
    }

    for (const problem of report.configProblems) {
      const where = [displayPath(problem.file, io.cwd), problem.line, problem.column].filter((p) => p !== undefined).join(':');
      io.stderr.write(`rugged: config error: ${where}: ${problem.key}: ${problem.message}\n`);
    }
    if (format === 'text') {
      for (const skipped of report.skipped) io.stderr.write(`rugged: skipped ${displayPath(skipped.path, io.cwd)}: ${skipped.reason}\n`);
      for (const note of report.notes) io.stderr.write(`rugged: note ${displayPath(note.path, io.cwd)}: ${note.message}\n`);
    }
    if (args.options['list-excluded']) {
      for (const entry of report.excluded) {
        io.stderr.write(`rugged: excluded ${entry.kind} ${displayPath(entry.path, io.cwd)}${entry.kind === 'folder' ? '/' : ''}: ${entry.reason}\n`);
      }
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

/** The changed lines of the repository holding the first path; a mistake here is exit 2, never "nothing changed". */
async function readChanges(positionals: readonly string[], cwd: string, ref: string): Promise<ChangedLines> {
  const first = resolve(cwd, positionals[0] ?? '.');
  if (!existsSync(first)) throw new UsageError(`path not found: ${positionals[0] ?? '.'}`);
  const folder = statSync(first).isDirectory() ? first : dirname(first);
  const result = await changedLinesSince(folder, ref);
  if (!result.ok) throw new UsageError(`--changed-since: ${result.error}`);
  return result.changes;
}

function render(report: ScanReport, format: Format, color: boolean): string {
  if (format === 'json') return formatJson(report);
  if (format === 'sarif') return formatSarif(report);
  return formatText(report, { color });
}
