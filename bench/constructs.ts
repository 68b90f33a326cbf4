/**
 * What each construct costs: the resources and the fixed monthly cost of one construct in an empty stack (with the
 * per-stack pieces it is the first to need: keys, the alarm topic, the log bucket) and of each further one, beside
 * the plain aws-cdk-lib L2 it replaces. Pure counting of synthesized templates, no timing: `npx projen bench`
 * prints it with the other tables (BENCH_CONSTRUCTS=none skips it).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FixedCost, fixedCostOf } from './fixed-cost';
import {
  SecureBucket,
  SecureEventBus,
  SecureHttpApi,
  SecureQueue,
  SecureRule,
  SecureStateMachine,
  SecureTopic,
  SecureUserPool,
} from '../src';

/** One construct of the table: how to build it (the `n`th of a stack) and the plain L2 it replaces. */
export interface ConstructCase {
  readonly name: string;
  readonly ours: (scope: Construct, n: number) => void;
  readonly plain: (scope: Construct, n: number) => void;
}

export const CONSTRUCT_CASES: readonly ConstructCase[] = [
  {
    name: 'SecureQueue',
    ours: (scope, n) => new SecureQueue(scope, `Queue${n}`),
    plain: (scope, n) => new sqs.Queue(scope, `Queue${n}`),
  },
  {
    name: 'SecureTopic',
    ours: (scope, n) => new SecureTopic(scope, `Topic${n}`),
    plain: (scope, n) => new sns.Topic(scope, `Topic${n}`),
  },
  {
    name: 'SecureBucket',
    ours: (scope, n) => new SecureBucket(scope, `Bucket${n}`),
    plain: (scope, n) => new s3.Bucket(scope, `Bucket${n}`),
  },
  {
    name: 'SecureEventBus',
    ours: (scope, n) => new SecureEventBus(scope, `Bus${n}`),
    plain: (scope, n) => new events.EventBus(scope, `Bus${n}`),
  },
  {
    name: 'SecureRule (nightly, one SQS target)',
    ours: (scope, n) =>
      new SecureRule(scope, `Rule${n}`, {
        schedule: events.Schedule.cron({ hour: '2', minute: '0' }),
        targets: [new targets.SqsQueue(new SecureQueue(scope, `Target${n}`))],
      }),
    plain: (scope, n) =>
      new events.Rule(scope, `Rule${n}`, {
        schedule: events.Schedule.cron({ hour: '2', minute: '0' }),
        targets: [new targets.SqsQueue(new sqs.Queue(scope, `Target${n}`))],
      }),
  },
  {
    name: 'SecureHttpApi (IAM authorizer, no route)',
    ours: (scope, n) => new SecureHttpApi(scope, `HttpApi${n}`),
    plain: (scope, n) => new apigatewayv2.HttpApi(scope, `HttpApi${n}`),
  },
  {
    name: 'SecureStateMachine (one Pass state)',
    ours: (scope, n) =>
      new SecureStateMachine(scope, `Workflow${n}`, {
        definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(scope, `Step${n}`)),
      }),
    plain: (scope, n) =>
      new sfn.StateMachine(scope, `Workflow${n}`, {
        definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(scope, `Step${n}`)),
      }),
  },
  {
    name: 'SecureUserPool (with one app client)',
    ours: (scope, n) => new SecureUserPool(scope, `Users${n}`).addClient('Web'),
    plain: (scope, n) => new cognito.UserPool(scope, `Users${n}`).addClient('Web'),
  },
];

const ENV = { account: '123456789012', region: 'us-east-1' };

/** The resources and fixed cost of a stack with `count` constructs built by `build`. */
function measure(build: (scope: Construct, n: number) => void, count: number): { resources: number; cost: FixedCost } {
  const app = new App();
  const stack = new Stack(app, 'Measured', { env: ENV });
  for (let n = 0; n < count; n++) {
    build(stack, n);
  }
  const template = app.synth().getStackArtifact(stack.artifactId).template;
  return { resources: Object.keys(template.Resources ?? {}).length, cost: fixedCostOf(template) };
}

/** One row: first and each further construct, ours and plain. */
export interface ConstructRow {
  readonly name: string;
  readonly plainFirst: number;
  readonly plainEach: number;
  readonly first: number;
  readonly each: number;
  readonly firstKeys: number;
  readonly eachKeys: number;
  readonly firstUsd: number;
  readonly eachUsd: number;
}

export function constructRows(cases: readonly ConstructCase[] = CONSTRUCT_CASES): ConstructRow[] {
  return cases.map((c) => {
    const [plainOne, plainTwo, one, two] = [
      measure(c.plain, 1),
      measure(c.plain, 2),
      measure(c.ours, 1),
      measure(c.ours, 2),
    ];
    return {
      name: c.name,
      plainFirst: plainOne.resources,
      plainEach: plainTwo.resources - plainOne.resources,
      first: one.resources,
      each: two.resources - one.resources,
      firstKeys: one.cost.kmsKeys,
      eachKeys: two.cost.kmsKeys - one.cost.kmsKeys,
      firstUsd: one.cost.monthlyUsd,
      eachUsd: Math.round((two.cost.monthlyUsd - one.cost.monthlyUsd) * 100) / 100,
    };
  });
}

/** The Markdown table of `rows`. */
export function renderConstructTable(rows: readonly ConstructRow[]): string {
  return [
    'Resources and fixed cost (KMS keys, alarms at us-east-1 list prices, per month, before any request) of one ' +
      'construct in an empty stack, including the per-stack pieces it is the first to need, and of each further ' +
      'one in the same stack; beside the plain aws-cdk-lib L2 with default props.',
    '',
    '| Construct | L2 resources (first / each) | Resources (first / each) | KMS keys (first / each) | Fixed cost $/month (first / each) |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.plainFirst} / ${r.plainEach} | ${r.first} / ${r.each} | ${r.firstKeys} / ${r.eachKeys} | ` +
        `${r.firstUsd.toFixed(2)} / ${r.eachUsd.toFixed(2)} |`,
    ),
  ].join('\n');
}
