import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { connectableSecurityGroup } from './reachability';
import { SecureFunctionProps } from './secure-function-props';
import { ec2Description } from '../core/aws-text';
import { CONTROL_RULES } from '../core/controls';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { applyOptOut, conflictWithOptOut, validateOptOut } from '../core/opt-out';
import { propRef } from '../core/prop-names';
import { IsolatedNetwork } from '../network/isolated-network';

/**
 * Where a SecureFunction runs: the VPC, subnets and security groups it is given.
 * @internal
 */
export interface Placement {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroups: ec2.ISecurityGroup[];
  /** Public subnets were selected, with `optOuts.publicSubnet`. */
  readonly publicSubnetOptOut?: boolean;
  /** The shared network and the security group this function created in it, when it uses them. */
  readonly network?: IsolatedNetwork;
  readonly ownSecurityGroup?: ec2.SecurityGroup;
}

/**
 * Checks `optOuts.publicSubnet`, which only some placements apply, so that a blank reason never passes
 * unnoticed.
 * @internal
 */
export function validatePlacementOptOuts(fn: Construct, props: SecureFunctionProps): void {
  validateOptOut(fn, 'optOuts.publicSubnet', props.optOuts?.publicSubnet);
}

/**
 * Where `fn` runs: undefined under `optOuts.vpc`; the shared isolated network (with a security group of the
 * function's own, created here, unless `securityGroups` are given) when no `vpc` is given; otherwise the given
 * VPC's isolated or private subnets (public ones only under `optOuts.publicSubnet`) with the given security
 * groups.
 * @internal
 */
export function resolvePlacement(fn: Construct, props: SecureFunctionProps): Placement | undefined {
  if (applyOptOut(fn, 'optOuts.vpc', props.optOuts?.vpc, CONTROL_RULES.functionVpc)) {
    if (props.vpc || props.vpcSubnets || props.securityGroups) {
      throw conflictWithOptOut(fn, 'vpc', 'VPC settings are', 'optOuts.vpc');
    }
    if (props.optOuts?.publicSubnet) {
      throw publicSubnetOptOutError(fn, `${propRef('optOuts.vpc')} runs the function outside any VPC`);
    }
    return undefined;
  }
  return props.vpc ? inGivenVpc(fn, props.vpc, props) : inSharedNetwork(fn, props);
}

/**
 * Gives the function's security group HTTPS to the interface endpoints it needs (`interfaceEndpoints` and
 * those of its secrets), created on demand in the shared network.
 * @internal
 */
export function connectInterfaceEndpoints(
  fn: Construct,
  placement: Placement | undefined,
  props: SecureFunctionProps,
): void {
  const services = [
    ...(props.interfaceEndpoints ?? []),
    ...Object.values(props.secrets ?? {}).map((secret) => secret.endpointService),
  ];
  const connectable = placement?.network ? connectableSecurityGroup(placement) : undefined;
  if (props.interfaceEndpoints && props.interfaceEndpoints.length > 0 && !connectable) {
    throw new SecureConfigError(fn, {
      code: SecureErrorCode.CONFLICTING_PROPS,
      prop: 'interfaceEndpoints',
      problem: `interface endpoints are only managed for functions in the shared isolated network, through a security group this app creates (the function's own, or one of ${propRef('securityGroups')})`,
      fix: `create the endpoints in your VPC and allow your ${propRef('securityGroups')} to reach them, or leave ${propRef('vpc')} out (and pass no imported-only ${propRef('securityGroups')})`,
    });
  }
  if (!placement?.network || !connectable) {
    return;
  }
  for (const service of new Set(services)) {
    placement.network.allowInterfaceEndpoint(connectable, service);
  }
}

/** The stack's shared isolated network, with the function's own security group unless `securityGroups` are given. */
function inSharedNetwork(fn: Construct, props: SecureFunctionProps): Placement {
  if (props.optOuts?.publicSubnet) {
    throw publicSubnetOptOutError(fn, 'the shared isolated network has no public subnets');
  }
  if (props.vpcSubnets) {
    throw new SecureConfigError(fn, {
      code: SecureErrorCode.CONFLICTING_PROPS,
      prop: 'vpcSubnets',
      problem: `subnets are selected without a ${propRef('vpc')}`,
      fix: `pass the ${propRef('vpc')} the subnets belong to, or remove ${propRef('vpcSubnets')} to use the shared isolated network`,
    });
  }
  const network = IsolatedNetwork.of(fn);
  const ownSecurityGroup = props.securityGroups ? undefined : createSecurityGroup(fn, network);
  return {
    vpc: network.vpc,
    subnets: network.subnets,
    securityGroups: props.securityGroups ?? [ownSecurityGroup!],
    network,
    ownSecurityGroup,
  };
}

/** A VPC of the user's own: its isolated (or else private) subnets unless `vpcSubnets` says otherwise. */
function inGivenVpc(fn: Construct, vpc: ec2.IVpc, props: SecureFunctionProps): Placement {
  const subnets = props.vpcSubnets ?? defaultSubnets(vpc);
  const selected = selectSubnets(fn, vpc, subnets);
  if (!selected.hasPublic && props.optOuts?.publicSubnet) {
    throw publicSubnetOptOutError(fn, 'the selected subnets include no public subnet');
  }
  const publicAllowed =
    selected.hasPublic &&
    applyOptOut(fn, 'optOuts.publicSubnet', props.optOuts?.publicSubnet, CONTROL_RULES.functionPublicSubnet);
  if (selected.hasPublic && !publicAllowed) {
    throw new SecureConfigError(fn, {
      code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
      prop: 'vpcSubnets',
      problem: 'the selection includes public subnets, which route to the internet',
      fix: `select PRIVATE_ISOLATED or PRIVATE_WITH_EGRESS subnets, or set ${propRef('optOuts.publicSubnet')} with a reason`,
    });
  }
  if (!props.securityGroups) {
    throw new SecureConfigError(fn, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'securityGroups',
      problem:
        'a VPC of your own needs your security groups: only you know which endpoints and peers the function must reach',
      fix: `pass ${propRef('securityGroups')} that allow egress only to what the function needs, or leave ${propRef('vpc')} out to use the shared isolated network`,
    });
  }
  // The shared network's VPC passed explicitly is still the shared network: its endpoints serve the grants.
  const network = vpc.node.scope instanceof IsolatedNetwork ? vpc.node.scope : undefined;
  return {
    vpc,
    subnets,
    securityGroups: props.securityGroups,
    publicSubnetOptOut: selected.hasPublic,
    network,
  };
}

function publicSubnetOptOutError(fn: Construct, problem: string): SecureConfigError {
  return new SecureConfigError(fn, {
    code: SecureErrorCode.CONFLICTING_PROPS,
    prop: 'optOuts.publicSubnet',
    problem: `${problem}, so the opt-out would allow nothing`,
    fix: `remove ${propRef('optOuts.publicSubnet')}, or pass the ${propRef('vpc')} and ${propRef('vpcSubnets')} with the public subnets the function must use`,
  });
}

function defaultSubnets(vpc: ec2.IVpc): ec2.SubnetSelection {
  return vpc.isolatedSubnets.length > 0
    ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }
    : { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
}

function selectSubnets(fn: Construct, vpc: ec2.IVpc, selection: ec2.SubnetSelection): ec2.SelectedSubnets {
  const noSubnets = (detail: string) =>
    new SecureConfigError(fn, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'vpc',
      problem: `the VPC has no isolated or private subnets to run in (${detail})`,
      fix: `add PRIVATE_ISOLATED subnets to the VPC, select subnets with ${propRef('vpcSubnets')}, or leave ${propRef('vpc')} out to use the shared isolated network`,
    });
  let selected: ec2.SelectedSubnets;
  try {
    selected = vpc.selectSubnets(selection);
  } catch (error) {
    throw noSubnets((error as Error).message);
  }
  if (selected.subnets.length === 0) {
    throw noSubnets('the selection is empty');
  }
  return selected;
}

/** The function's own security group in the shared network: egress only to the network's endpoints. */
function createSecurityGroup(fn: Construct, network: IsolatedNetwork): ec2.SecurityGroup {
  const securityGroup = new ec2.SecurityGroup(fn, 'SecurityGroup', {
    vpc: network.vpc,
    description: ec2Description(`${fn.node.path}: egress only to the endpoints of the network`),
    allowAllOutbound: false,
  });
  network.allowGatewayEndpoints(securityGroup);
  return securityGroup;
}
