import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { INTERFACE_SERVICES } from './function';
import { defined, retentionArb } from './shared';
import { IsolatedNetwork, IsolatedNetworkProps, SecureFunction } from '../../../src';

// ---------------------------------------------------------------------------------------------------------
// IsolatedNetwork
// ---------------------------------------------------------------------------------------------------------

export interface NetworkSpec {
  readonly maxAzs?: number;
  readonly flowLogRetention?: logs.RetentionDays;
  /** Security groups of the user's that reach the gateway endpoints and some interface endpoints. */
  readonly securityGroups: Array<{ readonly gateway: boolean; readonly interfaceEndpoints: string[] }>;
  /** Whether a SecureFunction runs in the network (with one of those security groups). */
  readonly withFunction: boolean;
}

export const networkSpecArb: fc.Arbitrary<NetworkSpec> = fc.record(
  {
    maxAzs: fc.integer({ min: 2, max: 6 }),
    flowLogRetention: retentionArb,
    securityGroups: fc.array(
      fc.record({
        gateway: fc.boolean(),
        interfaceEndpoints: fc.uniqueArray(fc.constantFrom(...INTERFACE_SERVICES, 'SSM', 'APIGATEWAY'), {
          maxLength: 3,
        }),
      }),
      { maxLength: 3 },
    ),
    withFunction: fc.boolean(),
  },
  { requiredKeys: ['securityGroups', 'withFunction'] },
);

export function buildNetwork(scope: Construct, id: string, spec: NetworkSpec): IsolatedNetwork {
  const props: IsolatedNetworkProps = defined({ maxAzs: spec.maxAzs, flowLogRetention: spec.flowLogRetention });
  const network = new IsolatedNetwork(scope, id, props);
  const groups = spec.securityGroups.map((sgSpec, i) => {
    const sg = new ec2.SecurityGroup(scope, `${id}Sg${i}`, { vpc: network.vpc, allowAllOutbound: false });
    if (sgSpec.gateway) {
      network.allowGatewayEndpoints(sg);
    }
    for (const name of sgSpec.interfaceEndpoints) {
      network.allowInterfaceEndpoint(
        sg,
        (ec2.InterfaceVpcEndpointAwsService as unknown as Record<string, ec2.InterfaceVpcEndpointAwsService>)[name],
      );
    }
    return sg;
  });
  if (spec.withFunction) {
    let sg = groups[0];
    if (!sg) {
      sg = new ec2.SecurityGroup(scope, `${id}FunctionSg`, { vpc: network.vpc, allowAllOutbound: false });
      network.allowGatewayEndpoints(sg);
    }
    new SecureFunction(scope, `${id}Worker`, {
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      handler: 'index.handler',
      vpc: network.vpc,
      securityGroups: [sg],
    });
  }
  return network;
}
