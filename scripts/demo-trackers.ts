// Shows, on local stand-ins of GitHub, GitLab, Jira Cloud and Jira Data Center, what the CLI does
// with a remote backlog: `rugged story --yes` files the example shop's search route as an item,
// the request bodies are printed exactly as they were sent (secrets already replaced), the item
// is moved on in the tracker and the code (fixed with evidence, closed without a fix, or started),
// and `rugged report` reads its state back. Nothing leaves the machine: each stand-in listens on 127.0.0.1.
//   node --import tsx scripts/demo-trackers.ts [--out FILE]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../server/src/cli/main';
import { GitHubStandIn } from '../test/backlog/trackers/githubStandIn';
import { GitLabStandIn } from '../test/backlog/trackers/gitlabStandIn';
import { JiraStandIn } from '../test/backlog/trackers/jiraStandIn';
import type { StandInServer } from '../test/backlog/trackers/standInServer';
import { git, initRepo, removeDir, SHOP_PATH, SHOP_TEXT, tempDir } from '../test/backlog/helpers';

const GITHUB_TOKEN = 'ghp_demoToken000000000000000000000000000';
const GITLAB_TOKEN = 'glpat-demoToken0000000000';
const JIRA_EMAIL = 'security@acme.example';
const JIRA_TOKEN = 'ATATT3xFfGF0demoToken000000000';
const JIRA_PAT = 'NjY2OTk0MjY2OTk0OndemoPersonalAccessToken';

interface Tracker {
  name: string;
  /** What the create body's text is written in, when it is a string: Markdown unless said. */
  textFormat?: string;
  standIn: StandInServer;
  backlog: (url: string) => Record<string, unknown>;
  env: (url: string) => Record<string, string>;
  /** What the team does next, in the tracker and in the code, in words for the reader. */
  next: string;
  progress: (root: string) => void;
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const out: string[] = [];
  const say = (text = '') => {
    out.push(text);
    console.log(text);
  };
  const github = new GitHubStandIn({ token: GITHUB_TOKEN, repository: 'acme/shop', visibility: 'private' });
  const gitlab = new GitLabStandIn(GITLAB_TOKEN, 'acme%2Fshop');
  const jira = new JiraStandIn(JIRA_EMAIL, JIRA_TOKEN, 'SEC', ['Security team']);
  const jiraDc = new JiraStandIn('', JIRA_PAT, 'SEC', [], 'dataCenter');
  const trackers: Tracker[] = [
    {
      name: 'GitHub (private repository)',
      standIn: github,
      backlog: () => ({ tracker: 'github', repository: 'acme/shop' }),
      env: (url) => ({ GITHUB_TOKEN, GITHUB_API_URL: url }),
      next: 'dana binds the search term (pull request #7, which closes the issue), ticks the criteria and adds a test named after the story.',
      progress: (root) => {
        const issue = github.issues[0];
        Object.assign(issue, { state: 'closed', state_reason: 'completed', assignees: [{ login: 'dana' }], linkedPullRequests: [{ number: 7, title: 'Bind the search term' }] });
        issue.body = issue.body.replace(/- \[ \]/g, '- [x]');
        shipFix(root, issue.body);
      },
    },
    {
      name: 'GitLab (confidential issue)',
      standIn: gitlab,
      backlog: (url) => ({ tracker: 'gitlab', project: 'acme/shop', apiUrl: `${url}/api/v4` }),
      env: () => ({ GITLAB_TOKEN }),
      next: 'dana closes the issue with merge request !3, but the merged change leaves the query built from the search term.',
      progress: () => {
        Object.assign(gitlab.issues[0], { state: 'closed', assignees: [{ username: 'dana' }], closedBy: [{ iid: 3, title: 'Bind the search term' }] });
      },
    },
    {
      name: 'Jira Cloud (security level)',
      standIn: jira,
      backlog: (url) => ({ tracker: 'jira', deployment: 'cloud', baseUrl: url, projectKey: 'SEC', securityLevel: 'Security team' }),
      env: () => ({ JIRA_EMAIL, JIRA_API_TOKEN: JIRA_TOKEN }),
      next: 'Dana Dev binds the search term, links the pull request to the issue, ticks the criteria in the description, adds the test and moves the issue to Done.',
      progress: (root) => {
        const issue = jira.issues[0];
        issue.fields.status = { name: 'Done', statusCategory: { key: 'done' } };
        issue.fields.assignee = { displayName: 'Dana Dev' };
        issue.remoteLinks = [{ title: 'PR #7: Bind the search term', url: 'https://github.example/acme/shop/pull/7' }];
        const description = issue.fields.description as { content: { type: string; content?: { attrs: { state: string } }[] }[] };
        for (const list of description.content.filter((n) => n.type === 'taskList')) for (const item of list.content ?? []) item.attrs.state = 'DONE';
        shipFix(root, JSON.stringify(description));
      },
    },
    {
      name: 'Jira Data Center',
      textFormat: 'wiki markup',
      standIn: jiraDc,
      backlog: (url) => ({ tracker: 'jira', deployment: 'dataCenter', baseUrl: url, projectKey: 'SEC' }),
      env: () => ({ JIRA_API_TOKEN: JIRA_PAT }),
      next: 'someone starts work: the issue moves to In Progress.',
      progress: () => {
        jiraDc.issues[0].fields.status = { name: 'In Progress', statusCategory: { key: 'indeterminate' } };
      },
    },
  ];

  for (const tracker of trackers) {
    await tracker.standIn.start();
    const root = tempDir('demo-tracker');
    try {
      mkdirSync(join(root, 'src/routes'), { recursive: true });
      writeFileSync(join(root, 'package.json'), '{ "name": "shop", "private": true }\n');
      writeFileSync(join(root, '.rugged.json'), JSON.stringify({ backlog: tracker.backlog(tracker.standIn.url) }, null, 2));
      writeFileSync(join(root, SHOP_PATH), SHOP_TEXT);
      initRepo(root);
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '-m', 'Shop');
      const env = tracker.env(tracker.standIn.url);
      say(`## ${tracker.name}`);
      say();
      const story = await rugged(root, ['story', SHOP_PATH, '--lines', '6-21', '--yes'], env);
      say(`\`rugged story ${SHOP_PATH} --lines 6-21 --yes\` exit ${story.code}: ${story.stdout.trim()} ${story.stderr.trim()}`);
      say();
      say('Requests, as sent:');
      say();
      for (const request of tracker.standIn.requests) {
        say(`- ${request.method} ${request.path}`);
      }
      const create = tracker.standIn.requests.find((r) => r.method === 'POST' && !/search/.test(r.path) && r.body !== undefined);
      if (create) {
        const { fields, text } = splitText(create.body);
        say();
        say(`Body of \`${create.method} ${create.path}\`, its text apart:`);
        say();
        say('```json');
        say(JSON.stringify(fields, null, 2));
        say('```');
        say();
        const format = tracker.textFormat ?? 'Markdown';
        say(typeof text === 'string' ? `Its text (${format}), exactly as sent (the quoted code shows what redaction replaced):` : 'Its Atlassian Document Format description, exactly as sent, one top-level node a line:');
        say();
        // The Markdown text holds fenced code itself, so its own fence is longer.
        const fence = typeof text === 'string' ? '`````' : '```';
        say(`${fence}${typeof text !== 'string' ? 'json' : format === 'Markdown' ? 'markdown' : 'text'}`);
        say(typeof text === 'string' ? text : (text as { content: unknown[] }).content.map((node) => JSON.stringify(node)).join('\n'));
        say(fence);
      }
      const sent = JSON.stringify(tracker.standIn.requests.map((r) => r.body));
      const leaked = ['AKIAQWERTYUIOPASDFGH', 'hunter2-correct-horse', GITHUB_TOKEN, GITLAB_TOKEN, JIRA_TOKEN, JIRA_PAT].filter((s) => sent.includes(s));
      say();
      say(`Secrets or tokens found in any request body: ${leaked.length === 0 ? 'none' : leaked.join(', ')}`);
      // Each stand-in answers 400 to a body its vendor's API would refuse (for Jira Cloud, a
      // description outside Atlassian's ADF JSON Schema), so none here means all were well formed.
      const refused = tracker.standIn.invalid.map((i) => `${i.route}: ${i.problems.join('; ')}`);
      say(`Requests the stand-in refused as malformed: ${refused.length === 0 ? 'none' : refused.join(' | ')}`);
      tracker.progress(root);
      say();
      say(`Then, in the tracker and the code: ${tracker.next}`);
      const report = await rugged(root, ['report', '--format', 'json'], env);
      if (report.code !== 0) say(`rugged report exit ${report.code}: ${report.stderr.trim()}`);
      const model = JSON.parse(report.stdout) as Record<'open' | 'reopened' | 'closedWithoutEvidence' | 'mitigated', ReportedStory[]>;
      say();
      say('`rugged report` after the team moved the item on:');
      say();
      for (const group of ['open', 'reopened', 'closedWithoutEvidence', 'mitigated'] as const) {
        say(`- ${group}: ${model[group].map(describeStory).join('; ') || 'none'}`);
      }
      say();
    } finally {
      await tracker.standIn.stop();
      removeDir(root);
    }
  }
  if (outIndex > 0) writeFileSync(process.argv[outIndex + 1], `${out.join('\n')}\n`);
}

/** The create body with its long text (Markdown, wiki markup or an ADF document) taken out. */
function splitText(body: unknown): { fields: unknown; text: unknown } {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown> & { fields?: Record<string, unknown> };
  const holder = copy.fields ?? copy;
  const key = ['description', 'body'].find((k) => k in holder);
  if (!key) return { fields: copy, text: '' };
  const text = holder[key];
  holder[key] = typeof text === 'string' ? `(${text.length} characters, below)` : '(an ADF document, below)';
  return { fields: copy, text };
}

/** The fix the team ships: both queries bound, and a test named after the story's key. */
function shipFix(root: string, storyText: string): void {
  const key = /AS-[0-9A-Z]{8}/.exec(storyText)?.[0] ?? 'AS-UNKNOWN';
  writeFileSync(join(root, SHOP_PATH), fixedShop());
  mkdirSync(join(root, 'test'), { recursive: true });
  writeFileSync(join(root, 'test/search.test.js'), `test('${key}: a quote in the search term is data', () => {});\n`);
}

interface ReportedStory {
  id: string;
  status: string;
  assignee?: string[];
  links?: { title: string; url: string }[];
}

function describeStory(story: ReportedStory): string {
  const extra = [...(story.assignee ?? []).map((a) => `assigned to ${a}`), ...(story.links ?? []).map((l) => `linked ${l.title}`)];
  return `${story.id} (${story.status}${extra.length > 0 ? `, ${extra.join(', ')}` : ''})`;
}

/** The example shop with both queries' input bound as parameters. */
function fixedShop(): string {
  return SHOP_TEXT.replace(`"SELECT id, name FROM products WHERE name LIKE '%" + term + "%'"`, "'SELECT id, name FROM products WHERE name LIKE $1', ['%' + term + '%']").replace(
    "'SELECT * FROM products WHERE id = ' + req.params.id",
    "'SELECT * FROM products WHERE id = $1', [req.params.id]",
  );
}

async function rugged(cwd: string, argv: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s), isTTY: false }, stderr: { write: (s: string) => (stderr += s), isTTY: false }, cwd, env };
  const code = await run(argv, io, { today: '2026-12-06' });
  return { code, stdout, stderr };
}

void main();
