// Which security test a catalogue goal leads to. A story led by a goal the person chose gets the test
// of that goal's attack: from a linked finding of the same kind when there is one (its field and
// message), else from the selected handler alone, written as if the matching rule had fired there.
// Goals no request can show (repudiation, denial of service, tenant crossing) get none.
import type { Finding } from '../../engine/finding';
import { attackKindOf, type AttackKind } from './skeletonAttacks';
import { recordIdField } from './skeletonOthersRecord';
import { passwordField } from './skeletonStoredPassword';
import type { RequestField } from './skeletonRequests';

interface GoalAttack {
  /** Kinds of finding that are evidence for this goal. */
  kinds: readonly AttackKind[];
  /** The rule whose test to write when no finding is linked, given the handler and the file. */
  ruleFor(handler: string, file: string): GoalRule | undefined;
}

/** The rule a goal's test is written as, and the request field it is about when not the handler's first. */
export interface GoalRule {
  ruleId: string;
  message: string;
  field?: RequestField;
}

const always = (ruleId: string) => () => ({ ruleId, message: '' });

/** `exec(`, `execSync(`, `spawn(`: the handler runs a command rather than a query. */
const RUNS_COMMAND = /\b(?:exec|execSync|spawn|spawnSync)\s*\(/;
const EVALUATES = /\b(?:eval|Function|runInNewContext|runInThisContext)\s*\(/;
const NODE_SERIALIZE = /\brequire\(\s*['"]node-serialize['"]\s*\)|\bfrom\s+['"]node-serialize['"]/;

const GOAL_ATTACKS: Readonly<Record<string, GoalAttack>> = {
  't-injection': {
    kinds: ['sql', 'sql-identifier', 'mongo-where', 'command'],
    ruleFor: (handler) => ({ ruleId: RUNS_COMMAND.test(handler) ? 'unsafe-api/no-shell-command-from-input' : 'sql/no-string-built-query', message: '' }),
  },
  't-stored-script': { kinds: ['xss'], ruleFor: always('unsafe-api/no-server-side-xss') },
  's-open-redirect': { kinds: ['open-redirect'], ruleFor: always('unsafe-api/no-open-redirect') },
  'e-server-side-eval': { kinds: ['eval'], ruleFor: always('unsafe-api/no-eval-like') },
  'e-code-execution': {
    kinds: ['eval', 'command', 'deserialization'],
    ruleFor: (handler, file) =>
      EVALUATES.test(handler)
        ? { ruleId: 'unsafe-api/no-eval-like', message: '' }
        : NODE_SERIALIZE.test(file)
          ? { ruleId: 'unsafe-api/no-unsafe-deserialization', message: 'node-serialize `unserialize` (the file loads node-serialize)' }
          : RUNS_COMMAND.test(handler)
            ? { ruleId: 'unsafe-api/no-shell-command-from-input', message: '' }
            : undefined,
  },
  'e-unsafe-deserialisation': {
    kinds: ['deserialization'],
    ruleFor: (_handler, file) => ({ ruleId: 'unsafe-api/no-unsafe-deserialization', message: NODE_SERIALIZE.test(file) ? 'node-serialize `unserialize` (the file loads node-serialize)' : '' }),
  },
  'i-xml-entities': { kinds: ['xxe'], ruleFor: always('unsafe-api/no-xml-external-entities') },
  'i-exposed-secret': { kinds: ['secret'], ruleFor: () => undefined },
  // No rule sees a password stored as typed: the test registers a user and reads the stored value.
  'i-plaintext-password': {
    kinds: ['stored-password'],
    ruleFor: (handler) => {
      const field = passwordField(handler);
      return { ruleId: 'goal:i-plaintext-password', message: '', ...(field ? { field } : {}) };
    },
  },
  // No rule sees a missing ownership check: the test is written from the handler alone.
  't-others-record': {
    kinds: [],
    ruleFor: (handler) => {
      const field = recordIdField(handler);
      return { ruleId: 'goal:t-others-record', message: '', ...(field ? { field } : {}) };
    },
  },
};

/** The linked finding that is evidence for the goal's attack, the first of the most relevant kind. */
export function findingForGoal(goalId: string, findings: readonly Finding[]): Finding | undefined {
  const attack = GOAL_ATTACKS[goalId];
  if (!attack) return undefined;
  for (const kind of attack.kinds) {
    const match = findings.find((f) => attackKindOf(f.ruleId) === kind);
    if (match) return match;
  }
  return undefined;
}

/** The rule whose test a goal gets when no finding of its kind is linked. */
export function ruleForGoal(goalId: string, handler: string, file: string): GoalRule | undefined {
  return GOAL_ATTACKS[goalId]?.ruleFor(handler, file);
}
