// The request field a finding's input comes from, for the story's security test. Rules report it
// in different places: a taint report says where the input enters ("req.query.q enters here"),
// other rules name it in a related location or their message ("comes from request input
// `req.query.sort`"), and some point at a local the handler destructured from the request.
import type { Finding } from '../../engine/finding';
import { fieldBoundTo, requestFieldsIn } from './handlerFields';
import type { FieldLocation, RequestField } from './skeletonRequests';
import type { SqlInput } from './attackPlan';

const MEMBER = /\breq(?:uest)?\.(query|params|body)\.([A-Za-z_$][\w$]*)/;
const WHOLE = /^req(?:uest)?\.(query|params|body)$/;

/**
 * In order of how directly the finding says it: where the input enters, the other related
 * locations, the sink, a local destructured from the request at the sink, the message; when the
 * input enters as a whole object (`const { id } = req.query`), the first field of that object the
 * handler destructures.
 */
export function requestFieldOf(text: string, finding: Finding, handler: string): RequestField | undefined {
  const slice = (range: Finding['range']) => text.slice(range.start.offset, range.end.offset);
  const entry = finding.related.find((r) => / enters here$/.test(r.message));
  const others = finding.related.filter((r) => r !== entry);
  const sink = slice(finding.range).trim();
  const located = [
    ...(entry ? [slice(entry.range), entry.message] : []),
    ...others.flatMap((r) => [slice(r.range), r.message]),
    sink,
  ];
  for (const candidate of located) {
    const match = MEMBER.exec(candidate);
    if (match) return { location: match[1] as FieldLocation, name: match[2] };
  }
  const bound = fieldBoundTo(handler, sink);
  if (bound) return bound;
  const named = MEMBER.exec(finding.message);
  if (named) return { location: named[1] as FieldLocation, name: named[2] };
  const whole = [entry, ...others].map((r) => (r ? WHOLE.exec(slice(r.range).trim())?.[1] : undefined)).find(Boolean);
  return whole ? requestFieldsIn(handler).find((f) => f.location === whole) : undefined;
}

const INPUT = /\breq(?:uest)?\.(query|params|body)\.([A-Za-z_$][\w$]*) \(([\w-]+)\)/g;

/**
 * The request fields the findings' SQL texts hold, with the kind of slot each lands in, as the
 * SQL rule lists them in its `inputs` data (`req.query.region (string), req.query.from (string)`).
 */
export function sqlInputsOf(findings: readonly Finding[]): SqlInput[] {
  const seen = new Set<string>();
  const out: SqlInput[] = [];
  for (const finding of findings) {
    for (const m of (finding.data?.inputs ?? '').matchAll(INPUT)) {
      const key = `${m[1]}.${m[2]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ field: { location: m[1] as FieldLocation, name: m[2] }, slot: m[3] });
    }
  }
  return out;
}
