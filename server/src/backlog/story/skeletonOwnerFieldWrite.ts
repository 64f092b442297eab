// A write route that takes the new record's owner from the request body (`POST /orders` with
// `{ customer: 2 }`) lets any signed-in user file records in another's name, and a login alone does
// not stop it. Where the app has a login Rugged recognises, the story's test gains a case that signs
// in as the attacker, writes a record naming the victim as its owner, and passes only when the
// request is refused (403) or the record is stored for the attacker: the owner the answer shows, or,
// when the answer shows only the new record's id, the owner read back at the record's own GET route.
import type { AttackPlan, AttackTarget } from './attackPlan';
import { bodyFill } from './skeletonBodyFields';
import { recordNoun } from './ownership';
import { accountsOf, signInHelper } from './skeletonSignIn';
import { requestWith, type RequestField } from './skeletonRequests';
import type { SignIn } from './signIn';
import { joinAnd } from './wordList';

export function withOwnerFieldWriteCase(plan: AttackPlan, target: AttackTarget, field: RequestField, signIn: SignIn): AttackPlan {
  const route = target.route!;
  const owner = target.owner ?? 'user';
  const noun = recordNoun(route);
  const where = `${target.method} ${route}`;
  const upper = field.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  const attackerValue = `ATTACKER_${upper}`;
  const victimValue = `VICTIM_${upper}`;
  const accounts = accountsOf(signIn, ['ATTACKER'], [
    { name: attackerValue, env: attackerValue },
    { name: victimValue, env: victimValue },
  ]);
  const refusal = `the request is refused (403), or the ${noun.one} it stores belongs to the attacker, whatever \`${field.name}\` names`;
  // The handler's other body fields get a placeholder, so the write reaches the insert.
  const fill = bodyFill(target.regionText ?? '', field, false);
  const write = requestWith({ method: target.method!, route }, field, victimValue, ["headers: { ...login, 'content-type': 'application/json' }"], [], fill.entries);
  const readBack = readBackRoute(target, route);
  const keys = [field.name, `${field.name}Id`, `${field.name}_id`].map((k) => JSON.stringify(k)).join(', ');
  return {
    ...plan,
    criterion: (path) =>
      `${plan.criterion(path).replace(/; it fails before the fix$/, '')}; it also signs in as one ${owner} through \`${signIn.method} ${signIn.route}\` and sends \`${where}\` naming another ${owner} in \`${field.name}\`, and passes: ${refusal}; it fails before the fix, and still fails after a fix that only asks for a login`,
    preamble: [
      ...plan.preamble,
      '',
      `// A ${owner} account of your test data that signs in through ${signIn.method} ${signIn.route} (the attacker), and the values`,
      `// of \`${field.name}\` that name the attacker (${attackerValue}) and another ${owner} (${victimValue}).`,
      `// Set ${joinAnd(accounts.env)} before running it.`,
      ...accounts.lines,
      ...(readBack ? [`// The new ${noun.one} is read back at GET ${readBack} when the answer shows only its id.`] : []),
      '',
      ...signInHelper(signIn),
      '',
      `/** The ${noun.one}'s owner as an answer shows it (\`${field.name}\` or its id form), or undefined. */`,
      `const ownerIn = (record) => (record && typeof record === 'object' ? [${keys}].map((key) => record[key]).find((value) => value !== undefined) : undefined);`,
    ],
    more: [
      ...(plan.more ?? []),
      {
        testName: `${target.key}: ${where} stores a signed-in ${owner}'s ${noun.one} as theirs, whatever ${field.name} names`,
        body: [
          `assert.ok(${accounts.check}, ${JSON.stringify(`set ${joinAnd(accounts.env)} first: a ${owner} account and the ${field.name} of it and of another ${owner}`)});`,
          `assert.notEqual(String(${attackerValue}), String(${victimValue}), 'the two ${field.name} values must name different ${owner}s');`,
          'const login = await signIn(ATTACKER);',
          `const written = await ${write}.catch((error) => assert.fail(\`${where} gave no answer (\${error.cause?.code ?? error.message}): the request stopped the app\`));`,
          `// Expected: ${refusal}.`,
          'if (written.status === 403) return;',
          `assert.ok(written.status < 300, \`answered \${written.status} to a signed-in ${owner} writing ${withArticle(noun.one)}: expected 403, or the ${noun.one} stored as theirs\`);`,
          'const answer = await written.json().catch(() => undefined);',
          'let stored = ownerIn(answer);',
          ...(readBack
            ? [
                'if (stored === undefined && answer?.id !== undefined) {',
                `  const read = await fetch(\`\${BASE_URL}${readBack.replace(/:[A-Za-z_$][\w$]*\??/, '${encodeURIComponent(answer.id)}').replace(/:[A-Za-z_$][\w$]*\??/g, '1')}\`, { headers: login });`,
                '  stored = ownerIn(await read.json().catch(() => undefined));',
                '}',
              ]
            : []),
          `assert.ok(stored !== undefined, 'the answer does not show whose ${noun.one} it stored: answer the new ${noun.one}${readBack ? ' or its id' : ''}, or check its owner in your data and answer 403 here');`,
          `assert.equal(String(stored), String(${attackerValue}), "the ${noun.one} was stored for the ${owner} the request named, not for the one who signed in");`,
        ],
      },
    ],
  };
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** The GET route of the workspace that reads one record of the collection the write adds to (`/orders/:id` for `POST /orders`). */
function readBackRoute(target: AttackTarget, route: string): string | undefined {
  const collection = route.replace(/\/+$/, '');
  return target.workspaceRoutes?.find((r) => r.method === 'GET' && new RegExp(`^${collection.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/:[A-Za-z_$][\\w$]*\\??$`).test(r.path))?.path;
}
