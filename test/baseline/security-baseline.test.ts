import { App, Aws, Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import { ComplianceGate } from '../../src';
import { CONFIG_RULES } from '../../src/baseline/config-rules';
import { SecurityBaseline } from '../../src/baseline/security-baseline';
import {
  ConfigRecorderRole,
  FindingSeverity,
  SecurityBaselineProps,
  SecurityHubStandard,
} from '../../src/baseline/security-baseline-props';
import { rulesOfControl } from '../../src/compliance/catalog';
import { SecureTopic } from '../../src/topic/secure-topic';
import { TemplateCorpus } from '../support/cfn-lint';
import { controlTowerFailures, nagFindings } from '../support/compliance';
import { InvalidInputCase, SecureErrorCode as E, testInvalidInputs } from '../support/invalid-input';

const env = { account: '123456789012', region: 'us-east-1' };
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders';
const DETECTOR_ID = '12abc34d567e8fa901bc2d34e56789f0';
const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
const TRAIL_ARN = partitionArn(':cloudtrail:us-east-1:123456789012:trail/Baseline');
const AUDIT_KEY = { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditKey'), 'Arn'] };

function build(props: Partial<SecurityBaselineProps> = {}): { app: App; baseline: SecurityBaseline } {
  const app = new App();
  const baseline = new SecurityBaseline(app, 'Baseline', { env, ...props });
  return { app, baseline };
}

function template(props: Partial<SecurityBaselineProps> = {}): Template {
  return Template.fromStack(build(props).baseline);
}

function policyStatements(t: Template, type: string, logicalIdPrefix: string, property: string): any[] {
  const found = Object.entries(t.findResources(type)).filter(([id]) => id.startsWith(logicalIdPrefix));
  expect(found).toHaveLength(1);
  return (found[0][1] as any).Properties[property].Statement;
}

describe('SecurityBaseline GuardDuty', () => {
  test('a detector with S3 protection and Lambda network activity monitoring, as Features only', () => {
    // WHEN
    const { baseline } = build();

    // THEN
    const t = Template.fromStack(baseline);
    t.resourceCountIs('AWS::GuardDuty::Detector', 1);
    t.hasResourceProperties('AWS::GuardDuty::Detector', {
      Enable: true,
      FindingPublishingFrequency: 'FIFTEEN_MINUTES',
      DataSources: Match.absent(),
      Features: [
        { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
        { Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' },
      ],
    });
    expect(baseline.resolve(baseline.detectorId)).toEqual({ Ref: 'GuardDutyDetector' });
  });

  test('an existing detector is adopted: no detector is created, its findings are still routed', () => {
    // WHEN
    const { baseline } = build({ guardDuty: { existingDetectorId: DETECTOR_ID } });

    // THEN
    const t = Template.fromStack(baseline);
    t.resourceCountIs('AWS::GuardDuty::Detector', 0);
    expect(baseline.detectorId).toBe(DETECTOR_ID);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'] },
    });
  });
});

describe('SecurityBaseline CloudTrail', () => {
  test('a multi-region trail with log file validation, the audit key, CloudWatch Logs and data events of every function and table', () => {
    // WHEN
    const t = template();

    // THEN
    t.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'Baseline',
      IsLogging: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      KMSKeyId: AUDIT_KEY,
      S3BucketName: { Ref: Match.stringLikeRegexp('^AuditBucket') },
      CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TrailLogGroup'), 'Arn'] },
      CloudWatchLogsRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TrailLogsRole'), 'Arn'] },
      EventSelectors: Match.absent(),
      AdvancedEventSelectors: [
        { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        {
          Name: 'Lambda invocations',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] },
          ],
        },
        {
          Name: 'DynamoDB item-level calls',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] },
          ],
        },
      ],
    });
    t.hasResource('AWS::CloudTrail::Trail', {
      DependsOn: Match.arrayWith([
        Match.stringLikeRegexp('^AuditBucketPolicy'),
        Match.stringLikeRegexp('^AuditKey'),
        Match.stringLikeRegexp('^TrailLogsRolePolicy'),
      ]),
    });
  });

  test('the data events of the functions and tables given, by exact ARN', () => {
    // WHEN
    const t = template({ cloudTrail: { dataEventFunctionArns: [FUNCTION_ARN], dataEventTableArns: [TABLE_ARN] } });

    // THEN
    t.hasResourceProperties('AWS::CloudTrail::Trail', {
      AdvancedEventSelectors: Match.arrayWith([
        Match.objectLike({
          FieldSelectors: Match.arrayWith([{ Field: 'resources.ARN', Equals: [FUNCTION_ARN] }]),
        }),
        Match.objectLike({ FieldSelectors: Match.arrayWith([{ Field: 'resources.ARN', Equals: [TABLE_ARN] }]) }),
      ]),
    });
  });

  test("the key's policy lets CloudTrail encrypt for this trail only, and describe the key", () => {
    // WHEN
    const statements = policyStatements(template(), 'AWS::KMS::Key', 'AuditKey', 'KeyPolicy');

    // THEN
    const sourceConditions = {
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': TRAIL_ARN },
    };
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Sid: 'AllowCloudTrailToEncryptLogs',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:GenerateDataKey',
          Resource: '*',
          Condition: {
            ...sourceConditions,
            StringLike: {
              'kms:EncryptionContext:aws:cloudtrail:arn': partitionArn(':cloudtrail:*:123456789012:trail/*'),
            },
          },
        },
        {
          Sid: 'AllowCloudTrailToDescribeKey',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:DescribeKey',
          Resource: '*',
          Condition: sourceConditions,
        },
        expect.objectContaining({ Sid: 'DenyGrantsNotForAwsServices', Effect: 'Deny' }),
      ]),
    );
  });

  test("the bucket's policy lets CloudTrail check the ACL and write with bucket-owner-full-control, for this trail", () => {
    // WHEN
    const statements = policyStatements(template(), 'AWS::S3::BucketPolicy', 'AuditBucketPolicy', 'PolicyDocument');

    // THEN
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': TRAIL_ARN } },
        }),
        expect.objectContaining({
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: {
            'Fn::Join': [
              '',
              [{ 'Fn::GetAtt': [expect.stringMatching(/^AuditBucket/), 'Arn'] }, '/AWSLogs/123456789012/*'],
            ],
          },
          Condition: {
            StringEquals: { 'aws:SourceAccount': '123456789012', 's3:x-amz-acl': 'bucket-owner-full-control' },
            ArnLike: { 'aws:SourceArn': TRAIL_ARN },
          },
        }),
      ]),
    );
  });
});

describe('SecurityBaseline AWS Config', () => {
  test('a recorder of every resource type with the service-linked role, a delivery channel to the audit bucket, and rules after the recorder', () => {
    // WHEN
    const t = template();

    // THEN
    t.hasResource('AWS::Config::ConfigurationRecorder', {
      Properties: {
        RoleARN: partitionArn(':iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig'),
        RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
        RecordingMode: { RecordingFrequency: 'CONTINUOUS' },
      },
      DependsOn: ['ConfigServiceLinkedRole'],
    });
    t.hasResourceProperties('AWS::IAM::ServiceLinkedRole', { AWSServiceName: 'config.amazonaws.com' });
    t.resourceCountIs('AWS::IAM::Role', 1); // the trail's CloudWatch Logs role, with no AWS managed policy
    t.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    t.hasResource('AWS::Config::DeliveryChannel', {
      Properties: {
        S3BucketName: { Ref: Match.stringLikeRegexp('^AuditBucket') },
        S3KmsKeyArn: AUDIT_KEY,
        ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' },
      },
      DependsOn: Match.arrayWith([
        Match.stringLikeRegexp('^AuditBucketPolicy'),
        Match.stringLikeRegexp('^AuditKey'),
        'ConfigRecorder',
      ]),
    });
    const rules = Object.values(t.findResources('AWS::Config::ConfigRule')) as any[];
    expect(rules.map((r) => r.Properties.Source)).toEqual(
      CONFIG_RULES.map((r) => ({ Owner: 'AWS', SourceIdentifier: r.identifier })),
    );
    expect(rules.every((r) => r.DependsOn.includes('ConfigRecorder'))).toBe(true);
  });

  test('an existing service-linked role and no global resource types', () => {
    // WHEN
    const t = template({
      config: { recorderRole: ConfigRecorderRole.EXISTING_SERVICE_LINKED_ROLE, recordGlobalResourceTypes: false },
    });

    // THEN
    t.resourceCountIs('AWS::IAM::ServiceLinkedRole', 0);
    t.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: false },
    });
  });

  test("the bucket's and the key's policies let AWS Config deliver for this account only", () => {
    // WHEN
    const t = template();

    // THEN
    const forAccount = { 'aws:SourceAccount': '123456789012' };
    expect(policyStatements(t, 'AWS::S3::BucketPolicy', 'AuditBucketPolicy', 'PolicyDocument')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Principal: { Service: 'config.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Condition: { StringEquals: forAccount },
        }),
        expect.objectContaining({
          Principal: { Service: 'config.amazonaws.com' },
          Action: 's3:ListBucket',
          Condition: { StringEquals: forAccount },
        }),
        expect.objectContaining({
          Principal: { Service: 'config.amazonaws.com' },
          Action: 's3:PutObject',
          Condition: { StringEquals: { ...forAccount, 's3:x-amz-acl': 'bucket-owner-full-control' } },
        }),
      ]),
    );
    expect(policyStatements(t, 'AWS::KMS::Key', 'AuditKey', 'KeyPolicy')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Principal: { Service: 'config.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Condition: { StringEquals: forAccount },
        }),
      ]),
    );
  });

  test('every rule names a control the catalog knows', () => {
    const unknown = CONFIG_RULES.filter(
      (r) => !r.control.startsWith('SecureServerless-') && rulesOfControl(r.control).length === 0,
    );
    expect(unknown).toEqual([]);
  });
});

describe('SecurityBaseline Security Hub', () => {
  test('a hub without its default standards, with AWS Foundational Security Best Practices', () => {
    // WHEN
    const t = template();

    // THEN
    t.hasResourceProperties('AWS::SecurityHub::Hub', {
      EnableDefaultStandards: false,
      ControlFindingGenerator: 'SECURITY_CONTROL',
      AutoEnableControls: true,
    });
    t.resourceCountIs('AWS::SecurityHub::Standard', 1);
    t.hasResource('AWS::SecurityHub::Standard', {
      Properties: {
        StandardsArn: partitionArn(
          ':securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
        ),
      },
      DependsOn: ['SecurityHub'],
    });
  });

  test('the standards asked for, each with its ARN in this region', () => {
    // WHEN
    const t = template({
      securityHub: {
        standards: [
          SecurityHubStandard.CIS_AWS_FOUNDATIONS_BENCHMARK_V3,
          SecurityHubStandard.NIST_800_53_REV_5,
          SecurityHubStandard.PCI_DSS_V4,
        ],
      },
    });

    // THEN
    const arns = Object.values(t.findResources('AWS::SecurityHub::Standard')).map(
      (s: any) => s.Properties.StandardsArn,
    );
    expect(arns).toEqual([
      partitionArn(':securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0'),
      partitionArn(':securityhub:us-east-1::standards/nist-800-53/v/5.0.0'),
      partitionArn(':securityhub:us-east-1::standards/pci-dss/v/4.0.1'),
    ]);
  });
});

describe('SecurityBaseline findings', () => {
  test('GuardDuty and Security Hub findings of HIGH and above go to the findings topic, with a dead-letter queue', () => {
    // WHEN
    const t = template();

    // THEN
    const target = [
      Match.objectLike({
        Arn: { Ref: Match.stringLikeRegexp('^FindingsTopic') },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
        RetryPolicy: Match.anyValue(),
      }),
    ];
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        detail: { severity: [{ numeric: ['>=', 7] }] },
      },
      Targets: target,
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.securityhub'],
        'detail-type': ['Security Hub Findings - Imported'],
        detail: {
          findings: {
            Severity: { Label: ['HIGH', 'CRITICAL'] },
            Workflow: { Status: ['NEW'] },
            RecordState: ['ACTIVE'],
            // GuardDuty's findings come through the GuardDuty rule, not twice
            ProductName: [{ 'anything-but': ['GuardDuty'] }],
          },
        },
      },
      Targets: target,
    });
    t.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecureServerlessDefaultsMessagingKey'), 'Arn'] },
    });
  });

  test("the topic's policy and key let EventBridge publish for each findings rule only", () => {
    // WHEN
    const t = template();

    // THEN
    const rules = Object.values(t.findResources('AWS::Events::Rule')).map((r: any) => r.Properties.Name);
    expect(rules).toHaveLength(2);
    const topicStatements = policyStatements(t, 'AWS::SNS::TopicPolicy', 'FindingsTopicPolicy', 'PolicyDocument');
    const keyStatements = policyStatements(t, 'AWS::KMS::Key', 'SecureServerlessDefaultsMessagingKey', 'KeyPolicy');
    for (const name of rules) {
      const conditions = {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': partitionArn(`:events:us-east-1:123456789012:rule/${name}`) },
      };
      expect(topicStatements).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Condition: conditions,
        }),
      );
      expect(keyStatements).toContainEqual(
        expect.objectContaining({
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Condition: conditions,
        }),
      );
    }
  });

  test('a lower threshold widens both patterns', () => {
    // WHEN
    const t = template({ findings: { minimumSeverity: FindingSeverity.MEDIUM } });

    // THEN
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: { detail: { severity: [{ numeric: ['>=', 4] }] } } });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { detail: { findings: Match.objectLike({ Severity: { Label: ['MEDIUM', 'HIGH', 'CRITICAL'] } }) } },
    });
  });

  test("a topic of the user's gets the findings; the rules' dead-letter alarms go to the stack's alarm topic", () => {
    // GIVEN the on-call topic of another stack of the app
    const app = new App();
    const onCall = new SecureTopic(new Stack(app, 'Alerts', { env }), 'OnCall');

    // WHEN
    const baseline = new SecurityBaseline(app, 'Baseline', { env, findings: { topic: onCall } });

    // THEN
    const t = Template.fromStack(baseline);
    expect(Object.keys(t.findResources('AWS::SNS::Topic'))).toEqual([
      expect.stringMatching(/^SecureServerlessDefaultsAlarmTopic/),
    ]);
    expect(baseline.findingsTopic).toBe(onCall);
    t.resourcePropertiesCountIs(
      'AWS::Events::Rule',
      { Targets: [Match.objectLike({ Arn: { 'Fn::ImportValue': Match.stringLikeRegexp('^Alerts:') } })] },
      2,
    );
    const alerts = Template.fromStack(Stack.of(onCall));
    alerts.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Condition: Match.objectLike({ ArnLike: Match.anyValue() }),
          }),
        ]),
      },
    });
  });
});

describe('SecurityBaseline Guard hook', () => {
  test('none by default; with guardHook, a hook in FAIL mode on stack operations', () => {
    template().resourceCountIs('AWS::CloudFormation::GuardHook', 0);
    const { baseline } = build({ guardHook: { excludeStacks: ['CDKToolkit', 'Legacy'] } });
    Template.fromStack(baseline).hasResourceProperties('AWS::CloudFormation::GuardHook', {
      FailureMode: 'FAIL',
      TargetOperations: ['STACK'],
      StackFilters: { FilteringCriteria: 'ALL', StackNames: { Exclude: ['CDKToolkit', 'Legacy'] } },
    });
    expect(baseline.guardHook?.hook.failureMode).toBe('FAIL');
  });
});

describe('SecurityBaseline opt-outs', () => {
  test('each piece can be turned off with a reason, which is recorded', () => {
    // WHEN
    const reason = 'Run for the organisation by the delegated administrator account (SEC-7)';
    const { app, baseline } = build({
      optOuts: { guardDuty: { reason }, cloudTrail: { reason }, config: { reason } },
    });

    // THEN
    const t = Template.fromStack(baseline);
    for (const type of [
      'AWS::GuardDuty::Detector',
      'AWS::CloudTrail::Trail',
      'AWS::Config::ConfigurationRecorder',
      'AWS::S3::Bucket',
    ]) {
      t.resourceCountIs(type, 0);
    }
    t.resourceCountIs('AWS::SecurityHub::Hub', 1);
    t.resourceCountIs('AWS::Events::Rule', 1);
    // Without the GuardDuty rule, Security Hub's copies of GuardDuty findings are routed
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.securityhub'],
        detail: { findings: Match.objectLike({ ProductName: Match.absent() }) },
      },
    });
    const result = ComplianceGate.check(app, { failOnUnusedAcknowledgments: true });
    expect(result.violations).toEqual([]);
    expect(result.acknowledgments.filter((a) => a.optOut !== undefined)).toEqual(
      ['optOuts.guardDuty', 'optOuts.cloudTrail', 'optOuts.config'].map((optOut) =>
        expect.objectContaining({ optOut, reason, ruleIds: [], constructPath: 'Baseline' }),
      ),
    );
  });

  test('termination protection is on unless turned off', () => {
    expect(build().baseline.terminationProtection).toBe(true);
    expect(build({ terminationProtection: false }).baseline.terminationProtection).toBe(false);
  });
});

describe('SecurityBaseline fails when', () => {
  const withProps = (props: Partial<SecurityBaselineProps>) => () => build(props);
  const withEnv = (e: SecurityBaselineProps['env']) => () => new SecurityBaseline(new App(), 'Baseline', { env: e });
  const reason = { reason: 'Run centrally by the delegated administrator' };
  const cases: InvalidInputCase[] = [
    [
      'env is missing (JavaScript)',
      () => new SecurityBaseline(new App(), 'Baseline', {} as SecurityBaselineProps),
      E.INVALID_PROP,
      'env.account',
    ],
    ['env.account is missing', withEnv({ region: 'us-east-1' }), E.INVALID_PROP, 'env.account'],
    ['env.region is missing', withEnv({ account: '123456789012' }), E.INVALID_PROP, 'env.region'],
    [
      'env.account is a token',
      withEnv({ account: Aws.ACCOUNT_ID, region: 'us-east-1' }),
      E.UNRESOLVED_TOKEN,
      'env.account',
    ],
    [
      'env.region is a token',
      withEnv({ account: '123456789012', region: Aws.REGION }),
      E.UNRESOLVED_TOKEN,
      'env.region',
    ],
    [
      'the existing detector id is malformed',
      withProps({ guardDuty: { existingDetectorId: 'detector-1' } }),
      E.INVALID_PROP,
      'guardDuty.existingDetectorId',
    ],
    [
      'the trail name is a token',
      withProps({ cloudTrail: { trailName: Lazy.string({ produce: () => 'trail' }) } }),
      E.UNRESOLVED_TOKEN,
      'cloudTrail.trailName',
    ],
    [
      'the trail name has a space',
      withProps({ cloudTrail: { trailName: 'audit trail' } }),
      E.INVALID_PROP,
      'cloudTrail.trailName',
    ],
    [
      'the function ARN list is empty',
      withProps({ cloudTrail: { dataEventFunctionArns: [] } }),
      E.INVALID_PROP,
      'cloudTrail.dataEventFunctionArns',
    ],
    [
      'a table ARN is a function ARN',
      withProps({ cloudTrail: { dataEventTableArns: [FUNCTION_ARN] } }),
      E.INVALID_PROP,
      'cloudTrail.dataEventTableArns',
    ],
    [
      'the standards list is empty',
      withProps({ securityHub: { standards: [] } }),
      E.INVALID_PROP,
      'securityHub.standards',
    ],
    [
      'GuardDuty is opted out and configured',
      withProps({ guardDuty: { existingDetectorId: DETECTOR_ID }, optOuts: { guardDuty: reason } }),
      E.CONFLICTING_PROPS,
      'guardDuty',
    ],
    [
      'findings are configured with nothing to route',
      withProps({
        findings: { minimumSeverity: FindingSeverity.LOW },
        optOuts: { guardDuty: reason, securityHub: reason },
      }),
      E.CONFLICTING_PROPS,
      'findings',
    ],
    [
      'an opt-out has a blank reason',
      withProps({ optOuts: { config: { reason: ' ' } } }),
      E.OPT_OUT_WITHOUT_REASON,
      'optOuts.config.reason',
    ],
  ];
  testInvalidInputs(cases, 'Baseline');
});

/**
 * Every case's baseline fails three AWS Control Tower controls, which cfn-guard cannot see acknowledged, and nothing
 * else does. The stack's S3 access log bucket (which receives the audit bucket's access logs) fails CT.S3.PR.10 and
 * CT.S3.PR.2 for the reasons in test/bucket/secure-bucket.compliance.test.ts (S3 server access logging delivers only
 * to SSE-S3 buckets; a log bucket logging into itself logs without end). The detector fails CT.GUARDDUTY.PR.1, which
 * reads S3 protection only from `DataSources.S3Logs`: Lambda protection needs `Features`, the detector's schema
 * refuses both at once (cfn-lint E3063), and S3 protection is on through the `S3_DATA_EVENTS` feature.
 */
const LOG_BUCKET_FAILURES = [
  's3_bucket_default_encryption_kms_check at SecureServerlessDefaultsAccessLogBucketE6CFC448',
  's3_bucket_logging_enabled_check at SecureServerlessDefaultsAccessLogBucketE6CFC448',
];
const DETECTOR_FAILURE = 'guardduty_s3_protection_enabled_check at GuardDutyDetector';

describe('SecurityBaseline compliance', () => {
  const corpus = new TemplateCorpus('SecurityBaseline compliance');
  const cases: Array<[string, Partial<SecurityBaselineProps>, string[]]> = [
    ['the default baseline', {}, [DETECTOR_FAILURE, ...LOG_BUCKET_FAILURES]],
    [
      'an adopted detector, data events of given ARNs, four standards, MEDIUM findings',
      {
        guardDuty: { existingDetectorId: DETECTOR_ID },
        cloudTrail: { dataEventFunctionArns: [FUNCTION_ARN], dataEventTableArns: [TABLE_ARN] },
        config: { recorderRole: ConfigRecorderRole.EXISTING_SERVICE_LINKED_ROLE },
        securityHub: { standards: Object.values(SecurityHubStandard) },
        findings: { minimumSeverity: FindingSeverity.MEDIUM },
      },
      LOG_BUCKET_FAILURES,
    ],
    ['the default baseline with a Guard hook', { guardHook: {} }, [DETECTOR_FAILURE, ...LOG_BUCKET_FAILURES]],
    [
      'CloudTrail and AWS Config run by the organisation (opt-outs)',
      { optOuts: { cloudTrail: { reason: 'Organisation trail' }, config: { reason: 'Control Tower recorder' } } },
      [DETECTOR_FAILURE],
    ],
  ];

  // A rest parameter: jest passes a `done` callback to a callback that declares more parameters than a row has.
  test.each(cases)(
    '%s: no unacknowledged finding in the six packs, only the unavoidable Control Tower failures',
    (...row) => {
      const [, props, unavoidable] = row;
      // GIVEN
      const { app } = build(props);

      // THEN
      expect(nagFindings(app)).toEqual([]);
      expect(controlTowerFailures(app)).toEqual(unavoidable);
      corpus.add(app);
    },
  );

  test("aws-cdk-lib's own trail and detector fail the packs and the controls, so the checks above can fail", () => {
    // GIVEN a trail and a detector with aws-cdk-lib's defaults
    const app = new App();
    const plain = new Stack(app, 'Plain', { env });
    new cloudtrail.Trail(plain, 'Trail');
    new guardduty.CfnDetector(plain, 'Detector', { enable: true });

    // THEN
    expect(nagFindings(app)).toEqual(
      expect.arrayContaining([
        'error HIPAA.Security-CloudTrailCloudWatchLogsEnabled at Plain/Trail/Resource',
        'error HIPAA.Security-CloudTrailEncryptionEnabled at Plain/Trail/Resource',
      ]),
    );
    expect(controlTowerFailures(app)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\S+ at Trail[0-9A-F]{8}$/),
        'guardduty_s3_protection_enabled_check at Detector',
      ]),
    );
  });

  test('cfn-lint finds no error in the templates of the cases (CloudFormation resource schemas)', () => {
    corpus.expectValid();
  });
});
