import { STAR_ONLY_ACTIONS } from '../../../core/star-only-actions';
import { endpointsServing, hasViaServiceCondition } from '../../../network/reachability';
import { needsNoRoute, SERVICE_ENDPOINTS, ServiceEndpoint, servicePrefix } from '../../../network/service-endpoints';
import { Severity } from '../../vocabulary';
import { actionsOf, identityStatementsOf, isAllow, PolicyStatementJson } from '../policy-statements';
import { RuleDefinition, TemplateContext, TemplateResource } from '../rule';
import {
  asArray,
  isObject,
  isSet,
  isTrue,
  referencedLogicalId,
  resourcesOfType,
  sameValue,
  templateText,
} from '../template-values';

/**
 * A Lambda function in subnets without a route to the internet reaches every AWS service its role is granted
 * through a VPC endpoint. Findings are the endpoint names (`sqs`, `kms`, `dynamodb`) of the services it cannot
 * reach from one of its subnets.
 *
 * Only subnets, routes, roles and policies defined in the same template can be checked: anything else makes the
 * function not applicable. Actions that the Lambda service performs with the role, not the function's code,
 * need no route from the subnets (see {@link madeByLambda}); neither do actions of services the endpoint table
 * of `network/service-endpoints.ts` does not know.
 * @internal
 */
export const LambdaServiceReachable: RuleDefinition = {
  name: 'LambdaServiceReachable',
  title: 'Lambda functions in a VPC have a route to every AWS service their role is granted',
  explanation:
    'A function in subnets without a NAT or internet route reaches only the services that a VPC endpoint serves: ' +
    'a grant alone gives no route, and the call times out at run time. For each service listed, add an ' +
    "interface endpoint with private DNS in the VPC and let the function's security group reach it on HTTPS " +
    '(IsolatedNetwork.allowInterfaceEndpoint does both; SecureFunction does it for the grants it is given), add ' +
    "the S3 or DynamoDB gateway endpoint to the subnets' route tables, or place the function in subnets that " +
    'route through a NAT gateway. Remove grants the code does not use. Only subnets, routes and policies of the ' +
    'same template are checked.',
  problem: "The function's role is granted a service that one of its subnets has no route to",
  fix:
    'Let SecureFunction add the endpoints: the services of `secrets` and of grants are added automatically, others ' +
    "through `interfaceEndpoints`. In your own VPC add an interface endpoint with private DNS that the function's " +
    'security group reaches on HTTPS (`IsolatedNetwork.allowInterfaceEndpoint`, or `vpc.addInterfaceEndpoint` with ' +
    "`privateDnsEnabled: true`), add the S3 or DynamoDB gateway endpoint to the subnets' route tables, route the " +
    'subnets through a NAT gateway, or remove the grant the code does not use.',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-3'],
    nist: ['SC-7'],
  },
  guard: {
    unsupported:
      "The check follows the function's subnets, route tables, routes, VPC endpoints, role and policies by logical " +
      'id and matches every allowed action to the endpoint serving it, a reachability analysis Guard cannot express.',
  },
  check: (resource, template) => {
    if (resource.type !== 'AWS::Lambda::Function') {
      return 'not-applicable';
    }
    const subnets = subnetsOf(resource, template);
    if (subnets === undefined) {
      return 'not-applicable';
    }
    const closed = subnets.filter((subnet) => !routesToInternet(subnet, template));
    if (closed.length === 0) {
      return 'compliant';
    }
    const role = roleOf(resource, template);
    if (role === undefined) {
      return 'not-applicable';
    }
    const unreachable = new Set<ServiceEndpoint>();
    for (const alternatives of endpointsNeeded(resource, role, template)) {
      // A wildcard action may be served by several endpoints; the code needs at least one of them.
      if (closed.some((subnet) => !alternatives.some((endpoint) => reaches(subnet, endpoint, template)))) {
        alternatives.forEach((endpoint) => unreachable.add(endpoint));
      }
    }
    const findings = SERVICE_ENDPOINTS.filter((endpoint) => unreachable.has(endpoint)).map((e) => e.endpointName);
    return findings.length === 0 ? 'compliant' : [...new Set(findings)];
  },
};

/** One subnet of the template and the route tables associated with it. */
interface Subnet {
  readonly resource: TemplateResource;
  readonly routeTables: readonly string[];
}

/**
 * The function's subnets, when all of them are subnets of the template with a route table of the template;
 * `undefined` otherwise (imported subnets, parameters, literal ids, the VPC's main route table: their routes are
 * unknown).
 */
function subnetsOf(fn: TemplateResource, template: TemplateContext): Subnet[] | undefined {
  const subnetIds = fn.properties.VpcConfig?.SubnetIds;
  if (!Array.isArray(subnetIds) || subnetIds.length === 0) {
    return undefined;
  }
  const subnets: Subnet[] = [];
  for (const value of subnetIds) {
    const subnet = isObject(value) && typeof value.Ref === 'string' ? template.resources.get(value.Ref) : undefined;
    if (subnet?.type !== 'AWS::EC2::Subnet') {
      return undefined;
    }
    const routeTables = resourcesOfType(template, 'AWS::EC2::SubnetRouteTableAssociation')
      .filter((association) => referencedLogicalId(association.properties.SubnetId) === subnet.logicalId)
      .map((association) => referencedLogicalId(association.properties.RouteTableId))
      .filter((id): id is string => id !== undefined);
    if (routeTables.length === 0) {
      return undefined;
    }
    subnets.push({ resource: subnet, routeTables });
  }
  return subnets;
}

/** The properties of `AWS::EC2::Route` that send traffic somewhere beyond the VPC. */
const ROUTE_TARGETS = [
  'CarrierGatewayId',
  'CoreNetworkArn',
  'EgressOnlyInternetGatewayId',
  'GatewayId',
  'InstanceId',
  'LocalGatewayId',
  'NatGatewayId',
  'NetworkInterfaceId',
  'TransitGatewayId',
  'VpcEndpointId',
  'VpcPeeringConnectionId',
];

/**
 * True when a route table of the subnet has a default route (`0.0.0.0/0` or `::/0`) through a gateway, a NAT,
 * an appliance or a peering: every public AWS endpoint may then be reachable.
 */
function routesToInternet(subnet: Subnet, template: TemplateContext): boolean {
  return resourcesOfType(template, 'AWS::EC2::Route').some((route) => {
    const table = referencedLogicalId(route.properties.RouteTableId);
    const isDefault =
      route.properties.DestinationCidrBlock === '0.0.0.0/0' || route.properties.DestinationIpv6CidrBlock === '::/0';
    return (
      table !== undefined &&
      subnet.routeTables.includes(table) &&
      isDefault &&
      ROUTE_TARGETS.some((target) => isSet(route.properties[target]))
    );
  });
}

/** The function's execution role, when it is a role of the template. */
function roleOf(fn: TemplateResource, template: TemplateContext): TemplateResource | undefined {
  const id = referencedLogicalId(fn.properties.Role);
  const role = id === undefined ? undefined : template.resources.get(id);
  return role?.type === 'AWS::IAM::Role' ? role : undefined;
}

/**
 * The Allow statements the role holds: inline, in policies of the template attached to it, and in managed
 * policies of the template it lists. AWS-managed policies are not in the template and cannot be read.
 */
function statementsOf(role: TemplateResource, template: TemplateContext): PolicyStatementJson[] {
  const policies = new Set<TemplateResource>([role]);
  for (const candidate of template.resources.values()) {
    const attached =
      ((candidate.type === 'AWS::IAM::Policy' || candidate.type === 'AWS::IAM::ManagedPolicy') &&
        asArray(candidate.properties.Roles).some((r) => referencedLogicalId(r) === role.logicalId)) ||
      (candidate.type === 'AWS::IAM::RolePolicy' &&
        referencedLogicalId(candidate.properties.RoleName) === role.logicalId);
    if (attached) {
      policies.add(candidate);
    }
  }
  for (const arn of asArray(role.properties.ManagedPolicyArns)) {
    const id = referencedLogicalId(arn);
    const policy = id === undefined ? undefined : template.resources.get(id);
    if (policy?.type === 'AWS::IAM::ManagedPolicy') {
      policies.add(policy);
    }
  }
  return [...policies].flatMap((policy) => identityStatementsOf(policy) ?? []).filter(isAllow);
}

/**
 * For each action the function's code may call, the endpoints that could serve it (more than one for a
 * wildcard such as `dynamodb:*`).
 */
function endpointsNeeded(fn: TemplateResource, role: TemplateResource, template: TemplateContext): ServiceEndpoint[][] {
  const lambda = lambdaContextOf(fn, template);
  const needed: ServiceEndpoint[][] = [];
  for (const statement of statementsOf(role, template)) {
    for (const action of actionsOf(statement)) {
      if (needsNoRoute(action) || madeByLambda(action.toLowerCase(), statement, lambda)) {
        continue;
      }
      const endpoints = endpointsServing(action, statement.Resource);
      if (endpoints.length > 0) {
        needed.push(endpoints);
      }
    }
  }
  return needed;
}

/** What the Lambda service does with the function's role, read from the template once per check. */
interface LambdaContext {
  readonly fn: TemplateResource;
  /** Where Lambda delivers failed (or successful) events: the dead-letter target and the destinations. */
  readonly deliveryTargets: unknown[];
  /** The event sources that Lambda's pollers read for the function. */
  readonly eventSources: Array<{ readonly arn: unknown; readonly service: string; readonly also: unknown[] }>;
  /** Keys that a queue, topic, table, stream or bucket of the template is encrypted with. */
  readonly serviceKeys: Set<string>;
}

function lambdaContextOf(fn: TemplateResource, template: TemplateContext): LambdaContext {
  const ofFunction = (type: string) =>
    resourcesOfType(template, type).filter((r) => referencedLogicalId(r.properties.FunctionName) === fn.logicalId);
  const mappings = ofFunction('AWS::Lambda::EventSourceMapping');
  const deliveryTargets = [
    fn.properties.DeadLetterConfig?.TargetArn,
    ...ofFunction('AWS::Lambda::EventInvokeConfig').flatMap((config) => [
      config.properties.DestinationConfig?.OnFailure?.Destination,
      config.properties.DestinationConfig?.OnSuccess?.Destination,
    ]),
    ...mappings.map((mapping) => mapping.properties.DestinationConfig?.OnFailure?.Destination),
  ].filter(isSet);
  const eventSources = mappings
    .map((mapping) => eventSourceOf(mapping.properties.EventSourceArn, template))
    .filter((source): source is LambdaContext['eventSources'][number] => source !== undefined);
  return { fn, deliveryTargets, eventSources, serviceKeys: serviceKeysOf(template) };
}

/** The service (`sqs`, `dynamodb`, `kinesis`) of an event source mapping's source, and the stream of a consumer. */
function eventSourceOf(arn: unknown, template: TemplateContext): LambdaContext['eventSources'][number] | undefined {
  const id = referencedLogicalId(arn);
  const source = id === undefined ? undefined : template.resources.get(id);
  const byType: Record<string, string> = {
    'AWS::SQS::Queue': 'sqs',
    'AWS::DynamoDB::Table': 'dynamodb',
    'AWS::Kinesis::Stream': 'kinesis',
    'AWS::Kinesis::StreamConsumer': 'kinesis',
  };
  const service = source ? byType[source.type] : /^arn:[^:]+:(sqs|dynamodb|kinesis):/.exec(templateText(arn))?.[1];
  if (service === undefined) {
    return undefined;
  }
  // A consumer's poller also reads the stream the consumer belongs to.
  const also = source?.type === 'AWS::Kinesis::StreamConsumer' ? [source.properties.StreamARN] : [];
  return { arn, service, also };
}

/** Actions that Lambda's pollers call on the source of an event source mapping, by the source's service. */
const POLLER_ACTIONS: Record<string, (action: string) => boolean> = {
  sqs: (action) =>
    [
      'sqs:changemessagevisibility',
      'sqs:deletemessage',
      'sqs:getqueueattributes',
      'sqs:getqueueurl',
      'sqs:receivemessage',
    ].includes(action),
  dynamodb: (action) =>
    ['dynamodb:describestream', 'dynamodb:getrecords', 'dynamodb:getsharditerator', 'dynamodb:liststreams'].includes(
      action,
    ),
  kinesis: (action) => servicePrefix(action) === 'kinesis',
};

/** Actions that Lambda calls to deliver an event to a dead-letter target or a destination. */
const DELIVERY_ACTIONS = [
  'events:putevents',
  'lambda:invokefunction',
  'sns:publish',
  'sqs:getqueueattributes',
  'sqs:getqueueurl',
  'sqs:sendmessage',
];

/** Lambda writes the function's logs, and creates its network interfaces and sends its traces (star-only). */
const LAMBDA_SERVICE_ACTIONS = [
  ...STAR_ONLY_ACTIONS.map((action) => action.toLowerCase()),
  'logs:createloggroup',
  'logs:createlogstream',
  'logs:putlogevents',
];

/**
 * True when the Lambda service, not the function's code, makes the call `action` (lower case) with the role, so
 * it needs no route from the function's subnets:
 * - writing logs, attaching network interfaces, sending traces;
 * - delivering to the function's dead-letter target and destinations (only on exactly those targets);
 * - polling the sources of the function's event source mappings (only on those sources, or on `*`);
 * - KMS calls that another service makes with the role's credentials: statements with a `kms:ViaService`
 *   condition, `kms:Decrypt` on the function's own environment key, and keys that encrypt a queue, topic, table,
 *   stream or bucket of the template (SQS, SNS, DynamoDB, Kinesis and S3 call KMS themselves).
 */
function madeByLambda(action: string, statement: PolicyStatementJson, lambda: LambdaContext): boolean {
  if (LAMBDA_SERVICE_ACTIONS.includes(action)) {
    return true;
  }
  const resources = asArray(statement.Resource);
  const allOn = (targets: unknown[]) =>
    resources.length > 0 && resources.every((r) => targets.some((target) => sameValue(r, target)));
  if (DELIVERY_ACTIONS.includes(action) && allOn(lambda.deliveryTargets)) {
    return true;
  }
  if (
    lambda.eventSources.some(
      (source) => POLLER_ACTIONS[source.service](action) && allOn([source.arn, ...source.also, '*']),
    )
  ) {
    return true;
  }
  if (servicePrefix(action) !== 'kms') {
    return false;
  }
  if (hasViaServiceCondition(statement.Condition)) {
    return true;
  }
  if (action === 'kms:decrypt' && allOn([lambda.fn.properties.KmsKeyArn].filter(isSet))) {
    return true;
  }
  return (
    resources.length > 0 &&
    resources.every((r) => {
      const key = referencedLogicalId(r);
      return key !== undefined && lambda.serviceKeys.has(key);
    })
  );
}

/** The logical ids of the keys that encrypt a queue, topic, table, stream or bucket of the template. */
function serviceKeysOf(template: TemplateContext): Set<string> {
  const keys = new Set<string>();
  for (const r of template.resources.values()) {
    for (const value of encryptionKeysOf(r)) {
      const id = referencedLogicalId(value);
      if (id !== undefined && template.resources.get(id)?.type === 'AWS::KMS::Key') {
        keys.add(id);
      }
    }
  }
  return keys;
}

/** The key properties of a resource whose service calls KMS itself, with its callers' credentials. */
function encryptionKeysOf(r: TemplateResource): unknown[] {
  const p = r.properties;
  switch (r.type) {
    case 'AWS::SQS::Queue':
    case 'AWS::SNS::Topic':
      return [p.KmsMasterKeyId];
    case 'AWS::DynamoDB::Table':
      return [p.SSESpecification?.KMSMasterKeyId];
    case 'AWS::Kinesis::Stream':
      return [p.StreamEncryption?.KeyId];
    case 'AWS::S3::Bucket':
      return asArray(p.BucketEncryption?.ServerSideEncryptionConfiguration).map((rule) =>
        isObject(rule) ? rule.ServerSideEncryptionByDefault?.KMSMasterKeyID : undefined,
      );
    default:
      return [];
  }
}

/**
 * True when `endpoint` serves the subnet: a gateway endpoint on one of its route tables, or an interface
 * endpoint with private DNS in its VPC (whose endpoint service name ends with `.<endpointName>`).
 */
function reaches(subnet: Subnet, endpoint: ServiceEndpoint, template: TemplateContext): boolean {
  const suffix = `.${endpoint.endpointName}`;
  return resourcesOfType(template, 'AWS::EC2::VPCEndpoint').some((vpcEndpoint) => {
    const p = vpcEndpoint.properties;
    if (!templateText(p.ServiceName).toLowerCase().endsWith(suffix)) {
      return false;
    }
    const type = p.VpcEndpointType ?? 'Gateway';
    if (type === 'Gateway') {
      return asArray(p.RouteTableIds).some((table) => {
        const id = referencedLogicalId(table);
        return id !== undefined && subnet.routeTables.includes(id);
      });
    }
    return type === 'Interface' && isTrue(p.PrivateDnsEnabled) && sameValue(p.VpcId, subnet.resource.properties.VpcId);
  });
}
