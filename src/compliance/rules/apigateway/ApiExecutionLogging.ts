import { Severity } from '../../vocabulary';
import { nestGuard } from '../guard-text';
import { RuleDefinition } from '../rule';
import { GUARD_HAS_STAGE_WIDE_SETTING, GUARD_IS_STAGE_WIDE } from './stage-wide-settings';
import { asArray, isObject } from '../template-values';

/** The execution logging levels that record failed requests. */
const LOGGING_LEVELS = ['ERROR', 'INFO'];

/**
 * Every API Gateway REST API stage writes execution logs for every method.
 * @internal
 */
export const ApiExecutionLogging: RuleDefinition = {
  name: 'ApiExecutionLogging',
  title: 'API Gateway REST API stages write execution logs for every method',
  explanation:
    'Execution logs record why API Gateway rejected or failed a request (authorizer denials, validation errors, ' +
    'integration timeouts and errors), which access logs do not; with LoggingLevel OFF, failures and attacks on ' +
    'the API leave no trace to investigate. Set MethodSettings with ResourcePath "/*", HttpMethod "*" and ' +
    'LoggingLevel ERROR or INFO (deployOptions loggingLevel), keep DataTraceEnabled false so bodies are not ' +
    'logged, and turn no method OFF. HTTP APIs have no execution logs and are not checked.',
  problem: 'The REST API stage leaves execution logging off for all or some of its methods',
  fix:
    'Use SecureApi and keep `executionLoggingLevel` at `MethodLoggingLevel.ERROR` or `INFO`. On your own REST API ' +
    'set `deployOptions.loggingLevel` to ERROR or INFO (AWS::ApiGateway::Stage MethodSettings with ResourcePath ' +
    '"/*", HttpMethod "*" and LoggingLevel ERROR or INFO), keep `dataTraceEnabled` false and set no method\'s ' +
    'level to OFF.',
  control: 'APIGWExecutionLoggingEnabled',
  severity: Severity.ERROR,
  frameworks: {
    owasp: ['SAS-5', 'SAS-10'],
    hipaa: ['164.312(b)'],
    pci: ['10.1', '10.2'],
    nist: ['AU-2', 'AU-12'],
  },
  guard: {
    resourceTypes: ['AWS::ApiGateway::Stage'],
    scope: 'resource',
    // Guard cannot pick the first '/*' '*' entry, so every such entry must set a level: the check reads only the
    // first, and the two differ only for a stage that repeats the entry.
    clauses: `
      %properties !empty <<MESSAGE>>
      ${nestGuard(GUARD_HAS_STAGE_WIDE_SETTING, 6)}
      %properties.MethodSettings[*] {
        when this is_struct {
          when ${GUARD_IS_STAGE_WIDE} {
            LoggingLevel exists <<MESSAGE>>
          }
          when LoggingLevel exists {
            LoggingLevel !is_list <<MESSAGE>>
            LoggingLevel is_struct or LoggingLevel == /^(?i)(ERROR|INFO)$/ <<MESSAGE>>
          }
        }
      }
    `,
  },
  check: (resource) => {
    if (resource.type !== 'AWS::ApiGateway::Stage') {
      return 'not-applicable';
    }
    const settings = asArray(resource.properties.MethodSettings).filter(isObject);
    const all = settings.find((s) => s.ResourcePath === '/*' && s.HttpMethod === '*');
    const logsAll = all !== undefined && isLogging(all.LoggingLevel);
    const turnsOneOff = settings.some((s) => s.LoggingLevel !== undefined && !isLogging(s.LoggingLevel));
    return logsAll && !turnsOneOff ? 'compliant' : 'non-compliant';
  },
};

/** True for a logging level that records errors; an intrinsic function is taken on trust. */
function isLogging(level: unknown): boolean {
  return typeof level === 'string' ? LOGGING_LEVELS.includes(level.toUpperCase()) : isObject(level);
}
