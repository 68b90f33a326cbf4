import { lambdaTemplate, NO_SECRET_VARIABLES, TEST_RULES, TRACING } from './fixtures';
import { Severity } from '../../../src/compliance/vocabulary';
import {
  auditTemplate,
  evaluateTemplate,
  InvalidTemplateError,
  TemplateFinding,
} from '../../../src/compliance/template-engine';

describe('evaluateTemplate', () => {
  test('reports one finding per rule and resource, with the finding in brackets for granular rules', () => {
    // WHEN
    const findings = evaluateTemplate(lambdaTemplate(), 'MyStack', TEST_RULES);

    // THEN
    expect(findings).toEqual<TemplateFinding[]>([
      {
        ruleId: 'SecureServerless-TestNoSecretVariables[DB_PASSWORD]',
        severity: Severity.ERROR,
        logicalId: 'Fn',
        resourceType: 'AWS::Lambda::Function',
        template: 'MyStack',
        message: 'Functions hold no secret-looking variables',
      },
      {
        ruleId: 'SecureServerless-TestTracing',
        severity: Severity.WARNING,
        logicalId: 'Fn',
        resourceType: 'AWS::Lambda::Function',
        template: 'MyStack',
        message: 'Functions have active tracing',
      },
    ]);
  });

  test('reports nothing for compliant and not-applicable resources', () => {
    // GIVEN a compliant function next to a resource no rule applies to
    const template = lambdaTemplate();
    template.Resources.Fn.Properties.Environment.Variables = { TABLE: 'orders' };
    template.Resources.Fn.Properties.TracingConfig = { Mode: 'Active' };

    // THEN
    expect(evaluateTemplate(template, 'MyStack', TEST_RULES)).toEqual([]);
  });

  test('gives rules the other resources of the template', () => {
    // GIVEN a function whose role is not in the template
    const template = lambdaTemplate();
    delete template.Resources.Role;

    // THEN
    expect(evaluateTemplate(template, 'MyStack', TEST_RULES).map((f) => f.ruleId)).toContain(
      'SecureServerless-TestRoleInTemplate',
    );
  });

  test('records the construct path that CDK writes into resource metadata', () => {
    const findings = evaluateTemplate(lambdaTemplate({ 'aws:cdk:path': 'MyStack/Fn/Resource' }), 'MyStack', [TRACING]);
    expect(findings[0].constructPath).toBe('MyStack/Fn/Resource');
  });

  test('reports a rule that throws as a finding instead of passing it', () => {
    const broken = {
      ...TRACING,
      check: () => {
        throw new Error('boom');
      },
    };
    const findings = evaluateTemplate(lambdaTemplate(), 'MyStack', [broken]);
    expect(findings.map((f) => f.message)).toEqual([
      'Functions have active tracing (the rule failed to run: boom)',
      'Functions have active tracing (the rule failed to run: boom)',
    ]);
  });

  describe('acknowledgments in Metadata.cdk_nag.rules_to_suppress', () => {
    test('an exact id, bracket suffix included, turns the finding into an acknowledgment', () => {
      // GIVEN
      const template = lambdaTemplate({
        cdk_nag: {
          rules_to_suppress: [
            { id: 'SecureServerless-TestNoSecretVariables[DB_PASSWORD]', reason: 'Test fixture only' },
          ],
        },
      });

      // WHEN
      const result = auditTemplate(template, 'MyStack', TEST_RULES);

      // THEN
      expect(result.findings.map((f) => f.ruleId)).toEqual(['SecureServerless-TestTracing']);
      expect(result.acknowledgments).toEqual([
        expect.objectContaining({
          ruleId: 'SecureServerless-TestNoSecretVariables[DB_PASSWORD]',
          logicalId: 'Fn',
          reason: 'Test fixture only',
        }),
      ]);
      expect(evaluateTemplate(template, 'MyStack', TEST_RULES)).toEqual(result.findings);
    });

    test('the id without the bracket suffix covers every finding of the rule', () => {
      const template = lambdaTemplate({
        cdk_nag: { rules_to_suppress: [{ id: 'SecureServerless-TestNoSecretVariables', reason: 'Rotated daily' }] },
      });
      template.Resources.Fn.Properties.Environment.Variables.ADMIN_PASSWORD = 'x';

      const result = auditTemplate(template, 'MyStack', [NO_SECRET_VARIABLES]);

      expect(result.findings).toEqual([]);
      expect(result.acknowledgments.map((a) => a.ruleId)).toEqual([
        'SecureServerless-TestNoSecretVariables[DB_PASSWORD]',
        'SecureServerless-TestNoSecretVariables[ADMIN_PASSWORD]',
      ]);
    });

    test("cdk-nag v2's appliesTo limits a base id to the listed findings", () => {
      const template = lambdaTemplate({
        cdk_nag: {
          rules_to_suppress: [
            { id: 'SecureServerless-TestNoSecretVariables', reason: 'Only this one', appliesTo: ['DB_PASSWORD'] },
          ],
        },
      });
      template.Resources.Fn.Properties.Environment.Variables.ADMIN_PASSWORD = 'x';

      const result = auditTemplate(template, 'MyStack', [NO_SECRET_VARIABLES]);

      expect(result.findings.map((f) => f.ruleId)).toEqual(['SecureServerless-TestNoSecretVariables[ADMIN_PASSWORD]']);
    });

    test('an acknowledgment of another rule or a malformed entry changes nothing', () => {
      const template = lambdaTemplate({
        cdk_nag: {
          rules_to_suppress: [{ id: 'AwsSolutions-L1', reason: 'Other rule' }, { id: 'SecureServerless-TestTracing' }],
        },
      });
      expect(auditTemplate(template, 'MyStack', TEST_RULES).acknowledgments).toEqual([]);
    });

    test('acknowledgments passed by logical id apply too', () => {
      const result = auditTemplate(lambdaTemplate(), 'MyStack', [TRACING], {
        acknowledgments: new Map([['Fn', [{ id: 'SecureServerless-TestTracing', reason: 'Traced by the caller' }]]]),
      });
      expect(result.findings).toEqual([]);
      expect(result.acknowledgments[0].reason).toBe('Traced by the caller');
    });
  });

  test.each([
    ['a string', 'Resources: {}'],
    ['null', null],
    ['an object without Resources', { AWSTemplateFormatVersion: '2010-09-09' }],
    ['Resources that is an array', { Resources: [] }],
    ['a resource without a Type', { Resources: { Fn: { Properties: {} } } }],
    ['a resource whose Type is not a string', { Resources: { Fn: { Type: 42 } } }],
  ])('fails when the input is %s', (_, template) => {
    expect(() => evaluateTemplate(template, 'input.json', TEST_RULES)).toThrow(InvalidTemplateError);
    expect(() => evaluateTemplate(template, 'input.json', TEST_RULES)).toThrow(
      /^input\.json is not a CloudFormation template: /,
    );
  });

  test('accepts a template with an empty Resources object', () => {
    expect(evaluateTemplate({ Resources: {} }, 'empty', TEST_RULES)).toEqual([]);
  });
});
