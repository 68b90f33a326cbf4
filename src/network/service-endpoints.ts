/**
 * Which VPC endpoint serves the API calls of each IAM service prefix, so that a function's grants can be turned
 * into the routes it needs. Pure data, no aws-cdk-lib import: the constructs (which add interface endpoints)
 * and the compliance rules (which read templates) share it.
 *
 * Sources: the IAM service authorization reference (service prefixes) and "AWS services that integrate with
 * AWS PrivateLink" (endpoint service names `com.amazonaws.<region>.<name>`).
 * @internal
 */
export interface ServiceEndpoint {
  /** The IAM service prefix of the actions (`sqs` of `sqs:SendMessage`). */
  readonly iamPrefix: string;
  /** The endpoint service name after `com.amazonaws.<region>.` (`sqs`, `kinesis-streams`). */
  readonly endpointName: string;
  /** `gateway` for the S3 and DynamoDB gateway endpoints, `interface` for PrivateLink interface endpoints. */
  readonly kind: 'gateway' | 'interface';
  /** Only these actions (case-insensitive, without the prefix) go to this endpoint; undefined means all. */
  readonly actions?: readonly string[];
}

/** DynamoDB Streams' API actions share the `dynamodb:` prefix but are served by their own endpoint. */
const DYNAMODB_STREAMS_ACTIONS = ['describestream', 'getrecords', 'getsharditerator', 'liststreams'];

/**
 * The endpoints, most specific first: an action matches the first entry with its prefix whose `actions`
 * include it (or that has no `actions`).
 * @internal
 */
export const SERVICE_ENDPOINTS: readonly ServiceEndpoint[] = [
  { iamPrefix: 'dynamodb', endpointName: 'dynamodb-streams', kind: 'interface', actions: DYNAMODB_STREAMS_ACTIONS },
  { iamPrefix: 'dynamodb', endpointName: 'dynamodb', kind: 'gateway' },
  { iamPrefix: 's3', endpointName: 's3', kind: 'gateway' },
  { iamPrefix: 'sqs', endpointName: 'sqs', kind: 'interface' },
  { iamPrefix: 'sns', endpointName: 'sns', kind: 'interface' },
  { iamPrefix: 'secretsmanager', endpointName: 'secretsmanager', kind: 'interface' },
  { iamPrefix: 'kms', endpointName: 'kms', kind: 'interface' },
  { iamPrefix: 'events', endpointName: 'events', kind: 'interface' },
  { iamPrefix: 'states', endpointName: 'states', kind: 'interface' },
  { iamPrefix: 'ssm', endpointName: 'ssm', kind: 'interface' },
  { iamPrefix: 'lambda', endpointName: 'lambda', kind: 'interface' },
  { iamPrefix: 'sts', endpointName: 'sts', kind: 'interface' },
  { iamPrefix: 'kinesis', endpointName: 'kinesis-streams', kind: 'interface' },
  { iamPrefix: 'firehose', endpointName: 'kinesis-firehose', kind: 'interface' },
  { iamPrefix: 'logs', endpointName: 'logs', kind: 'interface' },
  { iamPrefix: 'cloudwatch', endpointName: 'monitoring', kind: 'interface' },
  { iamPrefix: 'xray', endpointName: 'xray', kind: 'interface' },
  { iamPrefix: 'execute-api', endpointName: 'execute-api', kind: 'interface' },
  { iamPrefix: 'ecr', endpointName: 'ecr.api', kind: 'interface' },
  { iamPrefix: 'athena', endpointName: 'athena', kind: 'interface' },
  { iamPrefix: 'cloudformation', endpointName: 'cloudformation', kind: 'interface' },
  { iamPrefix: 'bedrock', endpointName: 'bedrock-runtime', kind: 'interface' },
  { iamPrefix: 'cognito-idp', endpointName: 'cognito-idp', kind: 'interface' },
  { iamPrefix: 'rds-data', endpointName: 'rds-data', kind: 'interface' },
  { iamPrefix: 'textract', endpointName: 'textract', kind: 'interface' },
  { iamPrefix: 'comprehend', endpointName: 'comprehend', kind: 'interface' },
  { iamPrefix: 'rekognition', endpointName: 'rekognition', kind: 'interface' },
  { iamPrefix: 'translate', endpointName: 'translate', kind: 'interface' },
  { iamPrefix: 'ec2', endpointName: 'ec2', kind: 'interface' },
  { iamPrefix: 'ecs', endpointName: 'ecs', kind: 'interface' },
  { iamPrefix: 'elasticfilesystem', endpointName: 'elasticfilesystem', kind: 'interface' },
  { iamPrefix: 'glue', endpointName: 'glue', kind: 'interface' },
  // The SES API (SendEmail, SendRawEmail); SMTP goes to `email-smtp` on other ports.
  { iamPrefix: 'ses', endpointName: 'email', kind: 'interface' },
];

/**
 * Actions that a function's role may hold but that its code never calls over the network: `iam:PassRole` is
 * a permission checked by the service the role is passed to, not an API call.
 * @internal
 */
export const NO_ROUTE_ACTIONS: readonly string[] = ['iam:passrole'];

/**
 * Every endpoint that serves `action` (`sqs:SendMessage`): none when no endpoint is known for its service or
 * the action is never called over the network (see {@link NO_ROUTE_ACTIONS}), more than one when a wildcard
 * covers actions of several endpoints (`dynamodb:*`, `dynamodb:Get*`).
 * @internal
 */
export function endpointsForAction(action: string): ServiceEndpoint[] {
  const lower = action.toLowerCase();
  if (NO_ROUTE_ACTIONS.includes(lower)) {
    return [];
  }
  const [prefix, name = ''] = lower.split(':', 2);
  const matcher = new RegExp(
    `^${name
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  const matches: ServiceEndpoint[] = [];
  for (const endpoint of SERVICE_ENDPOINTS) {
    if (endpoint.iamPrefix !== prefix) {
      continue;
    }
    if (endpoint.actions === undefined) {
      // The catch-all entry of the prefix: it serves the action unless a more specific entry took all of it.
      const takenBySpecific = matches.length > 0 && !/[*?]/.test(name);
      if (!takenBySpecific) {
        matches.push(endpoint);
      }
    } else if (endpoint.actions.some((a) => matcher.test(a))) {
      matches.push(endpoint);
    }
  }
  return matches;
}

/**
 * The IAM service prefix of `action` (`sqs` of `sqs:SendMessage`), lower case.
 * @internal
 */
export function servicePrefix(action: string): string {
  return action.split(':', 1)[0].toLowerCase();
}

/**
 * Whether `action` is one of {@link NO_ROUTE_ACTIONS}, which need no route.
 * @internal
 */
export function needsNoRoute(action: string): boolean {
  return NO_ROUTE_ACTIONS.includes(action.toLowerCase());
}
