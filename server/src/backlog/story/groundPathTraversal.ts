// A path traversal story says what the call does with the file (sendFile and readFile read it,
// writeFile overwrites it, unlink deletes it) and what is worth taking once the attacker leaves
// the served folder: `../` reaches every file the process can read, so an environment file, a
// database file, a private key or a module holding a committed secret anywhere in the workspace
// makes the loss high, and the story names the file and the path that reaches it.
import { posix } from 'node:path';
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';
import type { FileWorthReading, WorkspaceFacts } from './workspaceFacts';
import { mostValuable } from './groundSql';
import { columnHarm, processHoldings } from './processHoldings';

type Access = 'read' | 'overwrite' | 'delete';

const WRITES = /(?:^|\.)(?:writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|outputFile|outputFileSync|rename|renameSync|copyFile|copyFileSync|mv)$/;
const DELETES = /(?:^|\.)(?:unlink|unlinkSync|rm|rmSync|rmdir|rmdirSync|remove|removeSync)$/;

export function accessOf(sink: string): Access {
  return DELETES.test(sink) ? 'delete' : WRITES.test(sink) ? 'overwrite' : 'read';
}

export function groundPathTraversal(seed: AbuserStorySeed, finding: Finding, context: GroundingContext): Grounded {
  const sink = finding.data?.sink ?? /`([^`]+)`/.exec(finding.message)?.[1] ?? '';
  const access = accessOf(sink);
  const root = servedFolder(context.text, context.path, context.workspace?.appRoot ?? '');
  const target = access === 'read' ? bestFile(context.workspace?.filesWorthReading ?? [], context.path) : undefined;
  const reach = target && root !== undefined ? posix.relative(root, target.path) : undefined;
  const technique = reach ? `asking for \`${reach}\` in the file name \`${sink}\` opens` : `asking for \`../\` segments or an absolute path in the file name \`${sink}\` opens`;
  const grounded: AbuserStorySeed = {
    ...seed,
    goal: `${access} {asset} by ${technique}`,
    harm:
      access === 'read'
        ? whyReadingHurts(target, context.workspace)
        : access === 'overwrite'
          ? "I leave the intended folder and overwrite {asset}, the application's own code and configuration included"
          : 'I leave the intended folder and delete {asset}, or files the application needs to start',
    stride: access === 'read' ? ['I'] : access === 'overwrite' ? ['T'] : ['T', 'D'],
  };
  // What the route is for ("read order archives") is no loss: leaving its folder is, so the title names that.
  const titleLosses = [`${access} any file the server process may ${access === 'read' ? 'read' : access === 'overwrite' ? 'write' : 'delete'}`, `${access} any file on the server`];
  // With nothing worth more to name, the rule's medium impact stands, and the reason says why.
  if (!target && access === 'read') return { seed: grounded, titleLosses, impact: { level: 2, reason: NOTHING_NAMED } };
  if (!target) return { seed: grounded, titleLosses };
  // "the SQLite database todos.db", "the environment file .env", but "the JWT signing key in src/security.js".
  const named = /(?:database|environment file)$/.test(target.holds) ? `${target.holds} ${target.path}` : `${target.holds} in ${target.path}`;
  return {
    seed: grounded,
    impact: { level: 3, reason: `${reach ? `\`${reach}\` from the served folder` : 'a `../` path'} reaches ${named}` },
    assetAddition: named,
    ...(reach ? { namedFile: { path: target.path, reach } } : {}),
  };
}

const NOTHING_NAMED =
  'no environment file, private key, database file or committed key was found in the workspace, so what a `../` path reads is the application\'s source and the files the process may read (such as /etc/passwd), not a secret that opens other systems';

/**
 * Why the file in reach hurts, as the business loses it: the passwords a database file holds, the
 * tokens a committed key mints (and the story that moves it), the secrets an environment file keeps.
 * With no such file, what any readable file means for this app: its own code, which maps its other
 * weaknesses for the attacker, and whatever else the process may read.
 */
function whyReadingHurts(target: FileWorthReading | undefined, workspace: WorkspaceFacts | undefined): string {
  if (!target) return "I learn from the application's own source code where its other weaknesses are, and read any other file the server process may read";
  if (/database$/.test(target.holds)) {
    // A database file holds the tables the code queries through SQLite (or through a connection of unknown kind).
    const tables = (workspace?.sqlTables ?? []).filter((t) => !t.dialects || t.dialects.includes('sqlite'));
    const column = mostValuable(tables, undefined);
    return column ? `I download ${target.path} whole, with ${column.phrase}${columnHarm(column)}` : `I download ${target.path} whole, with every record the app keeps in it`;
  }
  if (target.holds === 'the environment file') return `I read the secrets the app keeps in ${target.path} and use them as the app does`;
  if (target.holds === 'a private key') return `I hold the private key in ${target.path} and sign or decrypt as the server does`;
  const secret = processHoldings(workspace).secrets.find((s) => s.file.path === target.path);
  const harm = secret?.harm ?? 'I use the secret wherever the application uses it, as the application';
  return `${harm.replace(/^I /, `I take ${target.holds} and `)}${secret?.owner ? `; moving it out of the source is ${secret.owner}'s work` : ''}`;
}

/**
 * A committed key first (it opens other systems), then the environment file, a private key, a
 * database. A server-side session secret opens nothing alone (groundSecret.ts), so it raises nothing.
 */
function bestFile(files: readonly FileWorthReading[], storyPath: string): FileWorthReading | undefined {
  const rank = (f: FileWorthReading) => (/environment/.test(f.holds) ? 1 : /private key/.test(f.holds) ? 2 : /database/.test(f.holds) ? 3 : 0);
  return [...files]
    .filter((f) => f.path !== storyPath && !/express-session|@fastify\/session/.test(f.holds))
    .sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path))[0];
}

/**
 * The folder the file names are joined to, repository-relative: `path.join(__dirname, '..', 'ftp')`
 * in src/routes/files.js is `src/ftp`. Without a `__dirname` join the process's folder is the base.
 */
export function servedFolder(text: string, path: string, appRoot: string): string | undefined {
  const join = /\b(?:join|resolve)\(\s*__dirname\s*((?:,\s*['"`][^'"`$]*['"`]\s*)*)\)/.exec(text);
  if (!join) return appRoot;
  const parts = [...join[1].matchAll(/['"`]([^'"`]*)['"`]/g)].map((m) => m[1]);
  const folder = posix.join(posix.dirname(path), ...parts);
  return folder.startsWith('..') ? undefined : folder === '.' ? '' : folder;
}
