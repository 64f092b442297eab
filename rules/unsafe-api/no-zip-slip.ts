// Flags files written where an archive entry's name says (adm-zip, unzipper, yauzl, node-tar,
// tar-stream, JSZip) without a check that the path stays inside the extraction folder, and
// node-tar extraction with `preservePaths: true`. Entry names come from the data flow's archive view.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, type RuleContext } from '../../server/src/engine/api';
import { optionsLiteralOf, findProperty } from '../util/objectLiterals';
import { moduleRefOf } from '../util/moduleRefs';
import { pathValueOf } from '../util/pathValues';
import { removePropertyEdit } from '../util/removalEdits';
import { reportTainted } from '../util/taintReports';

/** fs functions that create or replace what a path names, and the indexes of those paths. */
const FS_WRITE_ARGUMENTS: Record<string, number[]> = {
  writeFile: [0], writeFileSync: [0], appendFile: [0], appendFileSync: [0], createWriteStream: [0],
  mkdir: [0], mkdirSync: [0], symlink: [0, 1], symlinkSync: [0, 1], link: [0, 1], linkSync: [0, 1],
  copyFile: [1], copyFileSync: [1], rename: [1], renameSync: [1], cp: [1], cpSync: [1], chmod: [0], chmodSync: [0],
  // fs-extra
  outputFile: [0], outputFileSync: [0], outputJson: [0], outputJsonSync: [0], writeJson: [0], writeJsonSync: [0],
  ensureDir: [0], ensureDirSync: [0], ensureFile: [0], ensureFileSync: [0], mkdirs: [0], mkdirsSync: [0], mkdirp: [0], mkdirpSync: [0],
  copy: [1], copySync: [1], move: [1], moveSync: [1],
};
const FS_MODULES = new Set(['fs', 'fs-extra', 'graceful-fs']);
/** The mkdirp package: `mkdirp(dir)`, `mkdirp.sync(dir)`. */
const MKDIRP_EXPORTS = new Set(['default', 'sync', 'mkdirp', 'mkdirpSync', 'native', 'manual']);
/** node-tar's extraction entry points, which take `preservePaths`. */
const TAR_EXTRACTORS = new Set(['x', 'extract', 'Unpack', 'UnpackSync']);
/** Files that mention none of these never read an archive entry's name (cheap bail-out). */
const ARCHIVE_HINT = /getEntries|['"]entry['"]|onentry|loadAsync|JSZip|eachEntry|unzipper|preservePaths/;
/** The folder made for a file is as far out as the file. */
const ALSO_THROUGH = ['dirname'];

interface WriteSink {
  path: TSESTree.Node;
  name: string;
}

function sinksOf(call: TSESTree.CallExpression, context: RuleContext): WriteSink[] {
  const args = call.arguments;
  if (args.length === 0 || args.some((a) => a.type === 'SpreadElement')) return [];
  const ref = moduleRefOf(call.callee, context);
  if (!ref) return [];
  if (ref.module === 'mkdirp' && (ref.path.length === 0 || MKDIRP_EXPORTS.has(ref.path[0]))) return [{ path: args[0], name: 'mkdirp' }];
  if (!FS_MODULES.has(ref.module)) return [];
  const path = ref.path[0] === 'promises' ? ref.path.slice(1) : ref.path;
  if (path.length !== 1 || !(path[0] in FS_WRITE_ARGUMENTS)) return [];
  return FS_WRITE_ARGUMENTS[path[0]].filter((i) => args[i]).map((i) => ({ path: args[i], name: `fs.${path[0]}` }));
}

/** `tar.x({ preservePaths: true })`: node-tar keeps absolute names and `..` as the archive wrote them. */
function checkPreservePaths(call: TSESTree.CallExpression | TSESTree.NewExpression, context: RuleContext): void {
  const ref = moduleRefOf(call.callee, context);
  const method = ref?.path[ref.path.length - 1];
  if (!ref || ref.module !== 'tar' || !method || !TAR_EXTRACTORS.has(method)) return;
  const options = call.arguments[0] && call.arguments[0].type !== 'SpreadElement' ? optionsLiteralOf(call.arguments[0], context) : undefined;
  const property = options && findProperty(options.object, 'preservePaths');
  if (!options || !property || property.value.type !== 'Literal' || property.value.value !== true) return;
  context.report({
    node: property,
    messageId: 'preservePaths',
    data: { call: `tar.${method}` },
    fixes: options.inline ? [{ messageId: 'removePreservePaths', kind: 'suggestion', edits: [removePropertyEdit(options.object, property)] }] : [],
  });
}

export default defineRule({
  id: 'unsafe-api/no-zip-slip',
  meta: {
    title: 'Archive entry written outside the extraction folder',
    checklist:
      'Archives are extracted so that no entry leaves the target folder: every path built from an entry name is resolved and checked to start with the resolved target folder plus a separator before anything is written, and node-tar runs without `preservePaths`.',
    rationale:
      'Whoever made an archive chose its entry names, and a name can be `../../home/app/.ssh/authorized_keys` or an absolute path. Extraction code that joins the name to a folder and writes there lets an uploaded zip or tarball overwrite any file the process may write: application code, cron jobs, keys, configuration.',
    severity: 'error',
    securitySeverity: '8.1',
    confidence: 'high',
    cwe: ['CWE-22'],
    owasp: ['A01:2021-Broken Access Control'],
    references: [
      'https://cwe.mitre.org/data/definitions/22.html',
      'https://owasp.org/Top10/A01_2021-Broken_Access_Control/',
      'https://cheatsheetseries.owasp.org/cheatsheets/File_Upload_Cheat_Sheet.html',
      'https://snyk.io/research/zip-slip-vulnerability',
      'https://nodejs.org/api/path.html#pathresolvepaths',
    ],
    frameworks: ['adm-zip', 'unzipper', 'yauzl', 'tar', 'tar-stream', 'jszip', 'fs', 'fs-extra'],
    fix: 'suggestion',
    messages: {
      entryPath: 'Path passed to `{{sink}}` is built from an archive entry name ({{source}}) with no check that it stays inside the extraction folder; resolve it and check it starts with `path.resolve(dest) + path.sep` before writing.',
      entryAsPath: '`{{sink}}` writes to an archive entry name ({{source}}) as it is; resolve it against the extraction folder and check the result starts with `path.resolve(dest) + path.sep` before writing.',
      preservePaths: '`{{call}}` with `preservePaths: true` writes entries to absolute paths and through `..` as the archive names them; leave `preservePaths` off so node-tar strips them.',
      removePreservePaths: 'Remove `preservePaths: true` (node-tar then strips absolute paths and refuses `..`)',
    },
    abuserStory: {
      actor: 'user who can upload or point the service at an archive',
      goal: 'upload a zip or tarball whose entry is named `../../app/server.js` or `/etc/cron.d/job`',
      harm: 'extraction overwrites code or scheduled jobs outside the upload folder and I run my own code on the server',
      stride: ['T', 'E'],
      asset: 'the server\'s files: application code, scheduled jobs, keys and configuration',
      controls: [
        'Every path built from an entry name is resolved and checked to start with the resolved target folder plus a separator before any write',
        'Archives are extracted by a library call that confines entries (node-tar without preservePaths, adm-zip 0.5.2+ extractAllTo), not by hand-written loops',
        'An automated test extracts an archive holding `../evil.txt`, an absolute path and a symbolic link to `/`, and finds nothing written outside the target folder',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.2.0',
  },
  create(context) {
    if (!ARCHIVE_HINT.test(context.sourceText)) return {};
    return {
      NewExpression(node) {
        checkPreservePaths(node, context);
      },
      CallExpression(node) {
        checkPreservePaths(node, context);
        const sinks = sinksOf(node, context);
        if (sinks.length === 0) return;
        const flow = context.flow.archiveFlow();
        for (const sink of sinks) {
          const value = pathValueOf(sink.path, context, { flow, alsoThrough: ALSO_THROUGH });
          // Request input at the same sink is path traversal's finding, not this one.
          if (value.origin !== 'tainted' || value.source?.kind !== 'archive-entry') continue;
          reportTainted(context, { node: sink.path, value, messageIds: { built: 'entryPath', whole: 'entryAsPath' }, data: { sink: sink.name }, fixes: [], hazard: 'traversal' });
        }
      },
    };
  },
});
