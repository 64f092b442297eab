// Validation the data flow must see: is the value read at this place checked before it gets here?
// The data flow is flow-insensitive per variable, so the guard model asks, for one read, what the
// code around it proves: a throwing or returning check earlier in an enclosing block, an `if`, `?:`,
// `&&` or `switch` branch the read sits in, or an assertion. Dominance is approximated structurally
// (a check in an enclosing statement list, before the read, whose failing branch always leaves),
// and the search is bounded per read, so the cost stays linear in the file.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Variable } from '@typescript-eslint/scope-manager';
import { dottedName, isFunctionNode, propertyName, unwrap } from './astNodes';
import { nameWords } from './names';
import { patternStrength } from './patternGuards';

/** What a sink fears: SQL/shell/HTML/code injection, leaving a directory, or a query operator object. */
export type Hazard = 'injection' | 'traversal' | 'operator';

export interface Guard {
  /** The check that protects the read. */
  node: TSESTree.Node;
  /** `all`: the value is one of a set of constants or a number; otherwise the one hazard it rules out. */
  protects: 'all' | Hazard;
  /**
   * `full`: Rugged can read the check and it holds. `partial`: a validator it cannot read
   * (`isValid(x)`), a list it cannot see, or a containment test without the separator.
   */
  strength: 'full' | 'partial';
}

/** How a guard bears on one sink: no protection, a check Rugged cannot judge, or safe. */
export type GuardVerdict = 'none' | 'partial' | 'safe';

export function guardVerdict(guard: Guard | undefined, hazard: Hazard): GuardVerdict {
  if (!guard || (guard.protects !== 'all' && guard.protects !== hazard)) return 'none';
  return guard.strength === 'full' ? 'safe' : 'partial';
}

/** The guard two values share, for a value built from both: the weaker, or none when they protect against different things. */
export function commonGuard(a: Guard | undefined, b: Guard | undefined): Guard | undefined {
  if (!a || !b) return undefined;
  const common = weaker(a, b);
  return common ? { ...common, node: rankOf(a) <= rankOf(b) ? a.node : b.node } : undefined;
}

export interface GuardDeps {
  getParent: (node: TSESTree.Node) => TSESTree.Node | undefined;
  variableOf: (node: TSESTree.Identifier) => Variable | undefined;
  /** True when the expression carries request input (a list read from the request proves nothing). */
  isTainted: (node: TSESTree.Node) => boolean;
  /** Charges one step of the data-flow budget; false once it is spent. */
  spend: () => boolean;
}

/** Checks examined per enclosing block, nearest first: enough for real handlers, bounded for hostile files. */
const MAX_CHECKS_PER_BLOCK = 64;
const MAX_ANCESTORS = 200;
const MAX_CONDITION_DEPTH = 8;

/** Calls whose name reads as a validation (`isValidName`, `validateSort`, `checkPath`) but that only test a type or existence. */
const SHAPE_PREDICATES = new Set([
  'isArray', 'isString', 'isObject', 'isPlainObject', 'isBuffer', 'isEmpty', 'isNil', 'isNull', 'isUndefined', 'isDefined',
  'isFunction', 'isDate', 'isError', 'isRegExp', 'isSymbol', 'isMap', 'isSet', 'isFile', 'isDirectory', 'isAbsolute', 'isEqual', 'has',
  'isNaN', 'isFinite', 'isInteger', 'isSafeInteger', 'isTrue', 'isFalse', 'isTruthy',
]);
const VALIDATOR_WORDS = new Set(['is', 'valid', 'validate', 'check', 'verify', 'assert', 'ensure', 'allowed', 'allow', 'safe', 'whitelisted', 'allowlisted']);
/** validator.js checks whose passing value holds only letters, digits and a few safe characters. */
const STRICT_VALIDATORS = new Set(['isInt', 'isNumeric', 'isAlphanumeric', 'isAlpha', 'isUUID', 'isMongoId', 'isHexadecimal', 'isBoolean', 'isFloat', 'isDecimal']);
/** Statements whose call throws when the condition in the first argument is false. */
const ASSERTIONS = new Set(['assert', 'assert.ok', 'assert.strict', 'invariant', 'strict.ok', 'assert.strict.ok']);

type Found = Omit<Guard, 'node'>;

export function createGuards(deps: GuardDeps): { guardOf(read: TSESTree.Node): Guard | undefined } {
  const { getParent } = deps;

  // The statements of a block that could be checks (an `if` with a leaving branch, a call
  // statement, a `switch`), listed once per block so each read looks at those only.
  const candidatesByList = new WeakMap<readonly TSESTree.Node[], TSESTree.Statement[]>();

  function candidatesOf(list: TSESTree.Statement[]): TSESTree.Statement[] {
    const known = candidatesByList.get(list);
    if (known) return known;
    const found = list.filter((statement) =>
      (statement.type === 'IfStatement' && (alwaysLeaves(statement.consequent) || (!!statement.alternate && alwaysLeaves(statement.alternate)))) ||
      (statement.type === 'ExpressionStatement' && unwrap(statement.expression).type === 'CallExpression') ||
      statement.type === 'SwitchStatement');
    candidatesByList.set(list, found);
    return found;
  }

  function guardOf(read: TSESTree.Node): Guard | undefined {
    const subjects = subjectsOf(read);
    if (subjects.length === 0) return undefined;
    const isSubject = (node: TSESTree.Node) => subjects.some((s) => sameValue(s, withoutStringConversion(node)));
    let best: Guard | undefined;
    const consider = (found: Found | undefined, node: TSESTree.Node, crossedFunction: boolean): boolean => {
      if (!found || isWrittenBetween(read, node, crossedFunction)) return false;
      if (!best || rankOf(found) > rankOf(best)) best = { ...found, node };
      return best.protects === 'all' && best.strength === 'full';
    };
    let child: TSESTree.Node = read;
    let parent = getParent(read);
    let crossedFunction = false;
    // Ancestors are bounded and cheap; the budget is charged for each check examined.
    for (let level = 0; parent && level < MAX_ANCESTORS; level++) {
      if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && child !== parent.test) {
        if (consider(conditionGuard(parent.test, child === parent.consequent, isSubject, 0), parent.test, crossedFunction)) return best;
      } else if (parent.type === 'LogicalExpression' && child === parent.right && parent.operator !== '??') {
        if (consider(conditionGuard(parent.left, parent.operator === '&&', isSubject, 0), parent.left, crossedFunction)) return best;
      } else if (parent.type === 'SwitchCase' && parent.consequent.includes(child as TSESTree.Statement)) {
        const switchNode = getParent(parent);
        if (switchNode?.type === 'SwitchStatement' && isSubject(switchNode.discriminant) && caseIsLiteral(switchNode, parent)) {
          if (consider({ protects: 'all', strength: 'full' }, parent, crossedFunction)) return best;
        }
      }
      const list = statementList(parent);
      if (list) {
        const candidates = candidatesOf(list);
        const before = child.range[0];
        const last = lastIndexBefore(candidates, before);
        for (let i = last; i >= 0 && i > last - MAX_CHECKS_PER_BLOCK; i--) {
          const statement = candidates[i];
          if (!deps.spend()) return best;
          if (consider(statementGuard(statement, isSubject), statement, crossedFunction)) return best;
        }
      }
      if (isFunctionNode(parent)) crossedFunction = true;
      child = parent;
      parent = getParent(parent);
    }
    return best;
  }

  /** The read itself and, for a variable copied once from another name (`const sort = req.query.sort`), that name. */
  function subjectsOf(read: TSESTree.Node): TSESTree.Node[] {
    const node = unwrap(read);
    if (node.type !== 'Identifier' && node.type !== 'MemberExpression') return [];
    const out: TSESTree.Node[] = [node];
    if (node.type === 'Identifier') {
      const variable = deps.variableOf(node);
      const writes = variable?.references.filter((r) => r.isWrite()) ?? [];
      const init = writes.length === 1 ? writes[0].writeExpr : undefined;
      const declarator = init ? getParent(init) : undefined;
      if (init && declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier') {
        const copied = unwrap(init);
        if (copied.type === 'Identifier' || copied.type === 'MemberExpression') out.push(copied);
      }
    }
    return out;
  }

  /**
   * `String(x)` is checked as `x`: `allowed.has(String(req.query.sort)) ? String(req.query.sort) : 'id'`
   * tests the text the read will give (an array of one allowed name reads as that name too).
   */
  function withoutStringConversion(node: TSESTree.Node): TSESTree.Node {
    const inner = unwrap(node);
    if (inner.type !== 'CallExpression' || inner.callee.type !== 'Identifier' || inner.callee.name !== 'String' || inner.arguments.length !== 1) return inner;
    const argument = inner.arguments[0];
    return argument.type === 'SpreadElement' || (deps.variableOf(inner.callee)?.defs.length ?? 0) > 0 ? inner : unwrap(argument);
  }

  function sameValue(a: TSESTree.Node, b: TSESTree.Node): boolean {
    if (a === b) return true;
    if (a.type === 'Identifier' && b.type === 'Identifier') {
      if (a.name !== b.name) return false;
      const va = deps.variableOf(a);
      return va !== undefined && va === deps.variableOf(b);
    }
    if (a.type === 'MemberExpression' && b.type === 'MemberExpression') {
      const na = dottedName(a);
      if (!na || na !== dottedName(b)) return false;
      const ra = rootOf(a);
      const rb = rootOf(b);
      return !!ra && !!rb && deps.variableOf(ra) === deps.variableOf(rb);
    }
    return false;
  }

  /** A write to the read's variable after the check and before the read (or anywhere after it, for a read in a closure) voids the check. */
  function isWrittenBetween(read: TSESTree.Node, check: TSESTree.Node, crossedFunction: boolean): boolean {
    const root = rootOf(unwrap(read));
    const variable = root ? deps.variableOf(root) : undefined;
    if (!variable) return false;
    return variable.references.some((r) => {
      if (!r.isWrite()) return false;
      const at = r.identifier.range[0];
      return at > check.range[1] && (crossedFunction || at < read.range[0]);
    });
  }

  function statementGuard(statement: TSESTree.Statement, isSubject: (n: TSESTree.Node) => boolean): Found | undefined {
    if (statement.type === 'IfStatement') {
      const consequentLeaves = alwaysLeaves(statement.consequent);
      const alternateLeaves = !!statement.alternate && alwaysLeaves(statement.alternate);
      if (consequentLeaves && !alternateLeaves) return conditionGuard(statement.test, false, isSubject, 0);
      if (alternateLeaves && !consequentLeaves) return conditionGuard(statement.test, true, isSubject, 0);
      return undefined;
    }
    if (statement.type === 'ExpressionStatement') {
      const call = unwrap(statement.expression);
      if (call.type !== 'CallExpression') return undefined;
      const name = dottedName(call.callee);
      const first = call.arguments[0];
      if (name && ASSERTIONS.has(name) && first && first.type !== 'SpreadElement') return conditionGuard(first, true, isSubject, 0);
      if (name === 'assert.match' && first && isSubject(first)) return regexGuard(call.arguments[1]);
      // `validateSort(sort);` as a statement: a validator that throws, which Rugged cannot read.
      const last = lastName(call.callee);
      if (last && /^(assert|ensure|validate|check|verify)/.test(last) && call.arguments.some((a) => isSubject(a))) return { protects: 'all', strength: 'partial' };
      return undefined;
    }
    if (statement.type === 'SwitchStatement' && isSubject(statement.discriminant)) {
      const fallback = statement.cases.find((c) => c.test === null);
      if (!fallback || !fallback.consequent.some((s) => leavesFunction(s))) return undefined;
      return statement.cases.every((c) => c.test === null || isConstantLiteral(c.test)) ? { protects: 'all', strength: 'full' } : undefined;
    }
    return undefined;
  }

  /** What `test` evaluating to `holds` proves about the subject. */
  function conditionGuard(raw: TSESTree.Node, holds: boolean, isSubject: (n: TSESTree.Node) => boolean, depth: number): Found | undefined {
    if (depth > MAX_CONDITION_DEPTH) return undefined;
    const test = unwrap(raw);
    const again = (n: TSESTree.Node, h: boolean) => conditionGuard(n, h, isSubject, depth + 1);
    // `if (name && name.includes('..')) throw ...`: past it, either the check held or the value is
    // falsy ('', 0, null, undefined), and a falsy value carries nothing.
    if (!holds && isSubject(test)) return { protects: 'all', strength: 'full' };
    switch (test.type) {
      case 'UnaryExpression':
        return test.operator === '!' ? again(test.argument, !holds) : undefined;
      case 'LogicalExpression': {
        if (test.operator === '??') return undefined;
        // `a && b` true, or `a || b` false: both parts hold, so either one's guard does.
        const both = (test.operator === '&&') === holds;
        const left = again(test.left, holds);
        const right = again(test.right, holds);
        if (both) return stronger(left, right);
        // Otherwise only one of the parts is known to hold: only a guard both give counts.
        return left && right ? weaker(left, right) : undefined;
      }
      case 'BinaryExpression':
        return comparisonGuard(test, holds, isSubject);
      case 'CallExpression':
        return holds ? callGuard(test, isSubject) : negatedCallGuard(test, isSubject);
      case 'Identifier': {
        // `const ok = ALLOWED.includes(x); if (!ok) throw ...`
        const variable = deps.variableOf(test);
        const writes = variable?.references.filter((r) => r.isWrite()) ?? [];
        const declarator = writes.length === 1 && writes[0].writeExpr ? getParent(writes[0].writeExpr) : undefined;
        if (declarator?.type === 'VariableDeclarator' && isConst(declarator) && declarator.init) return again(declarator.init, holds);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  function comparisonGuard(test: TSESTree.BinaryExpression, holds: boolean, isSubject: (n: TSESTree.Node) => boolean): Found | undefined {
    const left = unwrap(test.left);
    const right = unwrap(test.right);
    if (test.operator === 'in') return holds && isSubject(left) && !deps.isTainted(right) ? { protects: 'all', strength: 'full' } : undefined;
    if (['===', '==', '!==', '!='].includes(test.operator)) {
      const equal = (test.operator === '===' || test.operator === '==') === holds;
      for (const [side, other] of [[left, right], [right, left]] as const) {
        // `typeof x === 'number'`
        if (equal && side.type === 'UnaryExpression' && side.operator === 'typeof' && isSubject(side.argument) && other.type === 'Literal') {
          if (other.value === 'number' || other.value === 'boolean' || other.value === 'bigint' || other.value === 'undefined') return { protects: 'all', strength: 'full' };
          if (other.value === 'string') return { protects: 'operator', strength: 'full' };
        }
        if (equal && isSubject(side) && (isConstantLiteral(other) || isConstantName(other))) return { protects: 'all', strength: 'full' };
        // `LIST.indexOf(x) !== -1`
        if (!equal && isMinusOne(other)) return indexOfGuard(side, isSubject);
        // `name.indexOf('..') === -1`
        if (equal && isMinusOne(other) && searchesForDotDot(side, 'indexOf', isSubject)) return DOT_DOT_ABSENT;
        // `p.indexOf(root + path.sep) === 0` reads as `p.startsWith(root + path.sep)`.
        if (equal && isZero(other)) {
          const call = unwrap(side);
          if (call.type === 'CallExpression' && call.callee.type === 'MemberExpression' && propertyName(call.callee) === 'indexOf' && isSubject(call.callee.object) && call.arguments[0]) {
            return { protects: 'traversal', strength: endsWithSeparator(call.arguments[0]) ? 'full' : 'partial' };
          }
        }
      }
      return undefined;
    }
    // `LIST.indexOf(x) > -1`, `>= 0`; `< 0` when false.
    const positive = (test.operator === '>' && isMinusOne(right)) || (test.operator === '>=' && isZero(right));
    const negative = (test.operator === '<' && isZero(right)) || (test.operator === '<=' && isMinusOne(right));
    if ((positive && holds) || (negative && !holds)) return indexOfGuard(left, isSubject);
    return undefined;
  }

  function indexOfGuard(node: TSESTree.Node, isSubject: (n: TSESTree.Node) => boolean): Found | undefined {
    const call = unwrap(node);
    if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || propertyName(call.callee) !== 'indexOf') return undefined;
    const first = call.arguments[0];
    return first && isSubject(first) ? collectionGuard(call.callee.object) : undefined;
  }

  /** What a call returning true proves. */
  function callGuard(call: TSESTree.CallExpression, isSubject: (n: TSESTree.Node) => boolean): Found | undefined {
    const callee = unwrap(call.callee);
    const name = dottedName(callee);
    const args = call.arguments;
    const first = args[0] ? unwrap(args[0]) : undefined;
    const subjectArgument = args.some((a) => isSubject(a));
    if (name === 'Number.isInteger' || name === 'Number.isSafeInteger' || name === 'Number.isFinite' || name === 'isFinite') {
      return first && isSubject(first) ? { protects: 'all', strength: 'full' } : undefined;
    }
    if (name === 'Object.hasOwn' || name === 'Object.prototype.hasOwnProperty.call' || name === 'Reflect.has' || name === '{}.hasOwnProperty.call') {
      return args[1] && isSubject(args[1]) && first && !deps.isTainted(first) ? { protects: 'all', strength: 'full' } : undefined;
    }
    if (callee.type === 'MemberExpression') {
      const method = propertyName(callee);
      const receiver = unwrap(callee.object);
      if ((method === 'includes' || method === 'has') && first && isSubject(first)) return collectionGuard(receiver);
      if (method === 'hasOwnProperty' && first && isSubject(first)) return deps.isTainted(receiver) ? undefined : { protects: 'all', strength: 'full' };
      if ((method === 'test' || method === 'exec') && first && isSubject(first)) return regexGuard(receiver);
      if (method === 'match' && isSubject(receiver)) return regexGuard(args[0]);
      if (method === 'startsWith' && isSubject(receiver) && first) return { protects: 'traversal', strength: endsWithSeparator(first) ? 'full' : 'partial' };
      if (method && STRICT_VALIDATORS.has(method) && subjectArgument) return { protects: 'all', strength: 'full' };
    }
    const last = lastName(callee);
    if (last && subjectArgument && isValidatorName(last)) return { protects: 'all', strength: 'partial' };
    return undefined;
  }

  /** What a call returning false proves: `isNaN(x)` false means a number; `rel.startsWith('..')` false means inside. */
  function negatedCallGuard(call: TSESTree.CallExpression, isSubject: (n: TSESTree.Node) => boolean): Found | undefined {
    const name = dottedName(call.callee);
    const first = call.arguments[0];
    if (name === 'isNaN' && first && isSubject(first)) return { protects: 'all', strength: 'full' };
    if (searchesForDotDot(call, 'includes', isSubject)) return DOT_DOT_ABSENT;
    const callee = unwrap(call.callee);
    if (callee.type === 'MemberExpression' && propertyName(callee) === 'startsWith' && first?.type === 'Literal' && first.value === '..') {
      // const rel = path.relative(root, p); if (rel.startsWith('..')) throw ...: p stays under root.
      const receiver = unwrap(callee.object);
      if (receiver.type !== 'Identifier') return undefined;
      const writes = deps.variableOf(receiver)?.references.filter((r) => r.isWrite()) ?? [];
      const init = writes.length === 1 && writes[0].writeExpr ? unwrap(writes[0].writeExpr) : undefined;
      if (init?.type === 'CallExpression' && /(^|\.)relative$/.test(dottedName(init.callee) ?? '') && init.arguments[1] && isSubject(init.arguments[1])) {
        return { protects: 'traversal', strength: 'full' };
      }
    }
    return undefined;
  }

  /** `includes`/`has`/`indexOf` on a list: a literal list or Set is an allowlist; a list Rugged cannot see is trusted less; a string is no list. */
  function collectionGuard(receiver: TSESTree.Node, depth = 0): Found | undefined {
    const node = unwrap(receiver);
    if (node.type === 'ArrayExpression') return node.elements.every((e) => e && isConstantLiteral(e)) ? { protects: 'all', strength: 'full' } : { protects: 'all', strength: 'partial' };
    if (node.type === 'NewExpression' && (dottedName(node.callee) === 'Set' || dottedName(node.callee) === 'Map')) {
      const first = node.arguments[0];
      return first && first.type !== 'SpreadElement' && depth < 3 ? collectionGuard(first, depth + 1) : { protects: 'all', strength: 'partial' };
    }
    if (node.type === 'CallExpression' && /^Object\.(keys|values)$/.test(dottedName(node.callee) ?? '')) {
      const first = node.arguments[0];
      return first && !deps.isTainted(first) ? { protects: 'all', strength: 'full' } : undefined;
    }
    if (node.type === 'Literal' || node.type === 'TemplateLiteral' || (node.type === 'BinaryExpression' && node.operator === '+')) return undefined;
    if (deps.isTainted(node)) return undefined;
    if (node.type === 'Identifier' && depth < 3) {
      const writes = deps.variableOf(node)?.references.filter((r) => r.isWrite()) ?? [];
      const declarator = writes.length === 1 && writes[0].writeExpr ? getParent(writes[0].writeExpr) : undefined;
      if (declarator?.type === 'VariableDeclarator' && declarator.init) return collectionGuard(declarator.init, depth + 1);
    }
    return { protects: 'all', strength: 'partial' };
  }

  function regexGuard(raw: TSESTree.Node | undefined, depth = 0): Found | undefined {
    if (!raw || raw.type === 'SpreadElement') return undefined;
    const node = unwrap(raw);
    let strength: ReturnType<typeof patternStrength>;
    if (node.type === 'Literal' && 'regex' in node && node.regex) strength = patternStrength(node.regex.pattern, node.regex.flags);
    else if (node.type === 'NewExpression' && dottedName(node.callee) === 'RegExp' && node.arguments[0]?.type === 'Literal' && typeof node.arguments[0].value === 'string') {
      const flags = node.arguments[1];
      strength = patternStrength(node.arguments[0].value, flags?.type === 'Literal' && typeof flags.value === 'string' ? flags.value : '');
    } else if (node.type === 'Identifier' && depth < 3) {
      const writes = deps.variableOf(node)?.references.filter((r) => r.isWrite()) ?? [];
      return writes.length === 1 && writes[0].writeExpr ? regexGuard(writes[0].writeExpr, depth + 1) : undefined;
    }
    if (!strength) return undefined;
    return { protects: strength === 'all' ? 'all' : 'injection', strength: 'full' };
  }

  function caseIsLiteral(switchNode: TSESTree.SwitchStatement, target: TSESTree.SwitchCase): boolean {
    // Falling through from `default` would bring any value here.
    for (const c of switchNode.cases) {
      if (c.test === null) return false;
      if (!isConstantLiteral(c.test)) return false;
      if (c === target) return true;
    }
    return false;
  }

  function isConstantName(node: TSESTree.Node): boolean {
    if (node.type !== 'Identifier' && node.type !== 'MemberExpression') return false;
    const root = rootOf(node);
    if (!root) return false;
    const writes = deps.variableOf(root)?.references.filter((r) => r.isWrite()) ?? [];
    const declarator = writes.length === 1 && writes[0].writeExpr ? getParent(writes[0].writeExpr) : undefined;
    if (declarator?.type !== 'VariableDeclarator' || !isConst(declarator) || !declarator.init) return false;
    const init = unwrap(declarator.init);
    return node.type === 'Identifier' ? isConstantLiteral(init) : init.type === 'ObjectExpression';
  }

  function isConst(declarator: TSESTree.VariableDeclarator): boolean {
    const declaration = getParent(declarator);
    return declaration?.type === 'VariableDeclaration' && declaration.kind === 'const';
  }

  function statementList(node: TSESTree.Node): TSESTree.Statement[] | undefined {
    if (node.type === 'BlockStatement' || node.type === 'Program' || node.type === 'StaticBlock') return node.body;
    if (node.type === 'SwitchCase') return node.consequent;
    return undefined;
  }

  return { guardOf };
}

/** Index of the last statement starting before `offset` (binary search: the list is in source order). */
function lastIndexBefore(statements: TSESTree.Statement[], offset: number): number {
  let low = 0;
  let high = statements.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (statements[middle].range[0] < offset) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

function rankOf(found: Found): number {
  return (found.strength === 'full' ? 2 : 0) + (found.protects === 'all' ? 1 : 0);
}

function stronger(a: Found | undefined, b: Found | undefined): Found | undefined {
  if (!a) return b;
  if (!b) return a;
  return rankOf(b) > rankOf(a) ? b : a;
}

function weaker(a: Found, b: Found): Found | undefined {
  const protects = a.protects === b.protects || b.protects === 'all' ? a.protects : a.protects === 'all' ? b.protects : undefined;
  if (!protects) return undefined;
  return { protects, strength: a.strength === 'partial' || b.strength === 'partial' ? 'partial' : 'full' };
}

/**
 * `!name.includes('..')`: no parent segment, but an absolute name (`/etc/cron.d/x`, `C:\\x`) still
 * leaves a directory when it is resolved or used as it is, so Rugged cannot judge it from here.
 */
const DOT_DOT_ABSENT: Found = { protects: 'traversal', strength: 'partial' };

/** `x.includes('..')` or `x.indexOf('..')` on the subject. */
function searchesForDotDot(raw: TSESTree.Node, method: 'includes' | 'indexOf', isSubject: (n: TSESTree.Node) => boolean): boolean {
  const call = unwrap(raw);
  if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || propertyName(call.callee) !== method) return false;
  const first = call.arguments[0];
  return first?.type === 'Literal' && typeof first.value === 'string' && first.value.startsWith('..') && isSubject(call.callee.object);
}

/** Calls that never return. */
const LEAVING_CALLS = new Set(['process.exit', 'ctx.throw']);

/** A statement that never lets control reach the next one: throw, return, break, continue, process.exit, ctx.throw. */
function alwaysLeaves(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case 'ThrowStatement':
    case 'ReturnStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return true;
    case 'BlockStatement':
      return statement.body.some((s) => alwaysLeaves(s));
    case 'IfStatement':
      return !!statement.alternate && alwaysLeaves(statement.consequent) && alwaysLeaves(statement.alternate);
    case 'ExpressionStatement':
      // Koa's `ctx.throw(400)` throws an HTTP error, as `throw` does.
      return LEAVING_CALLS.has(dottedName(unwrap(statement.expression).type === 'CallExpression' ? (unwrap(statement.expression) as TSESTree.CallExpression).callee : statement.expression) ?? '');
    default:
      return false;
  }
}

/** Like `alwaysLeaves`, but `break` only leaves a `switch` case, not the function. */
function leavesFunction(statement: TSESTree.Statement): boolean {
  if (statement.type === 'BreakStatement') return false;
  if (statement.type === 'BlockStatement') return statement.body.some((s) => leavesFunction(s));
  return alwaysLeaves(statement);
}

function isConstantLiteral(raw: TSESTree.Node): boolean {
  const node = unwrap(raw);
  if (node.type === 'Literal') return !('regex' in node && node.regex);
  if (node.type === 'TemplateLiteral') return node.expressions.length === 0;
  if (node.type === 'UnaryExpression' && node.operator === '-') return unwrap(node.argument).type === 'Literal';
  return false;
}

function isMinusOne(raw: TSESTree.Node): boolean {
  const node = unwrap(raw);
  return node.type === 'UnaryExpression' && node.operator === '-' && node.argument.type === 'Literal' && node.argument.value === 1;
}

function isZero(raw: TSESTree.Node): boolean {
  const node = unwrap(raw);
  return node.type === 'Literal' && node.value === 0;
}

/** `root + path.sep`, `root + '/'`, `` `${root}/` ``, `` `${root}${sep}` ``: a prefix that ends at a directory boundary. */
function endsWithSeparator(raw: TSESTree.Node): boolean {
  const node = unwrap(raw);
  const isSeparator = (n: TSESTree.Node) => {
    const inner = unwrap(n);
    if (inner.type === 'Literal') return typeof inner.value === 'string' && /[\\/]$/.test(inner.value);
    return /(^|\.)sep$/.test(dottedName(inner) ?? '');
  };
  if (node.type === 'BinaryExpression' && node.operator === '+') return isSeparator(node.right);
  if (node.type === 'TemplateLiteral') {
    const tail = node.quasis[node.quasis.length - 1].value.cooked ?? '';
    if (tail !== '') return /[\\/]$/.test(tail);
    const last = node.expressions[node.expressions.length - 1];
    return !!last && isSeparator(last);
  }
  return isSeparator(node);
}

function lastName(callee: TSESTree.Node): string | undefined {
  const node = unwrap(callee);
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') return propertyName(node);
  return undefined;
}

function isValidatorName(name: string): boolean {
  if (SHAPE_PREDICATES.has(name)) return false;
  const first = nameWords(name)[0];
  return first !== undefined && VALIDATOR_WORDS.has(first) && name.length > first.length;
}

function rootOf(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = unwrap(node);
  while (current.type === 'MemberExpression') current = unwrap(current.object);
  return current.type === 'Identifier' ? current : undefined;
}
