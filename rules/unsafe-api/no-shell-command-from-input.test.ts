import { runRuleTests } from '../../test/ruleTester';
import rule from './no-shell-command-from-input';

const CJS = "const express = require('express');\nconst { exec, execFile, spawn } = require('child_process');\nconst app = express();\n";
/** An Express handler around `body`, so that `req.*` is request input. */
const route = (body: string) => `app.get('/run', (req, res) => {\n  ${body}\n});\n`;

runRuleTests(rule, {
  valid: [
    // The safe versions: a program and an argument array, no shell.
    CJS + route("execFile('git', ['log', '--oneline', req.query.branch], (err, stdout) => res.send(stdout));"),
    CJS + route("spawn('git', ['log', req.query.branch]);"),
    CJS + route("execFile('ping', ['-c', '1', req.query.host], { timeout: 5000 }, (err, out) => res.send(out));"),
    // Constant command lines, even when assembled from constants or numbers.
    CJS + "const DIR = '/var/backups';\nexec('tar czf ' + DIR + '/all.tgz /srv', () => {});\n",
    CJS + route("exec('kill -HUP ' + parseInt(req.params.pid, 10));"),
    CJS + "spawn('npm', ['install'], { shell: true });\n",
    // A command handed in whole by the caller: this rule reports where it is assembled.
    CJS + 'function run(command, done) {\n  exec(command, done);\n}\n',
    // Things called exec or spawn that do not start a shell.
    "app.get('/m', (req, res) => {\n  res.json(/^(\\w+)-(\\d+)$/.exec('id-' + req.query.id));\n});\n",
    "const re = new RegExp('^a');\nfunction test(s) {\n  return re.exec('x' + s);\n}\n",
    "const Database = require('better-sqlite3');\nconst db = new Database('a.db');\nfunction create(table) {\n  db.exec('CREATE TABLE ' + table + ' (id INTEGER)');\n}\n",
    "import { spawn } from 'xstate';\nexport function child(id) {\n  return spawn(`child-${id}`);\n}\n",
    "function exec(command) {\n  return command.split(' ');\n}\nexec('rm ' + process.argv[2]);\n",
    "const { spawn } = require('child_process');\nconst shell = process.env.SHELL;\nspawn('git', ['status'], { shell });\n",
    // A command-line tool running the command its own user typed.
    CJS + 'exec(process.argv[2], (err, out) => console.log(out));\n',
    // An anchored pattern without shell metacharacters, checked before the command (the engine's guard model).
    CJS + route("const branch = req.query.branch;\n  if (!/^[\\w.\\/-]+$/.test(branch)) return res.sendStatus(400);\n  exec('git log --oneline ' + branch, (err, stdout) => res.send(stdout));"),
  ],
  invalid: [
    {
      name: 'exec with a template and a callback becomes execFile with an argument array',
      code: CJS.replace(', execFile', '') + route('exec(`git log --oneline ${req.query.branch}`, (err, stdout) => res.send(stdout));'),
      errors: [
        {
          messageId: 'taintedCommand',
          line: 5,
          column: 8,
          severity: 'error',
          confidence: 'high',
          data: { sink: 'exec', source: 'req.query.branch' },
          suggestions: [
            {
              title: 'Run the program with `execFile` and pass each value as its own argument (no shell)',
              output:
                "const express = require('express');\nconst { exec, spawn } = require('child_process');\nconst { execFile } = require('child_process');\nconst app = express();\n" +
                route("execFile('git', ['log', '--oneline', req.query.branch], (err, stdout) => res.send(stdout));"),
            },
          ],
        },
      ],
    },
    {
      name: 'execFile already imported: the fix reuses it',
      code: CJS + route("exec('nslookup ' + req.query.host, (err, out) => res.send(out));"),
      errors: [
        {
          messageId: 'taintedCommand',
          line: 5,
          column: 8,
          suggestions: [{ output: CJS + route("execFile('nslookup', [req.query.host], (err, out) => res.send(out));") }],
        },
      ],
    },
    {
      name: 'namespace import, execSync of unknown values becomes execFileSync',
      code: "import * as cp from 'node:child_process';\nexport function archive(dir) {\n  return cp.execSync('tar czf backup.tgz ' + dir);\n}\n",
      errors: [
        {
          messageId: 'builtCommand',
          line: 3,
          column: 22,
          severity: 'warning',
          confidence: 'medium',
          suggestions: [
            {
              title: 'Run the program with `execFileSync` and pass each value as its own argument (no shell)',
              output: "import * as cp from 'node:child_process';\nexport function archive(dir) {\n  return cp.execFileSync('tar', ['czf', 'backup.tgz', dir]);\n}\n",
            },
          ],
        },
      ],
    },
    {
      name: 'ESM named import with an options object; the import is added in the same style',
      code: "import { exec } from 'child_process';\nexport function pull(dir, done) {\n  exec(`git -C ${dir} pull --ff-only`, { timeout: 5000 }, done);\n}\n",
      errors: [
        {
          messageId: 'builtCommand',
          line: 3,
          column: 8,
          suggestions: [
            {
              output: "import { exec } from 'child_process';\nimport { execFile } from 'child_process';\nexport function pull(dir, done) {\n  execFile('git', ['-C', dir, 'pull', '--ff-only'], { timeout: 5000 }, done);\n}\n",
            },
          ],
        },
      ],
    },
    {
      name: 'quoted whole words and a word mixing text and a value',
      code: "const cp = require('child_process');\nfunction thumb(input, outDir) {\n  cp.execSync(`convert \"${input}\" -resize 64x64 ${outDir}/thumb.png`);\n}\n",
      errors: [
        {
          messageId: 'builtCommand',
          line: 3,
          column: 15,
          suggestions: [{ output: "const cp = require('child_process');\nfunction thumb(input, outDir) {\n  cp.execFileSync('convert', [input, '-resize', '64x64', `${outDir}/thumb.png`]);\n}\n" }],
        },
      ],
    },
    {
      name: 'a pipe needs the shell: reported without a rewrite',
      code: CJS + route('exec(`ps aux | grep ${req.query.name}`, (err, out) => res.send(out));'),
      errors: [{ messageId: 'taintedCommand', line: 5, column: 8, suggestions: [] }],
    },
    {
      name: 'a value inside a quoted string with other text around it and a redirection: no rewrite',
      code: CJS + route("exec(\"echo '\" + req.body.note + \"' >> notes.txt\");"),
      errors: [{ messageId: 'taintedCommand', line: 5, column: 8, suggestions: [] }],
    },
    {
      name: 'the whole command from the request',
      code: CJS + route('exec(req.body.cmd, (err, out) => res.send(out));'),
      errors: [{ messageId: 'requestCommand', line: 5, column: 8, severity: 'error', data: { source: 'req.body.cmd' }, suggestions: [] }],
    },
    {
      name: 'built in a variable first: reported where it is run, with the source',
      code: CJS + route("const cmd = 'ping -c 1 ' + req.query.host;\n  exec(cmd, (err, out) => res.send(out));"),
      errors: [{ messageId: 'taintedCommand', line: 6, column: 8, data: { source: 'req.query.host' }, suggestions: [] }],
    },
    {
      name: 'spawn with shell: true joins the arguments into a command line',
      code: CJS + route("spawn('git', ['log', req.query.branch], { cwd: '/srv/repo', shell: true });"),
      errors: [
        {
          messageId: 'taintedCommand',
          line: 5,
          column: 24,
          suggestions: [
            {
              title: 'Remove `shell: true` so that each array element reaches the program as one argument',
              output: CJS + route("spawn('git', ['log', req.query.branch], { cwd: '/srv/repo' });"),
            },
          ],
        },
      ],
    },
    {
      name: 'execFileSync with a shell and a built command line cannot drop the shell',
      code: "const { execFileSync } = require('child_process');\nfunction grep(word, file) {\n  return execFileSync(`grep ${word} ${file}`, { shell: '/bin/bash' });\n}\n",
      errors: [{ messageId: 'builtCommand', line: 3, column: 23, suggestions: [] }],
    },
    {
      name: 'an explicit sh -c runs its argument as a command line',
      code: CJS + route("spawn('/bin/sh', ['-c', `convert ${req.query.file} out.png`]);"),
      errors: [{ messageId: 'taintedCommand', line: 5, column: 27, data: { sink: 'spawn' }, suggestions: [] }],
    },
    {
      name: 'shelljs exec',
      code: "const shell = require('shelljs');\napp.post('/clone', (req, res) => {\n  shell.exec('git clone ' + req.body.repo);\n});\n",
      errors: [{ messageId: 'taintedCommand', line: 3, column: 14, data: { sink: 'shell.exec' }, suggestions: [] }],
    },
    {
      name: 'promisified exec: reported, no rewrite (execFile would need promisifying too)',
      code: "const util = require('util');\nconst exec = util.promisify(require('child_process').exec);\napp.get('/ping', async (req, res) => {\n  const { stdout } = await exec(`ping -c 1 ${req.query.host}`);\n  res.send(stdout);\n});\n",
      errors: [{ messageId: 'taintedCommand', line: 4, column: 33, suggestions: [] }],
    },
    {
      name: 'a command-line wrapper re-parsing its own arguments through a shell: a warning, not request input',
      code: "const { spawnSync } = require('child_process');\nspawnSync('./tool', process.argv.slice(2), { shell: true, stdio: 'inherit' });\n",
      errors: [{ messageId: 'builtCommand', line: 2, column: 21, severity: 'warning', confidence: 'low', suggestions: [] }],
    },
    {
      name: 'TypeScript import-equals and a location-free unknown value',
      filename: 'deploy.ts',
      code: "import cp = require('child_process');\nexport function deploy(tag: string): void {\n  cp.exec('docker pull registry/app:' + tag);\n}\n",
      errors: [{ messageId: 'builtCommand', line: 3, column: 11, suggestions: [{ output: "import cp = require('child_process');\nexport function deploy(tag: string): void {\n  cp.execFile('docker', ['pull', `registry/app:${tag}`]);\n}\n" }] }],
    },
    {
      name: 'a blacklist of one metacharacter is no guard',
      code: CJS + route("const branch = req.query.branch;\n  if (branch.includes(';')) return res.sendStatus(400);\n  exec('git log --oneline ' + branch);"),
      errors: [
        {
          messageId: 'taintedCommand',
          line: 7,
          column: 8,
          severity: 'error',
          confidence: 'high',
          suggestions: [{ output: CJS + route("const branch = req.query.branch;\n  if (branch.includes(';')) return res.sendStatus(400);\n  execFile('git', ['log', '--oneline', branch]);") }],
        },
      ],
    },
    {
      name: 'a command line built by a helper of the same file carries the input the call passes',
      code: CJS + "function gitLog(branch) {\n  return `git log ${branch}`;\n}\n" + route('exec(gitLog(req.query.branch));'),
      errors: [{ messageId: 'taintedCommand', line: 8, column: 8, severity: 'error', suggestions: [] }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'a shell turned on by a non-literal option (`shell: isWindows`) is not followed',
      code: CJS + route("spawn('git', ['log', req.query.branch], { shell: process.platform === 'win32' });"),
    },
    {
      kind: 'missed',
      reason: 'execa and other process libraries are not modelled',
      code: "const { execa } = require('execa');\napp.get('/x', async (req, res) => {\n  await execa('git log ' + req.query.branch, { shell: true });\n});\n",
    },
  ],
});
