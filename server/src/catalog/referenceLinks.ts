// Where a CWE id or an OWASP Top 10 category is explained, for links in hover text and reports.

export function cweUrl(cwe: string): string | undefined {
  const match = /^CWE-(\d+)$/.exec(cwe);
  return match ? `https://cwe.mitre.org/data/definitions/${match[1]}.html` : undefined;
}

/** "A03:2021-Injection" -> the OWASP Top 10 2021 page; other editions link to the project page. */
export function owaspUrl(category: string): string {
  const match = /^(A\d\d):2021-(.+)$/.exec(category);
  if (match) return `https://owasp.org/Top10/${match[1]}_2021-${match[2]}/`;
  return 'https://owasp.org/www-project-top-ten/';
}
