import { Severity } from '../../vocabulary';
import { GUARD_LITERAL_NUMBER as LITERAL_NUMBER } from '../guard-numbers';
import { nestGuard } from '../guard-text';
import { RuleDefinition } from '../rule';
import { GUARD_HAS_STAGE_WIDE_SETTING, GUARD_IS_STAGE_WIDE } from './stage-wide-settings';
import { asArray, isObject, literalNumber } from '../template-values';

/**
 * Every API Gateway stage throttles all its methods.
 * @internal
 */
export const ApiThrottling: RuleDefinition = {
  name: 'ApiThrottling',
  title: 'API Gateway stages throttle every method',
  explanation:
    'A stage without its own throttling limits only has the account-wide limit (10,000 requests per second shared ' +
    'by every API in the region), so one flood of requests invokes the backend functions as fast as they scale, ' +
    'runs up the bill and starves the other APIs. Set ThrottlingRateLimit and ThrottlingBurstLimit for all methods: ' +
    'MethodSettings with ResourcePath "/*" and HttpMethod "*" on a REST API stage (deployOptions ' +
    'throttlingRateLimit/throttlingBurstLimit), DefaultRouteSettings on an HTTP or WebSocket API stage.',
  problem: 'The API Gateway stage sets no throttling limits of its own for all methods',
  fix:
    'Use SecureApi, which throttles every method (`throttling.rateLimit` and `throttling.burstLimit`). On your own ' +
    'REST API set `deployOptions.throttlingRateLimit` and `throttlingBurstLimit` (AWS::ApiGateway::Stage ' +
    'MethodSettings for ResourcePath "/*" and HttpMethod "*"); on an HTTP or WebSocket API stage set `throttle` ' +
    '(AWS::ApiGatewayV2::Stage DefaultRouteSettings ThrottlingRateLimit and ThrottlingBurstLimit).',
  control: 'APIGWDefaultThrottling',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-8'],
    nist: ['SC-5'],
  },
  guard: {
    resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage'],
    scope: 'resource',
    // A literal number is a JSON number or a string JavaScript's Number() reads (GUARD_LITERAL_NUMBER). Guard
    // cannot pick the first '/*' '*' entry, so every such entry must be throttled: the check reads only the first,
    // and the two differ only for a stage that repeats the entry.
    clauses: `
      %properties !empty <<MESSAGE>>
      when Type == 'AWS::ApiGateway::Stage' or ResourceType == 'AWS::ApiGateway::Stage' {
        ${nestGuard(GUARD_HAS_STAGE_WIDE_SETTING, 8)}
        %properties.MethodSettings[*] {
          when this is_struct {
            when ${GUARD_IS_STAGE_WIDE} {
              ThrottlingRateLimit !is_list <<MESSAGE>>
              ThrottlingRateLimit is_int or ThrottlingRateLimit is_float or ThrottlingRateLimit == ${LITERAL_NUMBER} <<MESSAGE>>
              ThrottlingBurstLimit !is_list <<MESSAGE>>
              ThrottlingBurstLimit is_int or ThrottlingBurstLimit is_float or ThrottlingBurstLimit == ${LITERAL_NUMBER} <<MESSAGE>>
            }
          }
        }
      }
      when Type == 'AWS::ApiGatewayV2::Stage' or ResourceType == 'AWS::ApiGatewayV2::Stage' {
        %properties.DefaultRouteSettings is_struct <<MESSAGE>>
        %properties.DefaultRouteSettings {
          ThrottlingRateLimit !is_list <<MESSAGE>>
          ThrottlingRateLimit is_int or ThrottlingRateLimit is_float or ThrottlingRateLimit == ${LITERAL_NUMBER} <<MESSAGE>>
          ThrottlingBurstLimit !is_list <<MESSAGE>>
          ThrottlingBurstLimit is_int or ThrottlingBurstLimit is_float or ThrottlingBurstLimit == ${LITERAL_NUMBER} <<MESSAGE>>
        }
      }
    `,
  },
  check: (resource) => {
    if (resource.type === 'AWS::ApiGateway::Stage') {
      const all = asArray(resource.properties.MethodSettings).find(
        (s) => isObject(s) && s.ResourcePath === '/*' && s.HttpMethod === '*',
      );
      return isThrottled(all) ? 'compliant' : 'non-compliant';
    }
    if (resource.type === 'AWS::ApiGatewayV2::Stage') {
      return isThrottled(resource.properties.DefaultRouteSettings) ? 'compliant' : 'non-compliant';
    }
    return 'not-applicable';
  },
};

/** True when the settings set both a rate limit and a burst limit. */
function isThrottled(settings: unknown): boolean {
  return (
    isObject(settings) &&
    literalNumber(settings.ThrottlingRateLimit) !== undefined &&
    literalNumber(settings.ThrottlingBurstLimit) !== undefined
  );
}
