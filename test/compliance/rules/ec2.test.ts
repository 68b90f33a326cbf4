import { check, resource, UNRELATED } from './support';
import { SecurityGroupOpenEgress } from '../../../src/compliance/rules/ec2/SecurityGroupOpenEgress';

const securityGroup = (egress?: unknown[]) =>
  resource('Sg', 'AWS::EC2::SecurityGroup', {
    GroupDescription: 'functions',
    VpcId: { Ref: 'Vpc' },
    ...(egress ? { SecurityGroupEgress: egress } : {}),
  });

/** What aws-cdk-lib renders for `allowAllOutbound: false`. */
const CDK_NO_EGRESS = {
  CidrIp: '255.255.255.255/32',
  Description: 'Disallow all traffic',
  FromPort: 252,
  IpProtocol: 'icmp',
  ToPort: 86,
};

describe('SecurityGroupOpenEgress', () => {
  test('compliant: no egress (aws-cdk-lib allowAllOutbound: false), or egress to a prefix list and a CIDR', () => {
    expect(check(SecurityGroupOpenEgress, securityGroup([CDK_NO_EGRESS]))).toEqual([]);
    const subject = securityGroup([
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: 'pl-63a5400a' },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/16' },
    ]);
    expect(check(SecurityGroupOpenEgress, subject)).toEqual([]);
  });

  test('compliant: no inline egress, but standalone egress rules (they remove the EC2 default rule)', () => {
    const rule = resource('Egress', 'AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      DestinationPrefixListId: 'pl-63a5400a',
    });
    expect(check(SecurityGroupOpenEgress, securityGroup(), rule)).toEqual([]);
  });

  test('compliant: a standalone egress rule to another security group', () => {
    const rule = resource('Egress', 'AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      DestinationSecurityGroupId: { 'Fn::GetAtt': ['EndpointSg', 'GroupId'] },
    });
    expect(check(SecurityGroupOpenEgress, rule)).toEqual([]);
  });

  test('non-compliant: egress to 0.0.0.0/0 and ::/0', () => {
    const subject = securityGroup([
      { IpProtocol: '-1', CidrIp: '0.0.0.0/0' },
      { IpProtocol: '-1', CidrIpv6: '::/0' },
    ]);
    expect(check(SecurityGroupOpenEgress, subject)).toEqual(['0.0.0.0/0', '::/0']);
  });

  test('non-compliant: no egress rules at all keeps the EC2 default allow-all rule', () => {
    const otherGroupsRule = resource('Egress', 'AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': ['OtherSg', 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      DestinationPrefixListId: 'pl-63a5400a',
    });
    expect(check(SecurityGroupOpenEgress, securityGroup())).toEqual(['0.0.0.0/0']);
    expect(check(SecurityGroupOpenEgress, securityGroup(), otherGroupsRule)).toEqual(['0.0.0.0/0']);
  });

  test('non-compliant: a standalone egress rule to ::/0 on one port', () => {
    const rule = resource('Egress', 'AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      CidrIpv6: '::/0',
    });
    expect(check(SecurityGroupOpenEgress, rule)).toEqual(['::/0']);
  });

  test('not applicable to other resources', () => {
    expect(check(SecurityGroupOpenEgress, UNRELATED)).toBe('not-applicable');
  });
});
