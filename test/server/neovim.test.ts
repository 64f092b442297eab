// The built server in a real editor other than VS Code: Neovim (Debian's 0.7) runs headless with a
// Lua init that starts `node dist/server.js --stdio`, opens a file with a string-built query,
// waits for diagnostics, asks for code actions and writes what it saw to a JSON file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SERVER_PATH } from './lspClient';

const RULE = 'sql/no-string-built-query';

const FIXTURE = `const { Pool } = require('pg');
const pool = new Pool();

app.get('/products', async (req, res) => {
  const { rows } = await pool.query("SELECT * FROM products WHERE category = '" + req.query.category + "'");
  res.json(rows);
});
`;

interface NeovimReport {
  attached: boolean;
  diagnostics: { lnum: number; col: number; end_lnum: number; end_col: number; message: string; source: string; code: string; severity: number }[];
  actions: { title: string; kind: string; command?: string; has_edit: boolean }[];
  errors: string[];
}

/** A Lua string literal for a path. */
function lua(value: string): string {
  return JSON.stringify(value);
}

function initScript(out: string): string {
  return `-- Written by test/server/neovim.test.ts: start Rugged, wait for its diagnostics, ask for code actions.
local report = { attached = false, diagnostics = {}, actions = {}, errors = {} }

local function finish()
  local file = io.open(${lua(out)}, 'w')
  file:write(vim.fn.json_encode(report))
  file:close()
  vim.cmd('qa!')
end

-- The README's configuration for Neovim 0.7 to 0.10, with this checkout's server.
local rugged
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'javascript', 'javascriptreact', 'typescript', 'typescriptreact' },
  callback = function(args)
    rugged = rugged or vim.lsp.start_client({
      name = 'rugged',
      cmd = { ${lua(process.execPath)}, ${lua(SERVER_PATH)}, '--stdio' },
      root_dir = vim.fn.getcwd(),
    })
    vim.lsp.buf_attach_client(args.buf, rugged)
  end,
})

local function main()
  local bufnr = vim.api.nvim_get_current_buf()
  report.attached = rugged ~= nil and vim.lsp.buf_is_attached(bufnr, rugged)
  local found = vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  if not found then
    table.insert(report.errors, 'no diagnostics within 30 s')
    return
  end
  local context = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data and d.user_data.lsp) or {}
    local code = d.code or lsp.code
    table.insert(report.diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      message = d.message, source = d.source, code = code, severity = d.severity,
    })
    -- Neovim 0.7 keeps the LSP-only fields in user_data; the request needs the LSP shape back.
    table.insert(context, {
      range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
      message = d.message, severity = d.severity, source = d.source, code = code, data = lsp.data,
    })
  end
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = context[1].range,
    context = { diagnostics = context },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 30000) or {}
  for _, response in pairs(responses) do
    if response.err then table.insert(report.errors, vim.inspect(response.err)) end
    for _, action in ipairs(response.result or {}) do
      table.insert(report.actions, {
        title = action.title,
        kind = action.kind,
        command = action.command and action.command.command or '',
        has_edit = action.edit ~= nil,
      })
    end
  end
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = pcall(main)
    if not ok then table.insert(report.errors, tostring(err)) end
    finish()
  end,
})
`;
}

let base: string;

before(() => {
  base = mkdtempSync(join(tmpdir(), 'rugged-nvim-'));
});

after(() => {
  rmSync(base, { recursive: true, force: true });
});

test('Neovim 0.7 shows the Rugged diagnostic and offers its quick fix', () => {
  assert.ok(existsSync(SERVER_PATH), 'run node scripts/build.mjs first');
  const project = join(base, 'shop');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "shop" }\n');
  const source = join(project, 'products.js');
  writeFileSync(source, FIXTURE);
  const out = join(base, 'report.json');
  const init = join(base, 'init.lua');
  writeFileSync(init, initScript(out));
  // Neovim's state, logs and the server's cache stay inside the temporary folder.
  const home = join(base, 'home');
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache'), TMPDIR: base };

  const run = spawnSync('timeout', ['90', 'nvim', '--headless', '-n', '-i', 'NONE', '-u', init, source], { cwd: project, env, encoding: 'utf8' });
  assert.equal(run.status, 0, `nvim exited with ${run.status} (124 = timed out)\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as NeovimReport;
  assert.deepEqual(report.errors, []);
  assert.equal(report.attached, true);

  const findings = report.diagnostics.filter((d) => d.code === RULE);
  assert.equal(findings.length, 1, JSON.stringify(report.diagnostics));
  const [finding] = findings;
  assert.equal(finding.source, 'rugged');
  assert.equal(finding.severity, 1);
  assert.deepEqual([finding.lnum, finding.col], [4, 36]);
  assert.match(finding.message, /pool\.query/);

  const titles = report.actions.map((a) => a.title);
  assert.equal(titles[0], 'Use bound parameters ($1, $2) with a values array');
  assert.equal(report.actions[0].has_edit, true);
  assert.ok(titles.includes(`Suppress ${RULE} on this line...`), titles.join(', '));
});
