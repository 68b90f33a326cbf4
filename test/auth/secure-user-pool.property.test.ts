import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as fc from 'fast-check';
import { SecureUserPool } from '../../src/auth/secure-user-pool';
import { SecureUserPoolClientOptOuts, SecureUserPoolProps } from '../../src/auth/secure-user-pool-props';
import {
  expectNoUnacknowledgedFindings,
  lintSampleEvery,
  newPropertyStack,
  propertyParameters,
  PropertyTally,
} from '../support/arbitraries';
import { TemplateCorpus } from '../support/cfn-lint';

/**
 * Property: every valid SecureUserPool configuration (sign-up, password policy, MFA, threat protection, removal,
 * opt-outs with reasons) with any valid app clients (token validities within bounds, OAuth, weakened flows with
 * opt-outs) has zero unacknowledged findings in all six packs.
 */
const tally = new PropertyTally();
const corpus = new TemplateCorpus(`SecureUserPool random configurations, 1 in ${lintSampleEvery()}`, lintSampleEvery());
const reason = { reason: 'Accepted in the property test' };

const poolArb: fc.Arbitrary<SecureUserPoolProps> = fc
  .record({
    selfSignUpEnabled: fc.option(fc.boolean(), { nil: undefined }),
    username: fc.boolean(),
    minLength: fc.oneof(fc.constant(undefined), fc.integer({ min: 6, max: 99 })),
    requireSymbols: fc.option(fc.boolean(), { nil: undefined }),
    tempDays: fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
    history: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }),
    mfa: fc.constantFrom(undefined, cognito.Mfa.REQUIRED, cognito.Mfa.OPTIONAL, cognito.Mfa.OFF),
    threat: fc.constantFrom('default', 'audit', 'off', 'essentials'),
    destroy: fc.boolean(),
  })
  .map((s) => {
    const weakPassword = (s.minLength !== undefined && s.minLength < 14) || s.requireSymbols === false;
    const weakMfa = s.mfa === cognito.Mfa.OPTIONAL || s.mfa === cognito.Mfa.OFF;
    return {
      selfSignUpEnabled: s.selfSignUpEnabled,
      signInAliases: s.username ? { username: true, email: true } : undefined,
      passwordPolicy: {
        minLength: s.minLength,
        requireSymbols: s.requireSymbols,
        tempPasswordValidity: s.tempDays !== undefined ? Duration.days(s.tempDays) : undefined,
        passwordHistorySize: s.history,
      },
      mfa: s.mfa,
      standardThreatProtectionMode:
        s.threat === 'audit'
          ? cognito.StandardThreatProtectionMode.AUDIT_ONLY
          : s.threat === 'off'
            ? cognito.StandardThreatProtectionMode.NO_ENFORCEMENT
            : undefined,
      removalPolicy: s.destroy ? RemovalPolicy.DESTROY : undefined,
      optOuts: {
        passwordPolicy: weakPassword ? reason : undefined,
        mfa: weakMfa ? reason : undefined,
        threatProtection: s.threat === 'default' ? undefined : reason,
        deletionProtection: s.destroy ? reason : undefined,
      },
    };
  });

interface ClientSpec {
  readonly options: cognito.UserPoolClientOptions;
  readonly optOuts: SecureUserPoolClientOptOuts;
}

const clientArb: fc.Arbitrary<ClientSpec> = fc
  .record({
    accessMinutes: fc.option(fc.integer({ min: 5, max: 60 }), { nil: undefined }),
    idMinutes: fc.option(fc.integer({ min: 5, max: 60 }), { nil: undefined }),
    refreshHours: fc.option(fc.integer({ min: 1, max: 720 }), { nil: undefined }),
    secret: fc.option(fc.boolean(), { nil: undefined }),
    oAuth: fc.boolean(),
    passwordFlow: fc.boolean(),
    existenceErrors: fc.boolean(),
  })
  .map((s) => ({
    options: {
      accessTokenValidity: s.accessMinutes !== undefined ? Duration.minutes(s.accessMinutes) : undefined,
      idTokenValidity: s.idMinutes !== undefined ? Duration.minutes(s.idMinutes) : undefined,
      refreshTokenValidity: s.refreshHours !== undefined ? Duration.hours(s.refreshHours) : undefined,
      generateSecret: s.secret,
      oAuth: s.oAuth ? { callbackUrls: ['https://app.example.com/callback'] } : undefined,
      authFlows: s.passwordFlow ? { userSrp: true, userPassword: true } : undefined,
      preventUserExistenceErrors: s.existenceErrors ? false : undefined,
    },
    optOuts: {
      authFlows: s.passwordFlow ? reason : undefined,
      userExistenceErrors: s.existenceErrors ? reason : undefined,
    },
  }));

describe('SecureUserPool property', () => {
  afterAll(() => {
    tally.report('SecureUserPool', tally.count('runs'), `${tally.count('clients')} app clients`);
  });

  test('random valid configurations have no unacknowledged finding in the six packs', () => {
    fc.assert(
      fc.property(poolArb, fc.array(clientArb, { maxLength: 3 }), (props, clients) => {
        const { app, stack } = newPropertyStack();
        const pool = new SecureUserPool(stack, 'Users', props);
        clients.forEach((client, i) => pool.addClientWithOptOuts(`Client${i}`, client.options, client.optOuts));
        expectNoUnacknowledgedFindings(app, { props, clients });
        corpus.sample(app);
        tally.add('runs');
        tally.add('clients', clients.length);
      }),
      propertyParameters(),
    );
  });

  test('cfn-lint finds no error in the sampled templates (CloudFormation resource schemas)', () => {
    corpus.expectValid();
  });
});
