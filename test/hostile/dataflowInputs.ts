// Generated files that made data flow superlinear: one variable reassigned thousands of times,
// assignment cycles, long `+` and template chains, long copy chains, huge arrays, deep member
// chains. Each is an Express handler whose request input ends in `db.query`, so a finding is
// expected wherever the analysis still reaches the sink.

const SQL = "'SELECT * FROM t WHERE a = '";

function handler(body: string[]): string {
  return ["const express = require('express');", 'const app = express();', "app.get('/x', (req, res) => {", ...body, '});', ''].join('\n');
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** `q = q + req.query.pN`, n times, then `db.query(q)`: the sink is on line n + 5. */
export function reassignments(n: number): string {
  return handler([`  let q = ${SQL};`, ...range(n).map((i) => `  q = q + req.query.p${i};`), '  db.query(q);']);
}

/** `q = q + req.query.pN; db.query(q);` n times: every sink asks about the same growing variable. */
export function reassignmentsEachQueried(n: number): string {
  return handler([`  let q = ${SQL};`, ...range(n).map((i) => `  q = q + req.query.p${i}; db.query(q);`)]);
}

/** `p = p + req.query.pN; fs.readFileSync(p);` n times: every sink looks for a check before it. */
export function pathsEachRead(n: number): string {
  return `const fs = require('fs');\n${handler(["  let p = '/srv/files/';", ...range(n).map((i) => `  p = p + req.query.p${i}; fs.readFileSync(p);`)])}`;
}

/** `h = h + req.query.pN; document.body.innerHTML = h;` n times: each sink asks whether h builds markup. */
export function markupEachWritten(n: number): string {
  return handler(["  let h = '';", ...range(n).map((i) => `  h = h + req.query.p${i}; document.body.innerHTML = h;`)]);
}

/** `a = b; b = a;` n times after `a` took request input; the sink reads `b`. */
export function assignmentCycle(n: number): string {
  return handler(["  let a = req.query.x;", "  let b = '';", ...range(n).map(() => '  a = b; b = a;'), `  db.query(${SQL} + b);`]);
}

/** One expression of n request fields joined by `+`, one short term per line (neither minified nor over 1 MB). */
export function plusChain(n: number): string {
  return handler(['  const q = req.query;', `  const s = ${SQL} +`, ...range(n).map((i) => `q.p${i}${i < n - 1 ? '+' : ';'}`), '  db.query(s);']);
}

/** n template literals, each wrapping the previous one. */
export function templateChain(n: number): string {
  return handler([
    '  const t0 = req.query.x;',
    ...range(n).map((i) => `  const t${i + 1} = \`\${t${i}} and c${i}\`;`),
    `  db.query(\`SELECT * FROM t WHERE a = \${t${n}}\`);`,
  ]);
}

/** n variables, each assigned from the previous one. */
export function copyChain(n: number): string {
  return handler(['  const v0 = req.query.x;', ...range(n).map((i) => `  const v${i + 1} = v${i};`), `  db.query(${SQL} + v${n});`]);
}

/** An array of n request fields, joined into the query. */
export function joinedArray(n: number): string {
  return handler(['  const parts = [', ...range(n).map((i) => `    req.query.p${i},`), '  ];', `  db.query(${SQL} + parts.join(','));`]);
}

/** `req.query.f0.f1…` n members deep, one member per line. */
export function memberChain(n: number): string {
  return handler(['  const m = req.query', ...range(n).map((i) => `    .f${i}`), '  ;', `  db.query(${SQL} + m);`]);
}

/**
 * A copy chain of n variables whose sinks are met from the last to the first: each question
 * descends as far as the depth limit allows, so the steps grow with n times that limit. At
 * n = 10,000 (about 730 KB) it spends more than the default budget. The first query, met before
 * the budget runs out, takes request input directly.
 */
export function sinksAgainstTheChain(n: number): string {
  return handler([
    `  db.query(${SQL} + req.query.first);`,
    '  const v0 = req.query.x;',
    ...range(n).map((i) => `  const v${i + 1} = v${i};`),
    ...range(n).map((i) => `  db.query(${SQL} + v${n - i});`),
  ]);
}

/** Checks and sinks interleaved in one handler: each read searches the checks before it (bounded per read). */
export function checksBeforeSinks(n: number): string {
  return handler([
    '  const v = req.query.v;',
    ...range(n).flatMap((i) => [`  if (req.query.f${i} !== 'a') return res.sendStatus(400);`, `  db.query(${SQL} + v + req.query.f${i});`]),
  ]);
}
