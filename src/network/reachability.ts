import { endpointsForAction, needsNoRoute, ServiceEndpoint, servicePrefix } from './service-endpoints';
import { asArray, isObject, templateText } from '../compliance/rules/template-values';
import { STAR_ONLY_ACTIONS } from '../core/star-only-actions';

/**
 * What an isolated network must offer so that the calls one IAM statement allows can leave it. Pure: reads
 * resolved statement JSON, so that grants seen at construction and policies read at synth are judged alike.
 * @internal
 */
export interface StatementRoutes {
  /**
   * Endpoint names (`sqs`, `kms`) of the interface endpoints the statement's actions need: actions that only an
   * interface endpoint serves. An action that a gateway endpoint may serve (`dynamodb:*`) needs none.
   */
  readonly interfaceEndpoints: string[];
  /** Actions whose service no known VPC endpoint serves, as `[servicePrefix, action]` pairs. */
  readonly unreachable: Array<[string, string]>;
}

/** An IAM policy statement as CloudFormation holds it, resolved. @internal */
export interface StatementJson {
  readonly Effect?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly Condition?: unknown;
}

/** X-Ray and network-interface actions: Lambda makes those calls with the role, not the function's code. */
const LAMBDA_SERVICE_ACTIONS = new Set(STAR_ONLY_ACTIONS.map((action) => action.toLowerCase()));

/**
 * The routes the actions of `statement` need from a network with no route to the internet. Not counted:
 * Deny and `NotAction` statements (what a `NotAction` allows cannot be listed), unresolved actions,
 * {@link needsNoRoute} actions, the X-Ray and network-interface actions Lambda itself calls, KMS actions of a
 * statement with a `kms:ViaService` condition (the service named there calls KMS, not the code), and DynamoDB
 * Streams actions on resources that cannot be streams (aws-cdk-lib's `Table.grantReadData` grants
 * `dynamodb:GetRecords` on the table ARN, which authorizes nothing).
 * @internal
 */
export function routesOfStatement(statement: StatementJson): StatementRoutes {
  const interfaceEndpoints = new Set<string>();
  const unreachable: Array<[string, string]> = [];
  if (statement.Effect !== 'Allow' || statement.NotAction !== undefined) {
    return { interfaceEndpoints: [], unreachable };
  }
  const viaService = hasViaServiceCondition(statement.Condition);
  for (const action of asArray(statement.Action)) {
    if (typeof action !== 'string' || action.includes('${Token[')) {
      continue;
    }
    const lower = action.toLowerCase();
    // `*` names no service to route to; the compliance gate refuses it (SecureServerless-IamWildcardAction).
    if (lower === '*') {
      continue;
    }
    if (needsNoRoute(lower) || LAMBDA_SERVICE_ACTIONS.has(lower) || (viaService && servicePrefix(lower) === 'kms')) {
      continue;
    }
    const endpoints = endpointsServing(lower, statement.Resource);
    if (endpoints.length === 0) {
      if (endpointsForAction(lower).length === 0) {
        unreachable.push([servicePrefix(lower), action]);
      }
      continue;
    }
    // A wildcard may be served by several endpoints; one of them is enough, and gateway endpoints are always there.
    if (endpoints.every((endpoint) => endpoint.kind === 'interface')) {
      endpoints.forEach((endpoint) => interfaceEndpoints.add(endpoint.endpointName));
    }
  }
  return { interfaceEndpoints: [...interfaceEndpoints], unreachable };
}

/**
 * The endpoints that may serve `action` on `resource`: those of `endpointsForAction`, without the DynamoDB
 * Streams endpoint when the resource cannot be a stream.
 * @internal
 */
export function endpointsServing(action: string, resource: unknown): ServiceEndpoint[] {
  return endpointsForAction(action).filter(
    (endpoint) => endpoint.endpointName !== 'dynamodb-streams' || mayBeStream(resource),
  );
}

/**
 * True when a condition of the statement names `kms:ViaService`, whatever the operator.
 * @internal
 */
export function hasViaServiceCondition(condition: unknown): boolean {
  return (
    isObject(condition) &&
    Object.values(condition).some(
      (keys) => isObject(keys) && Object.keys(keys).some((key) => key.toLowerCase() === 'kms:viaservice'),
    )
  );
}

/**
 * True when a resource may be a DynamoDB stream: `*`, a stream ARN, a `StreamArn` attribute or a wildcard.
 * @internal
 */
export function mayBeStream(resource: unknown): boolean {
  return asArray(resource).some((r) => {
    const getAtt = isObject(r) ? r['Fn::GetAtt'] : undefined;
    const attribute = Array.isArray(getAtt) ? getAtt[1] : typeof getAtt === 'string' ? getAtt.split('.')[1] : '';
    if (typeof attribute === 'string' && /StreamArn$/.test(attribute)) {
      return true;
    }
    const text = templateText(r);
    return text === '*' || text.includes('/stream') || (text.includes('*') && !text.includes('/index/'));
  });
}
