import { check, resource, UNRELATED } from './support';
import { CognitoUserPoolClientAuthFlows } from '../../../src/compliance/rules/cognito/CognitoUserPoolClientAuthFlows';
import { CognitoUserPoolClientTokenValidity } from '../../../src/compliance/rules/cognito/CognitoUserPoolClientTokenValidity';
import { CognitoUserPoolClientUserExistenceErrors } from '../../../src/compliance/rules/cognito/CognitoUserPoolClientUserExistenceErrors';
import { CognitoUserPoolDeletionProtection } from '../../../src/compliance/rules/cognito/CognitoUserPoolDeletionProtection';
import { CognitoUserPoolPasswordPolicy } from '../../../src/compliance/rules/cognito/CognitoUserPoolPasswordPolicy';
import { CognitoUserPoolThreatProtection } from '../../../src/compliance/rules/cognito/CognitoUserPoolThreatProtection';

const pool = (properties: Record<string, unknown> = {}) => resource('Pool', 'AWS::Cognito::UserPool', properties);
const client = (properties: Record<string, unknown> = {}) =>
  resource('Client', 'AWS::Cognito::UserPoolClient', { UserPoolId: { Ref: 'Pool' }, ...properties });
const strongPolicy = {
  MinimumLength: 14,
  RequireLowercase: true,
  RequireUppercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
};

describe('CognitoUserPoolDeletionProtection', () => {
  test('compliant: ACTIVE', () => {
    expect(check(CognitoUserPoolDeletionProtection, pool({ DeletionProtection: 'ACTIVE' }))).toBe('compliant');
  });

  test('non-compliant: INACTIVE or absent (Cognito defaults to INACTIVE)', () => {
    expect(check(CognitoUserPoolDeletionProtection, pool({ DeletionProtection: 'INACTIVE' }))).toBe('non-compliant');
    expect(check(CognitoUserPoolDeletionProtection, pool())).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(CognitoUserPoolDeletionProtection, UNRELATED)).toBe('not-applicable');
    expect(check(CognitoUserPoolDeletionProtection, client())).toBe('not-applicable');
  });
});

describe('CognitoUserPoolThreatProtection', () => {
  test('compliant: AdvancedSecurityMode ENFORCED', () => {
    const subject = pool({ UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
    expect(check(CognitoUserPoolThreatProtection, subject)).toBe('compliant');
  });

  test('non-compliant: AUDIT, OFF or no add-ons', () => {
    for (const mode of ['AUDIT', 'OFF']) {
      const subject = pool({ UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: mode } });
      expect(check(CognitoUserPoolThreatProtection, subject)).toBe('non-compliant');
    }
    expect(check(CognitoUserPoolThreatProtection, pool({ UserPoolTier: 'PLUS' }))).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(CognitoUserPoolThreatProtection, UNRELATED)).toBe('not-applicable');
  });
});

describe('CognitoUserPoolPasswordPolicy', () => {
  test('compliant: 14 characters from every class, temporary passwords up to 7 days or Cognito default', () => {
    expect(check(CognitoUserPoolPasswordPolicy, pool({ Policies: { PasswordPolicy: strongPolicy } }))).toBe(
      'compliant',
    );
    const sevenDays = { ...strongPolicy, TemporaryPasswordValidityDays: 7 };
    expect(check(CognitoUserPoolPasswordPolicy, pool({ Policies: { PasswordPolicy: sevenDays } }))).toBe('compliant');
    const asStrings = { ...strongPolicy, MinimumLength: '16', RequireSymbols: 'true' };
    expect(check(CognitoUserPoolPasswordPolicy, pool({ Policies: { PasswordPolicy: asStrings } }))).toBe('compliant');
  });

  test('non-compliant: shorter than 14, a class not required, or temporary passwords beyond 7 days', () => {
    const weaker = [
      { ...strongPolicy, MinimumLength: 12 },
      { ...strongPolicy, RequireLowercase: false },
      { ...strongPolicy, RequireSymbols: undefined },
      { ...strongPolicy, TemporaryPasswordValidityDays: 8 },
      { ...strongPolicy, MinimumLength: { Ref: 'MinLength' } },
    ];
    for (const policy of weaker) {
      expect(check(CognitoUserPoolPasswordPolicy, pool({ Policies: { PasswordPolicy: policy } }))).toBe(
        'non-compliant',
      );
    }
  });

  test('non-compliant: no password policy (Cognito then asks for 8 characters)', () => {
    expect(check(CognitoUserPoolPasswordPolicy, pool())).toBe('non-compliant');
    expect(check(CognitoUserPoolPasswordPolicy, pool({ Policies: {} }))).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(CognitoUserPoolPasswordPolicy, UNRELATED)).toBe('not-applicable');
  });
});

describe('CognitoUserPoolClientTokenValidity', () => {
  test('compliant: Cognito defaults (1 hour, 30 days) and shorter tokens in any unit', () => {
    expect(check(CognitoUserPoolClientTokenValidity, client())).toBe('compliant');
    const minutes = {
      AccessTokenValidity: 60,
      IdTokenValidity: 15,
      RefreshTokenValidity: 43200,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    };
    expect(check(CognitoUserPoolClientTokenValidity, client(minutes))).toBe('compliant');
    const defaultUnits = { AccessTokenValidity: 1, IdTokenValidity: 1, RefreshTokenValidity: 30 };
    expect(check(CognitoUserPoolClientTokenValidity, client(defaultUnits))).toBe('compliant');
  });

  test('non-compliant: a 2-hour access token, a 1-day ID token, a 31-day refresh token', () => {
    expect(check(CognitoUserPoolClientTokenValidity, client({ AccessTokenValidity: 2 }))).toBe('non-compliant');
    const idDay = { IdTokenValidity: 1, TokenValidityUnits: { IdToken: 'days' } };
    expect(check(CognitoUserPoolClientTokenValidity, client(idDay))).toBe('non-compliant');
    expect(check(CognitoUserPoolClientTokenValidity, client({ RefreshTokenValidity: 31 }))).toBe('non-compliant');
    const refreshSeconds = { RefreshTokenValidity: 31 * 86400, TokenValidityUnits: { RefreshToken: 'seconds' } };
    expect(check(CognitoUserPoolClientTokenValidity, client(refreshSeconds))).toBe('non-compliant');
  });

  test('non-compliant: a validity the template does not state literally', () => {
    expect(check(CognitoUserPoolClientTokenValidity, client({ AccessTokenValidity: { Ref: 'Validity' } }))).toBe(
      'non-compliant',
    );
  });

  test('not applicable to other resources', () => {
    expect(check(CognitoUserPoolClientTokenValidity, UNRELATED)).toBe('not-applicable');
    expect(check(CognitoUserPoolClientTokenValidity, pool())).toBe('not-applicable');
  });
});

describe('CognitoUserPoolClientAuthFlows', () => {
  test('compliant: SRP and refresh tokens, or refresh tokens only (an OAuth-only client)', () => {
    const srp = client({ ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    expect(check(CognitoUserPoolClientAuthFlows, srp)).toBe('compliant');
    expect(check(CognitoUserPoolClientAuthFlows, client({ ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] }))).toBe(
      'compliant',
    );
  });

  test('non-compliant: password, admin password, custom, choice-based and legacy flows', () => {
    for (const flow of [
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_ADMIN_USER_PASSWORD_AUTH',
      'ALLOW_CUSTOM_AUTH',
      'ALLOW_USER_AUTH',
      'USER_PASSWORD_AUTH',
      'ADMIN_NO_SRP_AUTH',
    ]) {
      const subject = client({ ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', flow] });
      expect(check(CognitoUserPoolClientAuthFlows, subject)).toBe('non-compliant');
    }
  });

  test('non-compliant: no ExplicitAuthFlows (Cognito then allows ALLOW_CUSTOM_AUTH) or a non-literal flow', () => {
    expect(check(CognitoUserPoolClientAuthFlows, client())).toBe('non-compliant');
    expect(check(CognitoUserPoolClientAuthFlows, client({ ExplicitAuthFlows: [{ Ref: 'Flow' }] }))).toBe(
      'non-compliant',
    );
  });

  test('not applicable to other resources', () => {
    expect(check(CognitoUserPoolClientAuthFlows, UNRELATED)).toBe('not-applicable');
  });
});

describe('CognitoUserPoolClientUserExistenceErrors', () => {
  test('compliant: ENABLED', () => {
    expect(check(CognitoUserPoolClientUserExistenceErrors, client({ PreventUserExistenceErrors: 'ENABLED' }))).toBe(
      'compliant',
    );
  });

  test('non-compliant: LEGACY or absent (Cognito defaults to LEGACY)', () => {
    expect(check(CognitoUserPoolClientUserExistenceErrors, client({ PreventUserExistenceErrors: 'LEGACY' }))).toBe(
      'non-compliant',
    );
    expect(check(CognitoUserPoolClientUserExistenceErrors, client())).toBe('non-compliant');
  });

  test('not applicable to other resources', () => {
    expect(check(CognitoUserPoolClientUserExistenceErrors, UNRELATED)).toBe('not-applicable');
  });
});
