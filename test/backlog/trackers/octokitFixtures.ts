// Octokit's recordings of real api.github.com exchanges (the npm package @octokit/fixtures, cached
// by scripts/setup-octokit-fixtures.sh): what GitHub really answered, headers included, for the
// replay tests of the GitHub adapter.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
/** VERSION in scripts/setup-octokit-fixtures.sh; pinnedFileSetup.test.ts checks they agree. */
export const OCTOKIT_FIXTURES_VERSION = '23.1.2';
/** The scenarios the script keeps, in its order. */
export const OCTOKIT_SCENARIOS = ['get-repository', 'paginate-issues', 'add-labels-to-issue', 'errors', 'rename-repository', 'branch-protection'] as const;
export type OctokitScenario = (typeof OCTOKIT_SCENARIOS)[number];

/** One recorded request and GitHub's answer, as nock wrote it (method in lower case, path with its query). */
export interface RecordedExchange {
  method: string;
  path: string;
  /** The request body as sent when recording ("" for none). */
  body: unknown;
  status: number;
  /** GitHub's answer body ("" for none). */
  response: unknown;
  headers: Record<string, string | number>;
  /** Where the answer comes from, for failure messages: "get-repository #0", or why a test wrote it. */
  origin: string;
}

export function octokitFixtureFile(scenario: OctokitScenario): string {
  return join(ROOT, '.cache', 'octokit-fixtures', `${scenario}-${OCTOKIT_FIXTURES_VERSION}.json`);
}

let fetched = false;

/**
 * The recorded exchanges of a scenario. A filtered test run skips scripts/setup-test-deps.sh, so
 * the script runs here too (once per process): it fetches the files when missing and only checks
 * their SHA-256 when cached.
 */
export function octokitScenario(scenario: OctokitScenario): RecordedExchange[] {
  if (!fetched) {
    const setup = spawnSync('bash', [join(ROOT, 'scripts', 'setup-octokit-fixtures.sh')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
    if (setup.status !== 0) throw new Error(`scripts/setup-octokit-fixtures.sh failed:\n${setup.stderr}`);
    fetched = true;
  }
  const recorded = JSON.parse(readFileSync(octokitFixtureFile(scenario), 'utf8')) as Omit<RecordedExchange, 'origin'>[];
  return recorded.map((exchange, index) => ({ ...exchange, origin: `${scenario} #${index}` }));
}
