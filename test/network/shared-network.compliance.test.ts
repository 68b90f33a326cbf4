import { TemplateCorpus } from '../support/cfn-lint';
import { controlTowerFailures, nagFindings } from '../support/compliance';
import { grantedFunction, sharedApp } from '../support/shared-network';

describe('IsolatedNetwork shared by several stacks: compliance', () => {
  test('a network stack and two service stacks granted SQS and SNS: no unacknowledged finding in the six packs, valid CloudFormation', () => {
    // GIVEN
    const { app, orders, billing } = sharedApp();

    // WHEN
    grantedFunction(orders);
    grantedFunction(billing);

    // THEN
    expect(nagFindings(app)).toEqual([]);
    // cfn-guard on the synthesized templates accepts only literal or same-stack subnet ids (CT.LAMBDA.PR.3), and
    // a service stack imports the shared network's subnets (Fn::ImportValue). Control Tower's proactive control
    // runs as a CloudFormation hook on the resolved properties, where they are subnet ids. Nothing else fails.
    expect(controlTowerFailures(app)).toEqual([
      expect.stringMatching(/^lambda_inside_vpc_check at HandlerFunction[0-9A-F]{8}$/),
      expect.stringMatching(/^lambda_inside_vpc_check at HandlerFunction[0-9A-F]{8}$/),
    ]);
    const corpus = new TemplateCorpus('shared network, three stacks');
    corpus.add(app);
    expect(corpus.size).toBe(3);
    corpus.expectValid();
  });
});
