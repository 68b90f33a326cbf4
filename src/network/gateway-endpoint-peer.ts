import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * The destination of a gateway endpoint, as a security-group peer: its AWS-managed prefix list.
 *
 * `ec2.Peer.prefixList` never inlines its rules, so every security group got one `AWS::EC2::SecurityGroupEgress`
 * resource per gateway endpoint. A security group's own `SecurityGroupEgress` property takes a
 * `DestinationPrefixListId` just as well, so this peer lets the rule live inside the security group: the same
 * rule, two resources fewer per function.
 * @internal
 */
export class GatewayEndpointPeer implements ec2.IPeer {
  public readonly canInlineRule = true;
  public readonly connections: ec2.Connections = new ec2.Connections({ peer: this });
  public readonly uniqueId: string;

  constructor(private readonly prefixListId: string) {
    this.uniqueId = prefixListId;
  }

  public toIngressRuleConfig(): any {
    return { sourcePrefixListId: this.prefixListId };
  }

  public toEgressRuleConfig(): any {
    return { destinationPrefixListId: this.prefixListId };
  }
}
