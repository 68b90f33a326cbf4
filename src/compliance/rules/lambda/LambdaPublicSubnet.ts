import { Severity } from '../../vocabulary';
import { RuleDefinition, TemplateContext, TemplateResource } from '../rule';
import { asArray, isTrue, referencedLogicalId, resourcesOfType } from '../template-values';

/**
 * A Lambda function in a VPC is not attached to a public subnet. Findings are the logical ids of the public
 * subnets.
 * @internal
 */
export const LambdaPublicSubnet: RuleDefinition = {
  name: 'LambdaPublicSubnet',
  title: 'Lambda functions are not attached to public subnets',
  explanation:
    'A subnet that maps public IPs on launch or routes to an internet gateway is public. Lambda never gives a ' +
    "function's network interfaces a public IP, so a function there gets no internet access, and anything else " +
    'the subnet hosts is exposed to the internet alongside it. Attach functions to private subnets (egress through ' +
    'a NAT gateway) or isolated subnets with VPC endpoints. Only subnets and routes defined in the same template ' +
    'can be checked.',
  problem: 'The function is attached to a public subnet',
  fix:
    'Select private or isolated subnets: SecureFunction `vpcSubnets` refuses public ones unless ' +
    '`optOuts.publicSubnet` is set. On your own function set `vpcSubnets: { subnetType: ' +
    'ec2.SubnetType.PRIVATE_ISOLATED }` or `PRIVATE_WITH_EGRESS` (AWS::Lambda::Function VpcConfig.SubnetIds of ' +
    'subnets that map no public IPs and route to no internet gateway).',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-3'],
    hipaa: ['164.312(e)(1)'],
    pci: ['1.3.1'],
    nist: ['AC-4', 'SC-7'],
  },
  guard: {
    unsupported:
      "The check follows the function's subnets to their route table associations, routes and internet gateways " +
      'by logical id, a chain of joins Guard cannot express (it cannot bind a resource to its logical id).',
  },
  check: (resource, template) => {
    if (resource.type !== 'AWS::Lambda::Function') {
      return 'not-applicable';
    }
    const subnetIds = resource.properties.VpcConfig?.SubnetIds;
    if (subnetIds === undefined) {
      return 'not-applicable';
    }
    const subnets = asArray(subnetIds)
      .map(referencedLogicalId)
      .filter((id): id is string => id !== undefined && template.resources.get(id)?.type === 'AWS::EC2::Subnet');
    if (subnets.length === 0) {
      // Imported subnets (literal ids, parameters, imports): their routes are not in this template.
      return 'not-applicable';
    }
    return [...new Set(subnets)].filter((id) => isPublicSubnet(template.resources.get(id)!, template));
  },
};

/** True when the subnet maps public IPs on launch, or one of its route tables routes to an internet gateway. */
function isPublicSubnet(subnet: TemplateResource, template: TemplateContext): boolean {
  if (isTrue(subnet.properties.MapPublicIpOnLaunch)) {
    return true;
  }
  const routeTables = resourcesOfType(template, 'AWS::EC2::SubnetRouteTableAssociation')
    .filter((association) => referencedLogicalId(association.properties.SubnetId) === subnet.logicalId)
    .map((association) => referencedLogicalId(association.properties.RouteTableId));
  return resourcesOfType(template, 'AWS::EC2::Route').some(
    (route) =>
      routeTables.includes(referencedLogicalId(route.properties.RouteTableId)) && isInternetGateway(route, template),
  );
}

/** True when the route's target is an internet gateway of the template, or a literal `igw-` id. */
function isInternetGateway(route: TemplateResource, template: TemplateContext): boolean {
  const gateway = route.properties.GatewayId;
  if (typeof gateway === 'string') {
    return gateway.startsWith('igw-');
  }
  const id = referencedLogicalId(gateway);
  return id !== undefined && template.resources.get(id)?.type === 'AWS::EC2::InternetGateway';
}
