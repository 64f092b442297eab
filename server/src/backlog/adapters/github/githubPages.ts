// GitHub's pagination: each page's Link header names the next one, and that address is the one to
// follow (GitHub points later pages at /repositories/<id>/..., not at the owner/name path asked
// for). The token goes with the request, so only an address under the configured API URL is followed.

/** The next page as a path under `apiUrl`, `undefined` on the last page, or `elsewhere` with the address when it lies outside the API. */
export function nextPage(link: string | null, apiUrl: string): { path?: string; elsewhere?: string } {
  if (!link) return {};
  for (const part of link.split(',')) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!match || !/\brel="?([^";]*\s)?next(\s[^";]*)?"?/.test(match[2])) continue;
    const target = match[1];
    const base = apiUrl.replace(/\/+$/, '');
    return target.startsWith(`${base}/`) ? { path: target.slice(base.length) } : { elsewhere: new URL(target, base).origin };
  }
  return {};
}
