// The registry: every rule Rugged ships, in alphabetical order of id. A meta test compares it to
// the rule files on disk.
import type { RuleModule } from '../server/src/engine/api';
import sessionNoFastPasswordHash from './session/no-fast-password-hash';
import sessionNoHardcodedSecret from './session/no-hardcoded-secret';
import sessionNoHomemadeSessionStore from './session/no-homemade-session-store';
import sessionNoInsecureSessionCookie from './session/no-insecure-session-cookie';
import sessionNoPredictableToken from './session/no-predictable-token';
import sessionNoUnverifiedJwt from './session/no-unverified-jwt';
import sqlNoHandMadeEscaping from './sql/no-hand-made-escaping';
import sqlNoInterpolatedQueryBuilder from './sql/no-interpolated-query-builder';
import sqlNoMongoWhereFromInput from './sql/no-mongo-where-from-input';
import sqlNoRequestControlledIdentifier from './sql/no-request-controlled-identifier';
import sqlNoRequestObjectAsQueryFilter from './sql/no-request-object-as-query-filter';
import sqlNoStringBuiltQuery from './sql/no-string-built-query';
import unsafeApiNoEvalLike from './unsafe-api/no-eval-like';
import unsafeApiNoOpenRedirect from './unsafe-api/no-open-redirect';
import unsafeApiNoPathTraversal from './unsafe-api/no-path-traversal';
import unsafeApiNoShellCommandFromInput from './unsafe-api/no-shell-command-from-input';
import unsafeApiNoTemplateInjection from './unsafe-api/no-template-injection';
import unsafeApiNoTlsVerificationOff from './unsafe-api/no-tls-verification-off';
import unsafeApiNoUnsafeHtmlSink from './unsafe-api/no-unsafe-html-sink';
import unsafeApiNoWeakCrypto from './unsafe-api/no-weak-crypto';

export const allRules: readonly RuleModule[] = [
  sessionNoFastPasswordHash,
  sessionNoHardcodedSecret,
  sessionNoHomemadeSessionStore,
  sessionNoInsecureSessionCookie,
  sessionNoPredictableToken,
  sessionNoUnverifiedJwt,
  sqlNoHandMadeEscaping,
  sqlNoInterpolatedQueryBuilder,
  sqlNoMongoWhereFromInput,
  sqlNoRequestControlledIdentifier,
  sqlNoRequestObjectAsQueryFilter,
  sqlNoStringBuiltQuery,
  unsafeApiNoEvalLike,
  unsafeApiNoOpenRedirect,
  unsafeApiNoPathTraversal,
  unsafeApiNoShellCommandFromInput,
  unsafeApiNoTemplateInjection,
  unsafeApiNoTlsVerificationOff,
  unsafeApiNoUnsafeHtmlSink,
  unsafeApiNoWeakCrypto,
];
