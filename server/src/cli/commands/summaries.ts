// `rugged summaries`: settles the project's cross-module flow once and writes every imported
// module's summary to a file, which the jobs of a CI matrix hand to `rugged scan --shard K/N
// --summaries FILE`, so no job analyses the whole project for the summaries its files import.
import { resolve } from 'node:path';
import { describeRefusal, HARD_READ_CAP_BYTES, readRegularTextSync } from '../../files/readRegularFile';
import type { Profile } from '../../engine/config';
import { StoredSummaries } from '../../scan/storedSummaries';
import { summarizeProject } from '../../scan/summarizeProject';
import { readSummaries, serializeSummaries, summariesFingerprint, writeSummaries } from '../../scan/summariesFile';
import { redactSecrets } from '../../redaction/redact';
import { TOOL_VERSION } from '../../shared/product';
import { escapeForTerminal } from '../../shared/terminalText';
import { UsageError, type Command } from '../context';
import { ExitCode } from '../exitCodes';
import { writeOutputFile } from '../outputFile';
import { displayPath, listProject, workerPlan } from '../scanProject';

export const summariesCommand: Command = {
  name: 'summaries',
  summary: 'Write the cross-module summaries that sharded scans share',
  usage: 'rugged summaries [paths...] [options]',
  options: {
    output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the summaries to FILE instead of stdout.' },
    config: { type: 'string', short: 'c', valueName: 'FILE', description: 'Use this configuration file instead of the project\'s .rugged.json.' },
    profile: { type: 'string', values: ['default', 'audit'], description: 'Accepted as "rugged scan" takes it; summaries are the same under both profiles.' },
    jobs: { type: 'string', short: 'j', valueName: 'N', description: 'Analyse on N worker threads (default as for "rugged scan").' },
    previous: {
      type: 'string',
      valueName: 'FILE',
      description: 'Reuse the summaries of an earlier run (a CI cache) for files whose text and imports did not change; one from another version or configuration is ignored.',
    },
  },
  details: [
    'Lists files as "rugged scan" does (same paths, .gitignore, excludes and configuration), settles',
    'the data flow across modules and writes, for every file, its path in the repository and the',
    'SHA-256 of its text, and for every file another file imports, what its exported functions do',
    'with their parameters. Files nothing imports are not analysed, and fixes are not verified.',
    '',
    'Then "rugged scan --shard K/N --summaries FILE" analyses only the files of its shard and the',
    'files they import that changed since (each noted), and reports what one scan of every file',
    'would. Scan with the same Rugged version and the same rules and rule options: a file made',
    'otherwise is refused. The profile, severities, contexts and team rules may differ.',
    '',
    'With --previous FILE, only files changed since FILE was written, files new to it, and files',
    'whose imports now export something else are analysed; the output is the same as without it.',
    '',
    'The file quotes no code text that looks like a secret (such a summary is left out, and the',
    'scan makes it), names paths relative to the repository only, and is checked field by field',
    'when read.',
    '',
    'Exit codes: 0 written, 2 usage, configuration or internal error.',
  ].join('\n'),
  async run(args, context) {
    const { io } = context;
    const jobsText = args.options.jobs as string | undefined;
    if (jobsText !== undefined && !/^[1-9][0-9]{0,2}$/.test(jobsText)) throw new UsageError('--jobs: expected a whole number of threads from 1 to 999');
    const project = listProject({
      paths: args.positionals,
      cwd: io.cwd,
      configFile: args.options.config as string | undefined,
      rules: context.rules,
      profile: args.options.profile as Profile | undefined,
    });
    const { config, projectRoot, sourceRoot, list } = project;
    const fingerprint = summariesFingerprint(context.rules, config.engine);
    const previousFile = args.options.previous as string | undefined;
    const previous = previousFile === undefined ? undefined : readPrevious(previousFile, io.cwd, sourceRoot, fingerprint, (line) => io.stderr.write(line));
    const workers = workerPlan({ rules: context.rules, jobs: jobsText === undefined ? undefined : Number(jobsText) }, list.files.length);
    const settled = await summarizeProject(list.files, { rules: context.rules, config: config.engine, today: context.today, projectRoot }, workers, previous);
    const file = writeSummaries(settled.modules, { sourceRoot, ruggedVersion: TOOL_VERSION, fingerprint, secrets: settled.secrets });
    // Compact: a large repository's summaries run to megabytes. Escaped like every report, so `cat` is safe.
    const text = `${escapeForTerminal(serializeSummaries(file), '\n')}\n`;
    const output = args.options.output as string | undefined;
    if (output === undefined) {
      io.stdout.write(text);
    } else {
      const failure = writeOutputFile(resolve(io.cwd, output), text);
      if (failure) throw new UsageError(`cannot write ${output}${failure.code ? ` (${failure.code})` : ''}`);
    }
    for (const problem of config.problems) {
      const where = [displayPath(problem.file, io.cwd), problem.line, problem.column].filter((p) => p !== undefined).join(':');
      // Problems quote the values they reject, and the configuration is the workspace's text.
      io.stderr.write(`rugged: config error: ${where}: ${redactSecrets(problem.key).text}: ${redactSecrets(problem.message).text}\n`);
    }
    const summarised = file.modules.filter((m) => m.summary !== undefined).length;
    const reused = previous ? `, ${settled.reused} reused from ${previousFile}, ${settled.analysed} analysed` : '';
    io.stderr.write(`rugged: summaries of ${summarised} imported files (of ${file.modules.length} read${reused}) ${output === undefined ? 'written' : `written to ${output}`}\n`);
    return config.problems.length > 0 ? ExitCode.Error : ExitCode.Ok;
  },
};

/**
 * The earlier summaries to reuse. One made by another version or configuration is what a cache
 * holds after an upgrade: said on stderr and left aside. A broken or forged one is an error, as
 * for `rugged scan --summaries`.
 */
function readPrevious(file: string, cwd: string, sourceRoot: string, fingerprint: string, warn: (line: string) => void): StoredSummaries | undefined {
  const read = readRegularTextSync(resolve(cwd, file), HARD_READ_CAP_BYTES);
  if (!read.ok && read.reason === 'missing') {
    warn(`rugged: --previous ${file} not found: summarising every file\n`);
    return undefined;
  }
  if (!read.ok) throw new UsageError(`cannot use --previous ${file}: ${describeRefusal(read)}`);
  const summaries = readSummaries(read.text, { sourceRoot, ruggedVersion: TOOL_VERSION, fingerprint });
  if (!summaries.ok && summaries.outdated) {
    warn(`rugged: --previous ${file} not reused (${summaries.error.split(':')[0]}): summarising every file\n`);
    return undefined;
  }
  if (!summaries.ok) throw new UsageError(`cannot use --previous ${file}: ${summaries.error}`);
  return new StoredSummaries(summaries.modules, sourceRoot, { notWithSecrets: true });
}
