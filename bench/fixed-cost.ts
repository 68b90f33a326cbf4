/**
 * The resources of a template that cost money every month whether or not anyone calls the API, and an
 * estimate of that cost at us-east-1 list prices (November 2026; usage-based charges excluded).
 */

/** Monthly list prices, USD, us-east-1. */
export const MONTHLY_PRICES = {
  /** AWS KMS: per customer-managed key. */
  kmsKey: 1.0,
  /** AWS WAF: per web ACL. */
  webAcl: 5.0,
  /** AWS WAF: per rule or managed rule group in a web ACL. */
  webAclRule: 1.0,
  /** AWS PrivateLink: per interface endpoint per Availability Zone (0.01 USD an hour). */
  interfaceEndpointAz: 7.3,
  /** NAT gateway (0.045 USD an hour). */
  natGateway: 32.85,
  /** CloudWatch: per standard-resolution alarm metric. */
  alarmMetric: 0.1,
};

/** The fixed-cost resources of a template. */
export interface FixedCost {
  readonly kmsKeys: number;
  readonly webAcls: number;
  readonly webAclRules: number;
  /** Interface endpoints times the Availability Zones each spans. */
  readonly interfaceEndpointAzs: number;
  readonly natGateways: number;
  /** Metrics of all alarms (a metric-math alarm counts each metric it reads). */
  readonly alarmMetrics: number;
  /** Estimated USD a month. */
  readonly monthlyUsd: number;
}

type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, any> }> };

/** Counts the fixed-cost resources of `template` and prices them. */
export function fixedCostOf(template: Template): FixedCost {
  const resources = Object.values(template.Resources ?? {});
  const ofType = (type: string) => resources.filter((r) => r.Type === type);
  const kmsKeys = ofType('AWS::KMS::Key').length;
  const webAcls = ofType('AWS::WAFv2::WebACL');
  const webAclRules = webAcls.reduce((n, acl) => n + (acl.Properties?.Rules?.length ?? 0), 0);
  const interfaceEndpointAzs = ofType('AWS::EC2::VPCEndpoint')
    .filter((e) => e.Properties?.VpcEndpointType === 'Interface')
    .reduce((n, e) => n + (Array.isArray(e.Properties?.SubnetIds) ? e.Properties.SubnetIds.length : 1), 0);
  const natGateways = ofType('AWS::EC2::NatGateway').length;
  const alarmMetrics = ofType('AWS::CloudWatch::Alarm').reduce(
    (n, alarm) =>
      n +
      (Array.isArray(alarm.Properties?.Metrics)
        ? alarm.Properties.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).length
        : 1),
    0,
  );
  const monthlyUsd =
    kmsKeys * MONTHLY_PRICES.kmsKey +
    webAcls.length * MONTHLY_PRICES.webAcl +
    webAclRules * MONTHLY_PRICES.webAclRule +
    interfaceEndpointAzs * MONTHLY_PRICES.interfaceEndpointAz +
    natGateways * MONTHLY_PRICES.natGateway +
    alarmMetrics * MONTHLY_PRICES.alarmMetric;
  return {
    kmsKeys,
    webAcls: webAcls.length,
    webAclRules,
    interfaceEndpointAzs,
    natGateways,
    alarmMetrics,
    monthlyUsd: Math.round(monthlyUsd * 100) / 100,
  };
}
