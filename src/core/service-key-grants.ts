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

/** The service and source-scoping conditions of a binding under way (see {@link whileServiceBinds}). */
let bindingSource: { readonly service: string; readonly conditions: Record<string, unknown> } | undefined;

/**
 * Runs `bind` (an EventBridge target being bound, for one) so that every grant of a queue or topic of this
 * library to the principal of `service` made meanwhile carries `conditions` (`aws:SourceAccount` and
 * `aws:SourceArn` of the one resource that sends), instead of the account-wide scope aws-cdk-lib's integrations
 * ask for.
 * @internal
 */
export function whileServiceBinds<T>(service: string, conditions: Record<string, unknown>, bind: () => T): T {
  const outer = bindingSource;
  bindingSource = { service, conditions };
  try {
    return bind();
  } finally {
    bindingSource = outer;
  }
}

/**
 * `grantee`, except that a service principal carrying no condition of its own gets `aws:SourceAccount` of
 * `scope`'s stack (confused-deputy protection): aws-cdk-lib's EventBridge target, for one, leaves out its
 * `aws:SourceArn` for a queue with a customer-managed key, whose key policy would otherwise depend on the rule that
 * depends on the queue. While a binding of {@link whileServiceBinds} for the principal's service is under way, the
 * principal carries that binding's conditions as well.
 * @internal
 */
export function scopedToAccount(grantee: iam.IGrantable, scope: IConstruct): iam.IGrantable {
  const principal = grantee.grantPrincipal;
  if (bindingSource && principal instanceof iam.ServicePrincipal && principal.service === bindingSource.service) {
    return principal.withConditions(bindingSource.conditions);
  }
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
