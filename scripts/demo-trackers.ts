// Shows, on local stand-ins of GitHub, GitLab, Jira Cloud and Jira Data Center, what the CLI does
// with a remote backlog: `rugged story --yes` files the example shop's search route as an item,
// the request bodies are printed exactly as they were sent (secrets already replaced), the item
// is moved on in the tracker (assigned, closed, criteria ticked), and `rugged report` reads its
// state back. Nothing leaves the machine: each stand-in listens on 127.0.0.1.
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
  standIn: StandInServer;
  backlog: (url: string) => Record<string, unknown>;
  env: (url: string) => Record<string, string>;
  /** What the team does next, in the tracker and in the code. */
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
      progress: (root) => {
        // The whole evidence: the fix merged, the criteria ticked, a test named after the story.
        const issue = github.issues[0];
        Object.assign(issue, { state: 'closed', state_reason: 'completed', assignees: [{ login: 'dana' }], linkedPullRequests: [{ number: 7, title: 'Bind the search term' }] });
        issue.body = issue.body.replace(/- \[ \]/g, '- [x]');
        const key = /AS-[0-9A-Z]{8}/.exec(issue.body)?.[0] ?? 'AS-UNKNOWN';
        writeFileSync(join(root, SHOP_PATH), fixedShop());
        mkdirSync(join(root, 'test'), { recursive: true });
        writeFileSync(join(root, 'test/search.test.js'), `test('${key}: a quote in the search term is data', () => {});\n`);
      },
    },
    {
      name: 'GitLab (confidential issue)',
      standIn: gitlab,
      backlog: (url) => ({ tracker: 'gitlab', project: 'acme/shop', apiUrl: `${url}/api/v4` }),
      env: () => ({ GITLAB_TOKEN }),
      progress: () => {
        Object.assign(gitlab.issues[0], { state: 'closed', assignees: [{ username: 'dana' }], closedBy: [{ iid: 3, title: 'Bind the search term' }] });
      },
    },
    {
      name: 'Jira Cloud (security level)',
      standIn: jira,
      backlog: (url) => ({ tracker: 'jira', deployment: 'cloud', baseUrl: url, projectKey: 'SEC', securityLevel: 'Security team' }),
      env: () => ({ JIRA_EMAIL, JIRA_API_TOKEN: JIRA_TOKEN }),
      progress: () => {
        jira.issues[0].fields.status = { name: 'Done', statusCategory: { key: 'done' } };
        jira.issues[0].fields.assignee = { displayName: 'Dana Dev' };
      },
    },
    {
      name: 'Jira Data Center',
      standIn: jiraDc,
      backlog: (url) => ({ tracker: 'jira', deployment: 'dataCenter', baseUrl: url, projectKey: 'SEC' }),
      env: () => ({ JIRA_API_TOKEN: JIRA_PAT }),
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
        say();
        say('Body of the create request (abridged to 1,500 characters):');
        say();
        say('```json');
        say(JSON.stringify(create.body, null, 2).slice(0, 1500));
        say('```');
      }
      const sent = JSON.stringify(tracker.standIn.requests.map((r) => r.body));
      const leaked = ['AKIAQWERTYUIOPASDFGH', 'hunter2-correct-horse', GITHUB_TOKEN, GITLAB_TOKEN, JIRA_TOKEN, JIRA_PAT].filter((s) => sent.includes(s));
      say();
      say(`Secrets or tokens found in any request body: ${leaked.length === 0 ? 'none' : leaked.join(', ')}`);
      tracker.progress(root);
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
