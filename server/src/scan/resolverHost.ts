// The little of the file system module resolution needs, so the language server can answer from
// open documents and tests from memory.
export interface ResolverHost {
  isFile(path: string): boolean;
  /** The text of a small configuration file (package.json, tsconfig.json), or undefined. */
  readText(path: string): string | undefined;
  /** Sub-folders of a folder, by name. */
  listDirs(path: string): string[];
}
