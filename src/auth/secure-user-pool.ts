import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct, IConstruct } from 'constructs';
import { resolveClientOptions } from './client-defaults';
import { SecureUserPoolClientOptOuts, SecureUserPoolProps } from './secure-user-pool-props';
import { recordCreationSite } from '../compliance/creation-site';
import {
  MAX_TEMPORARY_PASSWORD_DAYS,
  MIN_PASSWORD_LENGTH,
} from '../compliance/rules/cognito/CognitoUserPoolPasswordPolicy';
import { CONTROL_RULES } from '../core/controls';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { applyOptOut, OptOut, unusedOptOut, validateOptOut } from '../core/opt-out';
import { propRef } from '../core/prop-names';
import { NameRule, requireLiteral, validateIntegerInRange, validateName } from '../core/validate';

/** Cognito's range for the minimum password length. */
const COGNITO_MIN_PASSWORD_LENGTH = 6;
const COGNITO_MAX_PASSWORD_LENGTH = 99;
/** Temporary passwords: 3 days by default (an invitation survives a weekend), 1 to 7 whole days. */
const TEMPORARY_PASSWORD_VALIDITY = Duration.days(3);
/** The last 24 passwords cannot be reused (Cognito's maximum, and the CIS AWS Foundations Benchmark's number). */
const PASSWORD_HISTORY_SIZE = 24;
/** What Cognito accepts as a user pool name. */
const USER_POOL_NAME: NameRule = {
  pattern: /^[\w\s+=,.@-]+$/,
  characters: "letters, digits, spaces and '_+=,.@-'",
  minLength: 1,
  maxLength: 128,
};

/**
 * A Cognito user pool that requires MFA (authenticator apps), strong passwords, and enforced threat protection
 * (the Plus feature plan), is protected from deletion, lets no one sign up unless asked, signs users in
 * case-insensitively, verifies and recovers through e-mail only, and creates app clients (`addClient`) with
 * short-lived tokens, SRP only, no client secret and no user existence errors. It is a real `cognito.UserPool`:
 * `CognitoUserPoolsAuthorizer`, `HttpUserPoolAuthorizer`, groups, domains and triggers work unchanged.
 *
 * @example
 * const users = new SecureUserPool(this, 'Users');
 * users.addClient('Web');
 * const authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [users] });
 */
export class SecureUserPool extends cognito.UserPool {
  constructor(scope: Construct, id: string, props: SecureUserPoolProps = {}) {
    super(scope, id, resolveUserPoolProps(pendingConstruct(scope, id), props));
    recordCreationSite(this);
    validateName(this, 'userPoolName', props.userPoolName, USER_POOL_NAME);
    const optOuts = props.optOuts ?? {};
    applyOptOut(this, 'optOuts.mfa', optOuts.mfa, CONTROL_RULES.userPoolMfa);
    applyOptOut(this, 'optOuts.passwordPolicy', optOuts.passwordPolicy, CONTROL_RULES.userPoolPasswordPolicy);
    applyOptOut(
      this,
      'optOuts.deletionProtection',
      optOuts.deletionProtection,
      CONTROL_RULES.userPoolDeletionProtection,
    );
    applyOptOut(
      this,
      'optOuts.threatProtection',
      optOuts.threatProtection,
      props.standardThreatProtectionMode === cognito.StandardThreatProtectionMode.AUDIT_ONLY
        ? CONTROL_RULES.userPoolThreatProtectionEnforcement
        : CONTROL_RULES.userPoolThreatProtection,
    );
  }

  /**
   * Adds an app client with secure defaults: no client secret, only the SRP flow, access and ID tokens valid one
   * hour (at most), refresh tokens one day (at most 30), token revocation, no user existence errors, and OAuth
   * off unless `oAuth` is given (then the authorization code grant only, to HTTPS callback URLs). Weakening a
   * control needs `addClientWithOptOuts`.
   */
  public addClient(id: string, options: cognito.UserPoolClientOptions = {}): cognito.UserPoolClient {
    return this.addClientWithOptOuts(id, options, {});
  }

  /**
   * Adds an app client like `addClient`, with opt-outs (each with a reason) for the controls it weakens, for
   * example `{ authFlows: { reason: 'The user migration trigger needs USER_PASSWORD_AUTH' } }`.
   */
  public addClientWithOptOuts(
    id: string,
    options: cognito.UserPoolClientOptions,
    optOuts: SecureUserPoolClientOptOuts,
  ): cognito.UserPoolClient {
    const resolved = resolveClientOptions(this, id, options ?? {}, optOuts ?? {});
    const client = super.addClient(id, resolved.options);
    for (const decision of resolved.decisions) {
      applyOptOut(client, decision.prop, decision.optOut, decision.ruleIds);
    }
    return client;
  }
}

/**
 * The construct a SecureUserPool is about to become, for errors thrown before `super()`: only its path, which
 * is all a `SecureConfigError` reads. Props are checked before aws-cdk-lib's UserPool sees them, so that a bad
 * value fails with our error (path, prop, fix) rather than with aws-cdk-lib's.
 */
function pendingConstruct(scope: Construct, id: string): IConstruct {
  const ownId = id.replace(/\//g, '--'); // as `Node` sanitizes ids
  const path = scope.node.path ? `${scope.node.path}/${ownId}` : ownId;
  return { node: { path } } as unknown as IConstruct;
}

/** Validates the props (without recording anything) and resolves them into aws-cdk-lib's. */
function resolveUserPoolProps(pool: IConstruct, props: SecureUserPoolProps): cognito.UserPoolProps {
  const optOuts = props.optOuts ?? {};
  for (const name of ['mfa', 'passwordPolicy', 'deletionProtection', 'threatProtection'] as const) {
    validateOptOut(pool, `optOuts.${name}`, optOuts[name]);
  }
  const mfa = resolveMfa(pool, props);
  const threatProtection = resolveThreatProtection(pool, props);
  const deletionProtection = optOuts.deletionProtection === undefined;
  if (props.signInAliases?.phone === true) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'signInAliases.phone',
      problem:
        'phone-number sign-in needs phone numbers verified by SMS, while SecureUserPool verifies and recovers accounts through e-mail only',
      fix: `sign in with ${propRef('signInAliases: { email: true }')} (the default) or a username, or build the pool with aws-cdk-lib's UserPool and an SMS configuration`,
    });
  }
  return {
    userPoolName: props.userPoolName,
    selfSignUpEnabled: props.selfSignUpEnabled ?? false,
    signInAliases: props.signInAliases ?? { email: true },
    signInCaseSensitive: false,
    autoVerify: { email: true },
    keepOriginal: { email: true },
    standardAttributes: { email: { required: true, mutable: true } },
    customAttributes: props.customAttributes,
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    passwordPolicy: resolvePasswordPolicy(pool, props.passwordPolicy, optOuts.passwordPolicy),
    ...mfa,
    ...threatProtection,
    email: props.email,
    deletionProtection,
    removalPolicy: resolveRemovalPolicy(pool, props.removalPolicy, deletionProtection),
  };
}

function resolveMfa(
  pool: IConstruct,
  props: SecureUserPoolProps,
): Pick<cognito.UserPoolProps, 'mfa' | 'mfaSecondFactor' | 'smsRole' | 'enableSmsRole'> {
  const mfa = props.mfa ?? cognito.Mfa.REQUIRED;
  const optOut = props.optOuts?.mfa;
  if (mfa !== cognito.Mfa.REQUIRED && optOut === undefined) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
      prop: 'mfa',
      problem: `${mfa} lets users sign in with a password alone, which phishing and credential stuffing defeat (AwsSolutions-COG2)`,
      fix: `keep the default Mfa.REQUIRED, or set ${propRef("optOuts.mfa: { reason: '...' }")}`,
    });
  }
  if (mfa === cognito.Mfa.REQUIRED && optOut !== undefined) {
    throw unusedOptOut(pool, 'optOuts.mfa', `${propRef('mfa')} is REQUIRED`, 'mfa: Mfa.OPTIONAL');
  }
  if (mfa === cognito.Mfa.OFF) {
    if (props.mfaSecondFactor !== undefined || props.smsRole !== undefined) {
      throw new SecureConfigError(pool, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: props.mfaSecondFactor !== undefined ? 'mfaSecondFactor' : 'smsRole',
        problem: `second-factor settings are given, but ${propRef('mfa')} is OFF, so nothing would use them`,
        fix: `remove ${propRef('mfaSecondFactor')} and ${propRef('smsRole')}, or set ${propRef('mfa')} to Mfa.OPTIONAL`,
      });
    }
    return { mfa, enableSmsRole: false };
  }
  const factors = props.mfaSecondFactor ?? { otp: true, sms: false };
  if (!factors.otp && !factors.sms && !factors.email) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'mfaSecondFactor',
      problem: 'no second factor is allowed, so no user could complete MFA',
      fix: `allow authenticator apps: ${propRef('mfaSecondFactor: { otp: true, sms: false }')}`,
    });
  }
  if (factors.sms && props.smsRole === undefined) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'smsRole',
      problem:
        'SMS MFA needs a role Cognito assumes to publish SMS through SNS (and an account out of the SNS SMS sandbox)',
      fix: `pass ${propRef('smsRole')} (assumed by cognito-idp.amazonaws.com with an sts:ExternalId condition, allowed sns:Publish), or keep authenticator apps only: ${propRef('mfaSecondFactor: { otp: true, sms: false }')}`,
    });
  }
  if (!factors.sms && props.smsRole !== undefined) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.CONFLICTING_PROPS,
      prop: 'smsRole',
      problem: `an SMS role is given, but ${propRef('mfaSecondFactor.sms')} is off`,
      fix: `remove ${propRef('smsRole')}, or set ${propRef('mfaSecondFactor.sms')}: true`,
    });
  }
  return factors.sms
    ? { mfa, mfaSecondFactor: factors, smsRole: props.smsRole }
    : { mfa, mfaSecondFactor: factors, enableSmsRole: false };
}

function resolveThreatProtection(
  pool: IConstruct,
  props: SecureUserPoolProps,
): Pick<cognito.UserPoolProps, 'featurePlan' | 'standardThreatProtectionMode' | 'customThreatProtectionMode'> {
  const mode = props.standardThreatProtectionMode ?? cognito.StandardThreatProtectionMode.FULL_FUNCTION;
  const optOut = props.optOuts?.threatProtection;
  if (mode === cognito.StandardThreatProtectionMode.FULL_FUNCTION) {
    if (optOut !== undefined && props.standardThreatProtectionMode !== undefined) {
      throw unusedOptOut(
        pool,
        'optOuts.threatProtection',
        `${propRef('standardThreatProtectionMode')} is FULL_FUNCTION`,
        'standardThreatProtectionMode: StandardThreatProtectionMode.AUDIT_ONLY',
      );
    }
    if (optOut === undefined) {
      return {
        featurePlan: cognito.FeaturePlan.PLUS,
        standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
        customThreatProtectionMode: cognito.CustomThreatProtectionMode.FULL_FUNCTION,
      };
    }
  } else if (optOut === undefined) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
      prop: 'standardThreatProtectionMode',
      problem: `${mode} does not block sign-ins with compromised credentials or risky sign-ins (SecureServerless-CognitoUserPoolThreatProtection)`,
      fix: `keep the default FULL_FUNCTION, or set ${propRef("optOuts.threatProtection: { reason: '...' }")}`,
    });
  }
  if (mode === cognito.StandardThreatProtectionMode.AUDIT_ONLY) {
    return {
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
      customThreatProtectionMode: cognito.CustomThreatProtectionMode.AUDIT_ONLY,
    };
  }
  // No threat protection: the Essentials plan, which has everything else SecureUserPool uses.
  return { featurePlan: cognito.FeaturePlan.ESSENTIALS };
}

function resolvePasswordPolicy(
  pool: IConstruct,
  policy: cognito.PasswordPolicy | undefined,
  optOut: OptOut | undefined,
): cognito.PasswordPolicy {
  const minLength = policy?.minLength ?? MIN_PASSWORD_LENGTH;
  requireLiteral(
    pool,
    'passwordPolicy.minLength',
    minLength,
    'the minimum length is a security control that synth must check',
    `give ${propRef('passwordPolicy.minLength')} a literal of at least ${MIN_PASSWORD_LENGTH}`,
  );
  validateIntegerInRange(
    pool,
    'passwordPolicy.minLength',
    minLength,
    COGNITO_MIN_PASSWORD_LENGTH,
    COGNITO_MAX_PASSWORD_LENGTH,
  );
  const weakenings = [
    minLength < MIN_PASSWORD_LENGTH ? `a minimum length of ${minLength}, below ${MIN_PASSWORD_LENGTH}` : undefined,
    ...(['requireLowercase', 'requireUppercase', 'requireDigits', 'requireSymbols'] as const)
      .filter((name) => policy?.[name] === false)
      .map((name) => `${name}: false`),
  ].filter((w): w is string => w !== undefined);
  if (weakenings.length > 0 && optOut === undefined) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
      prop: minLength < MIN_PASSWORD_LENGTH ? 'passwordPolicy.minLength' : 'passwordPolicy',
      problem: `the policy has ${weakenings.join(', ')}, which makes passwords easier to guess (SecureServerless-CognitoUserPoolPasswordPolicy; the CIS AWS Foundations Benchmark asks for ${MIN_PASSWORD_LENGTH} characters)`,
      fix: `use at least ${MIN_PASSWORD_LENGTH} characters and every character class (the defaults), or set ${propRef("optOuts.passwordPolicy: { reason: '...' }")}`,
    });
  }
  if (weakenings.length === 0 && optOut !== undefined) {
    throw unusedOptOut(
      pool,
      'optOuts.passwordPolicy',
      `the password policy asks for ${MIN_PASSWORD_LENGTH}+ characters from every class`,
      'passwordPolicy: { minLength: 12 }',
    );
  }
  const tempPasswordValidity = policy?.tempPasswordValidity ?? TEMPORARY_PASSWORD_VALIDITY;
  if (tempPasswordValidity.isUnresolved()) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.UNRESOLVED_TOKEN,
      prop: 'passwordPolicy.tempPasswordValidity',
      problem:
        'the duration is an unresolved token, but how long a temporary password lasts is a control synth must check',
      fix: `give ${propRef('passwordPolicy.tempPasswordValidity')} a literal duration of 1 to ${MAX_TEMPORARY_PASSWORD_DAYS} days`,
    });
  }
  const days = tempPasswordValidity.toHours() / 24;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TEMPORARY_PASSWORD_DAYS) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'passwordPolicy.tempPasswordValidity',
      problem: `${tempPasswordValidity.toHumanString()} is not 1 to ${MAX_TEMPORARY_PASSWORD_DAYS} whole days; a temporary password is a credential an administrator knows, so it must expire soon`,
      fix: `set ${propRef('passwordPolicy.tempPasswordValidity')} to Duration.days(1) to Duration.days(${MAX_TEMPORARY_PASSWORD_DAYS}), or leave it out (3 days)`,
    });
  }
  const passwordHistorySize = policy?.passwordHistorySize ?? PASSWORD_HISTORY_SIZE;
  validateIntegerInRange(pool, 'passwordPolicy.passwordHistorySize', passwordHistorySize, 1, PASSWORD_HISTORY_SIZE);
  return {
    minLength,
    requireLowercase: policy?.requireLowercase ?? true,
    requireUppercase: policy?.requireUppercase ?? true,
    requireDigits: policy?.requireDigits ?? true,
    requireSymbols: policy?.requireSymbols ?? true,
    tempPasswordValidity,
    passwordHistorySize,
  };
}

function resolveRemovalPolicy(
  pool: IConstruct,
  policy: RemovalPolicy | undefined,
  deletionProtection: boolean,
): RemovalPolicy {
  const removalPolicy = policy ?? RemovalPolicy.RETAIN;
  if (removalPolicy === RemovalPolicy.SNAPSHOT) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'removalPolicy',
      problem: 'Cognito user pools do not support RemovalPolicy.SNAPSHOT',
      fix: 'keep the default RETAIN',
    });
  }
  if (removalPolicy !== RemovalPolicy.RETAIN && deletionProtection) {
    throw new SecureConfigError(pool, {
      code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
      prop: 'removalPolicy',
      problem:
        removalPolicy === RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
          ? 'RETAIN_ON_UPDATE_OR_DELETE deletes the pool when its first create rolls back, which deletion protection refuses, so the rollback would fail'
          : `${removalPolicy} deletes the pool and every user in it with the stack, which deletion protection exists to prevent`,
      fix: `keep the default RETAIN, or set ${propRef("optOuts.deletionProtection: { reason: '...' }")} to allow deletion`,
    });
  }
  return removalPolicy;
}
