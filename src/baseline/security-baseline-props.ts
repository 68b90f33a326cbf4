import { Environment, IStackSynthesizer } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { OptOut } from '../core/opt-out';
import { GuardHookProps } from '../guard/guard-hook';

/**
 * A Security Hub standard that the baseline enables.
 */
export enum SecurityHubStandard {
  /** AWS Foundational Security Best Practices v1.0.0. */
  AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES = 'aws-foundational-security-best-practices/v/1.0.0',
  /** CIS AWS Foundations Benchmark v3.0.0. */
  CIS_AWS_FOUNDATIONS_BENCHMARK_V3 = 'cis-aws-foundations-benchmark/v/3.0.0',
  /** NIST SP 800-53 Revision 5. */
  NIST_800_53_REV_5 = 'nist-800-53/v/5.0.0',
  /** PCI DSS v4.0.1. */
  PCI_DSS_V4 = 'pci-dss/v/4.0.1',
}

/**
 * The lowest severity of the GuardDuty and Security Hub findings that the baseline sends to its findings topic.
 */
export enum FindingSeverity {
  /** Every finding: GuardDuty severity 1.0 and up, Security Hub LOW, MEDIUM, HIGH and CRITICAL. */
  LOW = 'LOW',
  /** GuardDuty severity 4.0 and up; Security Hub MEDIUM, HIGH and CRITICAL. */
  MEDIUM = 'MEDIUM',
  /** GuardDuty severity 7.0 and up; Security Hub HIGH and CRITICAL. */
  HIGH = 'HIGH',
  /** GuardDuty severity 9.0 and up; Security Hub CRITICAL. */
  CRITICAL = 'CRITICAL',
}

/**
 * How the AWS Config recorder gets its role.
 */
export enum ConfigRecorderRole {
  /**
   * Create AWS Config's service-linked role (`AWSServiceRoleForConfig`) in this stack. CloudFormation fails if the
   * account already has it (it has, once AWS Config was set up in any region of the account).
   */
  CREATE_SERVICE_LINKED_ROLE = 'CREATE_SERVICE_LINKED_ROLE',
  /** Use the service-linked role `AWSServiceRoleForConfig` that the account already has. */
  EXISTING_SERVICE_LINKED_ROLE = 'EXISTING_SERVICE_LINKED_ROLE',
}

/**
 * GuardDuty settings of {@link SecurityBaseline}.
 */
export interface BaselineGuardDutyOptions {
  /**
   * The id of the GuardDuty detector that this account already has in this region. A region has at most one
   * detector, so CloudFormation cannot create a second one: with this id the baseline creates none, and its
   * findings rule still routes that detector's findings.
   *
   * The existing detector's protection plans are then not managed by this stack. To manage them (Lambda network
   * activity monitoring and S3 protection, as the baseline configures a detector of its own), import the detector
   * instead: remove this prop, run `cdk import` for the stack, and give the detector's id when asked for the
   * `AWS::GuardDuty::Detector` resource, which CloudFormation can import.
   *
   * @default - the baseline creates a detector
   */
  readonly existingDetectorId?: string;
}

/**
 * CloudTrail settings of {@link SecurityBaseline}.
 */
export interface BaselineCloudTrailOptions {
  /**
   * The trail's name: 3 to 128 letters, digits, `.`, `_` and `-`, starting and ending with a letter or digit. It
   * is known at synth, so that the key's and the bucket's policies name exactly this trail (`aws:SourceArn`).
   *
   * @default - the stack's name
   */
  readonly trailName?: string;

  /**
   * The Lambda functions whose invocations the trail logs as data events, as exact function ARNs.
   *
   * @default - the invocations of every function of the account, in every region
   */
  readonly dataEventFunctionArns?: string[];

  /**
   * The DynamoDB tables whose item-level calls the trail logs as data events, as exact table ARNs.
   *
   * @default - the item-level calls on every table of the account, in every region
   */
  readonly dataEventTableArns?: string[];

  /**
   * How long the trail's CloudWatch Logs log group keeps events. The log files in S3 are kept until they are
   * deleted: the bucket is versioned, with Object Lock enabled.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * AWS Config settings of {@link SecurityBaseline}.
 */
export interface BaselineConfigOptions {
  /**
   * The role of the configuration recorder. The recorder uses AWS Config's service-linked role, whose permissions
   * AWS maintains for every resource type it records: a role of our own would need AWS's managed policy
   * `AWS_ConfigRole`, which our rule IamAwsManagedPolicy refuses, or a copy of its hundreds of read actions.
   *
   * @default ConfigRecorderRole.CREATE_SERVICE_LINKED_ROLE
   */
  readonly recorderRole?: ConfigRecorderRole;

  /**
   * Whether the recorder records global resource types (IAM users, groups, roles and policies) too. Record them in
   * one region of the account only: every region that does is charged for the same items.
   *
   * @default true
   */
  readonly recordGlobalResourceTypes?: boolean;
}

/**
 * Security Hub settings of {@link SecurityBaseline}.
 */
export interface BaselineSecurityHubOptions {
  /**
   * The standards to enable. Security Hub's own default standards are not enabled: only these.
   *
   * @default [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES]
   */
  readonly standards?: SecurityHubStandard[];
}

/**
 * Where {@link SecurityBaseline} sends findings.
 */
export interface BaselineFindingsOptions {
  /**
   * The topic the findings go to. Its policy must let EventBridge (`events.amazonaws.com`) publish and its key let
   * EventBridge use it: aws-cdk-lib's SNS target adds both for a topic of this stack, nothing for an imported one.
   * The alarms on the findings rules' dead-letter queues then notify the stack's alarm topic
   * (`StackDefaults.of(baseline).alarmTopic`), since CloudWatch may not be allowed to publish to this one.
   *
   * @default - a SecureTopic of the baseline (encrypted with the stack's messaging key, TLS only), which only the
   * baseline's findings rules and alarms may publish to
   */
  readonly topic?: sns.ITopic;

  /**
   * The lowest severity of the findings sent to the topic.
   *
   * @default FindingSeverity.HIGH
   */
  readonly minimumSeverity?: FindingSeverity;
}

/**
 * Opt-outs of the pieces of {@link SecurityBaseline}. Each takes a reason, which the compliance gate's report
 * lists, for example that the organisation runs the service from a delegated administrator account.
 */
export interface SecurityBaselineOptOuts {
  /**
   * Create no GuardDuty detector and route no GuardDuty findings (when GuardDuty is managed for the organisation
   * by a delegated administrator, which also receives the findings).
   *
   * @default - GuardDuty is on
   */
  readonly guardDuty?: OptOut;

  /**
   * Create no CloudTrail trail (when an organisation trail already logs this account).
   *
   * @default - the baseline's trail logs management and data events
   */
  readonly cloudTrail?: OptOut;

  /**
   * Create no AWS Config recorder, delivery channel and rules (when the account already records, for example
   * under AWS Control Tower, which creates its own recorder: a region has at most one).
   *
   * @default - AWS Config records and evaluates the baseline's rules
   */
  readonly config?: OptOut;

  /**
   * Enable no Security Hub and route no Security Hub findings (when Security Hub is managed for the organisation by
   * a delegated administrator).
   *
   * @default - Security Hub is on with its standards
   */
  readonly securityHub?: OptOut;
}

/**
 * Props of {@link SecurityBaseline}.
 */
export interface SecurityBaselineProps {
  /**
   * The account and region the baseline is for, both literals: GuardDuty, AWS Config and Security Hub are
   * singletons of one account and region.
   */
  readonly env: Environment;

  /**
   * The stack's name in CloudFormation.
   *
   * @default - the construct id
   */
  readonly stackName?: string;

  /**
   * The stack's description.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * Whether CloudFormation refuses to delete the stack. A stack whose first deploy failed must be deleted before
   * it is deployed again: turn this off first (README, "SecurityBaseline").
   *
   * @default true
   */
  readonly terminationProtection?: boolean;

  /**
   * Tags for the stack and its resources.
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };

  /**
   * How the stack is synthesized and its assets published.
   *
   * @default - the app's default synthesizer
   */
  readonly synthesizer?: IStackSynthesizer;

  /**
   * GuardDuty settings.
   *
   * @default - a detector with S3 protection and Lambda network activity monitoring
   */
  readonly guardDuty?: BaselineGuardDutyOptions;

  /**
   * CloudTrail settings.
   *
   * @default - a multi-region trail of management events and of the data events of every Lambda function and
   * DynamoDB table, encrypted with a customer-managed key, with log file validation and CloudWatch Logs delivery
   */
  readonly cloudTrail?: BaselineCloudTrailOptions;

  /**
   * AWS Config settings.
   *
   * @default - a recorder of every supported resource type, a delivery channel to the baseline's bucket, and the
   * rules of `CONFIG_RULES`
   */
  readonly config?: BaselineConfigOptions;

  /**
   * Security Hub settings.
   *
   * @default - Security Hub with AWS Foundational Security Best Practices
   */
  readonly securityHub?: BaselineSecurityHubOptions;

  /**
   * Where findings go.
   *
   * @default - a SecureTopic, for GuardDuty and Security Hub findings of severity HIGH and CRITICAL
   */
  readonly findings?: BaselineFindingsOptions;

  /**
   * Enforce this library's rules on every stack deployed in the account and region: a `GuardHook` with these
   * props, in FAIL mode unless they say otherwise. It refuses any stack whose template breaks a rule without a
   * decision recorded in it, which includes every stack synthesized without `ComplianceGate.apply`, this
   * baseline's own later updates included: synthesize the baseline through the gate too.
   *
   * @default - no hook: the rules run at synth time only
   */
  readonly guardHook?: GuardHookProps;

  /**
   * Explicit opt-outs of the baseline's pieces, each with a reason.
   *
   * @default - every piece is on
   */
  readonly optOuts?: SecurityBaselineOptOuts;
}
