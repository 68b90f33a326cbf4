import { Size } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ApiFirewall, MANAGED_BODY_LIMIT, MAX_INSPECTED_BODY } from './api-firewall';
import { SecureApiProps } from './secure-api-props';
import { CONTROL_RULES } from '../core/controls';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { DEFAULT_LOG_RETENTION } from '../core/log-groups';
import { applyOptOut, conflictWithOptOut } from '../core/opt-out';
import { propRef } from '../core/prop-names';
import { requireLiteral, skipUnresolved, validateNonBlank } from '../core/validate';

const DEFAULT_RATE_LIMIT_PER_IP = 2000;
/** The ARN of a regional WAFv2 web ACL, the only kind an API Gateway stage can be associated with. */
const REGIONAL_WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[^/]+\/[^/]+$/;

/**
 * The largest request body the API's web ACL lets through: `maxRequestBodySize`, from 8 KiB (the managed rules'
 * limit, the default) to 64 KiB (what WAF inspects).
 * @internal
 */
export function resolveBodySize(api: Construct, size: Size | undefined): Size {
  const resolved = size ?? MANAGED_BODY_LIMIT;
  const tokenProblem =
    "the value is an unresolved token, but the web ACL's rules (which body rule applies, WAF's inspection limit) are chosen at synth from the size";
  const tokenFix = `give ${propRef('maxRequestBodySize')} a literal size, for example ${propRef('Size.kibibytes(16)')}`;
  let bytes: number;
  try {
    bytes = resolved.toBytes();
  } catch {
    // Size cannot convert a token given in another unit than bytes.
    throw new SecureConfigError(api, {
      code: SecureErrorCode.UNRESOLVED_TOKEN,
      prop: 'maxRequestBodySize',
      problem: tokenProblem,
      fix: tokenFix,
    });
  }
  requireLiteral(
    api,
    'maxRequestBodySize',
    bytes,
    tokenProblem.replace('the value is an unresolved token, but ', ''),
    tokenFix,
  );
  if (!Number.isInteger(bytes) || bytes < MANAGED_BODY_LIMIT.toBytes() || bytes > MAX_INSPECTED_BODY.toBytes()) {
    throw new SecureConfigError(api, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'maxRequestBodySize',
      problem: `${bytes} bytes is not a whole number of bytes from 8 KiB to 64 KiB, the request bodies WAF can inspect for API Gateway`,
      fix: `choose a size from ${propRef('Size.kibibytes(8)')} to ${propRef('Size.kibibytes(64)')}; send larger payloads to S3 through presigned URLs`,
    });
  }
  return resolved;
}

/**
 * Checks `webAclArn` (a regional WAFv2 web ACL ARN) and refuses the firewall props when the API does not
 * create the web ACL they configure.
 * @internal
 */
export function validateFirewallProps(api: Construct, props: SecureApiProps): void {
  const arn = props.webAclArn;
  if (arn !== undefined && !skipUnresolved(api, 'webAclArn', arn, 'the ARN of a REGIONAL WAFv2 web ACL')) {
    validateNonBlank(api, 'webAclArn', arn);
    if (!REGIONAL_WEB_ACL_ARN.test(arn)) {
      throw new SecureConfigError(api, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'webAclArn',
        problem: arn.includes(':global/')
          ? `'${arn}' is a CLOUDFRONT-scope web ACL, which cannot be associated with an API Gateway stage`
          : `'${arn}' is not the ARN of a WAFv2 web ACL`,
        fix: `pass the ARN of a REGIONAL WAFv2 web ACL (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>) in the API's region, or leave ${propRef('webAclArn')} out to get one`,
      });
    }
  }
  const owner = props.optOuts?.waf !== undefined ? 'optOuts.waf' : arn !== undefined ? 'webAclArn' : undefined;
  if (!owner) {
    return;
  }
  for (const prop of ['rateLimitPerIp', 'maxRequestBodySize'] as const) {
    if (props[prop] !== undefined) {
      throw new SecureConfigError(api, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop,
        problem: `${propRef(prop)} configures the web ACL this API creates, and with ${propRef(owner)} it creates none, so the value would be ignored`,
        fix: `remove ${propRef(prop)}${owner === 'webAclArn' ? ', and configure that rule in your own web ACL' : ''}, or remove ${propRef(owner)}`,
      });
    }
  }
}

/**
 * Protects `stage` with a web ACL: the API's own (an `ApiFirewall`, child `Firewall` of `api`), or the one
 * of `webAclArn` (associated by `WebAclAssociation`), or none under `optOuts.waf`. Returns the web ACL the
 * API created.
 * @internal
 */
export function protectStage(
  api: Construct,
  stage: apigateway.Stage,
  props: SecureApiProps,
  maxRequestBodySize: Size,
  logsKey: kms.IKey,
): wafv2.CfnWebACL | undefined {
  if (applyOptOut(api, 'optOuts.waf', props.optOuts?.waf, CONTROL_RULES.apiWaf)) {
    if (props.webAclArn) {
      throw conflictWithOptOut(api, 'webAclArn', 'a web ACL is', 'optOuts.waf');
    }
    return undefined;
  }
  if (props.webAclArn) {
    new wafv2.CfnWebACLAssociation(api, 'WebAclAssociation', {
      resourceArn: stage.stageArn,
      webAclArn: props.webAclArn,
    });
    return undefined;
  }
  return new ApiFirewall(api, 'Firewall', {
    stageArn: stage.stageArn,
    rateLimitPerIp: props.rateLimitPerIp ?? DEFAULT_RATE_LIMIT_PER_IP,
    maxRequestBodySize,
    logsKey,
    logRetention: props.logRetention ?? DEFAULT_LOG_RETENTION,
  }).webAcl;
}
