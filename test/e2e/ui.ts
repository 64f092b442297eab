// What a user does in the VS Code workbench, as playwright steps that wait for the UI to answer
// (a visible widget, a focused input, a row with some text) instead of sleeping.
//
// On a busy machine the workbench can lose an action: a key pressed before the quick input has
// focus, a click on a context-menu item before the menu listens for it (VS Code arms its items a
// moment after drawing them), Enter on a quick pick whose items are not there yet. So each step
// waits for the state its action needs, and an action that can be lost is repeated until its
// effect is seen (`retryUntil`), which is only done where repeating it is harmless.
import type { Locator, Page } from 'playwright-core';

/** Deadline for the workbench itself to answer (a widget shown, an editor opened). */
export const UI_TIMEOUT = 60_000;
/** Diagnostics need the extension host, the server and the analysis; allow for a busy CI machine. */
export const DIAGNOSTIC_TIMEOUT = 120_000;
/**
 * How long one attempt of a repeatable action waits for its effect before the action is repeated.
 * Only a lost action waits this long; the overall deadline is still the caller's.
 */
const ATTEMPT_TIMEOUT = 10_000;

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

/**
 * Runs `act`, then waits up to one attempt for `effect` (given how long it may wait); repeats both
 * until the effect is seen or `timeoutMs` has passed. `act` must be harmless to repeat, and should
 * itself check the state it changes when repeating it would undo the first attempt (a toggle).
 */
export async function retryUntil(
  what: string,
  act: () => Promise<void>,
  effect: (waitMs: number) => Promise<boolean>,
  timeoutMs = UI_TIMEOUT,
  attemptMs = ATTEMPT_TIMEOUT,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pause = 50;
  for (let attempt = 1; ; attempt += 1) {
    await act();
    const waitMs = Math.max(1, Math.min(attemptMs, deadline - Date.now()));
    if (await effect(waitMs)) return;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms (${attempt} attempts) waiting for ${what}`);
    // Visible in the test output, so a run under load shows which actions it had to repeat.
    console.error(`[e2e] attempt ${attempt} did not yet give ${what}; repeating it`);
    // An effect can say "not yet" at once (a menu without the entry yet); back off like a poll
    // rather than hammering a busy workbench.
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 1_000);
  }
}

/** True once `locator` reaches `state` within `waitMs`, false otherwise (never throws on timeout). */
export function reaches(locator: Locator, state: 'visible' | 'hidden' | 'attached' | 'detached', waitMs: number): Promise<boolean> {
  return locator.waitFor({ state, timeout: waitMs }).then(
    () => true,
    () => false,
  );
}

// Checks evaluated in the page (as text: this project's type check has no DOM types).
const QUICK_INPUT_HAS_FOCUS = "document.activeElement?.closest('.quick-input-widget .quick-input-box') != null && document.activeElement.tagName === 'INPUT'";
const EDITOR_HAS_FOCUS = "document.activeElement?.closest('.editor-group-container.active .monaco-editor') != null";

export class Workbench {
  constructor(readonly page: Page) {}

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** The text box of the open quick input (not the "check all" box of a multi-select pick). */
  private quickInputBox(): Locator {
    return this.quickInput().locator('.quick-input-box input');
  }

  /** True once the quick input's text box has keyboard focus, i.e. typing and Enter reach it. */
  private quickInputFocused(waitMs: number): Promise<boolean> {
    return this.page
      .waitForFunction(QUICK_INPUT_HAS_FOCUS, undefined, { timeout: waitMs })
      .then(
        () => true,
        () => false,
      );
  }

  /**
   * Presses `shortcut` until the quick input is open with its box focused. The key is pressed only
   * while no quick input is showing: pressed again inside one, Ctrl+P would move the selection.
   */
  private async openQuickInput(shortcut: string): Promise<void> {
    await retryUntil(
      `the quick input opened by ${shortcut}`,
      async () => {
        if (!(await this.quickInput().isVisible())) await this.page.keyboard.press(shortcut);
      },
      (waitMs) => this.quickInputFocused(waitMs),
    );
  }

  /** Sets the quick input's whole text (prefix included) and waits until the widget holds it. */
  private async setQuickInputText(value: string): Promise<void> {
    const box = this.quickInputBox();
    await box.fill(value, { timeout: UI_TIMEOUT });
    await eventually(`"${value}" in the quick input`, async () => ((await box.inputValue()) === value ? true : undefined));
  }

  /**
   * Presses Enter in the quick input until `done` holds. Enter is repeated only while the quick
   * input still shows `stillOpen` (the same question), so a repeat can never answer the next one.
   */
  private async submitQuickInput(what: string, stillOpen: Locator, done: (waitMs: number) => Promise<boolean>): Promise<void> {
    await retryUntil(
      what,
      async () => {
        if ((await stillOpen.isVisible()) && (await this.quickInputFocused(ATTEMPT_TIMEOUT))) await this.page.keyboard.press('Enter');
      },
      done,
    );
  }

  /** Answers VS Code's "Do you trust the authors" dialog with No, which opens Restricted Mode. */
  async declineWorkspaceTrust(): Promise<void> {
    const dialog = this.page.locator('.monaco-dialog-box', { hasText: 'Do you trust the authors' });
    await dialog.waitFor({ timeout: UI_TIMEOUT });
    const decline = dialog.locator('.monaco-button', { hasText: "No, I don't trust the authors" });
    // A click that lands while the dialog is still being laid out is lost, and the dialog stays.
    await retryUntil(
      'the trust dialog closed',
      async () => {
        if (await decline.isVisible()) await decline.click({ timeout: UI_TIMEOUT });
      },
      (waitMs) => reaches(dialog, 'detached', waitMs),
    );
  }

  /** Gives the workbench keyboard focus; key presses before that go nowhere. */
  async focus(): Promise<void> {
    const editorPart = this.page.locator('.monaco-workbench .part.editor');
    await editorPart.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await editorPart.click({ position: { x: 5, y: 5 } });
  }

  /** Ctrl+P, the file's name, Enter; resolves when its editor is the active one. */
  async openFile(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop() ?? relativePath;
    // Enter opens the focused row, which shows recent files until the typed filter has applied.
    const row = this.quickInput().locator('.monaco-list-row.focused', { hasText: name });
    // A window that opens late (a story the previous step raised) can close the quick input
    // after the name was typed; the search is then opened and typed again.
    await retryUntil(
      `${relativePath} as the focused row of quick open`,
      async () => {
        if (!(await this.quickInput().isVisible())) await this.openQuickInput('Control+P');
        // Bounded by one attempt: the box may be gone again by the time it is filled.
        const box = this.quickInputBox();
        const typed = await box.inputValue({ timeout: ATTEMPT_TIMEOUT }).catch(() => undefined);
        if (typed !== relativePath) await box.fill(relativePath, { timeout: ATTEMPT_TIMEOUT }).catch(() => undefined);
      },
      (waitMs) => reaches(row, 'visible', waitMs),
    );
    const tab = this.page.locator('.tabs-container .tab.active', { hasText: name });
    await this.submitQuickInput(`the editor of ${relativePath}`, row, (waitMs) => reaches(tab, 'visible', waitMs));
    await this.activeEditor().locator('.view-lines').waitFor({ timeout: UI_TIMEOUT });
    await this.waitForEditorFocus();
  }

  /** Waits until the active editor has keyboard focus, so editor shortcuts (Ctrl+G, Ctrl+.) reach it. */
  private async waitForEditorFocus(): Promise<void> {
    await this.page.waitForFunction(EDITOR_HAS_FOCUS, undefined, { timeout: UI_TIMEOUT });
  }

  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Ctrl+G "line:column" (1-based), like a user jumping to a position. */
  async goTo(line: number, column: number): Promise<void> {
    await this.openQuickInput('Control+G');
    // The go-to-line box starts with its ":" prefix; setting the whole text keeps it.
    await this.setQuickInputText(`:${line}:${column}`);
    const position = this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` });
    await this.submitQuickInput(`the cursor at ${line}:${column}`, this.quickInput(), async (waitMs) =>
      (await reaches(this.quickInput(), 'hidden', waitMs)) && (await reaches(position, 'visible', waitMs)),
    );
    await this.waitForEditorFocus();
  }

  /** Runs a command by its palette title, e.g. "Rugged: Scan workspace". */
  async runCommand(title: string): Promise<void> {
    await this.openQuickInput('Control+Shift+P');
    // The command palette's box starts with its ">" prefix; setting the whole text keeps it.
    await this.setQuickInputText(`>${title}`);
    const row = this.quickInput().locator('.monaco-list-row.focused', { hasText: title });
    await row.waitFor({ timeout: UI_TIMEOUT });
    await this.submitQuickInput(`the palette closed after running "${title}"`, row, (waitMs) => reaches(this.quickInput(), 'hidden', waitMs));
  }

  /** Answers a quick input box (e.g. the suppression reason) and submits it. */
  async answerInput(text: string): Promise<void> {
    await this.quickInputBox().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    if (!(await this.quickInputFocused(UI_TIMEOUT))) throw new Error('The quick input box never got keyboard focus');
    await this.setQuickInputText(text);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Accepts what the quick pick titled `title` proposes (Enter), once it has focus; resolves when
   * that question has gone (the next one is asked, or the quick input closed).
   */
  async acceptQuickPick(title: string): Promise<void> {
    const question = this.quickInput().locator('.quick-input-title', { hasText: title });
    await question.waitFor({ timeout: DIAGNOSTIC_TIMEOUT });
    await this.submitQuickInput(`the "${title}" question answered`, question, (waitMs) => reaches(question, 'hidden', waitMs));
  }

  /** The title shown by the currently open quick input, to check which question is being asked. */
  async quickInputTitle(): Promise<string> {
    await this.quickInput().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    return (await this.quickInput().locator('.quick-input-title').innerText()).trim();
  }

  async waitForQuickInputTitle(text: string, timeoutMs = UI_TIMEOUT): Promise<void> {
    await this.quickInput().locator('.quick-input-title', { hasText: text }).waitFor({ timeout: timeoutMs });
  }

  async waitForQuickInputClosed(): Promise<void> {
    await this.quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  /**
   * Opens the quick-fix menu at the cursor (Ctrl+.) until it lists an action containing `title`.
   * Each Ctrl+. is answered by the menu or by the editor's "No code actions available" message;
   * right after a change the menu can come up before the server has answered, so a menu without
   * the action is closed and asked for again. Only a lost key press waits for a whole attempt.
   */
  private async openQuickFixMenuWith(title: string): Promise<void> {
    const menu = this.page.locator('.action-widget');
    const item = menu.locator('.monaco-list-row', { hasText: title }).first();
    const answer = this.page.locator('.action-widget .monaco-list-row, .monaco-editor-overlaymessage').first();
    await retryUntil(
      `a quick fix "${title}"`,
      async () => {
        if (await menu.isVisible()) {
          await this.page.keyboard.press('Escape');
          await menu.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
        }
        await this.waitForEditorFocus();
        await this.page.keyboard.press('Control+.');
      },
      async (waitMs) => (await reaches(answer, 'visible', waitMs)) && (await item.isVisible()),
      DIAGNOSTIC_TIMEOUT,
    );
  }

  /**
   * Ctrl+. at the cursor, then the action whose title contains `title`, chosen with the arrow keys
   * and Enter (the menu's pointer shield swallows synthetic clicks). Each arrow press waits for
   * the focus to move, so no press overtakes the menu.
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
      const index = await focused.getAttribute('data-index', { timeout: UI_TIMEOUT });
      await this.page.keyboard.press('ArrowDown');
      await eventually('the quick-fix menu focus to move', async () =>
        (await focused.getAttribute('data-index', { timeout: UI_TIMEOUT })) !== index ? true : undefined,
      );
    }
    throw new Error(`The quick-fix menu lists "${title}" but it could not be selected`);
  }

  /** Titles in the quick-fix menu at the cursor once it lists `expected`; closes the menu again. */
  async quickFixTitles(expected: string): Promise<string[]> {
    await this.openQuickFixMenuWith(expected);
    const titles = await this.page.locator('.action-widget .monaco-list-row').allInnerTexts();
    await this.page.keyboard.press('Escape');
    await this.page.locator('.action-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    return titles.map((title) => title.trim()).filter((title) => title !== '');
  }

  /** Waits for a notification toast containing `text`. */
  async waitForNotification(text: string, timeoutMs = DIAGNOSTIC_TIMEOUT): Promise<void> {
    await this.page.locator('.notification-toast', { hasText: text }).first().waitFor({ timeout: timeoutMs });
  }

  /**
   * Waits until the Rugged language status (shown while a JavaScript editor is active) matches
   * `pattern`, e.g. /Rugged: \d+ findings?/ once the server has analysed and reported; returns it.
   */
  async waitForServerStatus(pattern: RegExp, timeoutMs = DIAGNOSTIC_TIMEOUT): Promise<string> {
    return eventually(
      `the Rugged language status to match ${pattern}`,
      async () => {
        const label = await this.page.locator('#status\\.languageStatus').getAttribute('aria-label', { timeout: ATTEMPT_TIMEOUT }).catch(() => null);
        return label && pattern.test(label) ? label : undefined;
      },
      timeoutMs,
    );
  }

  /**
   * Ctrl+Shift+M toggles the panel, so it is pressed only while the panel is not showing; a press
   * lost to a busy workbench is repeated.
   */
  async showProblems(): Promise<Locator> {
    const panel = this.page.locator('.markers-panel');
    await retryUntil(
      'the Problems panel',
      async () => {
        if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
      },
      (waitMs) => reaches(panel, 'visible', waitMs),
    );
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
    // A click toggles the view, so it is clicked only while the view is collapsed.
    await retryUntil(
      `the "${title}" view expanded`,
      async () => {
        if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      },
      async (waitMs) => {
        const expanded = eventually(`"${title}" expanded`, async () => ((await header.getAttribute('aria-expanded')) === 'true' ? true : undefined), waitMs);
        return expanded.then(
          () => true,
          () => false,
        );
      },
    );
    const pane = this.page.locator('.pane', { has: header }).first();
    const body = pane.locator('.pane-body');
    await body.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    return body;
  }

  /**
   * Types `text` at line:column (1-based) of the active editor without saving; resolves once the
   * editor shows `expected` (no spaces: the editor draws them as non-breaking ones).
   */
  async typeAt(line: number, column: number, text: string, expected: string): Promise<void> {
    await this.goTo(line, column);
    await this.page.keyboard.type(text);
    await eventually(`"${expected}" in the editor`, async () => ((await this.activeEditor().locator('.view-lines').innerText()).includes(expected) ? true : undefined));
  }

  /** Ctrl+Z in the active editor until `gone` no longer shows (undoing past the opened text does nothing). */
  async undoUntilGone(gone: string): Promise<void> {
    const shows = async () => (await this.activeEditor().locator('.view-lines').innerText()).includes(gone);
    await retryUntil(
      `"${gone}" undone`,
      async () => {
        if (await shows()) await this.page.keyboard.press('Control+Z');
      },
      async () => !(await shows()),
      UI_TIMEOUT,
      1_000,
    );
  }

  /** Squiggle decorations currently drawn in the active editor. */
  squiggles(): Locator {
    return this.activeEditor().locator('.squiggly-error, .squiggly-warning, .squiggly-info');
  }

  /** Ctrl+S (a global shortcut) on an editor with unsaved changes; resolves once the tab no longer shows them. */
  async save(): Promise<void> {
    const dirtyTab = this.page.locator('.tabs-container .tab.active.dirty');
    await dirtyTab.waitFor({ timeout: UI_TIMEOUT });
    // Saving twice is harmless, so a Ctrl+S lost to a busy workbench is simply pressed again.
    await retryUntil(
      'the active editor saved',
      async () => {
        if (await dirtyTab.isVisible()) await this.page.keyboard.press('Control+S');
      },
      (waitMs) => reaches(dirtyTab, 'detached', waitMs),
    );
  }

  /** The text in the open quick input's box (e.g. a proposed title), once the box has focus. */
  async quickInputValue(): Promise<string> {
    if (!(await this.quickInputFocused(UI_TIMEOUT))) throw new Error('The quick input box never got keyboard focus');
    return this.quickInputBox().inputValue();
  }

  /**
   * Right-clicks the editor line containing `lineText` and clicks the context-menu entry `label`,
   * until `effect` (what the entry opens) is visible.
   * VS Code arms a menu item's mouse-up handler a moment after drawing the menu, so on a busy
   * machine the first click can land before the item listens and is lost while the menu stays open:
   * the click is repeated until the menu closes. If the menu closed and the effect still does not
   * come, the whole gesture is repeated; the commands this is used for are safe to start twice
   * (a second quick pick replaces the first).
   */
  async editorContextMenu(label: string, lineText: string, effect: Locator): Promise<void> {
    const line = this.activeEditor().locator('.view-lines .view-line', { hasText: lineText }).first();
    const menu = this.page.locator('.context-view .monaco-menu');
    const item = menu.locator('.action-item', { hasText: label }).first();
    await retryUntil(
      `what "${label}" opens`,
      async () => {
        if (await effect.isVisible()) return;
        if (!(await menu.isVisible())) {
          await line.click({ button: 'right', timeout: UI_TIMEOUT });
          await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
        }
        await retryUntil(
          `the context menu to take the click on "${label}"`,
          async () => {
            if (await item.isVisible()) await item.click({ timeout: UI_TIMEOUT });
          },
          (waitMs) => reaches(menu, 'hidden', waitMs),
        );
      },
      (waitMs) => reaches(effect, 'visible', waitMs),
      DIAGNOSTIC_TIMEOUT,
      // What the entry opens may wait for the language server, so a gesture gets longer to show it.
      UI_TIMEOUT / 2,
    );
  }

  /**
   * "Raise abuser story" from the editor context menu on the line containing `lineText`, keeping
   * every answer the server proposes (STRIDE, actor, prerequisites, business impact, title);
   * returns the proposed title. Resolves once the title is submitted: what follows (a file written,
   * a confirmation before sending) is the caller's to check. `consent` answers the dialog VS Code
   * shows before the questions when the extension asks for a sign-in the user has not yet allowed.
   */
  async raiseStoryKeepingProposals(lineText: string, consent?: { matching: RegExp; answer: string }): Promise<string> {
    // The first question needs the server's proposal, so it is what shows the menu entry worked.
    const strideQuestion = this.quickInput().locator('.quick-input-title', { hasText: 'STRIDE categories' });
    const consentDialog = consent ? this.page.locator('.monaco-dialog-box', { hasText: consent.matching }) : undefined;
    await this.editorContextMenu('Raise abuser story', lineText, consentDialog ? consentDialog.or(strideQuestion).first() : strideQuestion);
    if (consent) await this.answerDialog(consent.answer, { matching: consent.matching });
    for (const question of ['STRIDE categories', 'actor', 'prerequisites', 'business impact']) await this.acceptQuickPick(question);
    await this.waitForQuickInputTitle('title');
    const title = (await this.quickInputValue()).trim();
    if (title === '') throw new Error('The server proposed an empty story title');
    await this.acceptQuickPick('title');
    return title;
  }

  /** The text of the modal dialog on screen (the confirmation before a story is sent), once one shows. */
  async dialogText(timeoutMs = DIAGNOSTIC_TIMEOUT): Promise<string> {
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: timeoutMs });
    return dialog.innerText();
  }

  /**
   * Presses the dialog's button labelled `label` until the dialog has gone; a click that lands
   * before the button listens is repeated. Without `required`, a dialog that does not show within
   * a short wait is taken as not asked (code-server asks before opening some external links).
   */
  async answerDialog(label: string, options: { matching?: RegExp; required?: boolean } = {}): Promise<boolean> {
    const dialog = options.matching ? this.page.locator('.monaco-dialog-box', { hasText: options.matching }) : this.page.locator('.monaco-dialog-box');
    const required = options.required ?? true;
    if (!(await reaches(dialog, 'visible', required ? DIAGNOSTIC_TIMEOUT : ATTEMPT_TIMEOUT))) {
      if (required) throw new Error(`No dialog with a "${label}" button appeared`);
      return false;
    }
    const button = dialog.locator('.monaco-button', { hasText: label }).first();
    await retryUntil(
      `the dialog closed by "${label}"`,
      async () => {
        if (await button.isVisible()) await button.click({ timeout: UI_TIMEOUT });
      },
      (waitMs) => reaches(dialog, 'hidden', waitMs),
    );
    return true;
  }
}
