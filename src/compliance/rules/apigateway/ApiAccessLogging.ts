import { Severity } from '../../vocabulary';
import { AUDIT_LOGGING } from '../frameworks';
import { RuleDefinition } from '../rule';
import { isSet } from '../template-values';

/**
 * Every API Gateway stage writes access logs.
 * @internal
 */
export const ApiAccessLogging: RuleDefinition = {
  name: 'ApiAccessLogging',
  title: 'API Gateway stages write access logs',
  explanation:
    'Without access logs there is no record of who called which route, from where, with what result, so ' +
    'credential stuffing, scraping or an authorizer bypass cannot be detected or investigated. Set ' +
    'AccessLogSetting (REST API) or AccessLogSettings (HTTP and WebSocket API) with a DestinationArn of an ' +
    'encrypted log group with retention, and a format that includes the request id, caller, status and latency.',
  problem: 'The API Gateway stage writes no access logs',
  fix:
    'Use SecureApi, which writes JSON access logs to an encrypted log group. On your own REST API set ' +
    '`deployOptions.accessLogDestination` and `accessLogFormat` (AWS::ApiGateway::Stage AccessLogSetting); on an ' +
    'HTTP or WebSocket API stage set `accessLogSettings` (AWS::ApiGatewayV2::Stage AccessLogSettings ' +
    'DestinationArn and Format).',
  control: 'APIGWAccessLogging',
  severity: Severity.ERROR,
  frameworks: AUDIT_LOGGING,
  guard: {
    resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage'],
    scope: 'resource',
    // Guard 3.1 resolves a missing `AccessLogSettings` to `AccessLogSetting`, hence the exact key filter.
    clauses: `
      %properties !empty <<MESSAGE>>
      when Type == 'AWS::ApiGateway::Stage' or ResourceType == 'AWS::ApiGateway::Stage' {
        %properties.AccessLogSetting.DestinationArn exists <<MESSAGE>>
        %properties.AccessLogSetting.DestinationArn !is_null <<MESSAGE>>
        %properties.AccessLogSetting.DestinationArn !is_string or %properties.AccessLogSetting.DestinationArn != '' <<MESSAGE>>
      }
      when Type == 'AWS::ApiGatewayV2::Stage' or ResourceType == 'AWS::ApiGatewayV2::Stage' {
        let settings = %properties[ keys == 'AccessLogSettings' ]
        %settings !empty <<MESSAGE>>
        %settings.DestinationArn exists <<MESSAGE>>
        %settings.DestinationArn !is_null <<MESSAGE>>
        %settings.DestinationArn !is_string or %settings.DestinationArn != '' <<MESSAGE>>
      }
    `,
  },
  check: (resource) => {
    if (resource.type === 'AWS::ApiGateway::Stage') {
      return isSet(resource.properties.AccessLogSetting?.DestinationArn) ? 'compliant' : 'non-compliant';
    }
    if (resource.type === 'AWS::ApiGatewayV2::Stage') {
      return isSet(resource.properties.AccessLogSettings?.DestinationArn) ? 'compliant' : 'non-compliant';
    }
    return 'not-applicable';
  },
};
