import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { kmsDescription } from './aws-text';

/**
 * Creates a customer-managed KMS key as every construct of this library wants it: rotation on, retained on
 * stack deletion and removal (data encrypted with it would be lost otherwise) but deleted when the create that
 * made it rolls back (`RetainExceptOnCreate`: nothing has been encrypted with it yet), and a key policy that lets only AWS services create grants (AWS Control Tower
 * CT.KMS.PR.3). Services such as DynamoDB and AWS Backup use the key through grants they create on the
 * caller's behalf, which carry `kms:GrantIsForAWSResource`; a principal cannot hand the key to anyone else.
 * @internal
 */
export function createSecureKey(scope: Construct, id: string, description: string): kms.Key {
  const key = new kms.Key(scope, id, {
    description: kmsDescription(description),
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyGrantsNotForAwsServices',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        BoolIfExists: {
          'kms:GrantIsForAWSResource': 'false',
          'aws:PrincipalIsAWSService': 'false',
        },
      },
    }),
  );
  return key;
}
