// Data flow across the modules of a project, kept up to date as files change: each module is
// analysed after the modules it imports, with their summaries; a module whose text and imported
// summaries did not change is not analysed again (content-hash cache); a module whose exported
// summary changed makes its importers analysed again, transitively, and only then. Import cycles
// are iterated to a fixed point, with a bound. The CLI drains `settle` in one go, or hands the
// analyses to worker threads through `settleConcurrently`, which takes the same steps in the same
// rounds; the language server steps through `settle`, yielding to the event loop between files.
// A scan handed the results of an earlier run (`rugged scan --summaries`) takes them for every
// component whose stored results still hold, instead of analysing it (`StoredResults`).
import type { ImportedSummaries, ModuleSummary } from '../engine/summaries';
import { createHash } from 'node:crypto';
import { exportedSignature, hashOf, importedSummaries, importedSummariesKey } from './exportedSummaries';
import { stronglyConnectedComponents } from './moduleComponents';
import type { ModuleGraph } from './moduleGraph';
import { importSpecifiers } from './moduleGraph';
import type { ModuleResolver } from './moduleResolver';
import { BoundedResultCache, type ModuleResultCache } from './summaryCache';

/** What the project needs of an analysis: the module's summary, if it has one. */
export interface ModuleOutcome {
  summary?: ModuleSummary;
}

/**
 * Analyses one module given what its imports export. `summarize: false` (only for a module whose
 * result is wanted now and whose importers can wait, see `resultFor`) may leave the summary out.
 */
export type AnalyseModule<R> = (path: string, text: string, imported: ImportedSummaries, summarize: boolean) => R;

/**
 * Results an earlier run over the same files made (`rugged summaries`), which a settle takes for a
 * component instead of analysing it, when they still hold for what the component is now.
 */
export interface StoredResults<R> {
  /**
   * A result for every module of `component` when the stored ones still hold, else undefined and
   * the component is analysed. Asked once the components it imports from are settled, so `view`
   * shows what each module would see of its imports with its peers' stored summaries in place.
   */
  take(component: readonly string[], view: ComponentView): ReadonlyMap<string, R> | undefined;
}

/** What `StoredResults.take` may ask about a component's modules. */
export interface ComponentView {
  /** The module's text (a stored fix is checked against the file it edits). */
  text(path: string): string | undefined;
  /** SHA-256 of the module's text, in hex. */
  textHash(path: string): string;
  /** What `path` would see of its imports with `peers`' summaries in place of the project's (undefined: none). */
  importedFor(path: string, peers: ReadonlyMap<string, ModuleSummary | undefined>): ImportedSummaries;
}

/** The cache key of a result taken from `StoredResults`: no analysis made it, so no content key names it. */
const STORED_KEY = 'stored';

export interface ProjectFlowOptions<R extends ModuleOutcome> {
  resolver: ModuleResolver;
  /** The analysis `settle` and `resultFor` run; `settleConcurrently` is handed its own. */
  analyze?: AnalyseModule<R>;
  /** Whatever else shapes a module's result (configuration, rules, date): part of its cache key. */
  signature?(path: string): string;
  /** The results to reuse; an in-memory bounded cache by default. */
  cache?: ModuleResultCache<R>;
  /** Results of an earlier run to take instead of analysing (`rugged scan --summaries`). */
  stored?: StoredResults<R>;
}

/**
 * Rounds of analysis an import cycle gets to settle its summaries: each round lets a fact travel
 * one more file round the cycle, and real cycles are short. Past the bound the last round stands.
 */
export const MAX_CYCLE_ROUNDS = 6;

/** Work `settleConcurrently` does between two turns of the event loop, in milliseconds. */
const SLICE_MS = 10;

/** Files a project loads by following imports (the language server's lazy loading). */
const MAX_LOADED_MODULES = 20_000;

interface Module<R> {
  text: string;
  specifiers: string[];
  /** Specifier → the file it resolves to, whether or not that file is part of the project. */
  resolved: Map<string, string>;
  result?: R;
  /** Cache key of `result`: the text, the imported summaries and the signature. */
  key?: string;
  /** `exportedSignature` of `result`, what the importers last saw. */
  exported: string;
  /** A hash of `text`, made on first need: a module's text is hashed once, not at every settle. */
  textHash?: string;
}

interface Topology {
  edges: Map<string, Map<string, string>>;
  importers: Map<string, Set<string>>;
  components: string[][];
}

/** A module about to be analysed: what the analysis is given, and the cache key of its result. */
interface PendingAnalysis {
  path: string;
  text: string;
  imported: ImportedSummaries;
  key: string;
  /** False for a result wanted now whose summary its importers can wait for. */
  summarize: boolean;
}

export class ProjectFlow<R extends ModuleOutcome> {
  private readonly modules = new Map<string, Module<R>>();
  private readonly summaries = new Map<string, ModuleSummary>();
  /** `exportedSignature` of each summary in `summaries`: what cache keys name it by. */
  private readonly exportedHashes = new Map<string, string>();
  private readonly dirty = new Set<string>();
  /**
   * Modules analysed for their own result only (`resultFor(..., { deferSummary })`): their
   * importers still see the summary of an earlier text until a settle that needs it (an importer's,
   * or the background one when the module has importers) analyses them again with their summary.
   */
  private readonly summaryPending = new Set<string>();
  /** Files a lazy load found unreadable or outside the project, not asked again until resolution changes. */
  private readonly refused = new Set<string>();
  /** Target → the modules whose specifiers resolve to it, members or not. */
  private readonly named = new Map<string, Set<string>>();
  private topology: Topology | undefined;
  private readonly cache: ModuleResultCache<R>;
  private resolver: ModuleResolver;
  /** When `settleConcurrently` last let the event loop run. */
  private sliceStarted = performance.now();
  /** What the project did, for tests and logs: analyses run, results reused from the cache, and modules whose stored result was taken. */
  readonly counts = { analysed: 0, reused: 0, cyclesCutShort: 0, stored: 0 };

  constructor(private readonly options: ProjectFlowOptions<R>) {
    this.cache = options.cache ?? new BoundedResultCache<R>();
    this.resolver = options.resolver;
  }

  /** Adds a module or replaces its text; true when the text changed (the module will be analysed). */
  set(path: string, text: string): boolean {
    const known = this.modules.get(path);
    if (known && known.text === text) return false;
    const specifiers = importSpecifiers(text);
    const sameImports = known !== undefined && specifiers.length === known.specifiers.length && specifiers.every((s, i) => s === known.specifiers[i]);
    const resolved = sameImports ? known.resolved : this.resolveAll(path, specifiers);
    if (!known) {
      // Files that already named this one now import it.
      for (const importer of this.namers(path)) this.dirty.add(importer);
    }
    if (!known || !sameImports) {
      this.topology = undefined;
      this.index(path, known?.resolved, resolved);
    }
    this.modules.set(path, { text, specifiers, resolved, result: known?.result, key: known?.key, exported: known?.exported ?? '' });
    this.dirty.add(path);
    return true;
  }

  /** A module left the project (deleted, ignored): its importers lose what it exported. */
  remove(path: string): void {
    const module = this.modules.get(path);
    if (!module) return;
    this.modules.delete(path);
    this.index(path, module.resolved, undefined);
    this.summaries.delete(path);
    this.exportedHashes.delete(path);
    this.dirty.delete(path);
    this.summaryPending.delete(path);
    this.topology = undefined;
    for (const importer of this.namers(path)) this.dirty.add(importer);
  }

  /** Analyse `path` again even though nothing it depends on changed (its stored result is not enough). */
  invalidate(path: string): void {
    const module = this.modules.get(path);
    if (!module) return;
    module.key = undefined;
    module.result = undefined;
    this.dirty.add(path);
  }

  /** Every module of the project. */
  paths(): string[] {
    return [...this.modules.keys()];
  }

  has(path: string): boolean {
    return this.modules.has(path);
  }

  /**
   * Specifiers may now resolve elsewhere: files were created or deleted, or the configuration
   * resolution reads (tsconfig `paths`, workspace packages) changed, in which case `resolver` is
   * the one built from it. Returns the modules whose imports now name other files.
   */
  resolveAgain(resolver?: ModuleResolver): string[] {
    if (resolver) this.resolver = resolver;
    this.refused.clear();
    const moved: string[] = [];
    for (const [path, module] of this.modules) {
      const resolved = this.resolveAll(path, module.specifiers);
      if (sameEntries(resolved, module.resolved)) continue;
      this.index(path, module.resolved, resolved);
      module.resolved = resolved;
      this.dirty.add(path);
      this.topology = undefined;
      moved.push(path);
    }
    return moved;
  }

  /**
   * Loads what `path` imports (or each of several paths: one walk for all), transitively, through
   * `read` (undefined: not part of the project), so a file opened alone still sees the helpers it calls.
   */
  loadImports(path: string | readonly string[], read: (path: string) => string | undefined): void {
    const queue = typeof path === 'string' ? [path] : [...path];
    const seen = new Set(queue);
    while (queue.length > 0) {
      const module = this.modules.get(queue.pop() ?? '');
      if (!module) continue;
      for (const target of module.resolved.values()) {
        if (seen.has(target)) continue;
        seen.add(target);
        if (!this.modules.has(target)) {
          if (this.refused.has(target) || this.modules.size >= MAX_LOADED_MODULES) continue;
          const text = read(target);
          if (text === undefined) {
            this.refused.add(target);
            continue;
          }
          this.set(target, text);
        }
        queue.push(target);
      }
    }
  }

  /**
   * Analyses the modules that need it, each component after the components it imports, and
   * yields each path analysed. `scope` limits the work to components holding one of its files.
   * Edits made between two steps are picked up: the walk starts over on a changed graph.
   */
  *settle(scope?: ReadonlySet<string>): Generator<string> {
    const analyse = this.options.analyze;
    if (!analyse) throw new Error('ProjectFlow.settle needs options.analyze');
    restart: for (;;) {
      const topology = this.currentTopology();
      for (const component of topology.components) {
        if (scope && !component.some((path) => scope.has(path))) continue;
        if (this.takeStored(component)) continue;
        for (const path of this.componentSteps(component)) {
          // A module that only owed its importers its summary has its result shown already.
          const shown = !this.dirty.has(path);
          const pending = this.begin(path, true);
          if (pending) this.finish(pending, analyse(pending.path, pending.text, pending.imported, true));
          if (!shown) yield path;
          if (this.topology !== topology) continue restart;
        }
      }
      return;
    }
  }

  /**
   * `settle` with an asynchronous analysis (worker threads): a component starts as soon as every
   * component it imports from is settled, so unrelated ones run at the same time, and each runs
   * the steps and cycle rounds `settle` would, in the same order. A module therefore sees exactly
   * the summaries one thread would show it, and the results are the same. `scope` limits the work
   * as `settle`'s does; it must hold every module its modules import (`dependenciesOf`).
   */
  async settleConcurrently(analyse: (path: string, text: string, imported: ImportedSummaries) => Promise<R>, scope?: ReadonlySet<string>): Promise<void> {
    for (;;) {
      const topology = this.currentTopology();
      const componentOf = new Map<string, number>();
      topology.components.forEach((component, index) => component.forEach((path) => componentOf.set(path, index)));
      const settled: Promise<void>[] = [];
      topology.components.forEach((component, index) => {
        if (scope && !component.some((path) => scope.has(path))) {
          settled.push(Promise.resolve());
          return;
        }
        // Components come after the ones they import, so every prerequisite's promise exists already.
        const before = new Set<number>();
        for (const path of component) {
          for (const target of topology.edges.get(path)?.values() ?? []) {
            const other = componentOf.get(target);
            if (other !== undefined && other !== index) before.add(other);
          }
        }
        settled.push(Promise.all([...before].map((other) => settled[other])).then(() => this.settleComponentAsync(component, analyse)));
      });
      await Promise.all(settled);
      // Modules added or re-resolved meanwhile: go round again on the new graph.
      if (this.topology === topology) return;
    }
  }

  /** True while some module waits to be analysed, or to give its importers its summary. */
  get unsettled(): boolean {
    if (this.dirty.size > 0) return true;
    if (this.summaryPending.size === 0) return false;
    const topology = this.currentTopology();
    return [...this.summaryPending].some((path) => this.needsWork(path, topology));
  }

  /**
   * The result of `path` once it and everything it imports is settled, synchronously.
   * `deferSummary` (the language server's keystroke) analyses `path` itself without its summary:
   * what it shows its importers is computed by a later settle, so the edited file's diagnostics do
   * not wait for the summary their importers need. Inside an import cycle, `path` then sees its
   * peers' summaries as the last settle left them, and the later settle iterates the cycle.
   */
  resultFor(path: string, options: { deferSummary?: boolean } = {}): R | undefined {
    const module = this.modules.get(path);
    if (!module) return undefined;
    // Nothing waits anywhere (a scan showing what its workers settled): no walk over the imports.
    if (this.dirty.size === 0 && this.summaryPending.size === 0) return module.result;
    const dependencies = this.dependencies(path);
    if (options.deferSummary && this.dirty.has(path)) {
      for (const peer of this.componentOf(path)) dependencies.delete(peer);
      for (const analysed of this.settle(dependencies)) void analysed;
      if (this.dirty.has(path)) this.analyseOne(path, false);
      return this.modules.get(path)?.result;
    }
    for (const analysed of this.settle(dependencies)) void analysed;
    return this.modules.get(path)?.result;
  }

  /**
   * `resultFor(path, { deferSummary: true })` with the analysis of `path` itself handed to
   * `analyse` (the language server's document worker: a long file's analysis leaves its thread
   * free); what it imports still settles in this thread, as before. When `path` changes while
   * `analyse` runs, the result is returned for the text it was made for but not kept.
   */
  async resultForAsync(path: string, analyse: (path: string, text: string, imported: ImportedSummaries, summarize: boolean) => Promise<R>): Promise<R | undefined> {
    if (!this.modules.has(path) || !this.dirty.has(path)) return this.resultFor(path, { deferSummary: true });
    const dependencies = this.dependencies(path);
    for (const peer of this.componentOf(path)) dependencies.delete(peer);
    for (const analysed of this.settle(dependencies)) void analysed;
    if (!this.dirty.has(path)) return this.modules.get(path)?.result;
    const pending = this.begin(path, false);
    if (!pending) return this.modules.get(path)?.result;
    let result: R;
    try {
      result = await analyse(pending.path, pending.text, pending.imported, false);
    } catch (error) {
      if (this.modules.has(path)) this.dirty.add(path);
      throw error;
    }
    if (this.modules.get(path)?.text === pending.text) this.finish(pending, result);
    return result;
  }

  /** The last result of `path`, settled or not. */
  latest(path: string): R | undefined {
    return this.modules.get(path)?.result;
  }

  /** What `path` sees of its imports now. */
  importedFor(path: string): ImportedSummaries {
    return importedSummaries(path, this.currentTopology().edges, this.summaries);
  }

  /** `paths` and every module they import, transitively: what their results depend on. */
  dependenciesOf(paths: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const path of paths) if (this.modules.has(path)) for (const dependency of this.dependencies(path)) out.add(dependency);
    return out;
  }

  /** The modules some other module imports: the only ones whose summary is ever read. */
  imported(): Set<string> {
    const out = new Set<string>();
    for (const [path, importers] of this.currentTopology().importers) if (importers.size > 0) out.add(path);
    return out;
  }

  /** SHA-256 of the module's text in hex, made once per text. */
  textHash(path: string): string | undefined {
    const module = this.modules.get(path);
    if (!module) return undefined;
    module.textHash ??= createHash('sha256').update(module.text).digest('hex');
    return module.textHash;
  }

  /** The module graph as it stands, and every module's summary. */
  snapshot(): { graph: ModuleGraph; results: Map<string, R>; summaries: Map<string, ModuleSummary> } {
    const topology = this.currentTopology();
    const results = new Map<string, R>();
    for (const [path, module] of this.modules) if (module.result) results.set(path, module.result);
    return { graph: { edges: topology.edges, importers: topology.importers, order: topology.components.flat() }, results, summaries: new Map(this.summaries) };
  }

  private async settleComponentAsync(component: readonly string[], analyse: (path: string, text: string, imported: ImportedSummaries) => Promise<R>): Promise<void> {
    if (this.takeStored(component)) return;
    for (const path of this.componentSteps(component)) {
      await this.yieldIfDue();
      const pending = this.begin(path, true);
      if (!pending) continue;
      let result: R;
      try {
        result = await analyse(pending.path, pending.text, pending.imported);
      } catch (error) {
        // Stopped (a newer scan, shutdown): the module still waits for its analysis.
        if (this.modules.has(path)) this.dirty.add(path);
        throw error;
      }
      // Edited while the analysis ran (an open document): the result describes a text that is gone.
      if (this.modules.get(path)?.text !== pending.text) continue;
      this.finish(pending, result);
    }
  }

  /**
   * Lets the event loop run once the steps since the last pause have taken `SLICE_MS`. Steps whose
   * result is cached never wait for a worker, and a module finishing wakes every component that
   * imports it in one go: without pauses, a whole project could settle in one turn of the loop,
   * and a language server would answer nothing meanwhile.
   */
  private async yieldIfDue(): Promise<void> {
    if (performance.now() - this.sliceStarted < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.sliceStarted = performance.now();
  }

  /**
   * Takes the stored results of a component that waits for analysis, when `StoredResults` says
   * they still hold: each is recorded as an analysis's would be (its summary passed on, importers
   * marked when what it exports moved), and the component is settled. False: analyse it.
   */
  private takeStored(component: readonly string[]): boolean {
    const stored = this.options.stored;
    if (!stored || !component.some((path) => this.dirty.has(path))) return false;
    const edges = this.currentTopology().edges;
    const view: ComponentView = {
      text: (path) => this.modules.get(path)?.text,
      textHash: (path) => this.textHash(path) ?? '',
      importedFor: (path, peers) => importedSummaries(path, edges, { get: (target) => (peers.has(target) ? peers.get(target) : this.summaries.get(target)) }),
    };
    const results = stored.take(component, view);
    if (!results || !component.every((path) => results.has(path))) return false;
    for (const path of component) this.record(path, results.get(path)!, STORED_KEY, true);
    // Recording a peer's summary marked the peers that import it: the stored results already saw it.
    for (const path of component) {
      this.dirty.delete(path);
      this.summaryPending.delete(path);
    }
    this.counts.stored += component.length;
    return true;
  }

  /** Analyses `path` now, in this thread, with or without its summary. */
  private analyseOne(path: string, summarize: boolean): void {
    const analyse = this.options.analyze;
    if (!analyse) throw new Error('ProjectFlow needs options.analyze to analyse in this thread');
    const pending = this.begin(path, summarize);
    if (pending) this.finish(pending, analyse(pending.path, pending.text, pending.imported, summarize));
  }

  /**
   * The modules of one component to analyse, in order: its dirty modules (and those that still owe
   * an importer their summary), in rounds while an import cycle's summaries still move. The caller
   * analyses each path (`begin`, then `finish`) before asking for the next, since that decides
   * which modules the next round takes.
   */
  private *componentSteps(component: readonly string[]): Generator<string> {
    const rounds = component.length === 1 ? 1 : MAX_CYCLE_ROUNDS;
    for (let round = 0; round < rounds; round++) {
      const topology = this.currentTopology();
      const pending = component.filter((path) => this.needsWork(path, topology));
      if (pending.length === 0) return;
      for (const path of pending) {
        // Another settle (an open document's, between two background steps) may have done it.
        if (this.dirty.has(path) || this.summaryPending.has(path)) yield path;
      }
    }
    if (component.some((path) => this.dirty.has(path))) {
      // Summaries still moving after the bound: keep the last round's, as a cut-short analysis would.
      this.counts.cyclesCutShort++;
      for (const path of component) this.dirty.delete(path);
    }
  }

  /**
   * Starts the analysis of `path`: undefined when its stored or cached result still holds (it is
   * recorded at once), else what the analysis needs, to hand to `finish` with the result.
   */
  private begin(path: string, summarize: boolean): PendingAnalysis | undefined {
    this.dirty.delete(path);
    this.summaryPending.delete(path);
    const module = this.modules.get(path);
    if (!module) return undefined;
    const edges = this.currentTopology().edges;
    // The key names the text and the imported summaries by hashes made once each (a settle of a
    // large project begins thousands of modules, and re-hashing texts and summaries held the
    // server's thread for tenths of a second); the summaries themselves are built only for a miss.
    const textHash = this.textHash(path) ?? '';
    const importedKey = importedSummariesKey(path, edges, this.summaries, this.exportedHashes);
    // A result without its summary is kept under a key of its own, never served as a whole one.
    const key = hashOf([this.options.signature?.(path) ?? '', textHash, importedKey, ...(summarize ? [] : ['no summary'])]);
    if (module.key === key && module.result) {
      this.record(path, module.result, key, summarize);
      return undefined;
    }
    const cached = this.cache.get(path, key);
    if (cached) {
      this.counts.reused++;
      this.record(path, cached, key, summarize);
      return undefined;
    }
    return { path, text: module.text, imported: importedSummaries(path, edges, this.summaries), key, summarize };
  }

  private finish(pending: PendingAnalysis, result: R): void {
    this.counts.analysed++;
    this.cache.set(pending.path, pending.key, result);
    this.record(pending.path, result, pending.key, pending.summarize);
  }

  /** Keeps `result` as the module's and passes its summary on, marking importers when what it exports changed. */
  private record(path: string, result: R, key: string, summarize: boolean): void {
    const module = this.modules.get(path);
    if (!module) return;
    module.result = result;
    module.key = key;
    if (!summarize) {
      // Importers keep the summary they saw until a settle needs the new one.
      this.summaryPending.add(path);
      return;
    }
    const topology = this.currentTopology();
    const summary = result.summary;
    const exported = exportedSignature(path, topology.edges, summary);
    if (summary) {
      this.summaries.set(path, summary);
      this.exportedHashes.set(path, exported);
    } else {
      this.summaries.delete(path);
      this.exportedHashes.delete(path);
    }
    if (exported === module.exported) return;
    module.exported = exported;
    for (const importer of topology.importers.get(path) ?? []) this.dirty.add(importer);
  }

  /** Waiting for an analysis, or holding back a summary that some importer is waiting for. */
  private needsWork(path: string, topology: Topology): boolean {
    return this.dirty.has(path) || (this.summaryPending.has(path) && (topology.importers.get(path)?.size ?? 0) > 0);
  }

  /** The strongly connected component holding `path`: itself, and every module of a cycle through it. */
  private componentOf(path: string): readonly string[] {
    return this.currentTopology().components.find((component) => component.includes(path)) ?? [path];
  }

  /** `path` and every module it imports, transitively. */
  private dependencies(path: string): Set<string> {
    const edges = this.currentTopology().edges;
    const out = new Set([path]);
    const queue = [path];
    while (queue.length > 0) {
      for (const target of edges.get(queue.pop() ?? '')?.values() ?? []) {
        if (out.has(target)) continue;
        out.add(target);
        queue.push(target);
      }
    }
    return out;
  }

  private currentTopology(): Topology {
    if (this.topology) return this.topology;
    const edges = new Map<string, Map<string, string>>();
    const importers = new Map<string, Set<string>>();
    for (const [path, module] of this.modules) {
      const inside = new Map<string, string>();
      for (const [specifier, target] of module.resolved) {
        if (!this.modules.has(target)) continue;
        inside.set(specifier, target);
        let set = importers.get(target);
        if (!set) importers.set(target, (set = new Set()));
        set.add(path);
      }
      edges.set(path, inside);
    }
    const components = stronglyConnectedComponents([...this.modules.keys()], (path) => new Set(edges.get(path)?.values() ?? []));
    this.topology = { edges, importers, components };
    return this.topology;
  }

  /** Modules whose specifiers resolve to `path`, whether or not it is part of the project. */
  private namers(path: string): string[] {
    return [...(this.named.get(path) ?? [])];
  }

  private index(importer: string, before: ReadonlyMap<string, string> | undefined, after: ReadonlyMap<string, string> | undefined): void {
    for (const target of before?.values() ?? []) this.named.get(target)?.delete(importer);
    for (const target of after?.values() ?? []) {
      let set = this.named.get(target);
      if (!set) this.named.set(target, (set = new Set()));
      set.add(importer);
    }
  }

  private resolveAll(path: string, specifiers: readonly string[]): Map<string, string> {
    const resolved = new Map<string, string>();
    for (const specifier of specifiers) {
      const target = this.resolver.resolve(specifier, path);
      if (target && target !== path) resolved.set(specifier, target);
    }
    return resolved;
  }
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

