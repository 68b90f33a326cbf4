/**
 * Every app in the tests gets the context that `cdk init` writes into a new project's cdk.json, handed over
 * the way the CDK CLI hands cdk.json to an app (CDK_CONTEXT_JSON). With
 * `@aws-cdk/core:validateAgainstDefaultRules`, aws-cdk-lib (2.27x and newer) validates every template against
 * CloudFormation's schemas at synth and fails synth on an error, as it does for a new user.
 */
export const CDK_INIT_CONTEXT = { '@aws-cdk/core:validateAgainstDefaultRules': true };

process.env.CDK_CONTEXT_JSON = JSON.stringify({
  ...JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}'),
  ...CDK_INIT_CONTEXT,
});
delete process.env.CDK_VALIDATION;
