// A read route that lets the request name whose records it returns (`GET /orders?customer=2`) stays
// open to every signed-in user after the story's own fix (a bound parameter, a login). Where the app
// has a login Rugged recognises, the story's test gains a case that signs in as one user, asks for
// another's records by that field, and passes only when the route refuses or answers with the
// signed-in user's own records, whatever the field says. A write that takes the owner from its body
// gets its own case (skeletonOwnerFieldWrite.ts).
import type { AttackPlan, AttackTarget } from './attackPlan';
import { recordNoun } from './ownership';
import { accountsOf, signInHelper } from './skeletonSignIn';
import { requestWith, sendsBody } from './skeletonRequests';
import { withOwnerFieldWriteCase } from './skeletonOwnerFieldWrite';
import { requestFieldsIn } from './handlerFields';
import { joinAnd } from './wordList';

/** The plan with the ownership case added, or the plan as it was where the case cannot be written. */
export function withOwnerFieldCase(plan: AttackPlan, target: AttackTarget): AttackPlan {
  const field = target.ownerField;
  const signIn = target.signIn;
  if (!field || !signIn || plan.inProcess || !target.route) return plan;
  if (field.location === 'body' && target.method && sendsBody(target.method)) return withOwnerFieldWriteCase(plan, target, field, signIn);
  if (target.method !== 'GET' || field.location === 'body') return plan;
  const owner = target.owner ?? 'user';
  const noun = recordNoun(target.route);
  const where = `${target.method} ${target.route}`;
  const upper = field.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  const attackerValue = `ATTACKER_${upper}`;
  const victimValue = `VICTIM_${upper}`;
  const accounts = accountsOf(signIn, ['ATTACKER', 'VICTIM'], [
    { name: attackerValue, env: attackerValue },
    { name: victimValue, env: victimValue },
  ]);
  const refusal = `the request is refused (403 or 404), or it answers exactly as it does for the attacker's own \`${field.name}\``;
  // The handler's other query fields get a well-formed value, so the request reaches the lookup
  // instead of failing on a missing one (`ORDER BY undefined`).
  const alongside = requestFieldsIn(target.regionText ?? '').filter((f) => f.location === 'query' && f.name !== field.name).map((f) => f.name);
  const ask = requestWith({ method: 'GET', route: target.route }, field, 'value', ['headers: login'], alongside);
  return {
    ...plan,
    criterion: (path) =>
      `${plan.criterion(path).replace(/; it fails before the fix$/, '')}; it also signs in as one ${owner} through \`${signIn.method} ${signIn.route}\` and asks \`${where}\` for another ${owner}'s ${noun.many} by \`${field.name}\`, and passes: ${refusal}; it fails before the fix, and still fails after a fix that only asks for a login`,
    preamble: [
      ...plan.preamble,
      '',
      `// Two ${owner} accounts of your test data, each signed in through ${signIn.method} ${signIn.route}, with different ${noun.many}:`,
      `// the attacker (ATTACKER) and the victim (VICTIM); ${attackerValue} and ${victimValue} are the values of \`${field.name}\``,
      `// that name each of them. Set ${joinAnd(accounts.env)} before running it.`,
      ...accounts.lines,
      '',
      ...signInHelper(signIn),
    ],
    more: [
      ...(plan.more ?? []),
      {
        testName: `${target.key}: ${where} answers a signed-in ${owner} with their own ${noun.many}, whatever ${field.name} names`,
        body: [
          `assert.ok(${accounts.check}, ${JSON.stringify(`set ${joinAnd(accounts.env)} first: two ${owner} accounts with different ${noun.many}`)});`,
          '/** The answer to a request for the records `value` names, sent with `login`. */',
          `const ask = (login, value) => ${ask}.catch((error) => assert.fail(\`${where} gave no answer (\${error.cause?.code ?? error.message}): the request stopped the app\`));`,
          'const attacker = await signIn(ATTACKER);',
          'const victim = await signIn(VICTIM);',
          `const victimsOwn = await (await ask(victim, ${victimValue})).text();`,
          `const attackersOwn = await (await ask(attacker, ${attackerValue})).text();`,
          `assert.notEqual(victimsOwn, attackersOwn, 'the two accounts see the same ${noun.many}: give the victim ${noun.many} of their own');`,
          `const others = await ask(attacker, ${victimValue});`,
          `// Expected: ${refusal}.`,
          'if (others.status === 403 || others.status === 404) return;',
          `assert.ok(others.status < 300, \`answered \${others.status} to a signed-in ${owner} asking for another ${owner}'s ${noun.many}\`);`,
          `assert.equal(await others.text(), attackersOwn, "the attacker's answer for the victim's ${field.name} is not their own ${noun.many}: it shows another ${owner}'s");`,
        ],
      },
    ],
  };
}
