// `rugged story`: raises an abuser story for a file or some of its lines into the project's
// backlog, as the editor's "Raise abuser story" does. On a terminal it asks the editor's questions
// (STRIDE, attacker goal, actor, title) unless --yes; elsewhere it takes the proposed answers.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { draftStory, extendExistingStory, raiseStories, type RaiseResult, type StoryDraft, type StoryRequest } from '../../backlog/useCases/raiseStory';
import { proposeGoals, type StoryChoices } from '../../backlog/story/story';
import { ACTORS, parseStride } from '../../backlog/story/stride';
import { knownRuleIds } from '../../catalog/knownRuleIds';
import { findProjectRoot, loadConfig } from '../../config/load';
import { toPosix } from '../../files/ignore';
import { oneLine } from '../../shared/terminalText';
import { redactSecrets } from '../../redaction/redact';
import { UsageError, type CliIo, type Command } from '../context';
import { ExitCode } from '../exitCodes';
import { createPrompter, InputEnded, type Prompter } from '../prompt';
import { trackerAccessFromEnv } from '../trackerAccess';

export const storyCommand: Command = {
  name: 'story',
  summary: 'Raise an abuser story for a file or lines into the backlog',
  usage: 'rugged story <file> [options]',
  options: {
    lines: { type: 'string', valueName: 'A-B', description: 'Only these lines (1-based, inclusive), e.g. 12-18 or 12.' },
    rule: { type: 'string', valueName: 'ID', description: 'Link only the findings of this rule.' },
    title: { type: 'string', valueName: 'T', description: 'Story title (at most 80 characters).' },
    actor: { type: 'string', valueName: 'A', description: 'Who attacks, e.g. "authenticated low-privilege user".' },
    stride: { type: 'string', valueName: 'S,T', description: 'STRIDE letters or names, e.g. T,I or tampering.' },
    goal: { type: 'string', valueName: 'ID', description: 'Attacker goal from the catalogue, e.g. i-object-reference; it leads the story even where findings exist.' },
    'goal-text': { type: 'string', valueName: 'TEXT', description: 'The attacker goal in your words ("I want to ..."), overriding the seed or catalogue goal.' },
    harm: { type: 'string', valueName: 'TEXT', description: 'The business impact ("so that ...").' },
    prerequisites: { type: 'string', valueName: 'TEXT', description: 'What the attacker needs first, e.g. "with a customer account".' },
    asset: { type: 'string', valueName: 'TEXT', description: 'The asset at risk, e.g. "customer payment records".' },
    likelihood: { type: 'string', valueName: '1-3', description: 'Likelihood on the 3x3 grid (1 low, 2 medium, 3 high), overriding the proposal.' },
    impact: { type: 'string', valueName: '1-3', description: 'Impact on the 3x3 grid (1 low, 2 medium, 3 high), overriding the proposal.' },
    'write-test': { type: 'boolean', description: 'Also write the story\'s security test skeleton under test/security/ (never over an existing file).' },
    extend: { type: 'string', valueName: 'ID', description: 'Add these findings and criteria to the existing story ID (a superset selection) instead of filing a new one.' },
    'no-platform': { type: 'boolean', description: 'Do not raise or link platform stories (HSTS, CSP, CSRF, database privileges, login rate limiting) for site-wide controls.' },
    separate: { type: 'boolean', description: 'File the story even when open stories for the same goal already link some of its findings.' },
    backlog: { type: 'string', valueName: 'DIR', description: 'Backlog.md folder, relative to the project root (default: from .rugged.json, else backlog).' },
    yes: { type: 'boolean', short: 'y', description: 'Do not ask; take the proposed answers.' },
    format: { type: 'string', values: ['path', 'json'], description: 'Print the story file path (default) or the story as JSON.' },
  },
  details: [
    'The story is pre-filled from the findings in the lines (or the whole file) and each rule\'s',
    'abuser-story seed; without findings, pick a STRIDE letter and a goal from the catalogue.',
    'With --yes, code without findings and without --goal gets an unrated "needs triage" draft',
    '(labels security, needs-triage) instead of a story: Rugged never rates a threat nobody named.',
    'Secrets in the quoted code are redacted. Raising the same finding again prints the existing',
    'story instead of writing a second one.',
    '',
    'Findings of different attacker goals (SQL injection and a hard-coded JWT secret) become one',
    'story each, linked to each other ("Raised together with"); one path per story is printed, and',
    '--format json lists them under "stories". --goal, --goal-text, --title or --rule make one story.',
    '',
    'On a terminal, answering n to the last question, or ending the input (Ctrl+D) at any',
    'question, writes nothing and exits 0.',
    '',
    'Exit codes: 0 story written, found or declined, 2 usage, configuration or backlog error.',
  ].join('\n'),
  async run(args, context) {
    const { io } = context;
    const [fileArg, ...extra] = args.positionals;
    if (!fileArg) throw new UsageError('missing <file>; usage: rugged story <file> [--lines A-B]');
    if (extra.length > 0) throw new UsageError(`one file at a time (got also "${extra[0]}")`);
    const file = resolve(io.cwd, fileArg);
    if (!existsSync(file)) throw new UsageError(`file not found: ${fileArg}`);

    const root = findProjectRoot(file);
    const config = loadConfig(root, { knownRuleIds: knownRuleIds(context.rules) });
    for (const problem of config.problems) io.stderr.write(`${redactSecrets(`rugged: config warning: ${problem.file}: ${problem.key}: ${problem.message}`).text}\n`);
    const format = (args.options.format ?? 'path') as 'path' | 'json';
    const choices = choicesFrom(args.options);
    const request: StoryRequest = {
      root,
      file,
      selection: parseLines(args.options.lines as string | undefined),
      choices,
      rules: context.rules,
      toolVersion: context.toolVersion,
      config,
      backlogDirectory: args.options.backlog as string | undefined,
      access: trackerAccessFromEnv(io.env),
      separate: args.options.separate === true,
      platformStories: args.options['no-platform'] !== true,
    };

    if (typeof args.options.extend === 'string') {
      const extended = await extendExistingStory(request, args.options.extend);
      const shown = /^https?:\/\//.test(extended.stored.location) ? extended.stored.location : toPosix(relative(io.cwd, extended.stored.location));
      io.stderr.write(`rugged: extended ${extended.stored.id} with ${extended.addedFindings} finding${extended.addedFindings === 1 ? '' : 's'} and ${extended.addedCriteria} criteri${extended.addedCriteria === 1 ? 'on' : 'a'}.\n`);
      if (format === 'json') io.stdout.write(`${JSON.stringify({ id: extended.stored.id, path: shown, created: false, extended: true, addedFindings: extended.addedFindings, addedCriteria: extended.addedCriteria, story: extended.stored.story }, null, 2)}\n`);
      else io.stdout.write(`${oneLine(shown)}\n`);
      return ExitCode.Ok;
    }
    const interactive = !args.options.yes && io.stdin?.isTTY === true && io.stdout.isTTY === true;
    if (interactive) {
      const prompter = createPrompter(io.stdin!, io.stderr);
      try {
        const confirmed = await askQuestions(request, prompter, io).catch((error: unknown) => {
          if (error instanceof InputEnded) return 'input ended' as const;
          throw error;
        });
        if (confirmed !== true) {
          io.stderr.write(confirmed === false ? 'rugged: nothing written.\n' : 'rugged: no answer (the input ended); not raised, nothing written.\n');
          return ExitCode.Ok;
        }
      } finally {
        prompter.close();
      }
    }
    const results = await raiseStories(request);
    const [first] = results;
    if (first.kind === 'triage') {
      const shown = toPosix(relative(io.cwd, first.filed.location));
      io.stderr.write(
        first.created
          ? `rugged: no finding here and no --goal: filed ${first.filed.id} as an unrated "needs triage" draft, not a story; raise the story with --goal <id>.\n`
          : `rugged: already in the backlog as ${first.filed.id} (${shown}), an unrated "needs triage" draft; raise the story with --goal <id>.\n`,
      );
      if (format === 'json') io.stdout.write(`${JSON.stringify({ id: first.filed.id, path: shown, created: first.created, needsTriage: true, draft: first.draft }, null, 2)}\n`);
      else io.stdout.write(`${oneLine(shown)}\n`);
      return ExitCode.Ok;
    }
    // A remote tracker's item is a URL, shown as is; a task file is shown relative to the cwd.
    const shownPath = (location: string) => (/^https?:\/\//.test(location) ? location : toPosix(relative(io.cwd, location)));
    if (results.length > 1) {
      io.stderr.write(`rugged: this code holds ${results.length} attacker goals, one story each: ${results.map((r) => (r.kind === 'story' ? `${r.stored.id} (${oneLine(r.story.title)})` : r.kind === 'overlap' ? `"${oneLine(r.story.title)}" (overlaps ${r.existing[0].id})` : r.filed.id)).join(', ')}.\n`);
    }
    const paths: string[] = [];
    for (const result of results) {
      if (result.kind === 'overlap') {
        io.stderr.write(overlapMessage(result, results.length > 1));
        paths.push(...result.existing.map((s) => shownPath(s.location)));
        continue;
      }
      if (result.kind !== 'story') continue;
      const story = result.stored.story ?? result.story;
      if (args.options['write-test'] === true) {
        const which = results.length > 1 ? result.stored.id : 'this story';
        if (!story.testSkeleton && story.testNote) io.stderr.write(`rugged: no security test skeleton for ${which}: ${oneLine(story.testNote)}; nothing written under test/security/.\n`);
        else if (!story.testSkeleton) io.stderr.write(`rugged: no security test skeleton for ${which} (Rugged cannot yet send this attack over HTTP); nothing written under test/security/.\n`);
        else io.stderr.write(`rugged: ${writeSkeleton(root, story.testSkeleton.path, story.testSkeleton.code)}\n`);
        if (story.loginTest) io.stderr.write(`rugged: ${writeSkeleton(root, story.loginTest.path, story.loginTest.code)}\n`);
      }
      const shown = shownPath(result.stored.location);
      if (result.created && result.platform?.length) io.stderr.write(`rugged: ${result.stored.id} relies on platform ${result.platform.length === 1 ? 'story' : 'stories'} ${result.platform.map((p) => p.id).join(', ')} (site-wide controls, raised once).\n`);
      if (!result.created) io.stderr.write(`rugged: already in the backlog as ${result.stored.id} (${shown}); not raised again.\n`);
      paths.push(shown);
    }
    if (format === 'json') {
      // The first story's fields stay at the top, as for a raise of one story; `stories` lists all of them.
      const listed = results.map((result) => jsonOf(result, shownPath));
      io.stdout.write(`${JSON.stringify({ ...listed[0], stories: listed }, null, 2)}\n`);
    } else {
      // One path per line for scripts: a newline in a configured backlog folder must not split it.
      for (const path of paths) io.stdout.write(`${oneLine(path)}\n`);
    }
    return ExitCode.Ok;
  },
};

/** What was not filed and why; `several` when other stories of the raise were filed. */
function overlapMessage(result: Extract<RaiseResult, { kind: 'overlap' }>, several: boolean): string {
  const ids = result.existing.map((s) => s.id).join(', ');
  return (
    `rugged: ${ids} already ${result.existing.length === 1 ? 'links' : 'link'} some of these findings for the same goal; ${several ? `"${oneLine(result.story.title)}" not written` : 'nothing written'}. ` +
    `Extend ${result.existing.length === 1 ? 'it' : 'them'} with the ${result.uncovered.length} other finding${result.uncovered.length === 1 ? '' : 's'} ` +
    `(${result.uncovered.map((f) => `${f.ruleId} line ${f.lines[0]}`).join(', ')}) with --extend ${result.existing[0].id}, or pass --separate to file a story of its own.\n`
  );
}

/** One story of the raise as `--format json` prints it. */
function jsonOf(result: RaiseResult, shownPath: (location: string) => string): Record<string, unknown> {
  if (result.kind === 'overlap') {
    return { created: false, overlaps: result.existing.map((s) => ({ id: s.id, path: shownPath(s.location) })), uncovered: result.uncovered, story: result.story };
  }
  if (result.kind === 'triage') return { id: result.filed.id, path: shownPath(result.filed.location), created: result.created, needsTriage: true, draft: result.draft };
  return {
    id: result.stored.id,
    path: shownPath(result.stored.location),
    created: result.created,
    ...(result.created ? {} : { duplicateOf: result.stored.id }),
    story: result.stored.story ?? result.story,
  };
}

function choicesFrom(options: Record<string, string | boolean | undefined>): StoryChoices {
  const choices: StoryChoices = {};
  if (typeof options.title === 'string') choices.title = options.title;
  if (typeof options.actor === 'string') choices.actor = options.actor;
  if (typeof options.rule === 'string') choices.ruleId = options.rule;
  if (typeof options.goal === 'string') choices.goalId = options.goal;
  if (typeof options['goal-text'] === 'string') choices.goal = options['goal-text'];
  if (typeof options.harm === 'string') choices.harm = options.harm;
  if (typeof options.prerequisites === 'string') choices.prerequisites = options.prerequisites;
  if (typeof options.asset === 'string') choices.asset = options.asset;
  for (const key of ['likelihood', 'impact'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !/^[123]$/.test(value.trim())) throw new UsageError(`--${key} takes 1, 2 or 3 (got "${String(value)}")`);
    choices[key] = Number(value.trim()) as 1 | 2 | 3;
  }
  if (typeof options.stride === 'string') {
    const { stride, unknown } = parseStride(options.stride);
    if (unknown.length > 0 || stride.length === 0) throw new UsageError(`--stride takes letters S, T, R, I, D, E or their names (got "${options.stride}")`);
    choices.stride = stride;
  }
  if (choices.goalId && !proposeGoals(undefined).some((g) => g.id === choices.goalId)) {
    throw new UsageError(`unknown --goal "${choices.goalId}"; goals: ${proposeGoals(undefined).map((g) => g.id).join(', ')}`);
  }
  return choices;
}

export function parseLines(value: string | undefined): { startLine: number; endLine: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
  if (!match) throw new UsageError(`--lines takes A-B or A with line numbers (got "${value}")`);
  const startLine = Number(match[1]);
  const endLine = match[2] ? Number(match[2]) : startLine;
  if (startLine < 1 || endLine < startLine) throw new UsageError(`--lines must be 1-based and A <= B (got "${value}")`);
  return { startLine, endLine };
}

/** The editor's questions, one per line; updates `request.choices`. Returns false if the user declines. */
async function askQuestions(request: StoryRequest, prompter: Prompter, io: CliIo): Promise<boolean> {
  const first = await draftStory(request);
  if (first.stories.every((d) => d.duplicateOf)) return true; // raiseStories reports the existing stories; nothing to ask.
  const choices: StoryChoices = { ...request.choices };
  const say = (text: string) => io.stderr.write(`${text}\n`);
  if (first.stories.length > 1) return confirmSeveral(first, prompter, say);

  if (first.findings.length > 0) {
    say(`${first.findings.length} finding${first.findings.length === 1 ? '' : 's'} to link: ${[...new Set(first.findings.map((f) => f.ruleId))].join(', ')}`);
  } else {
    say('No finding here: pick the kind of attack (STRIDE) and an attacker goal.');
  }
  const strideAnswer = await prompter.ask('STRIDE (S spoofing, T tampering, R repudiation, I information disclosure, D denial of service, E elevation of privilege)', first.story.stride.join(','));
  const parsed = parseStride(strideAnswer);
  if (parsed.stride.length > 0) choices.stride = parsed.stride;
  if (parsed.unknown.length > 0) say(`Ignored: ${parsed.unknown.join(', ')}`);

  if (first.findings.length === 0) {
    const goals = proposeGoals(choices.stride);
    goals.forEach((g, i) => say(`  ${i + 1}. [${g.stride}] ${g.goal}`));
    const currentIndex = Math.max(0, goals.findIndex((g) => g.id === choices.goalId));
    const pick = Number(await prompter.ask('Attacker goal (number)', String(currentIndex + 1)));
    if (Number.isInteger(pick) && pick >= 1 && pick <= goals.length) choices.goalId = goals[pick - 1].id;
  }

  const second = await draftStory({ ...request, choices });
  ACTORS.forEach((a, i) => say(`  ${i + 1}. ${a}`));
  const actorAnswer = await prompter.ask('Actor (number or text)', second.story.actor);
  const actorIndex = /^\d+$/.test(actorAnswer) ? Number(actorAnswer) - 1 : -1;
  choices.actor = actorIndex >= 0 && actorIndex < ACTORS.length ? ACTORS[actorIndex] : actorAnswer;

  const third = await draftStory({ ...request, choices });
  const title = await prompter.ask('Title', third.story.title);
  if (title !== third.story.title) choices.title = title;

  request.choices = choices;
  const final = await draftStory(request);
  say('');
  say(final.story.narrative);
  say(`Risk: ${final.story.risk.severity} (likelihood ${final.story.risk.likelihood} x impact ${final.story.risk.impact}); labels: ${final.story.labels.join(', ')}`);
  if (final.story.provenance.redactions > 0) say(`${final.story.provenance.redactions} secret(s) in the quoted code will be redacted.`);
  // Before anything is sent: where the story goes and who can read it there.
  say(`It goes to ${final.backlog.destination ? await final.backlog.destination() : final.backlog.description}.`);
  return prompter.confirm(`Raise "${final.story.title}"?`, true);
}

/**
 * A selection holding several attacker goals raises one story per goal, each with the proposed
 * answers: the questions about one story's actor and title would not fit the others. Raise them one
 * at a time with --rule, or name one goal with --goal or --goal-text, to answer them.
 */
async function confirmSeveral(draft: StoryDraft, prompter: Prompter, say: (text: string) => void): Promise<boolean> {
  say(`This code holds ${draft.stories.length} attacker goals; each becomes its own story (raise one with --rule <id> to answer its questions):`);
  for (const { story, duplicateOf, covers } of draft.stories) {
    const state = duplicateOf ? ` (already ${duplicateOf.id})` : covers.length > 0 ? ` (overlaps ${covers.map((s) => s.id).join(', ')})` : '';
    say(`  - ${story.title}${state}: ${story.risk.severity}, ${story.acceptanceCriteria.length} criteria`);
    say(`    ${story.narrative}`);
  }
  say(`They go to ${draft.backlog.destination ? await draft.backlog.destination() : draft.backlog.description}.`);
  const fresh = draft.stories.filter((d) => !d.duplicateOf).length;
  return prompter.confirm(`Raise ${fresh} new stor${fresh === 1 ? 'y' : 'ies'}?`, true);
}

/** Writes the skeleton beside the project's tests; an existing file is left alone (it may hold the team's edits). */
function writeSkeleton(root: string, path: string, code: string): string {
  if (!/^test\/security\/[a-z0-9-]+\.test\.js$/.test(path)) return `not writing the test skeleton to unexpected path ${path}.`;
  const target = join(root, path);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code, { flag: 'wx' });
    return `wrote the security test skeleton to ${path}.`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return `${path} exists already; left as it is.`;
    return `could not write ${path}: ${(error as Error).message.split('\n')[0]}`;
  }
}
