import { Stack, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as config from 'aws-cdk-lib/aws-config';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AuditStorage, createAuditStorage } from './audit-storage';
import { createConfigRecording } from './config-recorder';
import { createFindingsRule, guardDutyFindings, securityHubFindings } from './findings';
import { createDetector } from './guard-duty';
import { FindingSeverity, SecurityBaselineProps } from './security-baseline-props';
import { createSecurityHub } from './security-hub';
import { createTrail } from './trail';
import { SecureBucket } from '../bucket/secure-bucket';
import { recordCreationSite } from '../compliance/creation-site';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { applyOptOut, conflictWithOptOut, OptOut } from '../core/opt-out';
import { propRef } from '../core/prop-names';
import { GuardHook } from '../guard/guard-hook';
import { SecureTopic } from '../topic/secure-topic';

/**
 * The security services of one account in one region, as one stack: GuardDuty (S3 protection and Lambda network
 * activity monitoring), a multi-region CloudTrail trail of management events and of Lambda and DynamoDB data
 * events (customer-managed key, log file validation, CloudWatch Logs), AWS Config with managed rules that watch
 * this library's controls on the deployed resources, Security Hub with its standards, and GuardDuty and Security
 * Hub findings routed to an encrypted topic (Security Hub's copies of GuardDuty findings are left out of its rule
 * while the GuardDuty rule routes the originals).
 *
 * These services are singletons of an account and region (one detector, one recorder, one hub), so the stack needs
 * an explicit `env` with a literal account and region, and is termination-protected unless told otherwise. Where
 * the organisation already runs a service centrally, turn that piece off with its opt-out and a reason; an
 * existing GuardDuty detector can be adopted with `guardDuty.existingDetectorId`.
 *
 * @example
 * declare const app: App;
 * const baseline = new SecurityBaseline(app, 'SecurityBaseline', {
 *   env: { account: '123456789012', region: 'eu-west-1' },
 * });
 * // subscribe the on-call tooling to baseline.findingsTopic
 */
export class SecurityBaseline extends Stack {
  /** The GuardDuty detector's id (the existing one's, when adopted); undefined under `optOuts.guardDuty`. */
  public readonly detectorId?: string;
  /** The trail; undefined under `optOuts.cloudTrail`. */
  public readonly trail?: cloudtrail.CfnTrail;
  /** The AWS Config recorder; undefined under `optOuts.config`. */
  public readonly configRecorder?: config.CfnConfigurationRecorder;
  /** The Security Hub hub; undefined under `optOuts.securityHub`. */
  public readonly securityHub?: securityhub.CfnHub;
  /** The bucket of CloudTrail's log files and AWS Config's history; undefined when neither is on. */
  public readonly auditBucket?: SecureBucket;
  /** The key of the audit bucket, the log files and the history; undefined when neither is on. */
  public readonly auditKey?: kms.IKey;
  /** The topic the findings go to; undefined under both `optOuts.guardDuty` and `optOuts.securityHub`. */
  public readonly findingsTopic?: sns.ITopic;
  /** The Guard hook that enforces the rules at deploy time; undefined without `guardHook`. */
  public readonly guardHook?: GuardHook;

  constructor(scope: Construct, id: string, props: SecurityBaselineProps) {
    super(scope, id, {
      env: props.env,
      stackName: props.stackName,
      description: props.description,
      terminationProtection: props.terminationProtection ?? true,
      tags: props.tags,
      synthesizer: props.synthesizer,
    });
    recordCreationSite(this);
    this.validateEnv(props);
    const optOuts = props.optOuts ?? {};
    const withGuardDuty = !this.optOut('guardDuty', optOuts.guardDuty, props.guardDuty !== undefined);
    const withTrail = !this.optOut('cloudTrail', optOuts.cloudTrail, props.cloudTrail !== undefined);
    const withConfig = !this.optOut('config', optOuts.config, props.config !== undefined);
    const withHub = !this.optOut('securityHub', optOuts.securityHub, props.securityHub !== undefined);
    if (!withGuardDuty && !withHub && props.findings !== undefined) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop: 'findings',
        problem: `${propRef('optOuts.guardDuty')} and ${propRef('optOuts.securityHub')} leave no findings to route`,
        fix: `remove ${propRef('findings')}, or keep GuardDuty or Security Hub`,
      });
    }

    if (withGuardDuty) {
      this.detectorId = createDetector(this, props.guardDuty ?? {});
    }
    let storage: AuditStorage | undefined;
    if (withTrail || withConfig) {
      storage = createAuditStorage(this);
      this.auditBucket = storage.bucket;
      this.auditKey = storage.key;
    }
    if (withTrail) {
      this.trail = createTrail(this, storage!, props.cloudTrail ?? {});
    }
    if (withConfig) {
      this.configRecorder = createConfigRecording(this, storage!, props.config ?? {}).recorder;
    }
    if (withHub) {
      this.securityHub = createSecurityHub(this, props.securityHub ?? {}).hub;
    }
    if (withGuardDuty || withHub) {
      this.findingsTopic = this.routeFindings(props, withGuardDuty, withHub);
    }
    if (props.guardHook) {
      this.guardHook = new GuardHook(this, 'GuardHook', props.guardHook);
    }
  }

  private routeFindings(props: SecurityBaselineProps, withGuardDuty: boolean, withHub: boolean): sns.ITopic {
    const minimum = props.findings?.minimumSeverity ?? FindingSeverity.HIGH;
    let topic = props.findings?.topic;
    let alarmTopic: sns.ITopic | undefined;
    if (topic === undefined) {
      const own = new SecureTopic(this, 'FindingsTopic', { displayName: `Security findings of ${this.stackName}` });
      // The rules' dead-letter alarms go to the same topic: one subscription sees everything.
      own.allowCloudWatchAlarms();
      topic = own;
      alarmTopic = own;
    }
    if (withGuardDuty) {
      createFindingsRule(
        this,
        'GuardDutyFindings',
        `GuardDuty findings of severity ${minimum} and above`,
        guardDutyFindings(minimum),
        topic,
        alarmTopic,
      );
    }
    if (withHub) {
      createFindingsRule(
        this,
        'SecurityHubFindings',
        `New Security Hub findings of severity ${minimum} and above`,
        securityHubFindings(minimum, withGuardDuty),
        topic,
        alarmTopic,
      );
    }
    return topic;
  }

  /** Records the opt-out of `piece`; refuses settings of a piece that is turned off. */
  private optOut(piece: string, optOut: OptOut | undefined, configured: boolean): boolean {
    if (optOut !== undefined && configured) {
      throw conflictWithOptOut(this, piece, 'settings are', `optOuts.${piece}`);
    }
    // No pack rule checks that a service is on: the decision is recorded for the report, accepting nothing.
    return applyOptOut(this, `optOuts.${piece}`, optOut, []);
  }

  private validateEnv(props: SecurityBaselineProps): void {
    for (const field of ['account', 'region'] as const) {
      const value = props.env?.[field];
      const prop = `env.${field}`;
      if (value === undefined) {
        throw new SecureConfigError(this, {
          code: SecureErrorCode.INVALID_PROP,
          prop,
          problem: `no ${field} is given, but GuardDuty, AWS Config and Security Hub are singletons of one account and region`,
          fix: `set ${propRef(prop)} to the literal ${field} the baseline is for`,
        });
      }
      if (Token.isUnresolved(value)) {
        throw new SecureConfigError(this, {
          code: SecureErrorCode.UNRESOLVED_TOKEN,
          prop,
          problem: `the ${field} is an unresolved token, but the baseline is for one account and region, known at synth`,
          fix: `set ${propRef(prop)} to a literal ${field}, not Aws.ACCOUNT_ID, Aws.REGION or another token`,
        });
      }
    }
  }
}
