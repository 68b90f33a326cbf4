import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SecureApiProps } from './secure-api-props';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { acknowledgeException } from '../core/opt-out';
import { propRef } from '../core/prop-names';
import {
  NameRule,
  requireLiteral,
  skipUnresolved,
  validateIntegerInRange,
  validateName,
  validateOrdered,
} from '../core/validate';

const DEFAULT_STAGE_NAME = 'prod';
const DEFAULT_RATE_LIMIT = 100;
const DEFAULT_BURST_LIMIT = 200;
const DEFAULT_CACHE_TTL = Duration.minutes(5);
const MAX_CACHE_TTL = Duration.hours(1);
const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];
/** What API Gateway accepts as a stage name. */
const STAGE_NAME: NameRule = {
  pattern: /^[a-zA-Z0-9_-]+$/,
  characters: "letters, digits, '_' and '-'",
  minLength: 1,
  maxLength: 128,
};

/**
 * The checked settings of a SecureApi's deployment stage, with their defaults resolved.
 * @internal
 */
export interface StageSettings {
  readonly stageName: string;
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  /** @default - caching is off */
  readonly cache?: { readonly clusterSize: string; readonly ttl: Duration };
  readonly loggingLevel: apigateway.MethodLoggingLevel;
  readonly clientCertificate: boolean;
}

/**
 * Checks the stage props of `api` (stage name, throttling, cache, execution logging level) and resolves their
 * defaults.
 * @internal
 */
export function resolveStageSettings(api: Construct, props: SecureApiProps): StageSettings {
  requireLiteral(
    api,
    'stageName',
    props.stageName,
    "aws-cdk-lib names the stage's construct after it at synth",
    `give ${propRef('stageName')} a literal name, for example 'prod'`,
  );
  validateName(api, 'stageName', props.stageName, STAGE_NAME);
  return {
    stageName: props.stageName ?? DEFAULT_STAGE_NAME,
    throttling: resolveThrottling(api, props),
    cache: resolveCache(api, props),
    loggingLevel: resolveLoggingLevel(api, props.executionLoggingLevel),
    clientCertificate: props.clientCertificate ?? false,
  };
}

/**
 * The deployment stage's options: X-Ray tracing, metrics, execution logs without bodies, JSON access logs to
 * `accessLogGroup`, stage throttling, the encrypted cache when caching is on, and the client certificate (a
 * child `ClientCertificate` of `api`) when asked for.
 * @internal
 */
export function stageOptions(
  api: Construct,
  settings: StageSettings,
  accessLogGroup: logs.ILogGroup,
): apigateway.StageOptions {
  const cache = settings.cache;
  return {
    stageName: settings.stageName,
    tracingEnabled: true,
    metricsEnabled: true,
    loggingLevel: settings.loggingLevel,
    dataTraceEnabled: false,
    accessLogDestination: new apigateway.LogGroupLogDestination(accessLogGroup),
    accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
    throttlingRateLimit: settings.throttling.rateLimit,
    throttlingBurstLimit: settings.throttling.burstLimit,
    cacheClusterEnabled: cache !== undefined,
    cacheClusterSize: cache?.clusterSize,
    cachingEnabled: cache !== undefined,
    cacheDataEncrypted: cache !== undefined ? true : undefined,
    cacheTtl: cache?.ttl,
    clientCertificateId: settings.clientCertificate
      ? new apigateway.CfnClientCertificate(api, 'ClientCertificate', {
          description: `Presented by ${api.node.path} to HTTP backends`,
        }).attrClientCertificateId
      : undefined,
  };
}

/**
 * The stage rules that no sound configuration satisfies with caching or the client certificate off, each
 * acknowledged on `stage` with its reason.
 * @internal
 */
export function acknowledgeStageExceptions(stage: apigateway.Stage, settings: StageSettings): void {
  if (!settings.cache) {
    acknowledgeException(
      stage,
      [
        'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
        'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
        'PCI.DSS.321-APIGWCacheEnabledAndEncrypted',
      ],
      'Caching is off, so no response is stored at rest and there is nothing to encrypt. With the cache prop the cache is always encrypted.',
    );
  }
  if (!settings.clientCertificate) {
    acknowledgeException(
      stage,
      ['HIPAA.Security-APIGWSSLEnabled', 'NIST.800.53.R5-APIGWSSLEnabled', 'PCI.DSS.321-APIGWSSLEnabled'],
      'A client certificate authenticates API Gateway to HTTP backends only; Lambda and AWS service integrations are called over TLS with SigV4. Set clientCertificate: true for HTTP backends.',
    );
  }
}

function resolveThrottling(api: Construct, props: SecureApiProps): StageSettings['throttling'] {
  const rateLimit = props.throttling?.rateLimit ?? DEFAULT_RATE_LIMIT;
  const burstLimit = props.throttling?.burstLimit ?? Math.max(DEFAULT_BURST_LIMIT, rateLimit);
  validateIntegerInRange(api, 'throttling.rateLimit', rateLimit, 1, 10_000_000);
  validateIntegerInRange(api, 'throttling.burstLimit', burstLimit, 1, 10_000_000);
  validateOrdered(api, 'throttling.rateLimit', rateLimit, 'throttling.burstLimit', burstLimit);
  return { rateLimit, burstLimit };
}

function resolveCache(api: Construct, props: SecureApiProps): StageSettings['cache'] {
  if (!props.cache) {
    return undefined;
  }
  if (props.cache.encrypted === false) {
    throw new SecureConfigError(api, {
      code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
      prop: 'cache.encrypted',
      problem: 'an unencrypted cache stores API responses, which may hold personal or card data, in plaintext at rest',
      fix: `leave ${propRef('cache.encrypted')} out (the cache is always encrypted), or remove ${propRef('cache')}`,
    });
  }
  const clusterSize = props.cache.clusterSize ?? CACHE_SIZES[0];
  const sizes = `one of ${CACHE_SIZES.map((s) => `'${s}'`).join(', ')}`;
  if (!skipUnresolved(api, 'cache.clusterSize', clusterSize, sizes) && !CACHE_SIZES.includes(clusterSize)) {
    throw new SecureConfigError(api, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'cache.clusterSize',
      problem: `'${clusterSize}' is not a cache size API Gateway offers`,
      fix: `use ${sizes}`,
    });
  }
  const ttl = props.cache.ttl ?? DEFAULT_CACHE_TTL;
  let seconds: number;
  try {
    seconds = ttl.toSeconds();
  } catch {
    // A token in another unit than seconds, or a fraction of a second: API Gateway takes whole seconds.
    throw new SecureConfigError(api, {
      code: ttl.isUnresolved() ? SecureErrorCode.UNRESOLVED_TOKEN : SecureErrorCode.INVALID_PROP,
      prop: 'cache.ttl',
      problem: ttl.isUnresolved()
        ? 'the value is an unresolved token in a unit other than seconds, which cannot be converted to the seconds API Gateway takes'
        : `${ttl.toHumanString()} is not a whole number of seconds, and API Gateway takes the TTL in whole seconds`,
      fix: `give ${propRef('cache.ttl')} in whole seconds, for example ${propRef('Duration.seconds(300)')}, or ${propRef('Duration.seconds(token)')} for a token`,
    });
  }
  if (!skipUnresolved(api, 'cache.ttl', seconds, 'at most one hour') && seconds > MAX_CACHE_TTL.toSeconds()) {
    throw new SecureConfigError(api, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'cache.ttl',
      problem: `${ttl.toHumanString()} is above API Gateway's maximum of one hour`,
      fix: `set ${propRef('cache.ttl')} to at most ${propRef('Duration.hours(1)')}`,
    });
  }
  return { clusterSize, ttl };
}

function resolveLoggingLevel(
  api: Construct,
  level: apigateway.MethodLoggingLevel | undefined,
): apigateway.MethodLoggingLevel {
  if (level === apigateway.MethodLoggingLevel.OFF) {
    throw new SecureConfigError(api, {
      code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
      prop: 'executionLoggingLevel',
      problem:
        'OFF leaves failed requests without a trace (AwsSolutions-APIG6, HIPAA/NIST/PCI APIGWExecutionLoggingEnabled)',
      fix: 'use MethodLoggingLevel.ERROR (the default) or INFO; request and response bodies are never logged',
    });
  }
  return level ?? apigateway.MethodLoggingLevel.ERROR;
}
