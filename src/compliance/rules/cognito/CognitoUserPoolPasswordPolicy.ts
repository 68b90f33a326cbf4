import { Severity } from '../../vocabulary';
import { GUARD_LITERAL_NUMBER, guardNumberBound } from '../guard-numbers';
import { RuleDefinition } from '../rule';
import { isObject, isTrue, literalNumber } from '../template-values';

/** The password policy, as a Guard query. */
const POLICY = '%properties.Policies.PasswordPolicy';

/**
 * The shortest minimum password length the rule accepts: the CIS AWS Foundations Benchmark's 14 (recommendation
 * "Ensure IAM password policy requires minimum length of 14 or greater").
 * @internal
 */
export const MIN_PASSWORD_LENGTH = 14;
/** The longest temporary password validity the rule accepts, in days: Cognito's own default. */
export const MAX_TEMPORARY_PASSWORD_DAYS = 7;

/**
 * A Cognito user pool requires passwords of at least 14 characters from all four character classes, and
 * temporary passwords expire within a week.
 * @internal
 */
export const CognitoUserPoolPasswordPolicy: RuleDefinition = {
  name: 'CognitoUserPoolPasswordPolicy',
  title: 'Cognito user pools require passwords of at least 14 characters from every character class',
  explanation:
    'Short passwords fall to guessing and credential stuffing; the CIS AWS Foundations Benchmark asks for 14 ' +
    'characters, above the 8 that AwsSolutions-COG1 accepts, and AwsSolutions-COG1 does not require lowercase ' +
    'letters. A temporary password an administrator sets is a credential someone else knows, so it should ' +
    `expire soon (at most ${MAX_TEMPORARY_PASSWORD_DAYS} days, Cognito's default).`,
  problem: `The user pool's password policy is weaker than ${MIN_PASSWORD_LENGTH} characters with lowercase, uppercase, digits and symbols, or its temporary passwords last longer than ${MAX_TEMPORARY_PASSWORD_DAYS} days`,
  fix:
    'Use SecureUserPool, whose password policy asks for all of it (leave `optOuts.passwordPolicy` unset). On your ' +
    `own pool set \`passwordPolicy: { minLength: ${MIN_PASSWORD_LENGTH}, requireLowercase: true, requireUppercase: true, ` +
    'requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) }` (AWS::Cognito::UserPool ' +
    'Policies.PasswordPolicy).',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-2'],
    hipaa: ['164.308(a)(5)(ii)(D)'],
    pci: ['8.2.3'],
    nist: ['IA-5(1)'],
    gdpr: ['Art. 32'],
  },
  guard: {
    resourceTypes: ['AWS::Cognito::UserPool'],
    scope: 'resource',
    clauses: [
      '%properties !empty <<MESSAGE>>',
      '%properties.Policies is_struct <<MESSAGE>>',
      `${POLICY} is_struct <<MESSAGE>>`,
      `${POLICY}.MinimumLength !is_list <<MESSAGE>>`,
      `${POLICY}.MinimumLength is_int or ${POLICY}.MinimumLength is_float or ${POLICY}.MinimumLength == ${GUARD_LITERAL_NUMBER} <<MESSAGE>>`,
      guardNumberBound(`${POLICY}.MinimumLength`, MIN_PASSWORD_LENGTH, false),
      ...['RequireLowercase', 'RequireUppercase', 'RequireNumbers', 'RequireSymbols'].flatMap((flag) => [
        `${POLICY}.${flag} !is_list <<MESSAGE>>`,
        `${POLICY}.${flag} == true or ${POLICY}.${flag} == /^(?i)true$/ <<MESSAGE>>`,
      ]),
      `when ${POLICY}.TemporaryPasswordValidityDays exists {`,
      `  ${POLICY}.TemporaryPasswordValidityDays !is_list <<MESSAGE>>`,
      `  ${POLICY}.TemporaryPasswordValidityDays is_int or ${POLICY}.TemporaryPasswordValidityDays is_float or ${POLICY}.TemporaryPasswordValidityDays == ${GUARD_LITERAL_NUMBER} <<MESSAGE>>`,
      guardNumberBound(`${POLICY}.TemporaryPasswordValidityDays`, MAX_TEMPORARY_PASSWORD_DAYS, true)
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
      '}',
    ].join('\n'),
  },
  check: (resource) => {
    if (resource.type !== 'AWS::Cognito::UserPool') {
      return 'not-applicable';
    }
    const policies = resource.properties.Policies;
    const policy = isObject(policies) ? policies.PasswordPolicy : undefined;
    if (!isObject(policy)) {
      return 'non-compliant';
    }
    const minimumLength = literalNumber(policy.MinimumLength);
    const classes = [policy.RequireLowercase, policy.RequireUppercase, policy.RequireNumbers, policy.RequireSymbols];
    const temporaryDays =
      policy.TemporaryPasswordValidityDays === undefined ? 0 : literalNumber(policy.TemporaryPasswordValidityDays);
    const strong =
      minimumLength !== undefined &&
      minimumLength >= MIN_PASSWORD_LENGTH &&
      classes.every(isTrue) &&
      temporaryDays !== undefined &&
      temporaryDays <= MAX_TEMPORARY_PASSWORD_DAYS;
    return strong ? 'compliant' : 'non-compliant';
  },
};
