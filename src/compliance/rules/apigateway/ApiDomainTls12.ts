import { Severity } from '../../vocabulary';
import { TLS_ONLY } from '../frameworks';
import { RuleDefinition } from '../rule';
import { asArray, isObject } from '../template-values';

/**
 * The security policies that refuse TLS 1.0 and 1.1: the legacy `TLS_1_2`, and the enhanced policies, whose names
 * state the highest and then the lowest version they accept (`SecurityPolicy_TLS13_1_2_2021_06`,
 * `SecurityPolicy_TLS13_1_3_2025_09`, `SecurityPolicy_TLS12_2018_EDGE`, ...).
 */
const TLS_1_2_OR_LATER = /^(TLS_1_2|SecurityPolicy_TLS1[23]_.+)$/;

/**
 * Every API Gateway custom domain name refuses TLS versions older than 1.2.
 * @internal
 */
export const ApiDomainTls12: RuleDefinition = {
  name: 'ApiDomainTls12',
  title: 'API Gateway custom domain names accept only TLS 1.2 or later',
  explanation:
    'The security policy TLS_1_0 lets clients connect with TLS 1.0 and 1.1 and their weak cipher suites, which ' +
    'PCI DSS no longer allows and which are open to downgrade attacks, so requests and the tokens in them can be ' +
    'read or changed on the way. Neither domain name type documents a default, and REST API custom domains have ' +
    'been created with TLS_1_0 when it is left out, so the rule wants it stated: TLS_1_2 or an enhanced policy ' +
    '(SecurityPolicy_TLS13_...), with EndpointAccessMode STRICT. cdk-nag has no rule for it.',
  problem: 'The custom domain name accepts TLS 1.0, or does not state a security policy that refuses it',
  fix:
    'Use SecureApi or SecureHttpApi `domainName`, which sets `securityPolicy` to TLS 1.2 and refuses TLS_1_0. On ' +
    'your own REST API domain set `securityPolicy: apigateway.SecurityPolicy.TLS_1_2` or an enhanced policy with ' +
    '`endpointAccessMode` (AWS::ApiGateway::DomainName SecurityPolicy); on an HTTP or WebSocket API domain set ' +
    '`securityPolicy: apigatewayv2.SecurityPolicy.TLS_1_2` (AWS::ApiGatewayV2::DomainName ' +
    'DomainNameConfigurations SecurityPolicy).',
  severity: Severity.ERROR,
  frameworks: TLS_ONLY,
  guard: {
    resourceTypes: ['AWS::ApiGateway::DomainName', 'AWS::ApiGatewayV2::DomainName'],
    scope: 'resource',
    // TLS_1_2_OR_LATER, with JavaScript's `.` (any character but a line terminator).
    clauses: `
      %properties !empty <<MESSAGE>>
      when Type == 'AWS::ApiGateway::DomainName' or ResourceType == 'AWS::ApiGateway::DomainName' {
        %properties.SecurityPolicy is_string <<MESSAGE>>
        %properties.SecurityPolicy == /^(TLS_1_2|SecurityPolicy_TLS1[23]_[^\\n\\r\\x{2028}\\x{2029}]+)$/ <<MESSAGE>>
      }
      when Type == 'AWS::ApiGatewayV2::DomainName' or ResourceType == 'AWS::ApiGatewayV2::DomainName' {
        %properties.DomainNameConfigurations exists <<MESSAGE>>
        %properties.DomainNameConfigurations !is_null <<MESSAGE>>
        %properties.DomainNameConfigurations !is_list or %properties.DomainNameConfigurations !empty <<MESSAGE>>
        %properties.DomainNameConfigurations[*] {
          this is_struct <<MESSAGE>>
          SecurityPolicy is_string <<MESSAGE>>
          SecurityPolicy == /^(TLS_1_2|SecurityPolicy_TLS1[23]_[^\\n\\r\\x{2028}\\x{2029}]+)$/ <<MESSAGE>>
        }
      }
    `,
  },
  check: (resource) => {
    if (resource.type === 'AWS::ApiGateway::DomainName') {
      return refusesOldTls(resource.properties.SecurityPolicy) ? 'compliant' : 'non-compliant';
    }
    if (resource.type === 'AWS::ApiGatewayV2::DomainName') {
      const configurations = asArray(resource.properties.DomainNameConfigurations);
      return configurations.length > 0 && configurations.every((c) => isObject(c) && refusesOldTls(c.SecurityPolicy))
        ? 'compliant'
        : 'non-compliant';
    }
    return 'not-applicable';
  },
};

/**
 * True for a literal policy that refuses TLS 1.0 and 1.1. Unset is not: API Gateway documents no default for
 * custom domain names, and REST API domains have defaulted to TLS_1_0; a parameter or condition may be TLS_1_0.
 */
function refusesOldTls(policy: unknown): boolean {
  return typeof policy === 'string' && TLS_1_2_OR_LATER.test(policy);
}
