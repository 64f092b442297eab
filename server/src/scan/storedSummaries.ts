// How a scan uses a summaries file (`rugged scan --summaries`). A component of the import graph
// takes the stored summaries of its modules instead of being analysed when each module's text is
// the one summarised and each sees of its imports exactly what it saw then (the engine is a
// function of the two, so it would summarise alike). Anything else is analysed in the scan: a
// module edited since, one the file does not list, and every module whose imports now export
// something else, so the findings are a full scan's. The scan (scanFiles.ts) analyses the modules
// it reports whatever the file says.
import type { ModuleSummary, SummarizedResult } from '../engine/summaries';
import type { ComponentView, StoredResults } from './projectFlow';
import { mapSummary, repositoryPath, sha256, viewHash, type StoredModule } from './summariesFile';

/** Why a module's stored summary cannot stand for its text. */
export type Staleness = 'changed' | 'missing';

export interface StoredSummariesOptions {
  /**
   * Analyse again, rather than reuse, a module whose findings identified secret values
   * (`rugged summaries --previous`, which must know every such value before it writes).
   */
  notWithSecrets?: boolean;
}

export class StoredSummaries implements StoredResults<SummarizedResult> {
  /** `sourceRoot`: the repository the file's paths are relative to (the scan's source root). */
  constructor(
    private readonly modules: ReadonlyMap<string, StoredModule>,
    private readonly sourceRoot: string,
    private readonly options: StoredSummariesOptions = {},
  ) {}

  take(component: readonly string[], view: ComponentView): ReadonlyMap<string, SummarizedResult> | undefined {
    const peers = new Map<string, ModuleSummary | undefined>();
    for (const path of component) {
      const stored = this.modules.get(path);
      if (!stored?.recorded || stored.sha256 !== view.textHash(path)) return undefined;
      if (stored.secrets && this.options.notWithSecrets) return undefined;
      const summary = stored.summary === undefined ? undefined : withReplacedTexts(stored.summary, view);
      if (stored.summary !== undefined && summary === undefined) return undefined;
      peers.set(path, summary);
    }
    const rel = (file: string) => repositoryPath(this.sourceRoot, file);
    for (const path of component) {
      if (viewHash(view.importedFor(path, peers), rel) !== this.modules.get(path)?.imports) return undefined;
    }
    const results = new Map<string, SummarizedResult>();
    for (const [path, summary] of peers) results.set(path, { findings: [], notes: [], ...(summary ? { summary } : {}) });
    return results;
  }

  /** Whether the file's record of `path` is for another text (`changed`) or there is none (`missing`). */
  staleness(path: string, textHash: string): Staleness | undefined {
    const stored = this.modules.get(path);
    if (!stored) return 'missing';
    return stored.sha256 === textHash ? undefined : 'changed';
  }
}

/**
 * The summary with each fix's replaced texts read from the file it edits, as the engine made
 * them; undefined when that file is not in the scan or no longer holds the text at those offsets.
 */
function withReplacedTexts(summary: ModuleSummary, view: ComponentView): ModuleSummary | undefined {
  return mapSummary(
    summary,
    (file) => file,
    (fix) => {
      const text = view.text(fix.file);
      if (text === undefined || fix.edits.length !== fix.replaced.length) return undefined;
      const texts = fix.edits.map((edit) => text.slice(edit.start, edit.end));
      return texts.every((slice, i) => sha256(slice) === fix.replaced[i]) ? texts : undefined;
    },
  );
}

/** The note a scan gives a module it summarised itself because the file's record was stale. */
export function staleNote(staleness: Staleness): { kind: 'stale-summary'; message: string } {
  const why = staleness === 'changed' ? 'changed since "rugged summaries" ran' : 'not in the summaries file';
  return { kind: 'stale-summary', message: `Cross-module summary made in this scan: the file ${why}.` };
}
