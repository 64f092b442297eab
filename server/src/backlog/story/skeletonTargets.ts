// What a story's test needs to know about the code beyond the route and field: where the handler
// reads its token, which cookie the finding names, how logout empties a hand-made session store, and
// a hash of each committed secret (so the test can look for the secret without the story quoting
// it). Pure, read from the text and finding.
import { createHash } from 'node:crypto';
import type { Finding } from '../../engine/finding';
import type { AttackTarget } from './skeletonAttacks';
import { logoutRemoval, storeNameOf } from './skeletonSessionStore';

/** `handler` is the route handler's offsets when the finding is inside one: its whole text is the region. */
export function attackTargetDetails(
  text: string,
  finding: Finding,
  span: [number, number],
  handler?: [number, number],
): Pick<AttackTarget, 'token' | 'cookieName' | 'secretSha256' | 'sinkText' | 'regionText' | 'logoutRemoval'> {
  const token = tokenSource(handlerText(text, span, finding)) ?? tokenSource(text);
  const cookieName = /\b(?:[Cc]ookie|header for) `([^`]+)`/.exec(finding.message)?.[1];
  const secrets = (finding.secrets ?? []).map((range) => unquote(text.slice(range.start.offset, range.end.offset))).filter((value) => value.length > 0);
  const sinkText = text.slice(finding.range.start.offset, finding.range.end.offset);
  const regionText = handler ? text.slice(handler[0], handler[1]) : text.split('\n').slice(span[0] - 1, span[1]).join('\n');
  const store = storeNameOf(finding.message);
  const removal = store ? logoutRemoval(text, store) : undefined;
  return {
    ...(sinkText ? { sinkText } : {}),
    ...(regionText ? { regionText } : {}),
    ...(token ? { token } : {}),
    ...(cookieName ? { cookieName } : {}),
    ...(removal ? { logoutRemoval: removal } : {}),
    ...(secrets.length > 0 ? { secretSha256: [...new Set(secrets.map((s) => createHash('sha256').update(s).digest('hex')))] } : {}),
  };
}

/** From the first line of the quoted region to the end of the finding: the handler around the sink. */
function handlerText(text: string, span: [number, number], finding: Finding): string {
  const lines = text.split('\n');
  let start = 0;
  for (let i = 0; i < span[0] - 1 && i < lines.length; i++) start += lines[i].length + 1;
  return text.slice(start, Math.max(start, finding.range.end.offset));
}

/** Where a handler reads a bearer token: a header, a cookie, or a request field named like one. */
function tokenSource(code: string): AttackTarget['token'] {
  const header = /\breq(?:uest)?\.(?:headers\.(\w+)|headers\[\s*['"]([\w-]+)['"]\s*\]|(?:get|header)\(\s*['"]([\w-]+)['"]\s*\))/.exec(code);
  if (header) return { location: 'header', name: (header[1] ?? header[2] ?? header[3]).toLowerCase() };
  const cookie = /\breq(?:uest)?\.(?:signedC|c)ookies(?:\.(\w+)|\[\s*['"]([\w-]+)['"]\s*\])/.exec(code);
  if (cookie) return { location: 'cookie', name: cookie[1] ?? cookie[2] };
  const field = /\breq(?:uest)?\.(query|body)\.(\w*token\w*|jwt)\b/i.exec(code);
  if (field) return { location: field[1] as 'query' | 'body', name: field[2] };
  return undefined;
}

function unquote(literal: string): string {
  const match = /^(['"`])([\s\S]*)\1$/.exec(literal.trim());
  return match ? match[2] : literal;
}
