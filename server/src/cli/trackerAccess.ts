// The CLI's credentials for remote trackers: environment variables only, as CI systems provide
// them (GitHub Actions sets GITHUB_TOKEN and GITHUB_API_URL). They are passed to the backlog for
// one command and never printed or written.
import type { TrackerAccess } from '../backlog/backlog';

export function trackerAccessFromEnv(env: Readonly<Record<string, string | undefined>>): TrackerAccess {
  const access: TrackerAccess = {};
  const set = (key: keyof TrackerAccess, value: string | undefined) => {
    if (value !== undefined && value.trim() !== '') access[key] = value.trim();
  };
  set('githubToken', env.GITHUB_TOKEN);
  set('githubApiUrl', env.GITHUB_API_URL);
  set('gitlabToken', env.GITLAB_TOKEN);
  set('jiraEmail', env.JIRA_EMAIL);
  set('jiraApiToken', env.JIRA_API_TOKEN);
  return access;
}
