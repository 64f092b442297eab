// Injection into a parser or a query language, told as far as the handler lets it go. An XML parser
// that expands external entities reads the file either way, but the attacker sees it only when the
// answer carries the parsed text: a handler that answers a count is blind XXE, which takes an
// out-of-band channel. A `$where` in a find reads documents and cannot write them.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';

export function groundXxe(seed: AbuserStorySeed, _finding: Finding, context: GroundingContext): Grounded {
  if (echoesParsedText(context.handler)) return { seed };
  return {
    seed: {
      ...seed,
      harm: 'the parser reads {asset} for me while it parses; the answer does not carry the parsed text, so I get a file out only through a channel of my own (an external DTD that sends it to my server) or learn it one fact at a time from what the answer counts',
      stride: ['I'],
    },
    likelihood: {
      level: 2,
      reason: 'request input reaches the parser, but the XXE is blind: the handler answers without the parsed text, so reading a file takes an out-of-band channel (an external DTD the server must be able to fetch)',
    },
  };
}

/**
 * Whether the handler's answer holds text of the parsed document: the document variable reaches
 * `res.send`/`res.json`/... other than as a count (`doc.find('//order').length`).
 */
export function echoesParsedText(handler: string): boolean {
  const doc = /\b(?:const|let|var)\s+(\w+)\s*=\s*(?:await\s+)?[\w.]*parse(?:Xml|XmlString|FromString|String)?\s*\(/i.exec(handler)?.[1];
  if (!doc) return true;
  for (const answer of answers(handler)) {
    const withoutCounts = answer.replace(new RegExp(`\\b${doc}\\s*\\.\\s*(?:find|getElementsByTagName|childNodes)\\s*\\([^()]*\\)\\s*\\??\\.?\\s*length\\b`, 'g'), '');
    if (new RegExp(`\\b${doc}\\b`).test(withoutCounts)) return true;
  }
  return false;
}

/** The argument text of each `res.send(...)`, `res.json(...)`, `res.end(...)`, `res.write(...)`, `res.render(...)`. */
function answers(handler: string): string[] {
  const out: string[] = [];
  for (const match of handler.matchAll(/\b(?:res|response|reply|ctx)\s*\.\s*(?:send|json|end|write|render|body\s*=)\s*\(?/g)) {
    let depth = 0;
    let i = match.index + match[0].length;
    for (; i < handler.length; i++) {
      const c = handler[i];
      if (c === '(' || c === '{' || c === '[') depth++;
      else if (c === ')' || c === '}' || c === ']') {
        if (depth === 0) break;
        depth--;
      } else if ((c === ';' || c === '\n') && depth === 0) break;
    }
    out.push(handler.slice(match.index + match[0].length, i));
  }
  return out;
}

const WRITES = /\.(?:update|updateOne|updateMany|replaceOne|deleteOne|deleteMany|remove|findOneAndUpdate|findOneAndDelete|findOneAndReplace|findOneAndRemove|findByIdAndUpdate|findByIdAndDelete|bulkWrite)\s*\(/;

export function groundMongoWhere(seed: AbuserStorySeed, _finding: Finding, context: GroundingContext): Grounded {
  if (WRITES.test(context.handler)) return { seed };
  // A read query: what the attacker changes is which documents come back, never the documents. When
  // the answer carries what the query found, one always-true condition hands over every document at
  // once; only an answer without them (a count, a yes or no) leaves the slow guessing of one
  // character per request.
  const harm = answersQueryResult(context.handler)
    ? 'I copy {asset} in one request, because the answer lists every document my always-true condition matches'
    : 'I learn what is in {asset} one character per request, from what the answer counts or whether it answers at all';
  return { seed: { ...seed, harm, stride: ['I'] } };
}

const QUERY_CALL = String.raw`[\w.]+\.(?:find|findOne|aggregate|where)\s*\(`;

/** Whether what a `find`/`findOne`/`aggregate` returns reaches the handler's answer, held in a variable or not, and not only as a count. */
export function answersQueryResult(handler: string): boolean {
  const sent = answers(handler);
  if (sent.some((answer) => new RegExp(QUERY_CALL).test(answer) && !/\)\s*\.\s*length\b|countDocuments/.test(answer))) return true;
  const result = new RegExp(String.raw`\b(?:const|let|var)\s+(\w+)\s*=\s*(?:await\s+)?${QUERY_CALL}`).exec(handler)?.[1];
  if (!result) return false;
  return sent.some((answer) => new RegExp(String.raw`\b${result}\b(?!\s*\.\s*length\b)`).test(answer));
}
