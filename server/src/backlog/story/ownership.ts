// The words of an ownership criterion: whose record a route touches is decided by who signed in,
// never by an id or an owner field the request carries. A login alone does not close an IDOR (any
// customer could still change any review), so the criterion names the session or token the owner
// comes from, the route with its mount prefix, the file and the field the request must not decide.
// Pure.
import type { SignIn } from './signIn';
import type { RequestField } from './skeletonRequests';

/** Request fields that name whose record it is: `customer`, `customerId`, `user_id`, `owner`, `author`, `accountId`, `memberId`. */
const OWNER_FIELD = /^(?:customer|user|owner|author|account|member|creator)(?:_?id)?$/i;

/** The request field that names the record's owner, if the handler reads one. */
export function ownerFieldIn(fields: readonly RequestField[]): RequestField | undefined {
  return fields.find((f) => OWNER_FIELD.test(f.name));
}

/** Who owns the records, in the words of the story's prerequisite or actor: a customer, a member, else a user. */
export function ownerWord(words: string): string {
  if (/\bcustomer/i.test(words)) return 'customer';
  if (/\bmember/i.test(words)) return 'member';
  return 'user';
}

/** What a route's records are called, from its path: `reviews` in `/rest/products/reviews/:id` is a review; the last word otherwise. */
export function recordNoun(route: string): { one: string; many: string } {
  const segments = route.split('/').filter((s) => s && !s.startsWith(':') && s !== '*');
  const beforeParam = route.split('/').reduce<string | undefined>((found, s, i, all) => found ?? (all[i + 1]?.startsWith(':') && s && !s.startsWith(':') ? s : undefined), undefined);
  const word = (beforeParam ?? segments[segments.length - 1] ?? 'record').toLowerCase().replace(/[^a-z]+/g, ' ').trim() || 'record';
  const one = /ies$/.test(word) ? word.replace(/ies$/, 'y') : /(?:ss|sh|ch|x|z|us)es$/.test(word) ? word.replace(/es$/, '') : /(?:ss|us)$/.test(word) ? word : word.replace(/s$/, '');
  return { one, many: one === word ? `${word}s` : word };
}

/** How the signed-in owner is known, in words: the token claim the login signs or the session field it stores. */
function identifiedBy(signIn: SignIn | undefined): string {
  if (!signIn) return 'their session or token';
  const login = `\`${signIn.method} ${signIn.route}\``;
  if (signIn.identity?.kind === 'session') return `the \`${signIn.identity.name}\` that ${login} stores in the session`;
  if (signIn.identity?.kind === 'claim') return `the \`${signIn.identity.name}\` claim of the token ${login} issues, read only once its signature is verified`;
  return `the login ${login} records`;
}

/** Where the signed-in owner comes from, in words: the session field the login stores or the token claim it signs. */
export function ownerSource(signIn: SignIn | undefined, owner: string): string {
  if (!signIn) return `the signed-in ${owner}'s session or token`;
  const login = `\`${signIn.method} ${signIn.route}\``;
  if (signIn.identity?.kind === 'session') return `the signed-in ${owner}'s session (the \`${signIn.identity.name}\` that ${login} stores)`;
  if (signIn.identity?.kind === 'claim') return `the signed-in ${owner}'s token (the \`${signIn.identity.name}\` claim of the token ${login} issues, read only once its signature is verified)`;
  return `the signed-in ${owner}, as ${login} records them`;
}

export interface OwnerCriterionInput {
  /** `METHOD /full/path`. */
  where: string;
  /** `file:lines`. */
  place: string;
  owner: string;
  route: string;
  signIn?: SignIn;
  /** The owner field the request carries today, if any. */
  ownerField?: RequestField;
  /** The field that names the record (`id` in the path), for a route that acts on one record. */
  idField?: RequestField;
  method: string;
}

/** The control that binds the record's owner to the session, with the refusal a test checks. */
export function ownerCriterion(input: OwnerCriterionInput): string {
  const noun = recordNoun(input.route);
  const source = ownerSource(input.signIn, input.owner);
  const reads = input.method === 'GET';
  if (input.ownerField) {
    const field = `\`req.${input.ownerField.location}.${input.ownerField.name}\``;
    const outcome = reads
      ? `a request for another ${input.owner}'s ${noun.many} answers 404 or 403, or lists only the signed-in ${input.owner}'s own`
      : `a request naming another ${input.owner} in \`${input.ownerField.name}\` answers 403, or stores the signed-in ${input.owner} instead`;
    return `\`${input.where}\` in \`${input.place}\` takes the ${input.owner} ${reads ? `whose ${noun.many} it returns` : `who owns the ${noun.one}`} from ${source}, never from ${field}; ${outcome}`;
  }
  const verb = reads ? 'returns' : input.method === 'DELETE' ? 'deletes' : 'changes';
  return `\`${input.where}\` in \`${input.place}\` ${verb} a ${noun.one} only when it belongs to the signed-in ${input.owner} (known by ${identifiedBy(input.signIn)})${input.idField ? `, whatever ${noun.one} \`req.${input.idField.location}.${input.idField.name}\` names` : ''}; a request for another ${input.owner}'s ${noun.one} answers 404 or 403 and changes nothing`;
}
