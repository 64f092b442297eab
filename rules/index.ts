// The registry: every rule Rugged ships, in alphabetical order of id. A meta test compares it to
// the rule files on disk.
import type { RuleModule } from '../server/src/engine/api';
import sessionNoFastPasswordHash from './session/no-fast-password-hash';
import sessionNoHardcodedSecret from './session/no-hardcoded-secret';
import sessionNoHomemadeSessionStore from './session/no-homemade-session-store';
import sessionNoInsecureSessionCookie from './session/no-insecure-session-cookie';
import sessionNoPlaintextPassword from './session/no-plaintext-password';
import sessionNoPredictableToken from './session/no-predictable-token';
import sessionNoSessionFixation from './session/no-session-fixation';
import sessionNoTimingUnsafeComparison from './session/no-timing-unsafe-comparison';
import sessionNoTokenInWebStorage from './session/no-token-in-web-storage';
import sessionNoUnverifiedJwt from './session/no-unverified-jwt';
import sqlNoHandMadeEscaping from './sql/no-hand-made-escaping';
import sqlNoInterpolatedQueryBuilder from './sql/no-interpolated-query-builder';
import sqlNoMongoWhereFromInput from './sql/no-mongo-where-from-input';
import sqlNoRequestControlledIdentifier from './sql/no-request-controlled-identifier';
import sqlNoRequestObjectAsQueryFilter from './sql/no-request-object-as-query-filter';
import sqlNoStringBuiltQuery from './sql/no-string-built-query';
import unsafeApiNoDynamicCodeLoading from './unsafe-api/no-dynamic-code-loading';
import unsafeApiNoEvalLike from './unsafe-api/no-eval-like';
import unsafeApiNoOpenRedirect from './unsafe-api/no-open-redirect';
import unsafeApiNoPathTraversal from './unsafe-api/no-path-traversal';
import unsafeApiNoServerSideXss from './unsafe-api/no-server-side-xss';
import unsafeApiNoShellCommandFromInput from './unsafe-api/no-shell-command-from-input';
import unsafeApiNoTemplateInjection from './unsafe-api/no-template-injection';
import unsafeApiNoTlsVerificationOff from './unsafe-api/no-tls-verification-off';
import unsafeApiNoUnsafeDeserialization from './unsafe-api/no-unsafe-deserialization';
import unsafeApiNoUnsafeHtmlSink from './unsafe-api/no-unsafe-html-sink';
import unsafeApiNoUnsafeRegex from './unsafe-api/no-unsafe-regex';
import unsafeApiNoWeakCrypto from './unsafe-api/no-weak-crypto';
import unsafeApiNoXmlExternalEntities from './unsafe-api/no-xml-external-entities';
import unsafeApiNoZipSlip from './unsafe-api/no-zip-slip';

export const allRules: readonly RuleModule[] = [
  sessionNoFastPasswordHash,
  sessionNoHardcodedSecret,
  sessionNoHomemadeSessionStore,
  sessionNoInsecureSessionCookie,
  sessionNoPlaintextPassword,
  sessionNoPredictableToken,
  sessionNoSessionFixation,
  sessionNoTimingUnsafeComparison,
  sessionNoTokenInWebStorage,
  sessionNoUnverifiedJwt,
  sqlNoHandMadeEscaping,
  sqlNoInterpolatedQueryBuilder,
  sqlNoMongoWhereFromInput,
  sqlNoRequestControlledIdentifier,
  sqlNoRequestObjectAsQueryFilter,
  sqlNoStringBuiltQuery,
  unsafeApiNoDynamicCodeLoading,
  unsafeApiNoEvalLike,
  unsafeApiNoOpenRedirect,
  unsafeApiNoPathTraversal,
  unsafeApiNoServerSideXss,
  unsafeApiNoShellCommandFromInput,
  unsafeApiNoTemplateInjection,
  unsafeApiNoTlsVerificationOff,
  unsafeApiNoUnsafeDeserialization,
  unsafeApiNoUnsafeHtmlSink,
  unsafeApiNoUnsafeRegex,
  unsafeApiNoWeakCrypto,
  unsafeApiNoXmlExternalEntities,
  unsafeApiNoZipSlip,
];
