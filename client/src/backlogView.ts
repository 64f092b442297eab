// The "Security backlog" view in the Explorer: residual risk per workspace folder, as the server
// computes it (stories by status and by risk, findings no story covers, suppressions). The view
// asks again when it becomes visible, when a backlog Markdown file changes and when findings change.
import * as vscode from 'vscode';
import {
  SecurityBacklogRequest,
  type SecurityBacklogFinding,
  type SecurityBacklogResult,
  type SecurityBacklogStory,
  type SecurityBacklogSuppression,
} from '../../server/src/shared/protocol';
import { describe, type RuggedClient } from './client';
import { credentialsFor } from './trackerCredentials';

const VIEW_ID = 'rugged.securityBacklog';
const REFRESH_DELAY_MS = 400;

type Node =
  | { kind: 'folder'; result: SecurityBacklogResult; name: string }
  | { kind: 'summary'; result: SecurityBacklogResult }
  | { kind: 'group'; label: string; icon: string; children: Node[]; expanded: boolean }
  | { kind: 'story'; story: SecurityBacklogStory }
  | { kind: 'finding'; finding: SecurityBacklogFinding }
  | { kind: 'suppression'; suppression: SecurityBacklogSuppression };

export class SecurityBacklogView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly rugged: RuggedClient,
    private readonly secrets?: vscode.SecretStorage,
  ) {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    const markdown = vscode.workspace.createFileSystemWatcher('**/*.md');
    this.disposables.push(
      this.view,
      markdown,
      markdown.onDidCreate(() => this.refreshSoon()),
      markdown.onDidChange(() => this.refreshSoon()),
      markdown.onDidDelete(() => this.refreshSoon()),
      vscode.languages.onDidChangeDiagnostics(() => this.refreshSoon()),
      this.view.onDidChangeVisibility(({ visible }) => visible && this.refresh()),
      rugged.onDidChangeClient(() => this.refresh()),
    );
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Coalesces bursts (a scan publishing many files, a save touching several story files). */
  private refreshSoon(): void {
    if (!this.view.visible) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, REFRESH_DELAY_MS);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node) return childrenOf(node);
    const client = this.rugged.running;
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!client || folders.length === 0) return [];
    const results: { name: string; result: SecurityBacklogResult }[] = [];
    for (const folder of folders) {
      try {
        // A remote tracker's state needs its credentials; without them the server says which are missing.
        const credentials = this.secrets ? (await credentialsFor(client, this.secrets, folder.uri.toString(), false)).credentials : undefined;
        const result = await client.sendRequest(SecurityBacklogRequest.type, { folder: folder.uri.toString(), ...(credentials ? { credentials } : {}) });
        // Null: the server failed and logged why; the folder is left out rather than shown empty.
        if (result && !isEmpty(result)) results.push({ name: folder.name, result });
      } catch (error) {
        this.rugged.output.error(`Security backlog of ${folder.name}: ${describe(error)}`);
      }
    }
    // An empty list lets the view's welcome text explain what to do.
    if (results.length === 1) return childrenOf({ kind: 'folder', ...results[0] });
    return results.map(({ name, result }) => ({ kind: 'folder', name, result }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return treeItemFor(node);
  }
}

export function registerBacklogView(context: vscode.ExtensionContext, rugged: RuggedClient): SecurityBacklogView {
  const view = new SecurityBacklogView(rugged, context.secrets);
  context.subscriptions.push(view, vscode.commands.registerCommand('rugged.refreshBacklog', () => view.refresh()));
  return view;
}

function isEmpty(result: SecurityBacklogResult): boolean {
  return result.byStatus.every((group) => group.stories.length === 0) && result.uncovered.length === 0 && result.suppressions.length === 0;
}

function childrenOf(node: Node): Node[] {
  switch (node.kind) {
    case 'folder': {
      const { result } = node;
      const byStatus: Node[] = result.byStatus.map((group) => ({
        kind: 'group',
        label: `${group.status} (${group.stories.length})`,
        icon: 'list-unordered',
        children: group.stories.map((story) => ({ kind: 'story', story })),
        expanded: group.stories.length > 0,
      }));
      const byRisk: Node[] = result.byRisk
        .filter((group) => group.stories.length > 0)
        .map((group) => ({
          kind: 'group',
          label: `${group.severity} (${group.stories.length})`,
          icon: 'flame',
          children: group.stories.map((story) => ({ kind: 'story', story })),
          expanded: false,
        }));
      return [
        { kind: 'summary', result },
        { kind: 'group', label: 'Stories by status', icon: 'tasklist', children: byStatus, expanded: true },
        { kind: 'group', label: 'Stories by risk', icon: 'warning', children: byRisk, expanded: false },
        {
          kind: 'group',
          label: `Findings without a story (${result.uncovered.length})`,
          icon: 'bug',
          children: result.uncovered.map((finding) => ({ kind: 'finding', finding })),
          expanded: result.uncovered.length > 0 && result.uncovered.length <= 20,
        },
        {
          kind: 'group',
          label: `Suppressions (${result.suppressions.length})`,
          icon: 'eye-closed',
          children: result.suppressions.map((suppression) => ({ kind: 'suppression', suppression })),
          expanded: false,
        },
      ];
    }
    case 'group':
      return node.children;
    default:
      return [];
  }
}

function treeItemFor(node: Node): vscode.TreeItem {
  const { Collapsed, Expanded, None } = vscode.TreeItemCollapsibleState;
  switch (node.kind) {
    case 'folder': {
      const item = new vscode.TreeItem(node.name, Expanded);
      item.iconPath = new vscode.ThemeIcon('root-folder');
      item.description = `residual risk: ${levelSummary(node.result.residual)}`;
      return item;
    }
    case 'summary': {
      const { residual, backlogDirectory, warnings } = node.result;
      const remaining = residual.byLevel.some((l) => l.risks > 0);
      const item = new vscode.TreeItem(`Residual risk: ${levelSummary(residual)}`, None);
      item.iconPath = new vscode.ThemeIcon(warnings.length > 0 ? 'warning' : remaining ? 'shield' : 'pass');
      item.description = [
        `${residual.openStories} open`,
        residual.reopened > 0 ? `${residual.reopened} firing again` : undefined,
        residual.closedWithoutEvidence > 0 ? `${residual.closedWithoutEvidence} closed without evidence` : undefined,
        `${residual.uncoveredFindings} uncovered`,
        residual.accepted > 0 ? `${residual.accepted} accepted` : undefined,
        residual.lowered.findings > 0 ? `${residual.lowered.findings} in tests/scripts` : undefined,
        `${residual.suppressions} suppressed`,
      ]
        .filter(Boolean)
        .join(' · ');
      item.tooltip = [
        'Distinct risks by level: stories covering the same findings count once, and a finding a story covers counts only with the story.',
        ...warnings,
        ...(backlogDirectory ? [`Backlog: ${backlogDirectory}/`] : []),
      ].join('\n');
      return item;
    }
    case 'group': {
      const item = new vscode.TreeItem(node.label, node.children.length === 0 ? None : node.expanded ? Expanded : Collapsed);
      item.iconPath = new vscode.ThemeIcon(node.icon);
      return item;
    }
    case 'story':
      return storyItem(node.story);
    case 'finding': {
      const { finding } = node;
      const item = new vscode.TreeItem(finding.message, None);
      item.description = `${finding.ruleId} · ${vscode.workspace.asRelativePath(vscode.Uri.parse(finding.uri))}:${finding.range.start.line + 1}`;
      item.iconPath = new vscode.ThemeIcon(finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'info');
      item.command = openAt(finding.uri, finding.range, 'Show the finding');
      return item;
    }
    case 'suppression': {
      const { suppression } = node;
      const item = new vscode.TreeItem(suppression.reason, None);
      const until = suppression.until ? ` · until ${suppression.until}` : '';
      item.description = `${suppression.ruleId} · ${vscode.workspace.asRelativePath(vscode.Uri.parse(suppression.uri))}:${suppression.range.start.line + 1}${until}`;
      item.iconPath = new vscode.ThemeIcon(suppression.expiresSoon ? 'watch' : 'eye-closed');
      item.tooltip = suppression.expiresSoon ? 'This suppression expires soon.' : undefined;
      item.command = openAt(suppression.uri, suppression.range, 'Show the suppressed code');
      return item;
    }
  }
}

/** "1 Critical, 2 High", or "none" when no risk remains. */
function levelSummary(residual: SecurityBacklogResult['residual']): string {
  const levels = residual.byLevel.filter((l) => l.risks > 0).map((l) => `${l.risks} ${l.severity}`);
  return levels.length > 0 ? levels.join(', ') : 'none';
}

function storyItem(story: SecurityBacklogStory): vscode.TreeItem {
  const item = new vscode.TreeItem(`${story.id}: ${story.title}`, vscode.TreeItemCollapsibleState.None);
  item.description = `${story.severity} · ${story.status} · ${story.criteria.checked}/${story.criteria.total} criteria`;
  const accepted = story.acceptance && story.acceptance.state !== 'expired';
  const icon = story.problem ? 'error' : story.stillFiring || story.evidenceMissing ? 'warning' : story.done ? 'pass-filled' : accepted ? 'law' : story.quiet ? 'check' : 'circle-large-outline';
  item.iconPath = new vscode.ThemeIcon(icon);
  const notes = [
    story.ruleIds.length > 0 ? `Rules: ${story.ruleIds.join(', ')}` : undefined,
    story.stillFiring ? 'Done, but its finding fires again.' : undefined,
    story.quiet ? 'Its findings no longer fire: ready to check and close.' : undefined,
    story.evidenceMissing ? `Closed without evidence, still residual risk: ${story.evidenceMissing.join('; ')}.` : undefined,
    story.acceptance
      ? `Risk accepted at ${story.acceptance.rating} by ${story.acceptance.by} until ${story.acceptance.until}${story.acceptance.state === 'expired' ? ' (expired: it counts again)' : story.acceptance.state === 'expiring' ? ' (expires soon)' : ''}.`
      : undefined,
    story.problem ? `Rugged's data in this file could not be read: ${story.problem}` : undefined,
  ].filter(Boolean);
  item.tooltip = notes.join('\n') || undefined;
  item.resourceUri = vscode.Uri.parse(story.uri);
  item.command = { title: 'Open story', command: 'vscode.open', arguments: [vscode.Uri.parse(story.uri)] };
  return item;
}

function openAt(uri: string, range: SecurityBacklogFinding['range'], title: string): vscode.Command {
  const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  return { title, command: 'vscode.open', arguments: [vscode.Uri.parse(uri), { selection }] };
}
