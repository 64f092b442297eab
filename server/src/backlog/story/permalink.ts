// Turns a Git remote URL into a link to exact lines at a commit, for the hosts whose URL scheme is
// known. Remote URLs may carry credentials (https://user:token@host/...); they are stripped first.

export type GitHost = 'github' | 'gitlab' | 'bitbucket';

export interface ParsedRemote {
  host: string;
  kind?: GitHost;
  /** owner/repo (GitLab: group/subgroup/repo), without `.git`. */
  repoPath: string;
  /** https://host/owner/repo, without credentials. */
  webUrl: string;
}

const KNOWN_HOSTS: Readonly<Record<string, GitHost>> = {
  'github.com': 'github',
  'gitlab.com': 'gitlab',
  'bitbucket.org': 'bitbucket',
};

/** Removes user and password from an URL-shaped remote; leaves scp-style remotes (git@host:path) as they are. */
export function stripCredentials(remote: string): string {
  const trimmed = remote.trim();
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^@/]*@)?(.*)$/i.exec(trimmed);
  if (!match) return trimmed;
  return `${match[1]}${match[3]}`;
}

/** Understands https://host/owner/repo(.git), ssh://git@host(:port)/owner/repo(.git) and git@host:owner/repo(.git). */
export function parseRemote(remote: string): ParsedRemote | undefined {
  const url = stripCredentials(remote);
  let host: string;
  let path: string;
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(url);
  const full = /^(?:https?|ssh|git):\/\/([\w.-]+)(?::\d+)?\/(.+)$/i.exec(url);
  if (full) {
    host = full[1].toLowerCase();
    path = full[2];
  } else if (scp) {
    host = scp[1].toLowerCase();
    path = scp[2];
  } else {
    return undefined;
  }
  const repoPath = path.replace(/\/+$/, '').replace(/\.git$/i, '');
  if (!/^[\w.-]+(?:\/[\w.-]+)+$/.test(repoPath)) return undefined;
  return { host, kind: KNOWN_HOSTS[host], repoPath, webUrl: `https://${host}/${repoPath}` };
}

/** A link to `lines` of `path` at `commit`, or undefined when the host's URL scheme is not known. */
export function permalink(remote: string, commit: string, path: string, lines: [number, number]): string | undefined {
  const parsed = parseRemote(remote);
  if (!parsed?.kind || !/^[0-9a-f]{40}$/i.test(commit)) return undefined;
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  const [start, end] = lines;
  switch (parsed.kind) {
    case 'github':
      return `${parsed.webUrl}/blob/${commit}/${encodedPath}#L${start}${end > start ? `-L${end}` : ''}`;
    case 'gitlab':
      return `${parsed.webUrl}/-/blob/${commit}/${encodedPath}#L${start}${end > start ? `-${end}` : ''}`;
    case 'bitbucket':
      return `${parsed.webUrl}/src/${commit}/${encodedPath}#lines-${start}${end > start ? `:${end}` : ''}`;
  }
}
