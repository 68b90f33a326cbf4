import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SecureFunction } from '../../src';
import { runtimeStatus } from '../../src/core/runtime-lifecycle';
import { newStack } from '../support/compliance';

const bucketCode = (stack: Stack) =>
  lambda.Code.fromBucket(s3.Bucket.fromBucketName(stack, 'Artifacts', 'artifacts'), 'fn.zip');
const optOuts = { latestRuntime: { reason: 'The vendor SDK supports only this runtime until Q3' } };

describe('runtime lifecycle', () => {
  afterEach(() => jest.useRealTimers());

  test.each([
    ['nodejs20.x', '2026-04-29', 'supported'],
    ['nodejs20.x', '2026-04-30', 'deprecated'],
    ['nodejs20.x', '2027-01-31', 'deprecated'],
    ['nodejs20.x', '2027-02-01', 'create-blocked'],
    ['nodejs14.x', '2026-12-01', 'create-blocked'],
    // Blocked for creation a month before its deprecation date.
    ['nodejs4.3', '2020-02-03', 'create-blocked'],
    ['nodejs24.x', '2026-12-01', 'supported'],
    ['provided.al2023', '2026-12-01', 'supported'],
  ])('%s on %s is %s', (runtime, day, status) => {
    expect(runtimeStatus(runtime, new Date(`${day}T12:00:00Z`))).toBe(status);
  });

  test('fails when the runtime is blocked for new functions, even with optOuts.latestRuntime', () => {
    // GIVEN
    jest.useFakeTimers({ now: new Date('2027-02-15T00:00:00Z') });
    const { stack } = newStack();

    // THEN
    expect(
      () =>
        new SecureFunction(stack, 'Old', {
          code: bucketCode(stack),
          handler: 'index.handler',
          runtime: lambda.Runtime.NODEJS_20_X,
          optOuts,
        }),
    ).toThrow(
      /^\[CSS001\] TestStack\/Old: prop "runtime": Lambda has refused to create functions on nodejs20\.x since 2027-02-01 .*Fix: use Runtime\.NODEJS_24_X\.$/,
    );
  });

  test('warns, acknowledgeably, while a deprecated runtime can still be deployed', () => {
    // GIVEN
    jest.useFakeTimers({ now: new Date('2026-11-20T00:00:00Z') });
    const { stack } = newStack();

    // WHEN
    new SecureFunction(stack, 'Dotnet', {
      code: bucketCode(stack),
      handler: 'App::App.Function::Handler',
      runtime: lambda.Runtime.DOTNET_8,
      optOuts,
    });

    // THEN
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Dotnet',
      Match.stringLikeRegexp('prop "runtime" is dotnet8, deprecated since 2026-11-10 .* on 2027-02-01'),
    );
  });
});
