// What the scan can and cannot see, so "every finding is covered by a story" is never read as
// "the application is safe". The weakness classes are a fixed list; whether Rugged checks one is
// derived from the CWE ids of the rules that ran, so the list stays true as rules are added. Pure.

export interface WeaknessClass {
  name: string;
  cwe: string[];
  /** No static rule can decide it (business logic): always listed as not checked. */
  neverStatic?: boolean;
}

/** Weakness classes of web applications a security officer asks about, with their CWE ids. */
export const WEAKNESS_CLASSES: readonly WeaknessClass[] = [
  { name: 'SQL and NoSQL injection', cwe: ['CWE-89', 'CWE-943'] },
  { name: 'OS command injection', cwe: ['CWE-78'] },
  { name: 'Server-side code evaluation', cwe: ['CWE-94', 'CWE-95'] },
  { name: 'Cross-site scripting', cwe: ['CWE-79'] },
  { name: 'Path traversal', cwe: ['CWE-22'] },
  { name: 'Hard-coded credentials', cwe: ['CWE-798'] },
  { name: 'Weak cryptography and password hashing', cwe: ['CWE-327', 'CWE-328', 'CWE-916'] },
  { name: 'Predictable tokens', cwe: ['CWE-330', 'CWE-338'] },
  { name: 'Session management and cookie flags', cwe: ['CWE-384', 'CWE-614', 'CWE-1004'] },
  { name: 'Unverified tokens (JWT)', cwe: ['CWE-347'] },
  { name: 'TLS certificate validation turned off', cwe: ['CWE-295'] },
  { name: 'Missing authorization and insecure direct object references (IDOR)', cwe: ['CWE-862', 'CWE-863', 'CWE-639', 'CWE-285'] },
  { name: 'Missing authentication on a critical function', cwe: ['CWE-306'] },
  { name: 'Cross-site request forgery (CSRF)', cwe: ['CWE-352'] },
  { name: 'Server-side request forgery (SSRF)', cwe: ['CWE-918'] },
  { name: 'Open redirect', cwe: ['CWE-601'] },
  { name: 'XML external entities (XXE)', cwe: ['CWE-611'] },
  { name: 'Unsafe deserialisation', cwe: ['CWE-502'] },
  { name: 'Prototype pollution', cwe: ['CWE-1321'] },
  { name: 'Regular expression denial of service (ReDoS)', cwe: ['CWE-1333'] },
  { name: 'Mass assignment', cwe: ['CWE-915'] },
  { name: 'Server-side template injection', cwe: ['CWE-1336'] },
  { name: 'Unrestricted file upload', cwe: ['CWE-434'] },
  { name: 'Missing security headers (HSTS, CSP, clickjacking)', cwe: ['CWE-693', 'CWE-1021', 'CWE-319'] },
  { name: 'Brute force and missing rate limits', cwe: ['CWE-307', 'CWE-770'] },
  { name: 'Sensitive data in logs', cwe: ['CWE-532'] },
  { name: 'GraphQL query abuse (depth, batching, per-field authorization)', cwe: ['CWE-400'] },
  { name: 'Cross-site WebSocket hijacking', cwe: ['CWE-1385'] },
  { name: 'Vulnerable or outdated dependencies', cwe: ['CWE-1104', 'CWE-1395'] },
  { name: 'Business logic flaws', cwe: ['CWE-840'], neverStatic: true },
];

export interface CoverageRule {
  id: string;
  meta: { cwe: readonly string[] };
}

export interface ScannerCoverage {
  /** Rule families, with the rules that ran and the rules the configuration turned off. */
  families: { family: string; ran: string[]; disabled: string[] }[];
  /** Weakness classes at least one rule that ran looks for, with those rules. */
  checked: { name: string; cwe: string[]; rules: string[] }[];
  /** Weakness classes no rule that ran looks for: a clean report says nothing about them. */
  notChecked: { name: string; cwe: string[]; disabledRules: string[] }[];
}

export function scannerCoverage(rules: readonly CoverageRule[], disabled: ReadonlySet<string>): ScannerCoverage {
  const families = new Map<string, { family: string; ran: string[]; disabled: string[] }>();
  for (const rule of [...rules].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const family = rule.id.split('/')[0];
    const group = families.get(family) ?? { family, ran: [], disabled: [] };
    (disabled.has(rule.id) ? group.disabled : group.ran).push(rule.id);
    families.set(family, group);
  }
  const checked: ScannerCoverage['checked'] = [];
  const notChecked: ScannerCoverage['notChecked'] = [];
  for (const weakness of WEAKNESS_CLASSES) {
    const looking = rules.filter((r) => r.meta.cwe.some((c) => weakness.cwe.includes(c)));
    const ran = weakness.neverStatic ? [] : looking.filter((r) => !disabled.has(r.id)).map((r) => r.id);
    if (ran.length > 0) checked.push({ name: weakness.name, cwe: weakness.cwe, rules: ran });
    else notChecked.push({ name: weakness.name, cwe: weakness.cwe, disabledRules: looking.filter((r) => disabled.has(r.id)).map((r) => r.id) });
  }
  return { families: [...families.values()], checked, notChecked };
}
