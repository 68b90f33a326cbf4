import { actionMatches, isDeny, isEveryone, statementsOf } from './policy-statements';
import { TemplateContext, TemplateResource } from './rule';
import { asArray, isObject, literalStrings, referencedLogicalId, resourcesOfType } from './template-values';

/**
 * Reading resource policies (`AWS::SQS::QueuePolicy`, `AWS::SNS::TopicPolicy`, `AWS::S3::BucketPolicy`) for a
 * TLS-only statement, for the SQS, SNS and S3 rules.
 */

/** Where a policy type lists the resources it applies to, and the action a TLS deny must cover. */
export interface TlsPolicyKind {
  /** The policy's resource type, for example `AWS::SQS::QueuePolicy`. */
  readonly policyType: string;
  /** The property that lists the resources (`Queues`, `Topics`), each a `Ref` to the resource. */
  readonly listProperty: string;
  /** The action the deny must cover for every principal, for example `sqs:SendMessage`. */
  readonly action: string;
}

/**
 * True when a policy of the template that applies to `resource` denies `kind.action` to everyone when
 * `aws:SecureTransport` is false: requests without TLS are refused whoever makes them.
 */
export function hasTlsOnlyPolicy(resource: TemplateResource, template: TemplateContext, kind: TlsPolicyKind): boolean {
  return resourcesOfType(template, kind.policyType).some(
    (policy) =>
      asArray(policy.properties[kind.listProperty]).some((r) => referencedLogicalId(r) === resource.logicalId) &&
      statementsOf(policy.properties.PolicyDocument).some(
        (statement) =>
          isDeny(statement) &&
          isEveryone(statement.Principal) &&
          literalStrings(statement.Action).some((pattern) => actionMatches(pattern, kind.action)) &&
          deniesInsecureTransport(statement.Condition),
      ),
  );
}

/** True for `{ Bool: { 'aws:SecureTransport': false } }` (or `'false'`), and no other condition. */
function deniesInsecureTransport(condition: unknown): boolean {
  if (!isObject(condition) || Object.keys(condition).length !== 1 || !isObject(condition.Bool)) {
    return false;
  }
  const bool = condition.Bool;
  const keys = Object.keys(bool);
  return keys.length === 1 && keys[0].toLowerCase() === 'aws:securetransport' && String(bool[keys[0]]) === 'false';
}
