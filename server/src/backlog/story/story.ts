// Builds an abuser story from what Rugged knows about a piece of code: the findings in it, each
// rule's abuser-story seed, the enclosing symbol, Git facts and the user's choices. Pure: no file
// system, no Git, no clock (the caller passes them in), so editors, the CLI and trackers share it.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import { buildExcerpt, lineCount, sliceLines } from './excerpt';
import { storyFingerprint, storyKey } from './fingerprint';
import { inertMarkdown, singleLine, truncate } from './markdownSafety';
import { readsAsLoss, splitTechnique, storyTitle, TITLE_MAX, wholeTitle } from './storyTitle';
import { assetFromCode, fillAsset, harmAfterGoal, withAddition } from './storyAsset';
import { narrativeActor, storyActor, withArticle } from './storyActor';
import { permalink, stripCredentials } from './permalink';
import { knownSecrets } from '../../redaction/knownSecrets';
import { redactSecrets } from '../../redaction/redact';
import { anonymousReach, overrideRisk, priorityOf, rateRisk, worstRisk, type LevelChange } from './risk';
import { routeAuthentication, routesIn, type MountLevel, type RouteAuthentication } from './routeAuth';
import { anonymousActor, anonymousReason, anonymousTest, assumedLogin, isLoginCriterion, isPrivileged, loginCriterion, loginOfGroup } from './prerequisiteCheck';
import { ownerCriterion, ownerFieldIn, ownerWord } from './ownership';
import { missingLoginStory, MISSING_LOGIN_GOAL, needsLoginStory } from './missingLoginStory';
import { findGoal, goalsFor, sortStride, STRIDE, type CatalogueGoal } from './stride';
import { joinRoute, mountsIn, type Mount } from './routes';
import { planTest, type SkeletonTarget, type TestFramework } from './testSkeleton';
import { attackTargetDetails } from './skeletonTargets';
import { findingForGoal, ruleForGoal } from './goalAttacks';
import { requestFieldsIn } from './handlerFields';
import { requestFieldOf, sqlInputsOf } from './findingField';
import { isSiteWide } from './platformStories';
import { groupByGoal } from './storyGroups';
import { controlApplies, fitControl } from './controlRelevance';
import { enclosingRoute, enclosingSymbol as enclosingSymbolAt } from './symbol';
import { exposedStorageActor, exposedStorageRisk } from './passwordExposure';
import { groundGoal, groundSeed, type Grounded, type GroundingContext } from './storyGrounding';
import { htmlGetRoutes } from './readBackRoutes';
import type { WorkspaceFacts } from './workspaceFacts';
import { joinAnd, lowerFirst } from './wordList';
import {
  STORY_SCHEMA_VERSION,
  type AcceptanceCriterion,
  type EntryPoint,
  type RiskLevel,
  type RiskRating,
  type Story,
  type StoryFinding,
  type StrideCategory,
} from './types';

export { TITLE_MAX };
export const SECURITY_TEST_CRITERION = 'An automated security test reproduces the attack; it fails before the fix and passes after; its path is linked here';

/** What the story builder needs to know about a rule; `RuleModule` from rules/ fits. */
export interface RuleInfo {
  id: string;
  meta: { title: string; cwe: readonly string[]; owasp: readonly string[]; abuserStory?: AbuserStorySeed };
}

/** What the person raising the story chose or typed; every field is optional. */
export interface StoryChoices {
  title?: string;
  actor?: string;
  stride?: StrideCategory[];
  /** Only findings of this rule are linked. */
  ruleId?: string;
  /** A catalogue goal id (`t-injection`), used when the code has no finding. */
  goalId?: string;
  /** Free-text goal and harm, overriding the seed's (and the catalogue goal's). */
  goal?: string;
  harm?: string;
  /** What the attacker needs first ("with a customer account"); it describes the actor, replacing the seed's. */
  prerequisites?: string;
  /** The asset at risk, overriding the seed's. */
  asset?: string;
  likelihood?: RiskLevel;
  impact?: RiskLevel;
}

export interface StoryGitFacts {
  commit?: string;
  remote?: string;
  /** The analysed text differs from the committed file. */
  uncommitted?: boolean;
  /** False when the file is not in the commit, so a permalink would lead nowhere. */
  tracked?: boolean;
}

export interface StoryInput {
  /** The file's text as analysed (the editor buffer, or the file on disk). */
  text: string;
  /** Repository-relative POSIX path. */
  path: string;
  /** 1-based inclusive lines; absent for the whole file. */
  selection?: { startLine: number; endLine: number };
  /** Everything `analyze` found in the file; the builder picks those in the selection. */
  findings: readonly Finding[];
  /**
   * The findings this story links when it is one of several raised from the same selection (one
   * goal group of buildStories); its excerpt then runs from where their input enters to their sinks.
   * Every finding of the file still takes part in redaction.
   */
  linked?: readonly Finding[];
  rules: readonly RuleInfo[];
  git?: StoryGitFacts;
  choices?: StoryChoices;
  /**
   * Where the workspace mounts this file's router (`app.use('/products', require('./routes/products'))`),
   * with every level's prefix when a router mounts it in turn (`/api/products`).
   */
  mountPrefix?: string;
  /** The file that mounts this file's router (repository-relative path and text) and its own prefix there (else `mountPrefix`), for the route's authentication. */
  mount?: { path: string; text: string; prefix?: string };
  /** The levels above `mount`, innermost first: a router of that file, or another file, that mounts the one below. */
  outerMounts?: readonly MountLevel[];
  /** The project's test framework (from its package.json), for the story's test skeleton. */
  testFramework?: TestFramework;
  /** Installed library versions (lockfile, else package.json), for attacks a library version already stops. */
  libraries?: Readonly<Record<string, string>>;
  /** The port the app listens on by default (its `listen(...)` literal), for the HTTP test's BASE_URL. */
  appPort?: number;
  /** What the rest of the workspace says about this code (its secrets, files in reach, the app's set-up). */
  workspace?: WorkspaceFacts;
  now: Date;
  toolVersion: string;
}

/** The findings a story links: in the selection, of the chosen rule, not suppressed, not engine notes. */
export function selectFindings(findings: readonly Finding[], selection: StoryInput['selection'], ruleId?: string): Finding[] {
  return findings.filter((f) => {
    if (f.ruleId.startsWith('rugged/') || f.suppression) return false;
    if (ruleId && f.ruleId !== ruleId) return false;
    if (!selection) return true;
    return f.range.start.line <= selection.endLine && f.range.end.line >= selection.startLine;
  });
}

interface Contribution {
  ruleId: string;
  /** The rule's seed as true for this code (storyGrounding.ts). */
  seed: AbuserStorySeed;
  /** What the grounding of the worst finding adds to the asset. */
  assetAddition?: string;
  /** The grounding's losses for the title, tried whole (groundingTypes.ts). */
  titleLosses?: readonly string[];
  findings: Finding[];
  /** One rating per finding, labelled for the rationale. */
  ratings: { label: string; rating: RiskRating }[];
  /** The worst of them, used to order the rules. */
  risk: RiskRating;
  /** Grounding lowered the worst finding's likelihood for what the code does (a script only its sender sees, a forgery the library refuses). */
  likelihoodLowered: boolean;
  /** Its attack learns one bit per request (groundingTypes.ts): a rule rated the same that reads rows back tells the story. */
  blind: boolean;
  /** The committed secret this story is the first to ask to move, and the story that already owns one it relies on. */
  ownsSecret?: Grounded['ownsSecret'];
  dependsOn?: Grounded['dependsOn'];
  unsetEnv?: Grounded['unsetEnv'];
  namedFile?: Grounded['namedFile'];
  hardening?: string;
}

export function buildStory(input: StoryInput): Story {
  const choices = input.choices ?? {};
  const total = lineCount(input.text);
  const selection = input.selection ? clampSelection(input.selection, total) : undefined;
  const findings = selectFindings(input.linked ?? input.findings, selection, choices.ruleId);
  const span = regionLines(input.linked ? undefined : selection, findings, total);
  const rawSymbol = enclosingSymbolFor(input, selection, findings);
  // The route with its mount prefix is what a tester types; the fingerprint keeps the router's own
  // path, so stories raised before the prefix was resolved are still found.
  const bareRoute = fullRoute(input, selection, findings);

  let redactions = 0;
  // Every finding of the file takes part, suppressed ones too: a secret another finding flagged
  // may sit on a quoted line or in a symbol name.
  const known = knownSecrets(input.findings, input.text);
  const clean = (text: string, max?: number): string => {
    const redacted = redactSecrets(singleLine(text), known);
    redactions += redacted.count;
    const safe = inertMarkdown(redacted.text);
    return max ? truncate(safe, max) : safe;
  };
  // Text shown only as code (routes, symbols, the test skeleton): redacted, never escaped.
  const cleanCode = (text: string): string => {
    const redacted = redactSecrets(singleLine(text), known);
    redactions += redacted.count;
    return redacted.text;
  };

  // A route path may carry a token (`/hooks/<token>`): redacted before anything quotes it.
  const route = bareRoute ? { method: bareRoute.method, path: cleanCode(bareRoute.path) } : undefined;
  const symbol = route ? `${route.method} ${route.path}` : rawSymbol;
  const auth = bareRoute ? authenticationOf(input, bareRoute) : undefined;

  const handlerText = bareRoute ? input.text.slice(bareRoute.handler[0], bareRoute.handler[1]) : sliceLines(input.text, span);
  const readBack = htmlReadBack(input, bareRoute);
  const grounding: GroundingContext = {
    path: input.path,
    text: input.text,
    handler: handlerText,
    ...(bareRoute ? { method: bareRoute.method, routePath: bareRoute.path } : {}),
    ...(input.libraries ? { libraries: input.libraries } : {}),
    ...(input.workspace ? { workspace: input.workspace } : {}),
    htmlReadBack: readBack,
  };
  const contributions = contributionsOf(findings, input.rules, (ruleId, seed, finding) => groundSeed(ruleId, seed, finding, grounding));
  const primary = contributions[0];
  // The lead rule sets the fix and the test; a blind one (one bit per request) leaves the words to a
  // rule rated the same whose attack reads the rows back, which is what the attacker will do.
  const narrator = primary?.blind ? (contributions.find((c) => !c.blind && c.risk.score === primary.risk.score && c.risk.impact === primary.risk.impact) ?? primary) : primary;
  const told = narrator && narrator !== primary ? [narrator, ...contributions.filter((c) => c !== narrator)] : contributions;
  // A goal the person chose leads the narrative even where findings exist: the findings are then
  // the evidence for that goal, not its author. A STRIDE choice none of the seeds covers does the same.
  // Rugged's own words for a chosen goal must hold for this code too (a stored script that nothing shows back).
  const chosenGoal = leadingGoal(choices, contributions);
  const catalogue = chosenGoal ? groundGoal(chosenGoal, findingForGoal(chosenGoal.id, findings), (id) => input.rules.find((r) => r.id === id)?.meta.abuserStory, grounding) : undefined;
  const lead = catalogue ? undefined : primary;
  const explicitGoal = Boolean(choices.goalId || choices.goal?.trim());

  const stride = sortStride(choices.stride?.length ? choices.stride : lead ? contributions.flatMap((c) => c.seed.stride) : [catalogue!.stride]);
  const rawPrerequisites = choices.prerequisites?.trim() ? stripClause(choices.prerequisites) : undefined;
  const prerequisites = rawPrerequisites ? clean(rawPrerequisites) : undefined;
  const seedActor = lead?.seed.actor ?? catalogue!.actor;
  const chosenActor = choices.actor?.trim() ? choices.actor : undefined;
  // A stated login the route does not check is false: anyone can do this, and the story says so.
  const assumption = auth?.state === 'unguarded' && route ? assumedLogin(rawPrerequisites, chosenActor ?? seedActor, route.path) : undefined;
  // Where what the code does already made the attack unlikely for anyone (a script only its sender
  // sees), an open route does not change who attacks: the grounding's actor stays.
  const actorGrounded = Boolean(lead && !chosenActor && contributions.every((c) => c.likelihoodLowered));
  const anonymousTold = assumption && !actorGrounded ? assumption : undefined;
  // Weakly stored passwords another story already hands to anyone are no longer behind a database copy.
  const storageIds = [...findings.map((f) => f.ruleId), ...(catalogue ? [`goal:${catalogue.id}`] : [])];
  const exposedActor = chosenActor || rawPrerequisites ? undefined : exposedStorageActor(storageIds, input.workspace?.passwordExposures);
  const actor = anonymousTold ? 'any anonymous visitor' : clean(exposedActor ?? storyActor(seedActor, chosenActor, rawPrerequisites));
  const leadFinding = primary ? worstFinding(primary.findings) : undefined;
  // The asset: the person's, else what this code names (a table, a collection, a cookie), else the seed's.
  const seedAsset = lead ? unique(contributions.map((c) => c.seed.asset)).join('; ') : catalogue!.asset;
  const codeAsset = lead && leadFinding ? assetFromCode(sliceLines(input.text, span), leadFinding.ruleId, attackTargetDetails(input.text, leadFinding, span).cookieName) : undefined;
  // What the code puts in reach beyond it (a committed key a traversal reads) joins whichever asset is named.
  const addition = lead ? narrator?.assetAddition : undefined;
  const namedAsset = choices.asset?.trim() || codeAsset || seedAsset;
  const assetText = withAddition(namedAsset, addition);
  const goalTemplate = stripClause(choices.goal?.trim() || (lead ? combineGoals(told) : catalogue!.goal));
  // The fingerprint keeps the whole goal, technique included, so stories raised before are found
  // again; it keeps the asset in the order it was first written (the addition last) for the same reason.
  const fullGoal = clean(fillAsset(goalTemplate, addition ? `${namedAsset} and ${addition}` : namedAsset));
  // The narrative names the loss; "by forging ..." is how, and belongs in the details.
  // A SELECT its driver runs alone (sqlite3 `db.all`, mysql2 without multipleStatements) lets an
  // injection read, never stack an UPDATE: the seed's "read or change" would overstate it. Only the
  // words shown change; the fingerprint keeps the seed's goal, so the story is still found again.
  const onlyReads = Boolean(lead && narrator && !choices.goal?.trim() && narrator.findings.every((f) => f.data?.access === 'read'));
  const asRead = (text: string) => (onlyReads ? text.replace(/\bread or change\b/gi, 'read').replace(/\bcopy, change or delete\b/g, 'copy') : text);
  // Nor is it Tampering, unless a letter was chosen, when no rule's change holds: a query its driver
  // runs alone, or a grounding that found no change possible, drops it.
  const mayChange = (c: Contribution) => c.seed.stride.includes('T') && !c.findings.every((f) => f.data?.access === 'read');
  const noChange = Boolean(lead && !choices.goal?.trim()) && !contributions.some(mayChange);
  const shownStride = noChange && !choices.stride?.length && stride.length > 1 ? stride.filter((letter) => letter !== 'T') : stride;
  const [lossTemplate, techniqueTemplate] = splitTechnique(stripClause(choices.goal?.trim() || (lead ? asRead(narrator.seed.goal) : catalogue!.goal)));
  const goal = clean(fillAsset(lossTemplate, assetText));
  const technique = techniqueTemplate ? clean(fillAsset(techniqueTemplate, assetText)) : undefined;
  // Another rule's goal is listed as related, never joined into the lead's sentence.
  const relatedGoals = lead && !choices.goal?.trim() ? relatedGoalsOf(told, assetText).map((g) => clean(g)) : [];
  const harm = clean(stripClause(fillAsset(choices.harm?.trim() || (lead ? asRead(narrator.seed.harm) : catalogue!.harm), assetText)));
  const asset = clean(assetText);

  // A chosen goal keeps its words, but what the code shows about its evidence (a reflected script
  // only its sender sees, a library that refuses the forgery) still sets the levels.
  const goalEvidence = catalogue ? findingForGoal(catalogue.id, findings) : undefined;
  const goalLevels = goalEvidence ? groundedLevels(goalEvidence, input.rules, grounding) : undefined;
  const baseRisk = lead
    ? worstRisk(contributions.flatMap((c) => c.ratings))
    : rateRisk({
        seedLikelihood: catalogue!.likelihood,
        seedImpact: catalogue!.impact,
        seedSource: `catalogue goal ${catalogue!.id}`,
        ...(primary ? { finding: worstFinding(primary.findings) } : {}),
        ...(goalLevels ? { grounded: goalLevels } : {}),
      });
  // An open route raises the likelihood unless what the code does already lowered it: a script
  // echoed only to its sender, or a forgery the library refuses, stays as unlikely for anyone.
  const lowered = lead ? contributions.every((c) => c.likelihoodLowered) : goalLevels?.likelihood !== undefined && goalLevels.likelihood.level < catalogue!.likelihood;
  const reachedRisk = assumption && !lowered ? anonymousReach(baseRisk, cleanCode(anonymousReason(rawPrerequisites, assumption))) : baseRisk;
  const exposedRisk = exposedStorageRisk(reachedRisk, storageIds, input.workspace?.passwordExposures);
  const risk = overrideRisk(exposedRisk, choices.likelihood, choices.impact);

  const storyFindings: StoryFinding[] = findings.map((f) => {
    const rule = input.rules.find((r) => r.id === f.ruleId);
    return {
      ruleId: f.ruleId,
      ...(rule ? { title: clean(rule.meta.title) } : {}),
      cwe: [...(rule?.meta.cwe ?? [])],
      owasp: [...(rule?.meta.owasp ?? [])],
      severity: f.severity,
      confidence: f.confidence,
      message: clean(f.message, 300),
      lines: [f.range.start.line, f.range.end.line],
      fingerprint: f.fingerprint,
    };
  });

  const entryPoint: EntryPoint = {
    path: input.path,
    // A route path is a symbol too (`GET /hooks/<token>`), and it may carry a token.
    ...(symbol ? { symbol: cleanCode(symbol) } : {}),
    lines: span,
    language: '',
  };
  const { excerpt, sha256 } = buildExcerpt(input.text, input.path, span, known);
  entryPoint.language = excerpt.language;
  redactions += excerpt.redactions;
  if (input.git?.commit) entryPoint.commit = input.git.commit;
  // Remote URLs can embed a token (https://user:token@host/...); it never reaches a story.
  const remote = input.git?.remote ? stripCredentials(input.git.remote) : undefined;
  if (remote) entryPoint.repository = remote;
  if (input.git?.commit && remote && input.git.tracked !== false) {
    const link = permalink(remote, input.git.commit, input.path, span);
    if (link) entryPoint.permalink = link;
  }
  if (input.git?.uncommitted) entryPoint.uncommitted = true;

  const seedControls = lead ? unique(contributions.flatMap((c) => c.seed.controls)) : catalogue!.controls;
  // Only the narrating rules' groundings speak for the story: a chosen goal keeps its own words.
  const ownedSecrets = lead ? contributions.flatMap((c) => (c.ownsSecret ? [c.ownsSecret] : [])) : [];
  const secretDependencies = lead ? contributions.flatMap((c) => (c.dependsOn ? [c.dependsOn] : [])) : [];
  // Hardening only when no linked finding is a risk today: one that works makes the story a risk.
  const hardening = lead && contributions.every((c) => c.hardening) ? contributions[0].hardening : undefined;
  // Site-wide controls are one platform story, not a criterion of every single-fix story.
  const platformControls = seedControls.filter((c) => isSiteWide(c));
  // The test follows the story's lead: the lead rule's worst finding, or for a chosen goal the linked
  // finding of that goal's kind, else the goal's attack on the selected handler.
  const testFinding = lead ? leadFinding : catalogue ? findingForGoal(catalogue.id, findings) : undefined;
  const goalRule = !lead && catalogue && !testFinding ? ruleForGoal(catalogue.id, handlerText, input.text) : undefined;
  const field = testFinding ? requestFieldOf(input.text, testFinding, handlerText) : goalRule ? (goalRule.field ?? requestFieldsIn(handlerText)[0]) : undefined;
  const fingerprint = storyFingerprint({
    path: input.path,
    symbol: rawSymbol,
    findingFingerprints: findings.map((f) => f.fingerprint),
    snippet: sliceLines(input.text, span),
    stride,
    goal: fullGoal,
    // A person's goal makes another story on the same code (goal-aware dedup); without one the
    // fingerprint stays what it always was, so re-raising finds stories written before.
    ...(explicitGoal ? { chosenGoal: fullGoal } : {}),
  });
  const keyForTest = storyKey(fingerprint);
  const testRule = testFinding ?? goalRule;
  // The story that owns a committed token key proves its rotation: a token signed with it is refused.
  const ownedKey = testRule ? contributions.find((c) => c.ruleId === testRule.ruleId)?.ownsSecret : undefined;
  const committedKey = ownedKey?.name && lead ? { name: ownedKey.name, path: ownedKey.path } : undefined;
  const unsetEnv = testRule && lead ? contributions.find((c) => c.ruleId === testRule.ruleId)?.unsetEnv : undefined;
  const namedFile = testRule && lead ? contributions.find((c) => c.ruleId === testRule.ruleId)?.namedFile : undefined;
  // Every request field the story's queries paste in, so the fix and the test name each one.
  // Only the queries of the handler the test calls: a story may link findings of other routes.
  const inHandler = (f: Finding) => !bareRoute || (f.range.start.offset >= bareRoute.handler[0] && f.range.end.offset <= bareRoute.handler[1]);
  const sqlInputs = sqlInputsOf(findings.filter(inHandler));
  const owner = ownerWord(rawPrerequisites ?? chosenActor ?? seedActor);
  // Whose record a route reads or changes must come from who signed in: a login alone leaves any
  // signed-in user free to name another's record by its id or by an owner field of the request.
  // Staff and administrators may look up any customer's records: naming one is their job.
  const othersRecordGoal = testRule?.ruleId === 'goal:t-others-record';
  const stated = route ? assumedLogin(rawPrerequisites, chosenActor ?? seedActor, route.path) : undefined;
  const ownerField = route && !othersRecordGoal && !(stated && isPrivileged(stated)) ? ownerFieldIn(requestFieldsIn(handlerText)) : undefined;
  const plan = testRule
    ? planTest(
        {
          key: keyForTest,
          title: choices.title ?? goal,
          ruleId: testRule.ruleId,
          message: testRule.message,
          ...(route ? { method: route.method, route: route.path } : {}),
          ...(field ? { field } : {}),
          ...(testFinding ? attackTargetDetails(input.text, testFinding, span, bareRoute?.handler) : { regionText: handlerText }),
          file: input.path,
          fileText: input.text,
          ...(input.libraries ? { libraries: input.libraries } : {}),
          ...(input.appPort ? { port: input.appPort } : {}),
          ...(auth?.state === 'unguarded' ? { anonymous: true } : {}),
          htmlReadBack: readBack,
          ...(sqlInputs.length > 0 ? { sqlInputs } : {}),
          ...(input.workspace?.sqlTables ? { sqlTables: input.workspace.sqlTables } : {}),
          ...(committedKey ? { committedKey } : {}),
          ...(unsetEnv ? { unsetEnv } : {}),
          ...(namedFile ? { namedFile } : {}),
          ...(input.workspace?.signIn ? { signIn: input.workspace.signIn } : {}),
          ...(input.workspace?.routes ? { workspaceRoutes: input.workspace.routes } : {}),
          owner,
          ...(ownerField ? { ownerField } : {}),
        } satisfies SkeletonTarget,
        input.testFramework ?? 'node:test',
      )
    : undefined;
  const skeleton = plan && 'skeleton' in plan ? plan.skeleton : undefined;
  const testNote = plan && 'notProposed' in plan ? clean(plan.notProposed) : undefined;
  const where = `${input.path}:${formatLines(leadFinding ? [leadFinding.range.start.line, leadFinding.range.end.line] : span)}`;
  const place = `\`${where}\`${symbol ? ` (\`${symbol}\`)` : ''}`;
  const local = seedControls.filter((c) => !isSiteWide(c) && !((skeleton || testNote) && /^An automated (?:security )?(?:test|check)/i.test(c))).map((c) => fitControl(c, input.text));
  const [fix, ...otherControls] = local.map((text) => text.trim().replace(/[.\s]+$/, ''));
  const loginTest = assumption && route ? anonymousTest(keyForTest, [route], assumption, input.testFramework ?? 'node:test', input.appPort) : undefined;
  const fixedFields = unique([...(field ? [`req.${field.location}.${field.name}`] : []), ...sqlInputs.map((i) => `req.${i.field.location}.${i.field.name}`)]);
  const othersRecord = Boolean(skeleton && othersRecordGoal);
  const ownerControl =
    route && (ownerField || othersRecord)
      ? [
          ownerCriterion({
            where: symbol!,
            place: `${input.path}:${formatLines(span)}`,
            owner,
            route: route.path,
            method: route.method,
            ...(ownerField ? { ownerField } : field ? { idField: field } : {}),
            ...(input.workspace?.signIn ? { signIn: input.workspace.signIn } : {}),
          }),
        ]
      : [];
  const codeControls = [...(skeleton?.controls ?? []), ...ownerControl];
  // The queries paste values only: an allowlist of table and column names is not this story's fix.
  const namesNoIdentifier = sqlInputs.length > 0 && !sqlInputs.some((i) => /identifier|keyword|qualified/.test(i.slot));
  const applicable = otherControls.filter((text) => !(namesNoIdentifier && /^Table and column names that depend on input/.test(text)) && controlApplies(text, input.text));
  const fieldNames = [...(field ? [field.name] : []), ...sqlInputs.map((i) => i.field.name)];
  const namesAField = (text: string) => fieldNames.some((name) => text.startsWith(`\`${name}\` `));
  const fieldControls = applicable.filter(namesAField);
  const generalControls = applicable.filter((text) => !namesAField(text));
  const acceptanceCriteria: AcceptanceCriterion[] = [
    // The ownership criterion is the others'-record story's fix, written for this route.
    ...(fix && !othersRecord ? [{ kind: 'control' as const, text: clean(`Fix in ${place}${fixedFields.length > 0 ? ` for ${joinAnd(fixedFields.map((f) => `\`${f}\``))}` : ''}: ${lowerFirst(fix)}${skeleton ? `; ${skeleton.refusal}` : ''}`), done: false }] : []),
    ...codeControls.map((text) => ({ kind: 'control' as const, text: clean(text), done: false })),
    // About five criteria: the missing login's two take the place of the seed's further controls.
    // A control the grounding wrote for this code's own field (`month` checked against its shape) is
    // part of the fix, not one of the seed's general ones, and stays whatever else the story holds.
    ...fieldControls.map((text) => ({ kind: 'control' as const, text: clean(text), done: false })),
    ...generalControls.slice(0, loginTest ? 0 : Math.max(0, 2 - codeControls.length - fieldControls.length)).map((text) => ({ kind: 'control' as const, text: clean(text), done: false })),
    {
      kind: 'test',
      text: skeleton ? clean(skeleton.criterion) : testNote ? clean(`No failing test is proposed: ${testNote}; ${primary ? 'the rule no longer firing (below) is the check instead' : 'a reviewer confirms the fix instead and links it here'}`) : SECURITY_TEST_CRITERION,
      done: false,
    },
    ...(assumption && loginTest
      ? [
          { kind: 'control' as const, text: clean(loginCriterion(assumption, symbol!)), done: false },
          { kind: 'test' as const, text: clean(loginTest.criterion), done: false },
        ]
      : []),
    ...contributions.map((c) => ({
      kind: 'evidence' as const,
      text: clean(`Rule \`${c.ruleId}\` no longer fires at ${input.path}:${formatLines(spanOf(c.findings))}`),
      done: false,
    })),
  ];
  // A reviewer's look is the check only where no test proposed here reproduces the attack.
  if (!primary && !skeleton) {
    acceptanceCriteria.push({
      kind: 'evidence',
      text: clean(`A reviewer confirms the control in ${input.path}${symbol ? ` (${symbol})` : ''} and links the change here`),
      done: false,
    });
  }

  // Shorter wordings of the same goal for a long title: the code's asset, then the first seed's.
  // A goal typed as a step of the attack ("save a todo whose text is a script") is not a title: the
  // seed's or catalogue goal's loss names it instead, with the person's asset.
  const titleTemplate = asRead(choices.goal?.trim() && !readsAsLoss(stripClause(choices.goal)) ? stripClause(lead ? narrator.seed.goal : catalogue!.goal) : goalTemplate);
  const titleWhere = symbol ?? input.path.slice(input.path.lastIndexOf('/') + 1);
  const titleGoals = unique([assetText, codeAsset, narrator?.seed.asset ?? catalogue!.asset].filter((a): a is string => Boolean(a)).map((a) => fillAsset(titleTemplate, a)));
  // A loss the grounding worded for the title is used whole, or not at all.
  const groundedTitle = lead && narrator?.titleLosses && !choices.goal?.trim() ? wholeTitle(narrator.titleLosses, titleWhere) : undefined;
  const plainTitle = groundedTitle ?? storyTitle(titleGoals, titleWhere, assetText);
  // What the code puts in reach raised the impact: a title that lost it to a cut names it alone.
  const title = clean(choices.title ?? (addition && !plainTitle.includes(addition) ? storyTitle([fillAsset(titleTemplate, addition)], titleWhere, addition) : plainTitle), TITLE_MAX);
  // A catalogue goal names its weakness too, so a story raised without findings still says which
  // (the report counts a finding on the same stored passwords inside it).
  // A criterion that takes the owner from the session makes the story one about IDOR too.
  const cwes = unique([...storyFindings.flatMap((f) => f.cwe), ...(catalogue ? [catalogue.cwe] : []), ...(ownerControl.length > 0 ? ['CWE-639'] : [])]);
  const labels = [
    'security',
    'abuser-story',
    ...shownStride.map((s) => `stride-${s.toLowerCase()}`),
    ...cwes.map((c) => c.toLowerCase().replace(/[^a-z0-9]+/g, '-')),
    `risk-${risk.severity.toLowerCase()}`,
  ];

  return {
    schema: STORY_SCHEMA_VERSION,
    kind: 'abuser-story',
    key: storyKey(fingerprint),
    fingerprint,
    title,
    actor,
    goal,
    ...(technique ? { technique } : {}),
    ...(relatedGoals.length > 0 ? { relatedGoals } : {}),
    harm,
    narrative: `As ${anonymousTold ? anonymousActor(anonymousTold) : withArticle(clean(exposedActor ?? narrativeActor(seedActor, chosenActor, rawPrerequisites)))}, I want to ${goal}, so that ${harmAfterGoal(harm, goal, asset)}.`,
    ...(prerequisites ? { prerequisites } : {}),
    stride: shownStride,
    properties: shownStride.map((s) => STRIDE[s].property),
    ...(asset ? { asset } : {}),
    entryPoint,
    findings: storyFindings,
    risk,
    acceptanceCriteria,
    labels: unique(labels),
    priority: priorityOf(risk.severity),
    excerpt,
    ...(skeleton ? { testSkeleton: skeleton } : {}),
    ...(testNote ? { testNote } : {}),
    ...(hardening ? { hardening: clean(hardening) } : {}),
    ...(platformControls.length > 0 ? { platformControls: platformControls.map((c) => clean(c)) } : {}),
    ...(ownedSecrets.length > 0 ? { ownsSecrets: ownedSecrets.map((o) => ({ path: o.path, line: o.line, ...(o.name ? { name: cleanCode(o.name) } : {}) })) } : {}),
    ...(secretDependencies.length > 0 ? { dependsOn: secretDependencies.map((d) => ({ id: d.id, title: clean(d.title), why: clean(d.why) })) } : {}),
    ...(auth && symbol ? { authentication: authenticationFact(auth, cleanCode(symbol), assumption?.group, cleanCode) } : {}),
    ...(loginTest ? { loginTest: { path: loginTest.path, criterion: clean(loginTest.criterion), code: loginTest.code } } : {}),
    provenance: {
      tool: 'rugged',
      toolVersion: input.toolVersion,
      createdAt: input.now.toISOString(),
      source: findings.length > 0 ? 'findings' : selection ? 'selection' : 'file',
      redactions,
      snippetSha256: sha256,
    },
  };
}

/**
 * The stories a selection makes: one per attacker goal and asset among its findings (most
 * dangerous first), each naming the others it was raised with. A goal or a title the person chose,
 * or a single rule, describes one story, which then links every finding as buildStory does; so does
 * a selection whose findings share one goal. A STRIDE choice keeps the goals that have one of its
 * letters, and each story keeps the chosen letters its own goal has.
 */
export function buildStories(input: StoryInput): Story[] {
  return withMissingLogin(input, goalStories(input));
}

function goalStories(input: StoryInput): Story[] {
  const choices = input.choices ?? {};
  if (choices.goalId || choices.goal?.trim() || choices.title?.trim() || choices.ruleId) return [buildStory(input)];
  const total = lineCount(input.text);
  const selection = input.selection ? clampSelection(input.selection, total) : undefined;
  const chosen = choices.stride ?? [];
  const groups = groupByGoal(selectFindings(input.findings, selection), input.rules)
    .map((findings) => ({ findings, stride: chosen.filter((letter) => strideOf(findings, input.rules).has(letter)) }))
    .filter((group) => chosen.length === 0 || group.stride.length > 0);
  if (groups.length <= 1) return [buildStory(input)];
  const stories = groups.map((group) =>
    buildStory({ ...input, linked: group.findings, choices: chosen.length > 0 ? { ...choices, stride: group.stride } : choices }),
  );
  return stories.map((story) => ({ ...story, raisedWith: stories.filter((s) => s !== story).map((s) => ({ key: s.key, title: s.title })) }));
}

/**
 * The stories plus, when their route is back-office work or assumed to need a login and checks none, the missing-login
 * story of its router, each linked to the others as raised together. A person who chose that goal
 * already has it as the story.
 */
function withMissingLogin(input: StoryInput, stories: Story[]): Story[] {
  const lead = stories[0];
  const auth = lead.authentication;
  if (input.choices?.goalId === MISSING_LOGIN_GOAL || auth?.state !== 'unguarded') return stories;
  const [method, ...rest] = auth.route.split(' ');
  const path = rest.join(' ');
  const assumption = loginOfGroup(auth.assumed);
  if (!needsLoginStory(path, assumption)) return stories;
  const mounts = mountsIn(input.text, input.path);
  const route = routesIn({ path: input.path, text: input.text }).find((r) => r.method === method && joinRoute(prefixOf(input, r.router, mounts).prefix ?? '', r.path) === path);
  if (!route) return stories;
  const { prefix, localMount } = prefixOf(input, route.router, mounts);
  const extra = missingLoginStory({
    file: { path: input.path, text: input.text },
    router: route.router,
    ...(prefix ? { prefix } : {}),
    ...mountingFile(input, route.router, prefix, localMount),
    route: { method, path },
    ...(input.workspace?.routeSources ? { appFiles: input.workspace.routeSources } : {}),
    ...(assumption ? { assumption } : {}),
    known: knownSecrets(input.findings, input.text),
    framework: input.testFramework ?? 'node:test',
    ...(input.appPort ? { port: input.appPort } : {}),
    now: input.now,
    toolVersion: input.toolVersion,
  });
  if (!extra) return stories;
  const link = (s: Story) => ({ key: s.key, title: s.title });
  return [
    ...stories.map((s) => ({ ...withoutLogin(s), raisedWith: [...(s.raisedWith ?? []), link(extra)] })),
    { ...extra, raisedWith: stories.map(link) },
  ];
}

/**
 * A route story raised with its router's missing-login story leaves the login to that story: it
 * keeps its own fix and test, and the login criterion and login test are asked for once, there,
 * so the backlog holds one piece of work and one test per fix and the report one risk per cause.
 */
function withoutLogin(story: Story): Story {
  const { loginTest, ...rest } = story;
  if (!loginTest) return story;
  const criteria = story.acceptanceCriteria.filter((c) => c.text !== loginTest.criterion && !(c.kind === 'control' && isLoginCriterion(c.text)));
  return { ...rest, acceptanceCriteria: criteria };
}

/**
 * The prefix a router's routes get: a mount in this file, else the one the caller found in another.
 * `mounts` are this file's (`mountsIn`), passed in so a caller asking for several routers parses once.
 */
function prefixOf(input: StoryInput, router: string, mounts: readonly Mount[]): { prefix?: string; localMount?: boolean } {
  const local = mounts.find((m) => m.local === router && !m.module)?.prefix;
  if (local) return { prefix: local, localMount: true };
  return router !== 'app' && input.mountPrefix ? { prefix: input.mountPrefix } : {};
}

/**
 * The file that mounts a router, with its prefix there, and the levels above it: this file when it
 * mounts its own router, else the chain the caller found.
 */
function mountingFile(input: StoryInput, router: string, prefix: string | undefined, localMount: boolean | undefined): { mount?: MountLevel; outer?: readonly MountLevel[] } {
  if (router === 'app' || !prefix) return {};
  if (localMount) return { mount: { path: input.path, text: input.text, prefix } };
  if (!input.mount) return {};
  const mount = { path: input.mount.path, text: input.mount.text, prefix: input.mount.prefix ?? prefix };
  return { mount, ...(input.outerMounts?.length ? { outer: input.outerMounts } : {}) };
}

/** The STRIDE letters the seeds of these findings' rules name. */
function strideOf(findings: readonly Finding[], rules: readonly RuleInfo[]): Set<StrideCategory> {
  // A rule without a seed gets the fallback seed's tampering.
  return new Set(findings.flatMap((f) => rules.find((r) => r.id === f.ruleId)?.meta.abuserStory?.stride ?? ['T' as const]));
}

/** The catalogue goals to propose when the code has no finding (all of them without a STRIDE choice). */
export function proposeGoals(stride: readonly StrideCategory[] | undefined): CatalogueGoal[] {
  return goalsFor(stride ?? []);
}

function contributionsOf(
  findings: readonly Finding[],
  rules: readonly RuleInfo[],
  ground: (ruleId: string, seed: AbuserStorySeed, finding: Finding) => Grounded,
): Contribution[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const contributions: Contribution[] = [];
  for (const [ruleId, list] of byRule) {
    const rule = rules.find((r) => r.id === ruleId);
    const seed = rule?.meta.abuserStory ?? fallbackSeed(ruleId, list[0].message);
    const grounded = new Map(list.map((f) => [f, ground(ruleId, seed, f)]));
    const ratings = list.map((f) => {
      return {
        label: `rule ${ruleId} at line ${f.range.start.line}`,
        rating: rateRisk({ seedLikelihood: seed.likelihood, seedImpact: seed.impact, seedSource: `rule ${ruleId}`, finding: f, grounded: levelsOf(grounded.get(f)!) }),
      };
    });
    const lead = grounded.get(worstFinding(list))!;
    const likelihoodLowered = lead.likelihood !== undefined && lead.likelihood.level < seed.likelihood;
    contributions.push({
      ruleId,
      seed: lead.seed,
      ...(lead.assetAddition ? { assetAddition: lead.assetAddition } : {}),
      ...(lead.titleLosses ? { titleLosses: lead.titleLosses } : {}),
      ...(lead.ownsSecret ? { ownsSecret: lead.ownsSecret } : {}),
      ...(lead.dependsOn ? { dependsOn: lead.dependsOn } : {}),
      ...(lead.unsetEnv ? { unsetEnv: lead.unsetEnv } : {}),
      ...(lead.namedFile ? { namedFile: lead.namedFile } : {}),
      ...(lead.hardening ? { hardening: lead.hardening } : {}),
      findings: list,
      ratings,
      risk: worstRisk(ratings),
      likelihoodLowered,
      blind: Boolean(lead.blind),
    });
  }
  // The most dangerous rule speaks first: its actor and goal lead the narrative.
  return contributions.sort((a, b) => b.risk.score - a.risk.score || b.risk.impact - a.risk.impact || a.ruleId.localeCompare(b.ruleId));
}

/** The risk levels the grounding of a finding's rule sets, if any. */
function groundedLevels(finding: Finding, rules: readonly RuleInfo[], context: GroundingContext): { likelihood?: LevelChange; impact?: LevelChange } | undefined {
  const seed = rules.find((r) => r.id === finding.ruleId)?.meta.abuserStory;
  if (!seed) return undefined;
  const g = groundSeed(finding.ruleId, seed, finding, context);
  return g.likelihood || g.impact ? levelsOf(g) : undefined;
}

/** The levels a grounding sets, without the keys it leaves alone. */
function levelsOf(g: Grounded): { likelihood?: LevelChange; impact?: LevelChange } {
  return { ...(g.likelihood ? { likelihood: g.likelihood } : {}), ...(g.impact ? { impact: g.impact } : {}) };
}

/** Team checklist rules and unknown ids have no seed; the finding's message stands in. */
function fallbackSeed(ruleId: string, message: string): AbuserStorySeed {
  return {
    actor: 'anonymous internet user',
    goal: `exploit code that breaks the team's checklist (${ruleId}: ${message.replace(/\.$/, '')})`,
    harm: 'the protection the checklist item stands for does not hold here',
    stride: ['T'],
    asset: 'the application',
    controls: [`The code follows the checklist item of ${ruleId}`],
    likelihood: 2,
    impact: 2,
  };
}

/**
 * The catalogue goal that leads the story: the one the person chose; without findings, the first of
 * the chosen STRIDE letters; with findings, one for the chosen letters when no seed covers them.
 */
function leadingGoal(choices: StoryChoices, contributions: readonly Contribution[]): CatalogueGoal | undefined {
  const chosen = choices.goalId ? findGoal(choices.goalId) : undefined;
  if (chosen) return chosen;
  const letters = choices.stride ?? [];
  if (contributions.length === 0) return goalsFor(letters)[0] ?? goalsFor([])[0];
  const seeded = new Set(contributions.flatMap((c) => c.seed.stride));
  if (letters.length > 0 && !letters.some((l) => seeded.has(l))) return goalsFor(letters)[0];
  return undefined;
}

/** The finding that moves a catalogue goal's likelihood: the most severe, then the most confident. */
function worstFinding(findings: readonly Finding[]): Finding {
  const rank = (f: Finding) => ({ error: 0, warning: 1, info: 2 })[f.severity] * 3 + ({ high: 0, medium: 1, low: 2 })[f.confidence];
  return [...findings].sort((a, b) => rank(a) - rank(b))[0];
}

function combineGoals(contributions: readonly Contribution[]): string {
  const goals = unique(contributions.map((c) => stripClause(c.seed.goal)));
  if (goals.length === 1) return goals[0];
  const head = `${goals[0]}, and to ${goals[1]}`;
  return goals.length === 2 ? head : `${head} (${goals.length - 2} more attack${goals.length > 3 ? 's' : ''} in the findings below)`;
}

/** The goals of the rules after the lead, as losses, each with the rule it comes from. */
function relatedGoalsOf(contributions: readonly Contribution[], asset: string): string[] {
  const lead = splitTechnique(stripClause(contributions[0].seed.goal))[0];
  const related = contributions.slice(1).map((c) => ({ loss: splitTechnique(stripClause(c.seed.goal))[0], ruleId: c.ruleId }));
  return unique(related.filter((r) => r.loss !== lead).map((r) => `${fillAsset(r.loss, asset)} (${r.ruleId})`));
}

/** Seeds and users may write "I want to", "so that" or a final period; the sentence adds its own. */
function stripClause(text: string): string {
  let out = text.trim().replace(/^(?:as an? [^,]*,\s*)?(?:i want to|so that)\s+/i, '').replace(/[.\s]+$/, '');
  // Lower-case the first letter unless it starts an acronym ("SQL", "JWT").
  if (/^[A-Z][a-z]/.test(out)) out = out.charAt(0).toLowerCase() + out.slice(1);
  return out;
}

function clampSelection(selection: { startLine: number; endLine: number }, total: number): { startLine: number; endLine: number } {
  const start = Math.min(Math.max(1, Math.floor(selection.startLine)), total);
  const end = Math.min(Math.max(start, Math.floor(selection.endLine)), total);
  return { startLine: start, endLine: end };
}

/**
 * The quoted region: the selection, else from where the input enters to the sink (the findings and
 * their related locations in the file), else the whole file.
 */
function regionLines(selection: StoryInput['selection'], findings: readonly Finding[], total: number): [number, number] {
  if (selection) return [selection.startLine, selection.endLine];
  if (findings.length > 0) {
    const [start, end] = spanOf(findings);
    const related = findings.flatMap((f) => f.related.map((r) => r.range.start.line)).filter((line) => line >= 1 && line <= total);
    return [Math.min(start, ...related), end];
  }
  return [1, total];
}

function spanOf(findings: readonly Finding[]): [number, number] {
  return [Math.min(...findings.map((f) => f.range.start.line)), Math.max(...findings.map((f) => f.range.end.line))];
}

function formatLines([start, end]: [number, number]): string {
  return end > start ? `${start}-${end}` : `${start}`;
}

/** What guards the route: its own file, and the file that mounts its router (this one, or the one the caller found). */
function authenticationOf(input: StoryInput, route: { router: string; prefix?: string; localMount?: boolean; handler: [number, number] }): RouteAuthentication {
  return routeAuthentication({ file: { path: input.path, text: input.text }, handler: route.handler, ...mountingFile(input, route.router, route.prefix, route.localMount) });
}

/** The route's authentication as the story keeps it, with every code-derived text redacted. */
function authenticationFact(auth: RouteAuthentication, route: string, assumed: string | undefined, cleanCode: (text: string) => string): NonNullable<Story['authentication']> {
  if (auth.state === 'guarded') return { state: 'guarded', route, guard: cleanCode(auth.guard), where: cleanCode(auth.where) };
  if (auth.state === 'unknown') return { state: 'unknown', route, reason: cleanCode(auth.reason) };
  return { state: 'unguarded', route, ...(assumed ? { assumed } : {}) };
}

/**
 * Full paths of the file's GET routes that answer HTML, other than the story's own handler: where a
 * stored value is shown back. Mounted like the story's route.
 */
function htmlReadBack(input: StoryInput, route: { handler: [number, number] } | undefined): string[] {
  const mounts = mountsIn(input.text, input.path);
  return htmlGetRoutes(input.text, input.path, route?.handler).map((r) => {
    const { prefix } = prefixOf(input, r.router, mounts);
    return prefix ? joinRoute(prefix, r.path) : r.path;
  });
}

/** `GET /products/search` for a handler of a router mounted under `/products` here or in another file. */
function fullRoute(input: StoryInput, selection: StoryInput['selection'], findings: readonly Finding[]): { method: string; path: string; router: string; prefix?: string; localMount?: boolean; handler: [number, number] } | undefined {
  const offset = symbolOffset(input, selection, findings);
  if (offset === undefined) return undefined;
  const route = enclosingRoute(input.text, input.path, offset);
  if (!route) return undefined;
  const { prefix, localMount } = prefixOf(input, route.router, mountsIn(input.text, input.path));
  return { method: route.method, path: prefix ? joinRoute(prefix, route.path) : route.path, router: route.router, ...(prefix ? { prefix } : {}), ...(localMount ? { localMount } : {}), handler: route.handler };
}

/**
 * The symbol around the first linked finding, or around the end of the first selected line (so
 * that selecting `router.get('/x', (req, res) => {` names the route, not the module).
 */
function enclosingSymbolFor(input: StoryInput, selection: StoryInput['selection'], findings: readonly Finding[]): string | undefined {
  const offset = symbolOffset(input, selection, findings);
  if (offset === undefined) return undefined;
  const name = enclosingSymbolAt(input.text, input.path, offset);
  return name ? singleLine(name).slice(0, 120) : undefined;
}

function symbolOffset(input: StoryInput, selection: StoryInput['selection'], findings: readonly Finding[]): number | undefined {
  let offset: number | undefined;
  if (findings.length > 0) offset = findings[0].range.start.offset;
  else if (selection) {
    const starts = lineOffsets(input.text);
    const lineStart = starts[selection.startLine - 1] ?? 0;
    const lineEnd = (starts[selection.startLine] ?? input.text.length + 1) - 1;
    const line = input.text.slice(lineStart, lineEnd);
    const lastChar = line.replace(/\s+$/, '').length - 1;
    offset = lineStart + Math.max(0, lastChar);
  }
  return offset;
}

function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
