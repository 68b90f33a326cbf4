import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';

/**
 * Grants on the customer-managed key of a queue or topic, for the principals that send to it through the service
 * (SQS, SNS), which calls KMS on their behalf.
 */

/** True for an AWS service principal (`events.amazonaws.com`), with or without conditions. */
function isServicePrincipal(principal: iam.IPrincipal): boolean {
  const json = principal.policyFragment.principalJson;
  return Object.keys(json).length === 1 && json.Service !== undefined;
}

/**
 * `grantee`, except that a service principal carrying no condition of its own gets `aws:SourceAccount` of
 * `scope`'s stack (confused-deputy protection): aws-cdk-lib's EventBridge target, for one, leaves out its
 * `aws:SourceArn` for a queue with a customer-managed key, whose key policy would otherwise depend on the rule that
 * depends on the queue.
 * @internal
 */
export function scopedToAccount(grantee: iam.IGrantable, scope: IConstruct): iam.IGrantable {
  const principal = grantee.grantPrincipal;
  if (!(principal instanceof iam.ServicePrincipal) || Object.keys(principal.policyFragment.conditions).length > 0) {
    return grantee;
  }
  return principal.withConditions({ StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } });
}

/**
 * Grants `actions` on `key` used through `service` (`sqs`, `sns`): for a role, on the key's ARN with
 * `kms:ViaService` `<service>.<region>.amazonaws.com`, so the role can use the key only through that service (and
 * needs no KMS endpoint); for an AWS service principal, in the key's policy, with the conditions the principal
 * carries.
 * @internal
 */
export function grantKeyThroughService(
  grantee: iam.IGrantable,
  key: kms.IKey,
  actions: string[],
  service: string,
  scope: IConstruct,
): iam.Grant {
  if (isServicePrincipal(grantee.grantPrincipal)) {
    return iam.Grant.addToPrincipalOrResource({ grantee, actions, resourceArns: ['*'], resource: key });
  }
  return iam.Grant.addToPrincipal({
    grantee,
    actions,
    resourceArns: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `${service}.${Stack.of(scope).region}.amazonaws.com` } },
  });
}
