import { Severity } from '../../vocabulary';
import { GUARD_LITERAL_NUMBER, guardNumberBound, largestWithin } from '../guard-numbers';
import { RuleDefinition } from '../rule';
import { isObject, literalNumber } from '../template-values';

/** The longest access and ID token validity the rule accepts, in minutes. */
export const MAX_ACCESS_TOKEN_MINUTES = 60;
/** The longest refresh token validity the rule accepts, in minutes (30 days, Cognito's default). */
export const MAX_REFRESH_TOKEN_MINUTES = 30 * 24 * 60;

const MINUTES_PER_UNIT: { readonly [unit: string]: number } = {
  seconds: 1 / 60,
  minutes: 1,
  hours: 60,
  days: 24 * 60,
};

/**
 * A token validity in minutes, from its value and unit as the template states them: the default validity when
 * the value is absent, `undefined` when it is not a literal.
 */
function validityMinutes(
  value: unknown,
  unit: unknown,
  defaultUnit: string,
  defaultMinutes: number,
): number | undefined {
  if (value === undefined) {
    return defaultMinutes;
  }
  const amount = literalNumber(value);
  const perUnit = MINUTES_PER_UNIT[unit === undefined ? defaultUnit : String(unit)];
  return amount === undefined || perUnit === undefined ? undefined : amount * perUnit;
}

/**
 * Guard clauses for one validity: when set, a literal number whose unit (TokenValidityUnits, or `defaultUnit`)
 * is known, and which makes at most `maxMinutes` as `validityMinutes` computes it.
 */
function validityClauses(valueKey: string, unitKey: string, defaultUnit: string, maxMinutes: number): string {
  const value = `%properties.${valueKey}`;
  const unit = `%properties.TokenValidityUnits.${unitKey}`;
  const bound = (perUnit: number) => indent(guardNumberBound(value, largestWithin(maxMinutes, perUnit), true), '    ');
  return [
    `when ${value} exists {`,
    `  ${value} !is_list <<MESSAGE>>`,
    `  ${value} is_int or ${value} is_float or ${value} == ${GUARD_LITERAL_NUMBER} <<MESSAGE>>`,
    '  when %properties.TokenValidityUnits is_struct',
    `       ${unit} exists {`,
    `    ${unit} is_string <<MESSAGE>>`,
    `    ${unit} in [${Object.keys(MINUTES_PER_UNIT)
      .map((u) => `'${u}'`)
      .join(', ')}] <<MESSAGE>>`,
    ...Object.entries(MINUTES_PER_UNIT).flatMap(([name, perUnit]) => [
      `    when ${unit} == '${name}' {`,
      indent(bound(perUnit), '  '),
      '    }',
    ]),
    '  }',
    `  when %properties.TokenValidityUnits !is_struct or ${unit} !exists {`,
    bound(MINUTES_PER_UNIT[defaultUnit]),
    '  }',
    '}',
  ].join('\n');
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => by + line)
    .join('\n');
}

/**
 * A Cognito user pool app client issues access and ID tokens for at most one hour and refresh tokens for at most
 * 30 days.
 * @internal
 */
export const CognitoUserPoolClientTokenValidity: RuleDefinition = {
  name: 'CognitoUserPoolClientTokenValidity',
  title: 'Cognito app clients issue short-lived tokens',
  explanation:
    'An access or ID token cannot be revoked before it expires: a stolen one works until then, so it should live ' +
    `at most ${MAX_ACCESS_TOKEN_MINUTES} minutes (Cognito's default). A refresh token mints new tokens until it ` +
    'expires or is revoked; Cognito accepts up to 10 years, and a long one turns a stolen device into lasting access. ' +
    'Keep it at 30 days or less.',
  problem: `The app client issues access or ID tokens for more than ${MAX_ACCESS_TOKEN_MINUTES} minutes, or refresh tokens for more than 30 days`,
  fix:
    'Create the client with SecureUserPool.addClient, which issues one-hour access and ID tokens and one-day refresh ' +
    'tokens and refuses longer ones. On your own client set `accessTokenValidity` and `idTokenValidity` to at most ' +
    '`Duration.hours(1)` and `refreshTokenValidity` to at most `Duration.days(30)` (AWS::Cognito::UserPoolClient ' +
    'AccessTokenValidity, IdTokenValidity, RefreshTokenValidity with TokenValidityUnits).',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-2'],
    hipaa: ['164.312(a)(2)(iii)'],
    pci: ['8.1.8'],
    nist: ['AC-12', 'IA-11'],
    gdpr: ['Art. 32'],
  },
  guard: {
    resourceTypes: ['AWS::Cognito::UserPoolClient'],
    scope: 'resource',
    clauses: [
      validityClauses('AccessTokenValidity', 'AccessToken', 'hours', MAX_ACCESS_TOKEN_MINUTES),
      validityClauses('IdTokenValidity', 'IdToken', 'hours', MAX_ACCESS_TOKEN_MINUTES),
      validityClauses('RefreshTokenValidity', 'RefreshToken', 'days', MAX_REFRESH_TOKEN_MINUTES),
    ].join('\n'),
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Cognito::UserPoolClient') {
      return 'not-applicable';
    }
    const p = resource.properties;
    const units = isObject(p.TokenValidityUnits) ? p.TokenValidityUnits : {};
    const access = validityMinutes(p.AccessTokenValidity, units.AccessToken, 'hours', 60);
    const id = validityMinutes(p.IdTokenValidity, units.IdToken, 'hours', 60);
    const refresh = validityMinutes(p.RefreshTokenValidity, units.RefreshToken, 'days', MAX_REFRESH_TOKEN_MINUTES);
    const short =
      access !== undefined &&
      access <= MAX_ACCESS_TOKEN_MINUTES &&
      id !== undefined &&
      id <= MAX_ACCESS_TOKEN_MINUTES &&
      refresh !== undefined &&
      refresh <= MAX_REFRESH_TOKEN_MINUTES;
    return short ? 'compliant' : 'non-compliant';
  },
};
