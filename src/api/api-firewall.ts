import { ArnFormat, Names, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { logGroupName as wafLogGroupName, wafMetricName, wafName } from '../core/aws-text';
import { StackDefaults } from '../core/stack-defaults';

/** AWS's common rule set blocks bodies larger than this (`SizeRestrictions_BODY`). */
export const MANAGED_BODY_LIMIT = Size.kibibytes(8);
/** WAF inspects at most this much of a request body sent to API Gateway. */
export const MAX_INSPECTED_BODY = Size.kibibytes(64);
const INSPECTION_TIERS_KIB = [16, 32, 48, 64];

/** The AWS managed rule groups every API gets, in priority order. */
const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
];

/**
 * Props of {@link ApiFirewall}.
 * @internal
 */
export interface ApiFirewallProps {
  /** The stage ARN the web ACL protects. */
  readonly stageArn: string;
  /** Requests per five minutes from one IP before it is blocked. */
  readonly rateLimitPerIp: number;
  /** The largest body let through. */
  readonly maxRequestBodySize: Size;
  /** The key of the WAF log group. */
  readonly logsKey: kms.IKey;
  /** Retention of the WAF log group. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * A regional WAFv2 web ACL for one API stage: AWS managed rules (IP reputation, common, known bad inputs,
 * SQL injection), a per-IP rate-based rule and a body-size rule, with logging to an encrypted log group.
 * @internal
 */
export class ApiFirewall extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    const largeBodies = props.maxRequestBodySize.toBytes() > MANAGED_BODY_LIMIT.toBytes();
    const metricName = (name: string) => wafMetricName(`${Names.uniqueResourceName(this, { maxLength: 100 })}-${name}`);
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: metricName(name),
      sampledRequestsEnabled: true,
    });

    const rules: wafv2.CfnWebACL.RuleProperty[] = MANAGED_RULE_GROUPS.map((name, index) => ({
      name,
      priority: index,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          // With a larger body limit, the common rule set's 8 KiB body rule only counts; BodySizeLimit decides.
          ruleActionOverrides:
            largeBodies && name === 'AWSManagedRulesCommonRuleSet'
              ? [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]
              : undefined,
        },
      },
      visibilityConfig: visibility(name),
    }));
    rules.push({
      name: 'RateLimitPerIp',
      priority: rules.length,
      action: { block: {} },
      statement: { rateBasedStatement: { limit: props.rateLimitPerIp, aggregateKeyType: 'IP' } },
      visibilityConfig: visibility('RateLimitPerIp'),
    });
    if (largeBodies) {
      rules.push({
        name: 'BodySizeLimit',
        priority: rules.length,
        action: { block: {} },
        statement: {
          sizeConstraintStatement: {
            fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
            comparisonOperator: 'GT',
            size: props.maxRequestBodySize.toBytes(),
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
        visibilityConfig: visibility('BodySizeLimit'),
      });
    }

    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      name: wafName(Names.uniqueResourceName(this, { maxLength: 128 })),
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visibility('WebAcl'),
      associationConfig: largeBodies
        ? { requestBody: { API_GATEWAY: { defaultSizeInspectionLimit: inspectionTier(props.maxRequestBodySize) } } }
        : undefined,
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.attrArn,
    });

    // WAF only logs to log groups whose name starts with aws-waf-logs-, so the name is fixed: kept on delete,
    // but removed when the create that made it rolls back (RetainExceptOnCreate), so that a retry after a
    // failed first deploy does not fail with "already exists".
    const logGroupName = wafLogGroupName(Names.uniqueResourceName(this, { maxLength: 400 }), 'aws-waf-logs-');
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      encryptionKey: props.logsKey,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    // WAF delivers through CloudWatch Logs' log delivery, which needs a resource policy allowing it into the
    // log group; with none, WAF would write an AWSWAF-LOGS policy of its own outside the stack.
    const deliveryPolicy = StackDefaults.of(this).allowLogDelivery(this.logGroup);
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    });
    logging.node.addDependency(this.logGroup, deliveryPolicy);
  }
}

/** The smallest WAF body inspection tier that covers `size`. */
function inspectionTier(size: Size): string {
  const kib = INSPECTION_TIERS_KIB.find((tier) => size.toBytes() <= tier * 1024) ?? 64;
  return `KB_${kib}`;
}
