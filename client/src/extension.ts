// Entry point VS Code calls: wires the client, the commands and the views together, nothing else.
import * as vscode from 'vscode';
import { registerAbuserStoryCommand } from './abuserStory';
import { registerBacklogView } from './backlogView';
import { RuggedClient } from './client';
import { registerCommands } from './commands';
import { StatusIndicator } from './status';

let rugged: RuggedClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Rugged', { log: true });
  context.subscriptions.push(output);
  rugged = new RuggedClient(context, output);
  context.subscriptions.push(rugged, new StatusIndicator(rugged));
  const backlog = registerBacklogView(context, rugged);
  registerCommands(context, rugged);
  registerAbuserStoryCommand(context, rugged, () => backlog.refresh());
  await rugged.start();
}

export async function deactivate(): Promise<void> {
  await rugged?.stop();
  rugged = undefined;
}
