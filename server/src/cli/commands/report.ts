// `rugged report`: the evidence report for an auditor. Scans the project, reads its abuser
// stories, and prints identified, mitigated (with the commits that touched each entry point),
// what remains, and every suppression with its reason and expiry.
import { statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { renderReport, type ReportFormat } from '../../backlog/story/report';
import { buildEvidenceReport } from '../../backlog/useCases/evidenceReport';
import { workspaceRisk } from '../../backlog/useCases/workspaceRisk';
import { knownRuleIds } from '../../catalog/knownRuleIds';
import { findProjectRoot, loadConfig } from '../../config/load';
import { toPosix } from '../../files/ignore';
import { redactSecrets } from '../../redaction/redact';
import { UsageError, type Command } from '../context';
import { ExitCode } from '../exitCodes';
import { writeOutputFile } from '../outputFile';
import { trackerAccessFromEnv } from '../trackerAccess';

export const reportCommand: Command = {
  name: 'report',
  summary: 'Evidence report: identified, mitigated and residual security risk',
  usage: 'rugged report [folder] [options]',
  options: {
    format: { type: 'string', short: 'f', values: ['md', 'json', 'html'], description: 'Report format (default: md).' },
    output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the report to FILE instead of stdout.' },
    backlog: { type: 'string', valueName: 'DIR', description: 'Backlog.md folder, relative to the project root (default: from .rugged.json, else backlog).' },
  },
  details: [
    'Residual risk = abuser stories not done + done stories whose finding fires again + findings',
    'no story covers + suppressions. Mitigated stories list the commits that touched their entry',
    'point since the story was raised.',
    '',
    'Exit codes: 0 report written, 2 usage, configuration or backlog error.',
  ].join('\n'),
  async run(args, context) {
    const { io } = context;
    if (args.positionals.length > 1) throw new UsageError('one project folder at a time');
    const root = findProjectRoot(existingFolder(io.cwd, args.positionals[0] ?? '.'));
    const config = loadConfig(root, { knownRuleIds: knownRuleIds(context.rules) });
    for (const problem of config.problems) io.stderr.write(`${redactSecrets(`rugged: config warning: ${problem.file}: ${problem.key}: ${problem.message}`).text}\n`);
    const format = (args.options.format ?? 'md') as ReportFormat;
    const risk = await workspaceRisk(root, {
      rules: context.rules,
      config,
      today: context.today,
      backlogDirectory: args.options.backlog as string | undefined,
      access: trackerAccessFromEnv(io.env),
    });
    const report = await buildEvidenceReport({
      risk: risk.risk,
      projectName: basename(root),
      repository: risk.git.remote,
      commit: risk.git.commit,
      backlog: risk.backlogLocation,
      notChecked: risk.skipped.map((s) => ({ path: toPosix(relative(risk.base, s.path)) || '.', reason: s.reason })),
      gitTopLevel: risk.git.topLevel,
    });
    const text = renderReport(report, format);
    const output = args.options.output as string | undefined;
    if (output === undefined) {
      io.stdout.write(text);
    } else {
      const failure = writeOutputFile(resolve(io.cwd, output), text);
      if (failure) {
        io.stderr.write(`rugged: cannot write ${output}: ${failure.code ?? failure.message}\n`);
        return ExitCode.Error;
      }
    }
    return ExitCode.Ok;
  },
};

/**
 * The folder to report on, which must exist: looking for the project of a path that is not there
 * would climb to its nearest existing ancestor (for `/nonexistent`, the whole file system).
 */
function existingFolder(cwd: string, given: string): string {
  const path = resolve(cwd, given);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new UsageError(`path not found: ${given}`);
  }
  if (!isDirectory) throw new UsageError(`not a folder: ${given} (rugged report takes the project folder)`);
  return path;
}
