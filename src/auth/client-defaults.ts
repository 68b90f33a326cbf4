import { Duration, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IConstruct } from 'constructs';
import { SecureUserPoolClientOptOuts } from './secure-user-pool-props';
import { CONTROL_RULES } from '../core/controls';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { OptOut, unusedOptOut, validateOptOut } from '../core/opt-out';
import { propRef } from '../core/prop-names';

/** Access and ID tokens: one hour (Cognito's default), the longest accepted. Cognito's floor is five minutes. */
const TOKEN_VALIDITY = Duration.hours(1);
const MIN_TOKEN_VALIDITY = Duration.minutes(5);
/**
 * Refresh tokens: one day by default, at most 30 days (Cognito's default); Cognito's floor is 60 minutes, so a
 * refresh token always outlives the access and ID tokens, as Cognito requires.
 */
const REFRESH_TOKEN_VALIDITY = Duration.days(1);
const MAX_REFRESH_TOKEN_VALIDITY = Duration.days(30);
const MIN_REFRESH_TOKEN_VALIDITY = Duration.minutes(60);
/** The session of one authentication flow: Cognito accepts 3 to 15 minutes, 3 by default. */
const AUTH_SESSION_VALIDITY = Duration.minutes(3);
const MAX_AUTH_SESSION_VALIDITY = Duration.minutes(15);
/** A callback URL of a public app: HTTPS, or HTTP on the loopback address for local development. */
const CALLBACK_URL = /^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$))/;

/**
 * An opt-out the client applies once it exists.
 * @internal
 */
export interface ClientDecision {
  readonly prop: string;
  readonly optOut: OptOut;
  readonly ruleIds: readonly string[];
}

/**
 * The options an app client of a SecureUserPool is created with, and the opt-outs to record on it.
 * @internal
 */
export interface ResolvedClient {
  readonly options: cognito.UserPoolClientOptions;
  readonly decisions: ClientDecision[];
}

/**
 * Validates `options` and completes them with the secure defaults: no client secret, SRP only, one-hour access
 * and ID tokens, one-day refresh tokens, token revocation, no user existence errors, and OAuth off unless
 * configured (then the authorization code grant only).
 *
 * @param pool the user pool, which errors name
 * @param id the client's id, for prop paths (`addClient(<id>).accessTokenValidity`)
 * @internal
 */
export function resolveClientOptions(
  pool: IConstruct,
  id: string,
  options: cognito.UserPoolClientOptions,
  optOuts: SecureUserPoolClientOptOuts,
): ResolvedClient {
  const at = (prop: string) => `addClient(${id}).${prop}`;
  const optOutAt = (name: string) => `addClientWithOptOuts(${id}).optOuts.${name}`;
  validateOptOut(pool, optOutAt('authFlows'), optOuts.authFlows);
  validateOptOut(pool, optOutAt('userExistenceErrors'), optOuts.userExistenceErrors);
  const accessTokenValidity = options.accessTokenValidity ?? TOKEN_VALIDITY;
  const idTokenValidity = options.idTokenValidity ?? TOKEN_VALIDITY;
  const refreshTokenValidity = options.refreshTokenValidity ?? REFRESH_TOKEN_VALIDITY;
  const authSessionValidity = options.authSessionValidity ?? AUTH_SESSION_VALIDITY;
  validateDuration(pool, at('accessTokenValidity'), accessTokenValidity, MIN_TOKEN_VALIDITY, TOKEN_VALIDITY);
  validateDuration(pool, at('idTokenValidity'), idTokenValidity, MIN_TOKEN_VALIDITY, TOKEN_VALIDITY);
  validateDuration(
    pool,
    at('refreshTokenValidity'),
    refreshTokenValidity,
    MIN_REFRESH_TOKEN_VALIDITY,
    MAX_REFRESH_TOKEN_VALIDITY,
  );
  validateDuration(
    pool,
    at('authSessionValidity'),
    authSessionValidity,
    AUTH_SESSION_VALIDITY,
    MAX_AUTH_SESSION_VALIDITY,
  );

  if (options.enableTokenRevocation === false) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.INVALID_PROP,
      prop: at('enableTokenRevocation'),
      problem:
        'without token revocation, a refresh token of a signed-out or compromised user keeps minting tokens until it expires',
      fix: `leave ${propRef('enableTokenRevocation')} out (true)`,
    });
  }
  const decisions: ClientDecision[] = [];
  const authFlows = options.authFlows ?? { userSrp: true };
  const beyondSrp = ['userPassword', 'adminUserPassword', 'custom', 'user'].filter(
    (flow) => authFlows[flow as keyof cognito.AuthFlow] === true,
  );
  decide(pool, decisions, {
    weakened: beyondSrp.length > 0,
    prop: at('authFlows'),
    optOutProp: 'optOuts.authFlows',
    optOutPath: optOutAt('authFlows'),
    optOut: optOuts.authFlows,
    ruleIds: CONTROL_RULES.userPoolClientAuthFlows,
    problem: `${beyondSrp.join(', ')} ${beyondSrp.length === 1 ? 'is' : 'are'} allowed besides SRP: password flows send the password itself to Cognito, custom and choice-based flows hand sign-in to triggers or other factors (SecureServerless-CognitoUserPoolClientAuthFlows)`,
    state: `${propRef(at('authFlows'))} allows only SRP`,
    weaken: 'authFlows: { userSrp: true, userPassword: true }',
  });
  const preventUserExistenceErrors = options.preventUserExistenceErrors ?? true;
  decide(pool, decisions, {
    weakened: preventUserExistenceErrors === false,
    prop: at('preventUserExistenceErrors'),
    optOutProp: 'optOuts.userExistenceErrors',
    optOutPath: optOutAt('userExistenceErrors'),
    optOut: optOuts.userExistenceErrors,
    ruleIds: CONTROL_RULES.userPoolClientUserExistenceErrors,
    problem:
      'false makes sign-in and password reset answer UserNotFoundException, which tells anyone which users exist',
    state: `${propRef(at('preventUserExistenceErrors'))} is true`,
    weaken: 'preventUserExistenceErrors: false',
  });
  const oAuth = resolveOAuth(pool, at, options);

  return {
    options: {
      ...options,
      generateSecret: options.generateSecret ?? false,
      authFlows,
      preventUserExistenceErrors,
      enableTokenRevocation: true,
      accessTokenValidity,
      idTokenValidity,
      refreshTokenValidity,
      authSessionValidity,
      disableOAuth: oAuth === undefined ? true : options.disableOAuth,
      oAuth,
    },
    decisions,
  };
}

/** A control the client weakens or keeps, and the opt-out that allows weakening it. */
interface ControlChoice {
  readonly weakened: boolean;
  readonly prop: string;
  /** The opt-out's prop as the decision names it, for example `optOuts.authFlows`. */
  readonly optOutProp: string;
  /** The opt-out's prop as errors name it, with the client: `addClientWithOptOuts(Web).optOuts.authFlows`. */
  readonly optOutPath: string;
  readonly optOut: OptOut | undefined;
  readonly ruleIds: readonly string[];
  /** Why the weakening is refused without the opt-out. */
  readonly problem: string;
  /** Why the control is on, for the error when the opt-out is given but nothing is weakened. */
  readonly state: string;
  /** What to set to weaken the control, for that error. */
  readonly weaken: string;
}

/** Refuses a weakening without its opt-out, and an opt-out without a weakening; queues the opt-out's decision. */
function decide(pool: IConstruct, decisions: ClientDecision[], choice: ControlChoice): void {
  if (choice.weakened && choice.optOut === undefined) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
      prop: choice.prop,
      problem: choice.problem,
      fix: `keep the default, or create the client with ${propRef('addClientWithOptOuts')}(id, options, ${propRef(`{ ${choice.optOutProp.replace('optOuts.', '')}: { reason: '...' } }`)})`,
    });
  }
  if (!choice.weakened && choice.optOut !== undefined) {
    throw unusedOptOut(pool, choice.optOutPath, choice.state, choice.weaken);
  }
  if (choice.optOut !== undefined) {
    decisions.push({ prop: choice.optOutProp, optOut: choice.optOut, ruleIds: choice.ruleIds });
  }
}

/** The OAuth settings: none unless given; then the authorization code grant only, to HTTPS callback URLs. */
function resolveOAuth(
  pool: IConstruct,
  at: (prop: string) => string,
  options: cognito.UserPoolClientOptions,
): cognito.OAuthSettings | undefined {
  const oAuth = options.oAuth;
  if (oAuth === undefined) {
    if (options.disableOAuth === false) {
      throw new SecureConfigError(pool, {
        code: SecureErrorCode.INVALID_PROP,
        prop: at('disableOAuth'),
        problem: `OAuth is turned on without ${propRef('oAuth')}, so aws-cdk-lib would allow the implicit grant and redirect to https://example.com`,
        fix: `pass ${propRef("oAuth: { flows: { authorizationCodeGrant: true }, callbackUrls: ['https://app.example.com/callback'] }")}, or leave ${propRef('disableOAuth')} out`,
      });
    }
    return undefined;
  }
  const flows = oAuth.flows ?? { authorizationCodeGrant: true };
  if (flows.implicitCodeGrant === true) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.INVALID_PROP,
      prop: at('oAuth.flows.implicitCodeGrant'),
      problem:
        'the implicit grant returns tokens in the redirect URL, where browser history, logs and referrers leak them; the OAuth 2.0 Security Best Current Practice (RFC 9700) says not to use it',
      fix: `use ${propRef('authorizationCodeGrant')}: true (public clients use it with PKCE)`,
    });
  }
  if (flows.authorizationCodeGrant === true) {
    const urls = oAuth.callbackUrls ?? [];
    if (urls.length === 0) {
      throw new SecureConfigError(pool, {
        code: SecureErrorCode.INVALID_PROP,
        prop: at('oAuth.callbackUrls'),
        problem:
          'the authorization code grant has no callback URL, so aws-cdk-lib would redirect users to https://example.com',
        fix: `pass your application's ${propRef("callbackUrls: ['https://app.example.com/callback']")}`,
      });
    }
    for (const url of urls) {
      if (!Token.isUnresolved(url) && !CALLBACK_URL.test(url)) {
        throw new SecureConfigError(pool, {
          code: SecureErrorCode.INVALID_PROP,
          prop: at('oAuth.callbackUrls'),
          problem: `'${url}' is not an HTTPS URL, so the authorization code would travel unencrypted`,
          fix: 'use https:// callback URLs (http://localhost only for local development)',
        });
      }
    }
  }
  return { ...oAuth, flows };
}

/** Checks that a duration lies in `[min, max]`; an unresolved token is skipped with a warning. */
function validateDuration(pool: IConstruct, prop: string, value: Duration, min: Duration, max: Duration): void {
  const expectation = `from ${min.toHumanString()} to ${max.toHumanString()}`;
  if (value.isUnresolved()) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.UNRESOLVED_TOKEN,
      prop,
      problem: `the duration is an unresolved token, but its bound (${expectation}) is a security control that synth must check`,
      fix: `give ${propRef(prop)} a literal duration ${expectation}`,
    });
  }
  const seconds = value.toSeconds();
  const problem =
    seconds % 60 !== 0
      ? `${value.toHumanString()} is not whole minutes, which Cognito counts in`
      : seconds < min.toSeconds() || seconds > max.toSeconds()
        ? `${value.toHumanString()} is not ${expectation}`
        : undefined;
  if (problem !== undefined) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.INVALID_PROP,
      prop,
      problem,
      fix: `set ${propRef(prop)} to whole minutes ${expectation}, or leave it out for the default`,
    });
  }
}
