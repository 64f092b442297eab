// "Raise abuser story": the questions (STRIDE, attacker goal when there is no finding, actor,
// title) as quick picks over the server's proposal, then the server writes the story and the
// client opens it. Every answer goes back to the server; the client composes nothing itself.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CreateStoryRequest,
  ProposeStoryRequest,
  type ProposeStoryParams,
  type ProposeStoryResult,
  type ProposedStory,
  type RaiseAbuserStoryArgs,
  type StoryChoicesParams,
  type StrideLetter,
} from '../../server/src/shared/protocol';
import { describe, RUGGED_LANGUAGES, type RuggedClient } from './client';
import { credentialsFor, missingCredentialsHint } from './trackerCredentials';

const TITLE = 'Raise abuser story';
const SOURCE_FILE = /\.(js|jsx|mjs|cjs|ts|tsx|mts|cts)$/i;

/** Registers the command; `onRaised` lets the Security backlog view refresh. */
export function registerAbuserStoryCommand(context: vscode.ExtensionContext, rugged: RuggedClient, onRaised: () => void): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rugged.raiseAbuserStory', async (arg?: unknown) => {
      const target = storyTarget(arg);
      if (!target) return;
      const client = rugged.running;
      if (!client) {
        void vscode.window.showWarningMessage('The Rugged server is not running. Run "Rugged: Restart server" and try again.');
        return;
      }
      try {
        if (await raise(client, target, context.secrets)) onRaised();
      } catch (error) {
        rugged.output.error(`Raising an abuser story for ${target.uri} failed: ${describe(error)}`);
        void vscode.window.showErrorMessage(`Rugged could not raise the abuser story: ${describe(error)}`);
      }
    }),
  );
}

/**
 * What the story is about, from however the command was invoked: the code action passes its
 * finding, the context menus pass the file's URI, the palette passes nothing (the active editor).
 */
function storyTarget(arg: unknown): ProposeStoryParams | undefined {
  if (isFindingArgs(arg)) return { uri: arg.uri, range: arg.range, ruleId: arg.ruleId };
  const editor = vscode.window.activeTextEditor;
  const uri = arg instanceof vscode.Uri ? arg : editor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('Open or select a JavaScript or TypeScript file to raise an abuser story about it.');
    return undefined;
  }
  if (uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Save the file into the workspace first: an abuser story points at a file of the repository.');
    return undefined;
  }
  const inEditor = editor && editor.document.uri.toString() === uri.toString() ? editor : undefined;
  const isSource = inEditor ? (RUGGED_LANGUAGES as readonly string[]).includes(inEditor.document.languageId) : SOURCE_FILE.test(uri.path);
  if (!isSource) {
    void vscode.window.showInformationMessage('Rugged raises abuser stories about JavaScript and TypeScript files.');
    return undefined;
  }
  const selection = inEditor?.selection;
  if (!selection || selection.isEmpty) return { uri: uri.toString() };
  return {
    uri: uri.toString(),
    range: {
      start: { line: selection.start.line, character: selection.start.character },
      end: { line: selection.end.line, character: selection.end.character },
    },
  };
}

/** Returns true when a story was written (or an existing one opened). */
async function raise(client: LanguageClient, storyTarget: ProposeStoryParams, secrets: vscode.SecretStorage): Promise<boolean> {
  // Credentials for a remote tracker are fetched now and travel with each request only.
  const access = await credentialsFor(client, secrets, storyTarget.uri, true);
  if (access.tracker !== 'markdown' && !access.credentials) {
    void vscode.window.showErrorMessage(`Rugged needs credentials to file stories in ${access.tracker} (${access.host ?? 'no host configured'}). ${missingCredentialsHint(access.tracker, access.host)}`);
    return false;
  }
  const target: ProposeStoryParams = { ...storyTarget, ...(access.credentials ? { credentials: access.credentials } : {}) };
  const propose = async (choices: StoryChoicesParams): Promise<ProposeStoryResult> => {
    const proposal = await client.sendRequest(ProposeStoryRequest.type, { ...target, choices });
    // Null means the server failed unexpectedly and logged why (into the same output channel).
    if (!proposal) throw new Error('the server could not prepare the story; the Rugged output has the details');
    return proposal;
  };

  const choices: StoryChoicesParams = {};
  let proposal = await propose(choices);
  if (proposal.stories && proposal.stories.length > 1) return raiseSeveral(client, target, proposal, proposal.stories, access.host);
  if (proposal.duplicateOf) {
    const { id, title, uri } = proposal.duplicateOf;
    const open = await vscode.window.showInformationMessage(`This code is already on the backlog as ${id}: ${title}`, 'Open story');
    if (open) await openStory(uri);
    return false;
  }
  if (proposal.overlaps?.length) {
    const [first] = proposal.overlaps;
    const pick = await vscode.window.showInformationMessage(
      `${proposal.overlaps.map((s) => s.id).join(', ')} already link${proposal.overlaps.length === 1 ? 's' : ''} some of these findings for the same goal: extend ${first.id} instead of filing a repeat?`,
      `Extend ${first.id}`,
      'Open story',
      'File separately',
    );
    if (pick === `Extend ${first.id}`) {
      const extended = await client.sendRequest(CreateStoryRequest.type, { ...target, choices: { extend: first.id } });
      await openStory(extended.uri);
      const added = extended.extended;
      void vscode.window.showInformationMessage(`Extended ${extended.id}${added ? ` with ${added.findings} finding(s) and ${added.criteria} criteria` : ''}.`);
      return true;
    }
    if (pick === 'Open story') await openStory(first.uri);
    if (pick !== 'File separately') return false;
    choices.separate = true;
  }
  const hasFindings = proposal.findings.length > 0;
  const steps = hasFindings ? 5 : 6;

  const stride = await pickStride(proposal, steps);
  if (!stride) return false;
  choices.stride = stride;

  if (!hasFindings) {
    proposal = await propose(choices);
    const goalId = await pickGoal(proposal, steps);
    if (!goalId) return false;
    choices.goalId = goalId;
  }

  proposal = await propose(choices);
  const actor = await pickActor(proposal, steps - 3, steps);
  if (!actor) return false;
  choices.actor = actor;

  proposal = await propose(choices);
  const prerequisites = await vscode.window.showInputBox({
    title: `${TITLE} (${steps - 2}/${steps}): prerequisites`,
    prompt: 'What does the attacker need first, e.g. "with a customer account"? Leave empty if nothing.',
    ignoreFocusOut: true,
  });
  if (prerequisites === undefined) return false;
  if (prerequisites.trim()) choices.prerequisites = prerequisites.trim();
  const harm = await vscode.window.showInputBox({
    title: `${TITLE} (${steps - 1}/${steps}): business impact`,
    prompt: 'So that... (what the business loses)',
    value: proposal.harm,
    ignoreFocusOut: true,
  });
  if (harm === undefined) return false;
  if (harm.trim() && harm.trim() !== proposal.harm) choices.harm = harm.trim();

  proposal = await propose(choices);
  const title = await vscode.window.showInputBox({
    title: `${TITLE} (${steps}/${steps}): title`,
    prompt: `The attacker's aim in a few words. Enter ${proposal.destination ? 'asks before sending' : 'writes'} the story to ${proposal.backlog}${redactionNote(proposal)}.`,
    value: proposal.title,
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (value.trim() === '') return 'The story needs a title.';
      return value.trim().length > 80 ? 'Keep the title within 80 characters.' : undefined;
    },
  });
  if (title === undefined) return false;
  choices.title = title.trim();

  if (proposal.destination) {
    // Said before anything leaves the machine: where the story goes and who can read it there.
    const send = await vscode.window.showWarningMessage(
      // The host too: the configuration comes from the workspace, which may not be the user's own.
      `Send this abuser story to ${proposal.backlog}${access.host ? ` at ${access.host}` : ''}?`,
      { modal: true, detail: `It becomes ${proposal.destination}. Only the story's redacted text is sent: title, narrative, risk, findings, acceptance criteria and the quoted lines with secrets replaced.` },
      'Send',
    );
    if (send !== 'Send') return false;
  }

  const created = await client.sendRequest(CreateStoryRequest.type, { ...target, choices });
  if (!created) throw new Error('the server could not write the story; the Rugged output has the details');
  await openStory(created.uri);
  const message = created.needsTriage
    ? `Filed ${created.id} as an unrated "needs triage" draft: Rugged found nothing here and no goal was chosen.`
    : created.created
    ? `Raised ${created.id}: ${created.title}`
    : `Already on the backlog as ${created.id}: ${created.title}; opened it instead of writing a copy.`;
  void vscode.window.showInformationMessage(message);
  return true;
}

/**
 * A selection holding several attacker goals: one story per goal, confirmed together with the
 * server's proposals (one story's questions would not fit the others; "Raise abuser story from
 * this finding" raises one of them with its questions).
 */
async function raiseSeveral(client: LanguageClient, target: ProposeStoryParams, proposal: ProposeStoryResult, stories: ProposedStory[], host: string | undefined): Promise<boolean> {
  const fresh = stories.filter((s) => !s.duplicateOf).length;
  if (fresh === 0) {
    const open = await vscode.window.showInformationMessage(`This code is already on the backlog as ${stories.map((s) => s.duplicateOf!.id).join(', ')}.`, 'Open stories');
    if (open) for (const s of stories) await openStory(s.duplicateOf!.uri);
    return false;
  }
  const detail = stories
    .map((s) => `${s.title} (${s.severity}, ${s.criteria} criteria)${s.duplicateOf ? `: already ${s.duplicateOf.id}` : s.overlaps ? `: overlaps ${s.overlaps.map((o) => o.id).join(', ')}, not filed` : ''}`)
    .join('\n');
  const where = `${proposal.backlog}${proposal.destination && host ? ` at ${host}` : ''}`;
  const go = `Raise ${fresh} ${fresh === 1 ? 'story' : 'stories'}`;
  const answer = await vscode.window.showWarningMessage(
    `This code holds ${stories.length} attacker goals: raise one story for each in ${where}?`,
    { modal: true, detail: `${detail}${proposal.destination ? `\n\nEach becomes ${proposal.destination}.` : ''}${redactionNote(proposal)}` },
    go,
  );
  if (answer !== go) return false;
  const created = await client.sendRequest(CreateStoryRequest.type, { ...target, choices: {} });
  if (!created) throw new Error('the server could not write the stories; the Rugged output has the details');
  for (const story of created.stories.filter((s) => s.created)) await openStory(story.uri);
  const raised = created.stories.filter((s) => s.created).map((s) => s.id);
  const found = created.stories.filter((s) => !s.created).map((s) => s.id);
  void vscode.window.showInformationMessage(`Raised ${raised.join(', ') || 'nothing new'}${found.length > 0 ? `; already on the backlog: ${found.join(', ')}` : ''}.`);
  return true;
}

interface StrideItem extends vscode.QuickPickItem {
  letter: StrideLetter;
}

async function pickStride(proposal: ProposeStoryResult, steps: number): Promise<StrideLetter[] | undefined> {
  const items: StrideItem[] = proposal.strideOptions.map((option) => ({
    label: `${option.letter}  ${option.name}`,
    description: option.property,
    picked: proposal.stride.includes(option.letter),
    letter: option.letter,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `${TITLE} (1/${steps}): STRIDE categories`,
    placeHolder: proposal.findings.length > 0
      ? `Proposed from ${findingSummary(proposal)}; Enter keeps them`
      : 'No finding here: which kinds of attack does this code invite?',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  return picked.length > 0 ? picked.map((item) => item.letter) : proposal.stride;
}

async function pickGoal(proposal: ProposeStoryResult, steps: number): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    proposal.goals.map((goal) => ({
      label: goal.goal,
      description: `[${goal.stride}] ${goal.actor}`,
      detail: `so that ${goal.harm}`,
      id: goal.id,
    })),
    { title: `${TITLE} (2/${steps}): attacker goal`, placeHolder: 'What would an attacker want from this code?', ignoreFocusOut: true, matchOnDetail: true },
  );
  return picked?.id;
}

async function pickActor(proposal: ProposeStoryResult, step: number, steps: number): Promise<string | undefined> {
  const other = '$(edit) Describe another actor...';
  const actors = [proposal.actor, ...proposal.actors.filter((actor) => actor !== proposal.actor)];
  const items: vscode.QuickPickItem[] = [
    ...actors.map((actor, index) => ({ label: actor, description: index === 0 ? 'proposed' : undefined })),
    { label: other },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `${TITLE} (${step}/${steps}): actor`,
    placeHolder: 'Who attacks?',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.label !== other) return picked.label;
  const typed = await vscode.window.showInputBox({
    title: `${TITLE} (${step}/${steps}): actor`,
    prompt: 'Who attacks, e.g. "partner integration with a leaked API key"',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'Describe the attacker.' : undefined),
  });
  return typed?.trim();
}

function findingSummary(proposal: ProposeStoryResult): string {
  const rules = [...new Set(proposal.findings.map((finding) => finding.ruleId))];
  return `${proposal.findings.length} finding${proposal.findings.length === 1 ? '' : 's'} (${rules.join(', ')})`;
}

function redactionNote(proposal: ProposeStoryResult): string {
  if (proposal.redactions === 0) return '';
  return ` (${proposal.redactions} secret${proposal.redactions === 1 ? '' : 's'} in the quoted code will be redacted)`;
}

async function openStory(uri: string): Promise<void> {
  // A remote tracker's item opens in the browser; a task file in the editor.
  if (/^https?:/.test(uri)) await vscode.env.openExternal(vscode.Uri.parse(uri));
  else await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preview: false });
}

function isFindingArgs(value: unknown): value is RaiseAbuserStoryArgs {
  if (typeof value !== 'object' || value === null || value instanceof vscode.Uri) return false;
  const args = value as Partial<RaiseAbuserStoryArgs>;
  return typeof args.uri === 'string' && typeof args.ruleId === 'string' && typeof args.range === 'object';
}
