import { CfnParameter, Duration, Lazy, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SecureUserPool } from '../../src/auth/secure-user-pool';
import { SecureUserPoolClientOptOuts, SecureUserPoolProps } from '../../src/auth/secure-user-pool-props';
import { newStack } from '../support/compliance';
import {
  InvalidInputCase,
  optOutCases,
  SecureErrorCode as E,
  testInvalidInputs,
  testTokenWarnings,
  TokenCase,
} from '../support/invalid-input';

const PATH = 'TestStack/Users';
const reason = { reason: 'Reviewed in SEC-7' };

/** A pool with `props`, built lazily, for the case table. */
const withProps = (props: SecureUserPoolProps) => () => new SecureUserPool(newStack().stack, 'Users', props);

/** A client of a default pool with `options` (and `optOuts`), built lazily. */
const withClient = (options: cognito.UserPoolClientOptions, optOuts?: SecureUserPoolClientOptOuts) => () => {
  const pool = new SecureUserPool(newStack().stack, 'Users');
  return optOuts ? pool.addClientWithOptOuts('Web', options, optOuts) : pool.addClient('Web', options);
};

function poolOptOutCases(name: keyof NonNullable<SecureUserPoolProps['optOuts']>, props: SecureUserPoolProps) {
  return optOutCases(`optOuts.${name}`, (optOut) => withProps({ ...props, optOuts: { [name]: optOut } }));
}

function clientOptOutCases(name: keyof SecureUserPoolClientOptOuts, options: cognito.UserPoolClientOptions) {
  return optOutCases(`addClientWithOptOuts(Web).optOuts.${name}`, (optOut) =>
    withClient(options, { [name]: optOut } as SecureUserPoolClientOptOuts),
  );
}

describe('SecureUserPool fails when', () => {
  const cases: InvalidInputCase[] = [
    // userPoolName
    ['userPoolName is empty', withProps({ userPoolName: '' }), E.INVALID_PROP, 'userPoolName'],
    [
      'userPoolName is longer than 128 characters',
      withProps({ userPoolName: 'a'.repeat(129) }),
      E.INVALID_PROP,
      'userPoolName',
    ],
    ['userPoolName has a slash', withProps({ userPoolName: 'users/prod' }), E.INVALID_PROP, 'userPoolName'],

    // passwordPolicy
    [
      'passwordPolicy.minLength is below 14',
      withProps({ passwordPolicy: { minLength: 12 } }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'passwordPolicy.minLength',
    ],
    [
      'passwordPolicy.minLength is below what Cognito accepts (6), even with the opt-out',
      withProps({ passwordPolicy: { minLength: 5 }, optOuts: { passwordPolicy: reason } }),
      E.INVALID_PROP,
      'passwordPolicy.minLength',
    ],
    [
      'passwordPolicy.minLength is above what Cognito accepts (99)',
      withProps({ passwordPolicy: { minLength: 100 } }),
      E.INVALID_PROP,
      'passwordPolicy.minLength',
    ],
    [
      'passwordPolicy.minLength is not an integer',
      withProps({ passwordPolicy: { minLength: 14.5 } }),
      E.INVALID_PROP,
      'passwordPolicy.minLength',
    ],
    [
      'passwordPolicy.minLength is a token',
      withProps({ passwordPolicy: { minLength: Token.asNumber({ Ref: 'MinLength' }) } }),
      E.UNRESOLVED_TOKEN,
      'passwordPolicy.minLength',
    ],
    [
      'passwordPolicy does not require symbols',
      withProps({ passwordPolicy: { requireSymbols: false } }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'passwordPolicy',
    ],
    [
      'passwordPolicy does not require lowercase letters',
      withProps({ passwordPolicy: { requireLowercase: false } }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'passwordPolicy',
    ],
    [
      'optOuts.passwordPolicy is given with a policy that weakens nothing',
      withProps({ passwordPolicy: { minLength: 16 }, optOuts: { passwordPolicy: reason } }),
      E.CONFLICTING_PROPS,
      'optOuts.passwordPolicy',
    ],
    [
      'passwordPolicy.tempPasswordValidity is longer than 7 days',
      withProps({ passwordPolicy: { tempPasswordValidity: Duration.days(8) } }),
      E.INVALID_PROP,
      'passwordPolicy.tempPasswordValidity',
    ],
    [
      'passwordPolicy.tempPasswordValidity is not whole days',
      withProps({ passwordPolicy: { tempPasswordValidity: Duration.hours(36) } }),
      E.INVALID_PROP,
      'passwordPolicy.tempPasswordValidity',
    ],
    [
      'passwordPolicy.tempPasswordValidity is shorter than a day',
      withProps({ passwordPolicy: { tempPasswordValidity: Duration.hours(12) } }),
      E.INVALID_PROP,
      'passwordPolicy.tempPasswordValidity',
    ],
    [
      'passwordPolicy.tempPasswordValidity is a token',
      withProps({ passwordPolicy: { tempPasswordValidity: Duration.days(Token.asNumber({ Ref: 'Days' })) } }),
      E.UNRESOLVED_TOKEN,
      'passwordPolicy.tempPasswordValidity',
    ],
    [
      'passwordPolicy.passwordHistorySize is 0',
      withProps({ passwordPolicy: { passwordHistorySize: 0 } }),
      E.INVALID_PROP,
      'passwordPolicy.passwordHistorySize',
    ],
    [
      'passwordPolicy.passwordHistorySize is above what Cognito accepts (24)',
      withProps({ passwordPolicy: { passwordHistorySize: 25 } }),
      E.INVALID_PROP,
      'passwordPolicy.passwordHistorySize',
    ],

    // signInAliases
    [
      'signInAliases.phone is true',
      withProps({ signInAliases: { email: true, phone: true } }),
      E.INVALID_PROP,
      'signInAliases.phone',
    ],

    // mfa
    [
      'mfaSecondFactor is given with MFA OFF',
      withProps({ mfa: cognito.Mfa.OFF, mfaSecondFactor: { otp: true, sms: false }, optOuts: { mfa: reason } }),
      E.CONFLICTING_PROPS,
      'mfaSecondFactor',
    ],
    ['mfa is OPTIONAL', withProps({ mfa: cognito.Mfa.OPTIONAL }), E.WEAKENING_WITHOUT_OPT_OUT, 'mfa'],
    ['mfa is OFF', withProps({ mfa: cognito.Mfa.OFF }), E.WEAKENING_WITHOUT_OPT_OUT, 'mfa'],
    [
      'optOuts.mfa is given with MFA required',
      withProps({ optOuts: { mfa: reason } }),
      E.CONFLICTING_PROPS,
      'optOuts.mfa',
    ],
    [
      'mfaSecondFactor allows no factor',
      withProps({ mfaSecondFactor: { otp: false, sms: false } }),
      E.INVALID_PROP,
      'mfaSecondFactor',
    ],
    [
      'mfaSecondFactor.sms without smsRole',
      withProps({ mfaSecondFactor: { otp: true, sms: true } }),
      E.INVALID_PROP,
      'smsRole',
    ],
    [
      'smsRole without SMS',
      () => {
        const { stack } = newStack();
        const smsRole = new iam.Role(stack, 'Sms', {
          assumedBy: new iam.ServicePrincipal('cognito-idp.amazonaws.com'),
        });
        return new SecureUserPool(stack, 'Users', { smsRole });
      },
      E.CONFLICTING_PROPS,
      'smsRole',
    ],

    // threat protection
    [
      'standardThreatProtectionMode is AUDIT_ONLY',
      withProps({ standardThreatProtectionMode: cognito.StandardThreatProtectionMode.AUDIT_ONLY }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'standardThreatProtectionMode',
    ],
    [
      'standardThreatProtectionMode is NO_ENFORCEMENT',
      withProps({ standardThreatProtectionMode: cognito.StandardThreatProtectionMode.NO_ENFORCEMENT }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'standardThreatProtectionMode',
    ],
    [
      'optOuts.threatProtection is given with FULL_FUNCTION',
      withProps({
        standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
        optOuts: { threatProtection: reason },
      }),
      E.CONFLICTING_PROPS,
      'optOuts.threatProtection',
    ],

    // removalPolicy
    [
      'removalPolicy is DESTROY',
      withProps({ removalPolicy: RemovalPolicy.DESTROY }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'removalPolicy',
    ],
    [
      'removalPolicy is RETAIN_ON_UPDATE_OR_DELETE',
      withProps({ removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      'removalPolicy',
    ],
    [
      'removalPolicy is SNAPSHOT, even with the opt-out',
      withProps({ removalPolicy: RemovalPolicy.SNAPSHOT, optOuts: { deletionProtection: reason } }),
      E.INVALID_PROP,
      'removalPolicy',
    ],

    // opt-outs
    ...poolOptOutCases('mfa', { mfa: cognito.Mfa.OPTIONAL }),
    ...poolOptOutCases('passwordPolicy', { passwordPolicy: { minLength: 12 } }),
    ...poolOptOutCases('deletionProtection', { removalPolicy: RemovalPolicy.DESTROY }),
    ...poolOptOutCases('threatProtection', {}),
  ];

  testInvalidInputs(cases, PATH);
});

describe('SecureUserPool.addClient fails when', () => {
  const at = (prop: string) => `addClient(Web).${prop}`;
  const cases: InvalidInputCase[] = [
    // token validity: Cognito's ranges (5 min to 1 day, 60 min to 10 years, 3 to 15 min) and our bounds
    [
      'accessTokenValidity is longer than 1 hour',
      withClient({ accessTokenValidity: Duration.hours(2) }),
      E.INVALID_PROP,
      at('accessTokenValidity'),
    ],
    [
      'accessTokenValidity is shorter than 5 minutes',
      withClient({ accessTokenValidity: Duration.minutes(4) }),
      E.INVALID_PROP,
      at('accessTokenValidity'),
    ],
    [
      'accessTokenValidity is not whole minutes',
      withClient({ accessTokenValidity: Duration.seconds(330) }),
      E.INVALID_PROP,
      at('accessTokenValidity'),
    ],
    [
      'accessTokenValidity is a token',
      withClient({ accessTokenValidity: Duration.minutes(Lazy.number({ produce: () => 30 })) }),
      E.UNRESOLVED_TOKEN,
      at('accessTokenValidity'),
    ],
    [
      'idTokenValidity is a day',
      withClient({ idTokenValidity: Duration.days(1) }),
      E.INVALID_PROP,
      at('idTokenValidity'),
    ],
    [
      'refreshTokenValidity is longer than 30 days',
      withClient({ refreshTokenValidity: Duration.days(31) }),
      E.INVALID_PROP,
      at('refreshTokenValidity'),
    ],
    [
      'refreshTokenValidity is shorter than 60 minutes',
      withClient({ refreshTokenValidity: Duration.minutes(59) }),
      E.INVALID_PROP,
      at('refreshTokenValidity'),
    ],
    [
      'authSessionValidity is longer than 15 minutes',
      withClient({ authSessionValidity: Duration.minutes(16) }),
      E.INVALID_PROP,
      at('authSessionValidity'),
    ],
    [
      'authSessionValidity is shorter than 3 minutes',
      withClient({ authSessionValidity: Duration.minutes(2) }),
      E.INVALID_PROP,
      at('authSessionValidity'),
    ],

    // revocation, flows, existence errors
    [
      'enableTokenRevocation is false',
      withClient({ enableTokenRevocation: false }),
      E.INVALID_PROP,
      at('enableTokenRevocation'),
    ],
    [
      'authFlows allows USER_PASSWORD_AUTH',
      withClient({ authFlows: { userSrp: true, userPassword: true } }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      at('authFlows'),
    ],
    [
      'authFlows allows ADMIN_USER_PASSWORD_AUTH',
      withClient({ authFlows: { adminUserPassword: true } }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      at('authFlows'),
    ],
    [
      'authFlows allows CUSTOM_AUTH',
      withClient({ authFlows: { custom: true } }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      at('authFlows'),
    ],
    [
      'optOuts.authFlows is given for SRP only',
      withClient({}, { authFlows: reason }),
      E.CONFLICTING_PROPS,
      'addClientWithOptOuts(Web).optOuts.authFlows',
    ],
    [
      'preventUserExistenceErrors is false',
      withClient({ preventUserExistenceErrors: false }),
      E.WEAKENING_WITHOUT_OPT_OUT,
      at('preventUserExistenceErrors'),
    ],
    [
      'optOuts.userExistenceErrors is given while errors are prevented',
      withClient({}, { userExistenceErrors: reason }),
      E.CONFLICTING_PROPS,
      'addClientWithOptOuts(Web).optOuts.userExistenceErrors',
    ],

    // OAuth
    [
      'OAuth is turned on without settings (aws-cdk-lib would allow the implicit grant to https://example.com)',
      withClient({ disableOAuth: false }),
      E.INVALID_PROP,
      at('disableOAuth'),
    ],
    [
      'oAuth allows the implicit grant',
      withClient({ oAuth: { flows: { implicitCodeGrant: true }, callbackUrls: ['https://app.example.com'] } }),
      E.INVALID_PROP,
      at('oAuth.flows.implicitCodeGrant'),
    ],
    ['oAuth has no callback URL', withClient({ oAuth: {} }), E.INVALID_PROP, at('oAuth.callbackUrls')],
    [
      'oAuth has an HTTP callback URL',
      withClient({ oAuth: { callbackUrls: ['http://app.example.com/callback'] } }),
      E.INVALID_PROP,
      at('oAuth.callbackUrls'),
    ],

    // opt-outs
    ...clientOptOutCases('authFlows', { authFlows: { userPassword: true } }),
    ...clientOptOutCases('userExistenceErrors', { preventUserExistenceErrors: false }),
  ];

  testInvalidInputs(cases, PATH);
});

describe('SecureUserPool warns, and leaves the check to CloudFormation, when', () => {
  const cases: TokenCase[] = [
    [
      'userPoolName is a token',
      (stack) =>
        new SecureUserPool(stack, 'Users', { userPoolName: new CfnParameter(stack, 'PoolName').valueAsString }),
      'userPoolName',
    ],
  ];

  testTokenWarnings(cases, () => newStack().stack, PATH);
});
