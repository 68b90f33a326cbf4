import { CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { GatewayEndpointPeer } from './gateway-endpoint-peer';
import { HELPER_TIMEOUT, NetworkHelper } from './network-helper';
import { recordCreationSite } from '../compliance/creation-site';
import { ec2Description, iamDescription } from '../core/aws-text';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { createEncryptedLogGroup } from '../core/log-groups';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { propRef } from '../core/prop-names';
import { sourceConditions } from '../core/source-conditions';
import { StackDefaults } from '../core/stack-defaults';
import { requireLiteral, validateIntegerInRange, validateLogRetention } from '../core/validate';

const NETWORK_ID = 'SecureServerlessNetwork';
const DEFAULT_MAX_AZS = 2;
const MIN_AZS = 2;
const MAX_AZS = 6;
const HTTPS = ec2.Port.tcp(443);
const ISOLATED: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
/** Stacks that use another stack's network (`shareWith`), and that network. */
const SHARED_NETWORKS = new WeakMap<Stack, IsolatedNetwork>();
/**
 * How long CloudFormation waits for the helper's answer: the helper's own timeout (it answers FAILED before
 * reaching it) plus time for Lambda to start it, instead of CloudFormation's default of one hour.
 */
const HELPER_SERVICE_TIMEOUT = HELPER_TIMEOUT.plus(Duration.minutes(3));

/** The id and type that HIPAA/NIST/PCI `VPCDefaultSecurityGroupClosed` look for under the VPC construct. */
const RESTRICT_DEFAULT_SG_ID = 'RestrictDefaultSecurityGroupCustomResource';
const RESTRICT_DEFAULT_SG_TYPE = 'Custom::VpcRestrictDefaultSG';

/**
 * Props of {@link IsolatedNetwork}.
 */
export interface IsolatedNetworkProps {
  /**
   * How many Availability Zones the VPC spans: a literal integer from 2 to 6. Each interface endpoint costs per
   * AZ.
   *
   * @default 2
   */
  readonly maxAzs?: number;

  /**
   * How long the VPC flow logs are kept. `INFINITE` is refused. Less than one year fails AWS Control Tower
   * CT.CLOUDWATCH.PR.2 and falls short of PCI DSS 10.7.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * A VPC with no route to the internet, for functions that must run in a VPC (HIPAA, NIST 800-53 and PCI DSS
 * LambdaInsideVPC) but only talk to AWS services.
 *
 * - Only `PRIVATE_ISOLATED` subnets, in at least two AZs: no public subnet, no internet gateway, no NAT.
 * - Gateway endpoints for S3 and DynamoDB; interface endpoints (private DNS) only for the services asked for,
 *   each with a security group that admits only the security groups allowed to reach it.
 * - Flow logs of all traffic to a log group encrypted with the stack's logs key, with retention, written by
 *   a role that holds only a customer-managed policy.
 * - The default security group is closed by a custom resource backed by a hardened function in the VPC, so
 *   that no helper escapes the compliance checks. The same function looks up the S3 and DynamoDB prefix
 *   lists, so that security groups can allow HTTPS to the gateway endpoints and nothing else.
 *
 * One network per stack, shared by every construct that needs it: use `IsolatedNetwork.of(this)`.
 *
 * @example
 * const network = IsolatedNetwork.of(this);
 * const sg = new ec2.SecurityGroup(this, 'Sg', { vpc: network.vpc, allowAllOutbound: false });
 * network.allowGatewayEndpoints(sg);
 * network.allowInterfaceEndpoint(sg, ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
 */
export class IsolatedNetwork extends Construct {
  /**
   * The stack's shared network: the network another stack shares with it (`shareWith`), or else the stack's
   * own, created on first use as a child of the stack with id 'SecureServerlessNetwork'.
   */
  public static of(scope: IConstruct): IsolatedNetwork {
    const stack = Stack.of(scope);
    const shared = SHARED_NETWORKS.get(stack);
    if (shared) {
      return shared;
    }
    const existing = stack.node.tryFindChild(NETWORK_ID);
    return existing instanceof IsolatedNetwork ? existing : new IsolatedNetwork(stack, NETWORK_ID);
  }

  /** The VPC: isolated subnets only. */
  public readonly vpc: ec2.Vpc;
  /** The subnets to place functions in: `{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }`. */
  public readonly subnets: ec2.SubnetSelection;
  /** The id of the AWS-managed prefix list of S3, the S3 gateway endpoint's destination (resolved at deploy time). */
  public readonly s3PrefixListId: string;
  /** The id of the AWS-managed prefix list of DynamoDB, the DynamoDB gateway endpoint's destination (resolved at deploy time). */
  public readonly dynamoDbPrefixListId: string;

  private readonly helper: NetworkHelper;
  /**
   * Security groups already let through the gateway endpoints. A security group cannot recognise a repeated
   * rule to a prefix list whose id is a token (each gets a new logical id), so this network does.
   */
  private readonly gatewayEndpointUsers = new WeakSet<ec2.SecurityGroup>();
  private readonly gatewayEndpoints: ec2.GatewayVpcEndpoint[];
  /** By the service's short name (`sqs`): two instances of one service have different (token) names. */
  private readonly interfaceEndpoints = new Map<string, ec2.InterfaceVpcEndpoint>();
  private readonly endpointSecurityGroups = new Map<ec2.InterfaceVpcEndpoint, ec2.SecurityGroup>();
  /** The short names of the interface endpoints each security group was let through to. */
  private readonly interfaceEndpointUsers = new WeakMap<ec2.ISecurityGroup, Set<string>>();
  private endpointsScope?: Construct;

  constructor(scope: Construct, id: string, props: IsolatedNetworkProps = {}) {
    super(scope, id);
    recordCreationSite(this);

    requireLiteral(
      this,
      'maxAzs',
      props.maxAzs,
      'the VPC creates its subnets, route tables and endpoints at synth, one set per AZ',
      `give ${propRef('maxAzs')} a literal integer from ${MIN_AZS} to ${MAX_AZS}`,
    );
    validateIntegerInRange(this, 'maxAzs', props.maxAzs, MIN_AZS, MAX_AZS);
    validateLogRetention(this, 'flowLogRetention', props.flowLogRetention);
    const maxAzs = props.maxAzs ?? DEFAULT_MAX_AZS;

    this.subnets = ISOLATED;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs,
      natGateways: 0,
      createInternetGateway: false,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      // Closed by our own in-VPC helper below, not by aws-cdk-lib's helper outside the VPC.
      restrictDefaultSecurityGroup: false,
    });
    this.gatewayEndpoints = [
      this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [ISOLATED] }),
      this.vpc.addGatewayEndpoint('DynamoDB', {
        service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
        subnets: [ISOLATED],
      }),
    ];
    this.addFlowLog(props.flowLogRetention);

    this.helper = new NetworkHelper(this, 'Helper', { vpc: this.vpc, subnets: this.subnets });
    this.allowInterfaceEndpoint(this.helper.securityGroup, ec2.InterfaceVpcEndpointAwsService.EC2);
    const helperResource = this.closeDefaultSecurityGroupAndLookUpPrefixLists();
    this.s3PrefixListId = helperResource.getAttString('S3PrefixListId');
    this.dynamoDbPrefixListId = helperResource.getAttString('DynamoDbPrefixListId');
  }

  /**
   * Creates (once per service) an interface endpoint with private DNS in the isolated subnets, and returns it.
   * Its security group admits nobody until `allowInterfaceEndpoint` lets a security group in.
   */
  public interfaceEndpoint(service: ec2.InterfaceVpcEndpointAwsService): ec2.InterfaceVpcEndpoint {
    const existing = this.interfaceEndpoints.get(service.shortName);
    if (existing) {
      return existing;
    }
    this.endpointsScope ??= new Construct(this, 'Endpoints');
    const id = this.uniqueEndpointId(service.shortName);
    const scope = new Construct(this.endpointsScope, id);
    const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
      vpc: this.vpc,
      description: ec2Description(
        `${scope.node.path}: HTTPS from the security groups allowed to reach ${service.shortName}`,
      ),
      allowAllOutbound: false,
    });
    const endpoint = new ec2.InterfaceVpcEndpoint(scope, 'Endpoint', {
      vpc: this.vpc,
      service,
      subnets: this.subnets,
      privateDnsEnabled: true,
      securityGroups: [securityGroup],
      open: false,
    });
    this.interfaceEndpoints.set(service.shortName, endpoint);
    this.endpointSecurityGroups.set(endpoint, securityGroup);
    return endpoint;
  }

  /**
   * Lets `securityGroup` reach S3 and DynamoDB through the gateway endpoints: egress TCP 443 to both prefix
   * lists, nothing else.
   */
  public allowGatewayEndpoints(securityGroup: ec2.SecurityGroup): void {
    if (this.gatewayEndpointUsers.has(securityGroup)) {
      return;
    }
    this.gatewayEndpointUsers.add(securityGroup);
    const s3 = new GatewayEndpointPeer(this.s3PrefixListId);
    const dynamoDb = new GatewayEndpointPeer(this.dynamoDbPrefixListId);
    securityGroup.addEgressRule(s3, HTTPS, ec2Description('HTTPS to S3 through the gateway endpoint'));
    securityGroup.addEgressRule(dynamoDb, HTTPS, ec2Description('HTTPS to DynamoDB through the gateway endpoint'));
  }

  /**
   * Lets `securityGroup` reach the interface endpoint of `service` (created if needed, once per network): egress
   * 443 to the endpoint's security group, and ingress 443 on the endpoint's security group from `securityGroup`.
   * For a security group of another stack (one this network is shared with) both rules live in that stack, so
   * that the network's stack never depends on the stacks that use it. An imported security group gets the
   * ingress rule; its egress stays what it was imported with.
   *
   * A SecureFunction calls this itself for the services its role is granted.
   *
   * @example
   * declare const mySecurityGroup: ec2.ISecurityGroup;
   * IsolatedNetwork.of(this).allowInterfaceEndpoint(mySecurityGroup, ec2.InterfaceVpcEndpointAwsService.SQS);
   */
  public allowInterfaceEndpoint(securityGroup: ec2.ISecurityGroup, service: ec2.InterfaceVpcEndpointAwsService): void {
    const allowed = this.interfaceEndpointUsers.get(securityGroup) ?? new Set<string>();
    this.interfaceEndpointUsers.set(securityGroup, allowed);
    if (allowed.has(service.shortName)) {
      return;
    }
    allowed.add(service.shortName);
    const endpoint = this.interfaceEndpoint(service);
    const endpointSecurityGroup = this.endpointSecurityGroups.get(endpoint)!;
    securityGroup.addEgressRule(
      endpointSecurityGroup,
      HTTPS,
      ec2Description(`HTTPS to the ${service.shortName} interface endpoint`),
    );
    // remoteRule: across stacks, aws-cdk-lib's determineRuleScope puts the rule in `securityGroup`'s stack rather
    // than in this network's stack, which would otherwise import from every stack that uses it (a cycle).
    const ingressDescription = ec2Description(`HTTPS from ${securityGroup.node.path}`);
    endpointSecurityGroup.addIngressRule(securityGroup, HTTPS, ingressDescription, true);
  }

  /**
   * Whether `allowInterfaceEndpoint` let `securityGroup` through to the interface endpoint named `shortName`.
   * @internal
   */
  public _allowsInterfaceEndpoint(securityGroup: ec2.ISecurityGroup, shortName: string): boolean {
    return this.interfaceEndpointUsers.get(securityGroup)?.has(shortName) ?? false;
  }

  /**
   * Makes this network the network of `stacks` too: `IsolatedNetwork.of(x)` for a construct `x` in them returns
   * this network, so their SecureFunctions run in its subnets and share its interface endpoints (one VPC and one
   * endpoint per service, each billed once, instead of one set per stack; the default VPC quota is 5 per
   * region). Call it before anything in those stacks uses the network. The endpoints stay in this network's
   * stack; the functions' security groups and their rules live in their own stacks, which depend on this one,
   * never the reverse.
   *
   * Refused (SecureConfigError) for a stack that already created its own network or uses another shared one,
   * or that is in another app, account or region.
   *
   * @exampleMetadata fixture=app
   * @example
   * declare const code: lambda.Code;
   * const app = new App();
   * const env: Environment = { account: '123456789012', region: 'us-east-1' };
   * const networkStack = new Stack(app, 'Network', { env });
   * const orders = new Stack(app, 'Orders', { env });
   * const billing = new Stack(app, 'Billing', { env });
   * IsolatedNetwork.of(networkStack).shareWith(orders, billing);
   * // Runs in the Network stack's VPC.
   * new SecureFunction(orders, 'Handler', { code, handler: 'index.handler' });
   */
  public shareWith(...stacks: Stack[]): void {
    const own = Stack.of(this);
    const refuse = (stack: Stack, problem: string, fix: string) =>
      new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'shareWith',
        problem: `stack ${stack.node.path} ${problem}`,
        fix,
      });
    for (const stack of stacks) {
      if (stack === own || SHARED_NETWORKS.get(stack) === this) {
        continue;
      }
      if (stack.node.root !== this.node.root) {
        throw refuse(stack, 'is in another app', 'share the network only with stacks of its own app');
      }
      const other = SHARED_NETWORKS.get(stack);
      if (other) {
        throw refuse(
          stack,
          `already uses the network ${other.node.path}`,
          `share one network with each stack: remove the stack from one of the ${propRef('shareWith')} calls`,
        );
      }
      const ownNetwork = stack.node.findAll().find((c) => c instanceof IsolatedNetwork && Stack.of(c) === stack);
      if (ownNetwork) {
        throw refuse(
          stack,
          `already has its own network (${ownNetwork.node.path}), created when something in it first used ${propRef('IsolatedNetwork.of')}`,
          `call ${propRef('shareWith')} before creating a SecureFunction (or anything else that uses the network) in that stack`,
        );
      }
      for (const [name, mine, theirs] of [
        ['account', own.account, stack.account],
        ['region', own.region, stack.region],
      ]) {
        if (!Token.isUnresolved(mine) && !Token.isUnresolved(theirs) && mine !== theirs) {
          throw refuse(
            stack,
            `is in ${name} ${theirs} but the network in ${name} ${mine}, and a VPC serves one account and region`,
            `share the network only with stacks of ${name} ${mine}`,
          );
        }
      }
      SHARED_NETWORKS.set(stack, this);
    }
  }

  private addFlowLog(retention: logs.RetentionDays | undefined): void {
    const logGroup = createEncryptedLogGroup(
      this,
      'FlowLogs',
      StackDefaults.of(this).logsKey,
      retention,
      'flowLogRetention',
    );
    const stack = Stack.of(this);
    const role = new ManagedPolicyRole(this, 'FlowLogRole', {
      // Only VPC Flow Logs of this account and region may assume the role (confused-deputy protection).
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com').withConditions(
        sourceConditions(this, stack.formatArn({ service: 'ec2', resource: 'vpc-flow-log', resourceName: '*' })),
      ),
      description: iamDescription(`Lets VPC Flow Logs write the flow logs of ${this.vpc.node.path}`),
    });
    // The destination grants the role logs:CreateLogStream, logs:PutLogEvents and logs:DescribeLogStreams on
    // this log group; the role routes them into its customer-managed policy.
    const flowLog = this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup, role),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    flowLog.node.addDependency(role);
  }

  /**
   * Closes the VPC's default security group. The custom resource is a child of the VPC with the id and type
   * that HIPAA/NIST/PCI VPCDefaultSecurityGroupClosed recognise.
   */
  /**
   * One custom resource closes the default security group and returns the S3 and DynamoDB prefix-list ids.
   * HIPAA/NIST/PCI VPCDefaultSecurityGroupClosed look for it by id and type under the VPC.
   */
  private closeDefaultSecurityGroupAndLookUpPrefixLists(): CustomResource {
    this.helper.grantCloseSecurityGroup(this.vpc.vpcDefaultSecurityGroup);
    return this.helperResource(this.vpc, RESTRICT_DEFAULT_SG_ID, RESTRICT_DEFAULT_SG_TYPE, {
      DefaultSecurityGroupId: this.vpc.vpcDefaultSecurityGroup,
      S3ServiceName: ec2.GatewayVpcEndpointAwsService.S3.name,
      DynamoDbServiceName: ec2.GatewayVpcEndpointAwsService.DYNAMODB.name,
    });
  }

  /**
   * A custom resource served by the helper function. It waits for the helper's policies and for the endpoints
   * the helper needs, and is deleted before them, so that Create and Delete both find their way out.
   */
  private helperResource(
    scope: Construct,
    id: string,
    resourceType: string,
    properties: { [key: string]: string },
  ): CustomResource {
    const resource = new CustomResource(scope, id, {
      serviceToken: this.helper.function.functionArn,
      resourceType,
      properties,
      serviceTimeout: HELPER_SERVICE_TIMEOUT,
    });
    resource.node.addDependency(
      this.helper,
      ...this.helper.policies,
      ...this.gatewayEndpoints,
      this.interfaceEndpoint(ec2.InterfaceVpcEndpointAwsService.EC2).node.scope!,
    );
    return resource;
  }

  private uniqueEndpointId(shortName: string): string {
    const base = shortName.replace(/[^A-Za-z0-9]/g, '-');
    let id = base;
    for (let n = 2; this.endpointsScope!.node.tryFindChild(id); n++) {
      id = `${base}-${n}`;
    }
    return id;
  }
}
