// `rugged report`: the evidence report for a security officer. Scans the project, reads its abuser
// stories through the backlog, and prints the residual risk by level, what is mitigated with its
// evidence (and what was closed without), accepted risks, suppressions, what the scan cannot see,
// and the trend since the last snapshot.
import { basename, dirname, relative, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { snapshotOf, type ReportFormat } from '../../backlog/story/report';
import { renderReport } from '../../backlog/story/reportRender';
import { scannerCoverage } from '../../backlog/story/scannerCoverage';
import { buildEvidenceReport } from '../../backlog/useCases/evidenceReport';
import { latestSnapshot, snapshotFolder, writeSnapshot } from '../../backlog/useCases/reportSnapshots';
import { workspaceRisk } from '../../backlog/useCases/workspaceRisk';
import { knownRuleIds } from '../../catalog/knownRuleIds';
import { findProjectRoot, loadConfig } from '../../config/load';
import { describeRefusal, readRegularTextSync } from '../../files/readRegularFile';
import { toPosix } from '../../files/ignore';
import { redactSecrets } from '../../redaction/redact';
import { UsageError, type Command } from '../context';
import { ExitCode } from '../exitCodes';
import { writeOutputFile } from '../outputFile';
import { trackerAccessFromEnv } from '../trackerAccess';

const MAX_TEST_REPORT_BYTES = 64 * 1024 * 1024;

export const reportCommand: Command = {
  name: 'report',
  summary: 'Evidence report: residual security risk by level, mitigations with their evidence, accepted risks',
  usage: 'rugged report [folder] [options]',
  options: {
    format: { type: 'string', short: 'f', values: ['md', 'json', 'html'], description: 'Report format (default: md).' },
    output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the report to FILE instead of stdout.' },
    backlog: { type: 'string', valueName: 'DIR', description: 'Backlog.md folder, relative to the project root (default: from .rugged.json, else backlog).' },
    'test-results': { type: 'string', valueName: 'FILE', description: 'JUnit XML or TAP report of the last test run: a done story counts as mitigated only if its test passed there.' },
    snapshot: { type: 'boolean', description: 'Store this report\'s counts in <backlog>/reports/report-<date>.json for the next report\'s trend.' },
  },
  details: [
    'Residual risk is counted by level (Critical, High, Medium, Low) and on the 3x3 likelihood x',
    'impact grid, once per risk: stories covering the same findings are one risk, and a finding a',
    'story covers counts only with the story. Findings in tests and build scripts, accepted risks and',
    'suppressions are listed apart and never added to a risk count.',
    '',
    'A done story is mitigated only with evidence: every acceptance criterion checked or waived, a',
    'test in the repository naming the story key (passing in --test-results when given), and none of',
    'its findings firing. Otherwise it is listed as closed without evidence and still counts.',
    '',
    'The trend compares with the latest snapshot from an earlier day in <backlog>/reports/.',
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
    const output = args.options.output as string | undefined;
    const testResults = args.options['test-results'] as string | undefined;
    const testReport = testResults === undefined ? undefined : readTestReport(io.cwd, testResults);
    const risk = await workspaceRisk(root, {
      rules: context.rules,
      config,
      today: context.today,
      backlogDirectory: args.options.backlog as string | undefined,
      access: trackerAccessFromEnv(io.env),
      ...(testReport !== undefined ? { testReport } : {}),
    });
    const disabled = new Set(context.rules.filter((r) => config.engine.rules[r.id]?.severity === 'off').map((r) => r.id));
    // Snapshots live in the Backlog.md folder; a remote tracker has none, so they go to the configured folder.
    const localBacklog = config.backlog.tracker === undefined || config.backlog.tracker === 'markdown' ? risk.backlogLocation : undefined;
    const snapshots = snapshotFolder(root, (args.options.backlog as string | undefined) ?? localBacklog ?? config.backlog.directory ?? 'backlog');
    const previous = latestSnapshot(snapshots, risk.risk.date);
    const report = await buildEvidenceReport({
      risk: risk.risk,
      projectName: basename(root),
      repository: risk.git.remote,
      commit: risk.git.commit,
      backlog: risk.backlogLocation,
      notChecked: risk.skipped.map((s) => ({ path: toPosix(relative(risk.base, s.path)) || '.', reason: s.reason })),
      gitTopLevel: risk.git.topLevel,
      coverage: scannerCoverage(context.rules, disabled),
      app: { root, base: risk.base, config },
      ...(testResults !== undefined ? { testReport: testResults } : {}),
      // Task-file links work from where the report is read: its own folder, else the project root.
      linkBase: output === undefined ? root : dirname(resolve(io.cwd, output)),
      ...(previous ? { previous } : {}),
    });
    if (args.options.snapshot === true) {
      const written = writeSnapshot(root, snapshots, snapshotOf(report));
      io.stderr.write(`rugged: snapshot written to ${toPosix(relative(io.cwd, written))}\n`);
    }
    const text = renderReport(report, format);
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

function readTestReport(cwd: string, given: string): string {
  const read = readRegularTextSync(resolve(cwd, given), MAX_TEST_REPORT_BYTES);
  if (!read.ok) throw new UsageError(`cannot read --test-results ${given}: ${describeRefusal(read)}`);
  return read.text;
}

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
