import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SecureFunction } from '../../src';
import { TemplateCorpus } from '../support/cfn-lint';
import { nagFindings, newStack } from '../support/compliance';

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

describe('SecureFunction granted to invoke itself', () => {
  test('lands the grant in a policy the function does not wait for, so there is no circular dependency', () => {
    // GIVEN
    const { app, stack } = newStack();
    const fn = new SecureFunction(stack, 'FanOut', { code, handler: 'index.handler' });

    // WHEN
    fn.grantInvoke(fn);

    // THEN
    const template = Template.fromStack(stack);
    const independent = template.findResources('AWS::IAM::ManagedPolicy', {
      Properties: {
        PolicyDocument: {
          Statement: [
            {
              Action: 'lambda:InvokeFunction',
              Effect: 'Allow',
              Resource: {
                'Fn::GetAtt': [stack.getLogicalId(fn.function.node.defaultChild as lambda.CfnFunction), 'Arn'],
              },
            },
          ],
        },
      },
    });
    expect(Object.keys(independent)).toHaveLength(1);
    const [functionResource] = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functionResource.DependsOn).not.toContain(Object.keys(independent)[0]);
    // The CloudFormation validator (default rules, on aws-cdk-lib 2.27x) and cfn-lint both reject a cycle.
    const corpus = new TemplateCorpus('self-invoking function');
    corpus.add(app);
    corpus.expectValid();
    expect(nagFindings(app)).toEqual([]);
  });

  test('other grantees still get the statement through their own policy', () => {
    // GIVEN
    const { stack } = newStack();
    const fn = new SecureFunction(stack, 'Target', { code, handler: 'index.handler' });
    const caller = new SecureFunction(stack, 'Caller', { code, handler: 'index.handler' });

    // WHEN
    fn.grantInvoke(caller);

    // THEN
    Template.fromStack(stack).resourcePropertiesCountIs(
      'AWS::IAM::ManagedPolicy',
      { Description: 'Permissions of TestStack/Target/ServiceRole that name resources waiting for its role' },
      0,
    );
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: stack.getLogicalId(caller.role!.node.defaultChild as any) }],
    });
  });
});
