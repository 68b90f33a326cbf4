import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { OptOut } from '../../../src';

// ---------------------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------------------

const REASONS = [
  'Scratch data for the load test; rebuilt from fixtures every run',
  'Public reference data with no personal or card data',
  'Short-lived preview environment torn down nightly',
  'Accepted by the security review of the reporting service',
  'Data is re-derivable from the event store within minutes',
];

/** An opt-out with a reason, and sometimes a ticket and an approver. */
export const optOutArb: fc.Arbitrary<OptOut> = fc.record(
  {
    reason: fc.constantFrom(...REASONS),
    ticket: fc.constantFrom('SEC-142', 'RISK-77', 'https://github.com/acme/shop/pull/1289'),
    approvedBy: fc.constantFrom('security@acme.example', 'Jane Doe (CISO)'),
  },
  { requiredKeys: ['reason'] },
);

/** Every finite log retention (INFINITE is refused, and documented as refused). */
export const FINITE_RETENTIONS = (Object.values(logs.RetentionDays) as Array<string | number>).filter(
  (v): v is logs.RetentionDays => typeof v === 'number' && v !== logs.RetentionDays.INFINITE,
);
export const retentionArb = fc.constantFrom(...FINITE_RETENTIONS);

/** `undefined` half of the time, otherwise a value of `arb`. */
export function maybe<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined });
}

/**
 * A customer-managed key as a user should bring one: rotation on, and grants only for AWS services (the same
 * policy as the stack's own keys; see SecureServerless-KmsGrantsOnlyForAwsServices).
 */
export function userKey(scope: Construct, id: string): kms.Key {
  const key = new kms.Key(scope, id, { enableKeyRotation: true, description: `User key ${id}` });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }),
  );
  return key;
}

/** An SNS topic as a user should bring one: encrypted with a customer-managed key, TLS only. */
export function userTopic(scope: Construct, id: string): sns.Topic {
  return new sns.Topic(scope, id, { masterKey: userKey(scope, `${id}Key`), enforceSSL: true });
}

/** Undefined fields removed, so that a spec spread into props has only the keys the arbitrary chose. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
