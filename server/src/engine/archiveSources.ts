// Where archive content names files, per library, as data: whoever made the archive chose every
// entry name, so a name is outside input as much as a query string is (zip-slip). The data flow
// reads these tables only when a rule asks for its archive view (`DataFlow.archiveFlow`); request
// input rules never see archive names.

/**
 * `raw`: the library hands the name over as the archive stored it (`../../etc/cron.d/x`, `/abs`).
 * `checked`: the library itself rejects or rewrites `..` in its current versions (yauzl's
 * `validateFileName`, JSZip 3.8+), a check the code does not show and that depends on the version
 * and options installed.
 */
export type NameHandling = 'raw' | 'checked';

/** One kind of value the archive view follows: an archive object, or an entry (a list of entries reads the same). */
export interface ArchiveKind {
  /** Fields holding an entry name, and how the library treats them. */
  nameFields?: Readonly<Record<string, NameHandling>>;
  /** Fields holding further entries (`zip.files` of JSZip, `directory.files` of unzipper). */
  entryFields?: Readonly<Record<string, ArchiveKindName>>;
  /** Methods returning entries of this archive (`zip.getEntries()`). */
  entryMethods?: Readonly<Record<string, ArchiveKindName>>;
  /** Methods returning the same archive (`zip.folder('x')`, `await zip.loadAsync(buffer)`). */
  selfMethods?: readonly string[];
  /** `archive.forEach((name, entry) => ...)`: the callback gets a name and then an entry. */
  forEachNameThenEntry?: ArchiveKindName;
  /** `Object.keys(files)` of this collection gives entry names. */
  keysAreNames?: NameHandling;
}

export type ArchiveKindName = 'streamed entry' | 'adm-zip entry' | 'jszip archive' | 'jszip entry' | 'unzipper directory';

export const ARCHIVE_KINDS: Readonly<Record<ArchiveKindName, ArchiveKind>> = {
  // unzipper `Parse` ('entry' events and `for await`), yauzl ('entry', `eachEntry()`), node-tar
  // (`onentry`, 'entry'), tar-stream ('entry' gives the header first), node-stream-zip ('entry').
  'streamed entry': { nameFields: { path: 'raw', name: 'raw', linkname: 'raw', linkpath: 'raw', fileName: 'checked' } },
  // adm-zip's `name` is the last segment of `entryName` (split on '/'), so only `entryName` carries a path.
  'adm-zip entry': { nameFields: { entryName: 'raw', rawEntryName: 'raw' } },
  'jszip archive': {
    entryFields: { files: 'jszip entry' },
    selfMethods: ['folder', 'loadAsync'],
    forEachNameThenEntry: 'jszip entry',
    entryMethods: { file: 'jszip entry', filter: 'jszip entry' },
  },
  'jszip entry': { nameFields: { name: 'checked', unsafeOriginalName: 'raw' }, keysAreNames: 'checked' },
  'unzipper directory': { entryFields: { files: 'streamed entry' } },
};

/** Methods that return entries whatever their receiver: names distinctive enough to need no type. */
export const ENTRY_LIST_METHODS: Readonly<Record<string, ArchiveKindName>> = {
  getEntries: 'adm-zip entry',
  eachEntry: 'streamed entry',
  Parse: 'streamed entry',
};

/** Calls that make an archive object: `new JSZip()`, `JSZip.loadAsync(data)`, `unzipper.Open.file(p)`. */
export const ARCHIVE_CONSTRUCTORS: Readonly<Record<string, ArchiveKindName>> = { JSZip: 'jszip archive', JsZip: 'jszip archive' };
export const ARCHIVE_FACTORY_METHODS: Readonly<Record<string, ArchiveKindName>> = { loadAsync: 'jszip archive' };
/** `unzipper.Open.file(path)` and its siblings. */
export const UNZIPPER_OPEN = /(^|\.)Open\.(file|buffer|url|s3|s3_v3|custom)$/;

/** Events whose listener receives an entry first (`zip.on('entry', (entry) => ...)`). */
export const ENTRY_EVENTS: ReadonlySet<string> = new Set(['entry']);
/** Options whose function receives an entry first (node-tar's `onentry`). */
export const ENTRY_CALLBACK_OPTIONS: ReadonlySet<string> = new Set(['onentry']);
