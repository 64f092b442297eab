// The language status item next to the language mode: whether the server runs, scan progress and
// the number of findings. Clicking it shows the Rugged output.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StatusNotification, type StatusParams } from '../../server/src/shared/protocol';
import { documentSelector, type RuggedClient, type ServerState } from './client';

export class StatusIndicator implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('rugged.status', documentSelector);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private notificationListener: vscode.Disposable | undefined;
  private latest: StatusParams | undefined;

  constructor(private readonly rugged: RuggedClient) {
    this.item.name = 'Rugged';
    this.item.command = { title: 'Show output', command: 'rugged.showOutput' };
    this.disposables.push(
      rugged.onDidChangeState(() => this.render()),
      rugged.onDidChangeClient((client) => this.listen(client)),
    );
    this.render();
  }

  dispose(): void {
    this.notificationListener?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private listen(client: LanguageClient | undefined): void {
    this.notificationListener?.dispose();
    this.notificationListener = undefined;
    this.latest = undefined;
    if (client) {
      this.notificationListener = client.onNotification(StatusNotification.type, (params) => {
        this.latest = params;
        if (params.notice) this.rugged.output.info(`${params.notice.uri}: ${params.notice.message}`);
        if (params.state === 'error' && params.message) this.rugged.output.error(params.message);
        this.render();
      });
    }
    this.render();
  }

  private render(): void {
    const { text, detail, busy, severity } = describeStatus(this.rugged.state, this.latest);
    this.item.text = text;
    this.item.detail = detail;
    this.item.busy = busy;
    this.item.severity = severity;
  }
}

interface StatusView {
  text: string;
  detail: string;
  busy: boolean;
  severity: vscode.LanguageStatusSeverity;
}

function describeStatus(state: ServerState, latest: StatusParams | undefined): StatusView {
  const { Information, Warning, Error } = vscode.LanguageStatusSeverity;
  switch (state) {
    case 'starting':
      return { text: 'Rugged: starting', detail: 'Starting the language server', busy: true, severity: Information };
    case 'failed':
      return { text: 'Rugged: not running', detail: 'The server failed to start; see the output', busy: false, severity: Error };
    case 'stopped':
      return { text: 'Rugged: stopped', detail: 'Run "Rugged: Restart server" to start it', busy: false, severity: Warning };
    case 'running':
      break;
  }
  if (!latest) return { text: 'Rugged: running', detail: 'Security checklist', busy: false, severity: Information };
  const findings = `${plural(latest.findings, 'finding')} in ${plural(latest.filesWithFindings, 'file')}`;
  const where = `in ${plural(latest.filesWithFindings, 'file')}; server running`;
  if (latest.state === 'scanning' && latest.scan) {
    const { done, total } = latest.scan;
    return { text: `Rugged: scanning ${done} of ${total}`, detail: findings, busy: true, severity: Information };
  }
  if (latest.state === 'error') {
    return { text: 'Rugged: running', detail: latest.message ?? 'A request failed; see the output', busy: false, severity: Warning };
  }
  return { text: `Rugged: ${plural(latest.findings, 'finding')}`, detail: where, busy: false, severity: Information };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
