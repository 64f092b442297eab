// What a user does in the VS Code workbench, as playwright steps that wait for the UI to answer
// (a visible widget, a row with some text) instead of sleeping.
import type { Locator, Page } from 'playwright-core';

export const UI_TIMEOUT = 30_000;
/** Diagnostics need the extension host, the server and the analysis; allow for a busy CI machine. */
export const DIAGNOSTIC_TIMEOUT = 60_000;

/** Polls `probe` until it returns a value other than undefined, or fails with `what` after the timeout. */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = UI_TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 50;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 500);
  }
}

export class Workbench {
  constructor(readonly page: Page) {}

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Gives the workbench keyboard focus; key presses before that go nowhere. */
  async focus(): Promise<void> {
    await this.page.locator('.monaco-workbench .part.editor').click({ position: { x: 5, y: 5 } });
  }

  /** Ctrl+P, the file's name, Enter; resolves when its editor is the active one. */
  async openFile(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop() ?? relativePath;
    await this.page.keyboard.press('Control+P');
    await this.quickInput().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await this.page.keyboard.type(relativePath);
    // Enter opens the focused row, which shows recent files until the typed filter has applied.
    await this.quickInput()
      .locator('.monaco-list-row.focused', { hasText: name })
      .waitFor({ timeout: UI_TIMEOUT });
    await this.page.keyboard.press('Enter');
    await this.page
      .locator('.tabs-container .tab.active', { hasText: name })
      .waitFor({ timeout: UI_TIMEOUT });
    await this.activeEditor().locator('.view-lines').waitFor({ timeout: UI_TIMEOUT });
  }

  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Ctrl+G "line:column" (1-based), like a user jumping to a position. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.quickInput().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await this.page
      .locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` })
      .waitFor({ timeout: UI_TIMEOUT });
  }

  /** Runs a command by its palette title, e.g. "Rugged: Scan workspace". */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    await this.quickInput().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await this.page.keyboard.type(title);
    const row = this.quickInput().locator('.monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: UI_TIMEOUT });
    await row.click();
  }

  /** Answers a quick input box (e.g. the suppression reason) and submits it. */
  async answerInput(text: string): Promise<void> {
    const input = this.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await input.fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** The title shown by the currently open quick input, to check which question is being asked. */
  async quickInputTitle(): Promise<string> {
    await this.quickInput().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    return (await this.quickInput().locator('.quick-input-title').innerText()).trim();
  }

  async waitForQuickInputTitle(text: string): Promise<void> {
    await this.quickInput().locator('.quick-input-title', { hasText: text }).waitFor({ timeout: UI_TIMEOUT });
  }

  async waitForQuickInputClosed(): Promise<void> {
    await this.quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  /**
   * Opens the quick-fix menu at the cursor (Ctrl+.) until it lists an action containing `title`.
   * Right after a change the menu can come up before the server has answered, so a menu without
   * the action is closed and asked for again.
   */
  private async openQuickFixMenuWith(title: string): Promise<Locator> {
    const menu = this.page.locator('.action-widget');
    return eventually(`a quick fix "${title}"`, async () => {
      await this.page.keyboard.press('Control+.');
      const item = menu.locator('.monaco-list-row', { hasText: title }).first();
      const shown = await item.waitFor({ timeout: 3_000 }).then(
        () => true,
        () => false,
      );
      if (shown) return item;
      await this.page.keyboard.press('Escape');
      return undefined;
    });
  }

  /**
   * Ctrl+. at the cursor, then the action whose title contains `title`, chosen with the arrow keys
   * and Enter (the menu's pointer shield swallows synthetic clicks).
   */
  async applyQuickFix(title: string): Promise<void> {
    await this.openQuickFixMenuWith(title);
    const focused = this.page.locator('.action-widget .monaco-list-row.focused');
    const rows = await this.page.locator('.action-widget .monaco-list-row').count();
    for (let step = 0; step <= rows; step += 1) {
      const label = (await focused.getAttribute('aria-label', { timeout: UI_TIMEOUT })) ?? '';
      if (label.includes(title)) {
        await this.page.keyboard.press('Enter');
        await this.page.locator('.action-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`The quick-fix menu lists "${title}" but it could not be selected`);
  }

  /** Titles in the quick-fix menu at the cursor once it lists `expected`; closes the menu again. */
  async quickFixTitles(expected: string): Promise<string[]> {
    await this.openQuickFixMenuWith(expected);
    const titles = await this.page.locator('.action-widget .monaco-list-row').allInnerTexts();
    await this.page.keyboard.press('Escape');
    return titles.map((title) => title.trim()).filter((title) => title !== '');
  }

  /** Waits for a notification toast containing `text`. */
  async waitForNotification(text: string, timeoutMs = DIAGNOSTIC_TIMEOUT): Promise<void> {
    await this.page.locator('.notification-toast', { hasText: text }).first().waitFor({ timeout: timeoutMs });
  }

  /** Ctrl+Shift+M toggles the panel, so it is pressed only when the panel is not already showing. */
  async showProblems(): Promise<Locator> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    return panel;
  }

  /** Visible rows of the Problems panel (file rows and problem rows), as text. */
  async problemRows(): Promise<string[]> {
    const rows = await this.page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    return rows.map((row) => row.replace(/\s+/g, ' ').trim());
  }

  /** Waits until a Problems row contains every given fragment; returns that row's text. */
  async waitForProblem(fragments: string[], timeoutMs = DIAGNOSTIC_TIMEOUT): Promise<string> {
    return eventually(
      `a problem row with ${fragments.join(' + ')}`,
      async () => (await this.problemRows()).find((row) => fragments.every((fragment) => row.includes(fragment))),
      timeoutMs,
    );
  }

  /** Waits until no Problems row contains every given fragment. */
  async waitForNoProblem(fragments: string[], timeoutMs = DIAGNOSTIC_TIMEOUT): Promise<void> {
    await eventually(
      `no problem row with ${fragments.join(' + ')}`,
      async () => ((await this.problemRows()).some((row) => fragments.every((f) => row.includes(f))) ? undefined : true),
      timeoutMs,
    );
  }

  /** Expands a view of the Explorer (e.g. "Security backlog") and returns its body. */
  async openExplorerView(title: string): Promise<Locator> {
    const header = this.page.locator('.pane-header', { hasText: new RegExp(title, 'i') }).first();
    await header.waitFor({ timeout: UI_TIMEOUT });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const pane = this.page.locator('.pane', { has: header }).first();
    const body = pane.locator('.pane-body');
    await body.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    return body;
  }

  /** Squiggle decorations currently drawn in the active editor. */
  squiggles(): Locator {
    return this.activeEditor().locator('.squiggly-error, .squiggly-warning, .squiggly-info');
  }

  /** Ctrl+S on an editor with unsaved changes; resolves once the tab no longer shows them. */
  async save(): Promise<void> {
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ timeout: UI_TIMEOUT });
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  }

  /** The text in the open quick input's box (e.g. a proposed title). */
  async quickInputValue(): Promise<string> {
    return this.quickInput().locator('input').inputValue();
  }

  /** Right-clicks the editor line containing `lineText` and clicks a context-menu entry by its label. */
  async editorContextMenu(label: string, lineText: string): Promise<void> {
    await this.activeEditor().locator('.view-lines .view-line', { hasText: lineText }).first().click({ button: 'right' });
    const item = this.page.locator('.context-view .action-item', { hasText: label }).first();
    await item.waitFor({ timeout: UI_TIMEOUT });
    await item.click();
  }
}
