import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IDependable } from 'constructs';
import { HELPER_HANDLER_CODE } from './handler';
import * as perms from './perms';
import { ec2Description, iamDescription } from '../core/aws-text';
import { grantExecutionPermissions } from '../core/execution-permissions';
import { createEncryptedLogGroup } from '../core/log-groups';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { acknowledgeException } from '../core/opt-out';
import { latestNodeRuntime } from '../core/runtime';
import { StackDefaults } from '../core/stack-defaults';

/**
 * Two custom resources use the helper; each deploy invokes it at most twice at a time. Less when the stack's
 * amount is smaller, none under the stack's `optOuts.concurrencyLimit` (see `StackDefaults.configure`).
 */
const HELPER_RESERVED_CONCURRENCY = 2;
const HELPER_MEMORY_MB = 256;
/** Enough for a few EC2 calls and three attempts at answering CloudFormation. */
export const HELPER_TIMEOUT = Duration.minutes(2);

/**
 * Props of {@link NetworkHelper}.
 * @internal
 */
export interface NetworkHelperProps {
  /** The VPC to run in. */
  readonly vpc: ec2.IVpc;
  /** The subnets to run in. */
  readonly subnets: ec2.SubnetSelection;
}

/**
 * The isolated network's own helper function, hardened like a production function: in the isolated subnets,
 * a role with only customer-managed policies and exact actions, an encrypted log group with retention, X-Ray
 * tracing, reserved concurrency, an encrypted dead-letter topic, explicit memory and timeout. It serves the
 * custom resources that close the default security group and look up the gateway endpoints' prefix lists
 * (code in `handler.ts`), and takes the place of aws-cdk-lib's `restrictDefaultSecurityGroup` helper, which
 * runs outside the VPC where no compliance pack checks it.
 * @internal
 */
export class NetworkHelper extends Construct {
  /** The helper function; its ARN is the custom resources' service token. */
  public readonly function: lambda.Function;
  /** The helper's security group. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The policies the helper's role needs before it is invoked. */
  public readonly policies: IDependable[] = [];

  private readonly role: ManagedPolicyRole;

  constructor(scope: Construct, id: string, props: NetworkHelperProps) {
    super(scope, id);
    const defaults = StackDefaults.of(this);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: ec2Description(
        `${this.node.path}: HTTPS to the EC2 endpoint and to the CloudFormation response bucket through the S3 gateway endpoint`,
      ),
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      ec2Description(
        'HTTPS to the CloudFormation response bucket through the S3 gateway endpoint (isolated subnets route nowhere else)',
      ),
    );
    acknowledgeException(
      this.securityGroup,
      ['SecureServerless-SecurityGroupOpenEgress[0.0.0.0/0]'],
      "The helper is what looks up the S3 prefix-list id, so its own group cannot name it: CloudFormation exposes no prefix-list id for a gateway endpoint. It needs HTTPS to the S3 gateway endpoint to answer CloudFormation; the isolated subnets have no route beyond the VPC and the S3/DynamoDB gateway endpoints, so 0.0.0.0/0:443 reaches only those and the VPC's interface endpoints.",
    );

    this.role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: iamDescription(`Execution role of ${this.node.path}`),
    });
    const logGroup = createEncryptedLogGroup(this, 'LogGroup', defaults.logsKey, undefined, 'logRetention');

    this.function = new lambda.Function(this, 'Function', {
      description: "Closes the VPC's default security group and looks up the S3 and DynamoDB prefix lists",
      runtime: latestNodeRuntime(),
      handler: 'index.handler',
      code: lambda.Code.fromInline(HELPER_HANDLER_CODE),
      role: this.role,
      logGroup,
      memorySize: HELPER_MEMORY_MB,
      timeout: HELPER_TIMEOUT,
      reservedConcurrentExecutions: defaults.reservedConcurrencyFor(this, HELPER_RESERVED_CONCURRENCY),
      tracing: lambda.Tracing.ACTIVE,
      deadLetterTopic: defaults.deadLetterTopic,
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
    });

    grantExecutionPermissions(this.function, this.role, {
      logGroup,
      deadLetterTopic: defaults.deadLetterTopic,
      inVpc: true,
    });
    this.policies.push(...this.function.node.dependencies.filter((d) => d instanceof iam.ManagedPolicy));
    this.grant(new iam.PolicyStatement({ actions: perms.DESCRIBE_ACTIONS, resources: ['*'] }));
    acknowledgeException(
      this.role.policy!,
      ['AwsSolutions-IAM5[Resource::*]'],
      'ec2:DescribePrefixLists and ec2:DescribeSecurityGroups support no resource-level permissions, so they can only be granted on "*"; they are read-only and alone in their statement. Every other action of this policy is granted on exact ARNs.',
    );
  }

  /**
   * Lets the helper revoke the rules of the security group `groupId`, and nothing else on it.
   */
  public grantCloseSecurityGroup(groupId: string): void {
    this.grant(
      new iam.PolicyStatement({
        actions: perms.CLOSE_DEFAULT_SECURITY_GROUP_ACTIONS,
        resources: [Stack.of(this).formatArn({ service: 'ec2', resource: 'security-group', resourceName: groupId })],
      }),
    );
  }

  private grant(statement: iam.PolicyStatement): void {
    const { policyDependable } = this.role.addToPrincipalPolicy(statement);
    if (policyDependable && !this.policies.includes(policyDependable)) {
      this.policies.push(policyDependable);
      // Lambda checks the network-interface permissions when it creates an in-VPC function.
      this.function.node.addDependency(policyDependable);
    }
  }
}
