// The configuration documents whose unsaved text the VS Code client always sends the server
// (module resolution reads them; the server checks nothing in them). The server asks for other
// extended configurations one by one, and must not ask again for these: a document two
// registrations name would have each edit sent twice.

/** Document filter patterns the client registers for them. */
export const CONFIG_DOCUMENT_GLOBS: readonly string[] = ['**/{tsconfig,jsconfig}*.json', '**/package.json', '**/pnpm-workspace.yaml'];

/** The file names `CONFIG_DOCUMENT_GLOBS` match, in any folder. */
export const CONFIG_DOCUMENT_NAME = /^(?:(?:tsconfig|jsconfig)[^/\\]*\.json|package\.json|pnpm-workspace\.yaml)$/;
