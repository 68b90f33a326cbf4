import { createHash } from 'crypto';
import { Token } from 'aws-cdk-lib';
import { NameRule } from './validate';

/**
 * The names and descriptions this library writes, made valid for the service that receives them.
 *
 * Text built from construct paths may hold any character (apostrophes, quotes, non-ASCII letters, emoji) and
 * may be very long when constructs nest deeply. Each function here applies one service's rule: every
 * character the service refuses is replaced with `_`, and text over the length limit keeps its end (the end
 * of the path and what follows it) behind a short hash of the whole original text, so two long texts never
 * end up the same. Nothing is dropped silently: the result is always a non-empty text of allowed characters.
 * Lengths are counted in characters (Unicode code points), as CloudFormation's schemas count them.
 *
 * These functions are for text the library composes. A user's own name or description is checked, not
 * rewritten: see `validateName` in `validate.ts` and the `*_RULE` constants below.
 */

/** One service's rule for a kind of text. @internal */
export interface TextRule {
  /** Matches one character the service refuses (with the `g` and `u` flags). */
  readonly disallowed: RegExp;
  /** The longest text, in characters. */
  readonly maxLength: number;
  /** Stands between the hash and the kept end of a shortened text; only allowed characters. */
  readonly elision: string;
}

/** What replaces each refused character: allowed by every rule here. */
const REPLACEMENT = '_';
/** Hex digits of the hash a shortened text starts with. */
const HASH_LENGTH = 8;

/**
 * EC2 security-group descriptions (`GroupDescription`) and security-group rule descriptions (`Description` of
 * inline `SecurityGroupIngress`/`SecurityGroupEgress` entries and of `AWS::EC2::SecurityGroupIngress/Egress`):
 * up to 255 characters of `a-z`, `A-Z`, `0-9`, spaces and `._-:/()#,@[]+=&;{}!$*`.
 * Source: EC2 API Reference, CreateSecurityGroup `GroupDescription` and IpRange/UserIdGroupPair `Description`
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html); cfn-lint's schema of
 * AWS::EC2::SecurityGroup has the same pattern and length for `GroupDescription` (E3031).
 * @internal
 */
export const EC2_DESCRIPTION_RULE: TextRule = {
  disallowed: /[^a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]/gu,
  maxLength: 255,
  elision: '...',
};

/**
 * IAM role and managed-policy descriptions: up to 1000 characters; a role description may hold only tab, line
 * feed, carriage return, `U+0020`-`U+007E` and `U+00A1`-`U+00FF` (printable ASCII and Latin-1), so emoji and
 * most non-Latin letters are refused. Source: IAM API Reference, CreateRole `Description` (pattern
 * `[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*`, 1000) and CreatePolicy `Description` (1000)
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html, .../API_CreatePolicy.html);
 * cfn-lint's schema of AWS::IAM::Role has the same pattern.
 * @internal
 */
export const IAM_DESCRIPTION_RULE: TextRule = {
  disallowed: /[^\t\n\r\u0020-\u007E\u00A1-\u00FF]/gu,
  maxLength: 1000,
  elision: '...',
};

/**
 * KMS key descriptions: up to 8192 characters. Source: KMS API Reference, CreateKey `Description`
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html); cfn-lint's schema of
 * AWS::KMS::Key (maxLength 8192). Control characters are replaced too: they only garble the console.
 * @internal
 */
export const KMS_DESCRIPTION_RULE: TextRule = {
  disallowed: /[\u0000-\u0008\u000B-\u001F\u007F]/gu,
  maxLength: 8192,
  elision: '...',
};

/**
 * SNS topic display names: up to 100 characters, "including hyphens (-), underscores (_), spaces, and tabs".
 * Source: AWS::SNS::Topic `DisplayName`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html) and
 * SNS CreateTopic attributes. Stack names are up to 128 characters, so a display name made from one can be
 * too long.
 * @internal
 */
export const SNS_DISPLAY_NAME_RULE: TextRule = {
  disallowed: /[\u0000-\u0008\u000A-\u001F\u007F]/gu,
  maxLength: 100,
  elision: '...',
};

/**
 * CloudWatch alarm descriptions: up to 1024 characters. Source: CloudWatch API Reference, PutMetricAlarm
 * `AlarmDescription` (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html);
 * cfn-lint's schema of AWS::CloudWatch::Alarm (maxLength 1024).
 * @internal
 */
export const ALARM_DESCRIPTION_RULE: TextRule = {
  disallowed: /[\u0000-\u0008\u000B-\u001F\u007F]/gu,
  maxLength: 1024,
  elision: '...',
};

/**
 * WAFv2 entity names (web ACL `Name`, rule `Name`): 1 to 128 characters of `0-9`, `A-Z`, `a-z`, `_` and `-`.
 * Source: AWS WAFV2 API Reference, CreateWebACL `Name` and Rule `Name`, pattern `^[\w\-]+$`
 * (https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html); cfn-lint's schema of
 * AWS::WAFv2::WebACL (`EntityName`, `^[0-9A-Za-z_-]{1,128}$`).
 * @internal
 */
export const WAF_NAME_RULE: TextRule = {
  disallowed: /[^0-9A-Za-z_-]/gu,
  maxLength: 128,
  elision: '-',
};

/**
 * WAFv2 CloudWatch metric names (`VisibilityConfig.MetricName`): 1 to 128 characters of letters, digits and
 * `_#:.-/`, no whitespace. Source: AWS WAFV2 API Reference, VisibilityConfig `MetricName`, pattern
 * `^[\w#:\.\-/]+$` (https://docs.aws.amazon.com/waf/latest/APIReference/API_VisibilityConfig.html);
 * cfn-lint's schema of AWS::WAFv2::WebACL (maxLength 128).
 * @internal
 */
export const WAF_METRIC_NAME_RULE: TextRule = {
  disallowed: /[^0-9A-Za-z_#:.\-/]/gu,
  maxLength: 128,
  elision: '-',
};

/**
 * CloudWatch Logs log group names: 1 to 512 characters of `a-z`, `A-Z`, `0-9`, `_`, `-`, `/`, `.` and `#`.
 * Source: CloudWatch Logs API Reference, CreateLogGroup `logGroupName`, pattern `[\.\-_/#A-Za-z0-9]+`
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html); cfn-lint's
 * schema of AWS::Logs::LogGroup.
 * @internal
 */
export const LOG_GROUP_NAME_RULE: TextRule = {
  disallowed: /[^.\-_/#A-Za-z0-9]/gu,
  maxLength: 512,
  elision: '-',
};

/**
 * The name of an API Gateway REST API, which API Gateway publishes as the `ApiName` dimension of its
 * CloudWatch metrics (the API's alarm reads them): a CloudWatch dimension value is ASCII only, without
 * control characters, and aws-cdk-lib refuses one over 255 characters at synth. Source: CloudWatch API
 * Reference, Dimension `Value` (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html);
 * API Gateway dimensions (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html).
 * API Gateway itself documents no rule for the name.
 * @internal
 */
export const REST_API_NAME_RULE: TextRule = {
  disallowed: /[^\u0020-\u007E]/gu,
  maxLength: 255,
  elision: '...',
};

/**
 * Makes `text` valid under `rule`: each refused character becomes `_`; text over the limit keeps `prefix`
 * and its end, behind a hash of the whole original text. An unresolved token is returned as it is: its value
 * is known only at deploy time.
 * @internal
 */
export function fitText(text: string, rule: TextRule, prefix = ''): string {
  if (Token.isUnresolved(text) || Token.isUnresolved(prefix)) {
    return prefix + text;
  }
  const valid = Array.from(text.replace(rule.disallowed, REPLACEMENT));
  const room = rule.maxLength - Array.from(prefix).length;
  if (valid.length === 0) {
    return prefix + REPLACEMENT;
  }
  if (valid.length <= room) {
    return prefix + valid.join('');
  }
  const hash = createHash('sha256')
    .update(prefix + text)
    .digest('hex')
    .slice(0, HASH_LENGTH);
  const kept = room - HASH_LENGTH - rule.elision.length;
  return prefix + hash + rule.elision + valid.slice(valid.length - kept).join('');
}

/** A valid EC2 security-group or security-group rule description: see {@link EC2_DESCRIPTION_RULE}. @internal */
export function ec2Description(text: string): string {
  return fitText(text, EC2_DESCRIPTION_RULE);
}

/** A valid IAM role or managed-policy description: see {@link IAM_DESCRIPTION_RULE}. @internal */
export function iamDescription(text: string): string {
  return fitText(text, IAM_DESCRIPTION_RULE);
}

/** A valid KMS key description: see {@link KMS_DESCRIPTION_RULE}. @internal */
export function kmsDescription(text: string): string {
  return fitText(text, KMS_DESCRIPTION_RULE);
}

/** A valid SNS topic display name: see {@link SNS_DISPLAY_NAME_RULE}. @internal */
export function snsDisplayName(text: string): string {
  return fitText(text, SNS_DISPLAY_NAME_RULE);
}

/** A valid CloudWatch alarm description: see {@link ALARM_DESCRIPTION_RULE}. @internal */
export function alarmDescription(text: string): string {
  return fitText(text, ALARM_DESCRIPTION_RULE);
}

/** A valid WAFv2 web ACL or rule name: see {@link WAF_NAME_RULE}. @internal */
export function wafName(text: string): string {
  return fitText(text, WAF_NAME_RULE);
}

/** A valid WAFv2 metric name: see {@link WAF_METRIC_NAME_RULE}. @internal */
export function wafMetricName(text: string): string {
  return fitText(text, WAF_METRIC_NAME_RULE);
}

/** A valid API Gateway REST API name: see {@link REST_API_NAME_RULE}. @internal */
export function restApiName(text: string): string {
  return fitText(text, REST_API_NAME_RULE);
}

/**
 * A valid CloudWatch Logs log group name that starts with `prefix` (kept whole when the rest is shortened,
 * for example `aws-waf-logs-`, without which WAF refuses the log group): see {@link LOG_GROUP_NAME_RULE}.
 * @internal
 */
export function logGroupName(name: string, prefix = ''): string {
  return fitText(name, LOG_GROUP_NAME_RULE, prefix);
}

/**
 * What a user's IAM role description must be (checked, not rewritten): see {@link IAM_DESCRIPTION_RULE}.
 * @internal
 */
export const IAM_ROLE_DESCRIPTION: NameRule = {
  pattern: /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]+$/u,
  characters: 'printable ASCII or Latin-1 characters, tabs and line breaks (no emoji)',
  minLength: 1,
  maxLength: IAM_DESCRIPTION_RULE.maxLength,
};

/**
 * What a user's REST API name must be (checked, not rewritten): see {@link REST_API_NAME_RULE}.
 * @internal
 */
export const REST_API_NAME: NameRule = {
  pattern: /^[\u0020-\u007E]+$/u,
  characters: 'printable ASCII characters',
  minLength: 1,
  maxLength: REST_API_NAME_RULE.maxLength,
};
