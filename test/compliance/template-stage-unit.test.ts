import {
  auditTarget,
  CWD,
  lambdaTemplate,
  NO_SECRET_VARIABLES,
  ROLE_EXISTS,
  TEST_RULES,
  templatePathOf,
  TRACING,
} from './reports/fixtures';
import type { AuditTarget } from '../../src/compliance/cloud-assembly';
import { DecisionMatcher } from '../../src/compliance/decision-matcher';
import { RuleDefinition } from '../../src/compliance/rules/rule';
import { InvalidTemplateError, parseTemplate, runRule } from '../../src/compliance/template-engine';
import { decisionsInTemplates, templateFindings } from '../../src/compliance/template-stage';
import { CompliancePack, Decision, DecisionOrigin, Finding, Severity } from '../../src/compliance/vocabulary';

const SECRET = 'SecureServerless-TestNoSecretVariables';
const TRACED = 'SecureServerless-TestTracing';
const ROLE = 'SecureServerless-TestRoleInTemplate';

/** Runs the template stage the way the gate and the audit CLI do: the templates' own decisions, then `decisions`. */
function runStage(
  targets: readonly AuditTarget[],
  options: {
    readonly rules?: readonly RuleDefinition[];
    readonly decisions?: readonly Decision[];
    readonly inScope?: (constructPath: string | undefined) => boolean;
    readonly warningsAsErrors?: boolean;
  } = {},
) {
  const decisions = [...(options.decisions ?? []), ...decisionsInTemplates(targets)];
  const matcher = new DecisionMatcher(decisions);
  const findings = templateFindings(targets, {
    rules: options.rules ?? TEST_RULES,
    matcher,
    cwd: CWD,
    inScope: options.inScope,
    warningsAsErrors: options.warningsAsErrors,
  });
  return { findings, matcher, decisions };
}

/** A decision of the team recorded on `constructPath`. */
function decision(constructPath: string, ruleIds: string[], extra: Partial<Decision> = {}): Decision {
  return {
    ruleIds,
    reason: `Reason for ${ruleIds.join(', ')}`,
    origin: DecisionOrigin.TEAM,
    location: { constructPath },
    ...extra,
  };
}

/** A template with two functions, both without tracing, whose role is in the template. */
function twoFunctions(): Record<string, any> {
  const template = lambdaTemplate();
  template.Resources.Fn.Properties.Environment.Variables = { TABLE: 'orders' };
  template.Resources.Other = JSON.parse(JSON.stringify(template.Resources.Fn));
  return template;
}

const TWO_PATHS = { constructPaths: { Fn: 'MyStack/Orders/Fn/Resource', Other: 'MyStack/Billing/Fn/Resource' } };

const remaining = (findings: readonly Finding[]) => findings.map((f) => `${f.location.constructPath} ${f.ruleId}`);

describe('runRule', () => {
  const fn = { logicalId: 'Fn', type: 'AWS::Lambda::Function', properties: {} };
  const context = { resources: new Map([['Fn', fn]]) };

  test('says undefined when the rule does not apply, and no hit when the resource is compliant', () => {
    // GIVEN a role (no rule applies) and a traced function
    const role = { logicalId: 'Role', type: 'AWS::IAM::Role', properties: {} };
    const traced = { ...fn, properties: { TracingConfig: { Mode: 'Active' } } };

    // THEN
    expect(runRule(TRACING, role, context)).toBeUndefined();
    expect(runRule(TRACING, traced, context)).toEqual([]);
  });

  test('gives one hit for a non-compliant resource and one per finding, in brackets, for granular rules', () => {
    // GIVEN
    const leaky = { ...fn, properties: { Environment: { Variables: { A_PASSWORD: 'x', B_PASSWORD: 'y', C: 'z' } } } };

    // THEN
    expect(runRule(TRACING, fn, context)).toEqual([{ ruleId: TRACED }]);
    expect(runRule(NO_SECRET_VARIABLES, leaky, context)).toEqual([
      { ruleId: `${SECRET}[A_PASSWORD]`, finding: 'A_PASSWORD' },
      { ruleId: `${SECRET}[B_PASSWORD]`, finding: 'B_PASSWORD' },
    ]);
  });

  test('gives a crashed hit, never a pass, when the rule throws', () => {
    const broken: RuleDefinition = {
      ...TRACING,
      check: () => {
        throw new Error('boom');
      },
    };
    expect(runRule(broken, fn, context)).toEqual([{ ruleId: TRACED, crashed: 'boom' }]);
  });
});

describe('templateFindings', () => {
  test('reports one finding per rule and resource, with the finding in brackets for granular rules', () => {
    // GIVEN a function with a secret-looking variable and no tracing, whose resource is on line 12
    const target = auditTarget(lambdaTemplate(), { lines: { Fn: 12 } });

    // WHEN
    const { findings } = runStage([target]);

    // THEN
    const location = {
      constructPath: 'MyStack/Fn',
      logicalId: 'Fn',
      resourceType: 'AWS::Lambda::Function',
      stack: 'MyStack',
      templatePath: templatePathOf('MyStack'),
      templateLine: 12,
    };
    expect(findings).toEqual<Finding[]>([
      {
        ruleId: `${SECRET}[DB_PASSWORD]`,
        pack: CompliancePack.SECURE_SERVERLESS,
        severity: Severity.ERROR,
        problem: 'The function has an environment variable that looks like a secret: DB_PASSWORD',
        fix: NO_SECRET_VARIABLES.fix,
        location,
        templateOnly: true,
      },
      {
        ruleId: TRACED,
        pack: CompliancePack.SECURE_SERVERLESS,
        severity: Severity.WARNING,
        problem: 'The function has no active tracing',
        fix: TRACING.fix,
        location,
        templateOnly: true,
      },
    ]);
  });

  test('omits the template line of a resource the text scan did not find, and raises warnings with warningsAsErrors', () => {
    // WHEN
    const { findings } = runStage([auditTarget(lambdaTemplate())], { rules: [TRACING], warningsAsErrors: true });

    // THEN
    expect(findings).toHaveLength(1);
    expect(findings[0].severity).toBe(Severity.ERROR);
    expect(findings[0].location).not.toHaveProperty('templateLine');
  });

  test('reports nothing for compliant and not-applicable resources', () => {
    // GIVEN a compliant function next to a role no rule applies to
    const template = lambdaTemplate();
    template.Resources.Fn.Properties.Environment.Variables = { TABLE: 'orders' };
    template.Resources.Fn.Properties.TracingConfig = { Mode: 'Active' };

    // WHEN
    const { findings, matcher } = runStage([auditTarget(template)]);

    // THEN
    expect(findings).toEqual([]);
    // compliant is applied; a template of roles only has nothing for the rules to check
    expect(matcher.hasApplied(TRACED)).toBe(true);
    const rolesOnly = runStage([auditTarget({ Resources: { Role: template.Resources.Role } })]);
    expect(rolesOnly.findings).toEqual([]);
    expect(TEST_RULES.some((r) => rolesOnly.matcher.hasApplied(`SecureServerless-${r.name}`))).toBe(false);
  });

  test('gives rules the other resources of the template', () => {
    // GIVEN the same function, once with its role in the template and once without
    const withRole = lambdaTemplate();
    const withoutRole = lambdaTemplate();
    delete withoutRole.Resources.Role;

    // THEN
    expect(runStage([auditTarget(withRole)], { rules: [ROLE_EXISTS] }).findings).toEqual([]);
    expect(runStage([auditTarget(withoutRole)], { rules: [ROLE_EXISTS] }).findings.map((f) => f.ruleId)).toEqual([
      ROLE,
    ]);
  });

  describe('the construct path', () => {
    test('is the one CDK writes into the resource metadata (aws:cdk:path)', () => {
      const { findings } = runStage([auditTarget(lambdaTemplate({ 'aws:cdk:path': 'MyStack/Fn/Resource' }))], {
        rules: [TRACING],
      });
      expect(findings).toHaveLength(1);
      expect(findings[0].location.constructPath).toBe('MyStack/Fn/Resource');
      expect(findings[0]).not.toHaveProperty('templateOnly');
    });

    test("is the cloud assembly's (the target's constructPaths) before the metadata", () => {
      const target = auditTarget(lambdaTemplate({ 'aws:cdk:path': 'MyStack/Stale/Resource' }), {
        constructPaths: { Fn: 'MyStack/Orders/Fn/Resource' },
      });
      const { findings } = runStage([target], { rules: [TRACING] });
      expect(findings.map((f) => f.location.constructPath)).toEqual(['MyStack/Orders/Fn/Resource']);
      expect(findings[0]).not.toHaveProperty('templateOnly');
    });

    test('is <stack>/<logical id>, template-only, when nothing records one', () => {
      const { findings } = runStage([auditTarget(lambdaTemplate(), { stack: 'Legacy' })], { rules: [TRACING] });
      expect(findings).toHaveLength(1);
      expect(findings[0].location).toMatchObject({ constructPath: 'Legacy/Fn', stack: 'Legacy' });
      expect(findings[0].templateOnly).toBe(true);
    });
  });

  test('skips resources outside inScope, and does not count the rule as applied there', () => {
    // GIVEN
    const target = auditTarget(twoFunctions(), TWO_PATHS);

    // WHEN only the Orders service is in scope
    const { findings, matcher } = runStage([target], {
      rules: [TRACING],
      inScope: (path) => path !== undefined && path.startsWith('MyStack/Orders/'),
      decisions: [decision('MyStack/Billing', [TRACED])],
    });

    // THEN
    expect(remaining(findings)).toEqual([`MyStack/Orders/Fn/Resource ${TRACED}`]);
    expect(
      matcher.isUnused(
        matcher.decisions[0],
        () => true,
        () => true,
      ),
    ).toBe(false);
  });

  test('reports a rule that throws as a finding instead of passing it', () => {
    // GIVEN
    const broken: RuleDefinition = {
      ...TRACING,
      check: () => {
        throw new Error('boom');
      },
    };

    // WHEN
    const { findings } = runStage([auditTarget(lambdaTemplate())], { rules: [broken] });

    // THEN one finding per resource, the role included: the rule could not say it does not apply
    expect(findings.map((f) => [f.location.logicalId, f.ruleId, f.severity, f.problem])).toEqual([
      ['Role', TRACED, Severity.WARNING, 'The function has no active tracing (the rule failed to run: boom)'],
      ['Fn', TRACED, Severity.WARNING, 'The function has no active tracing (the rule failed to run: boom)'],
    ]);
  });

  describe('decisions in Metadata.cdk_nag.rules_to_suppress', () => {
    test('an exact id, bracket suffix included, accepts that finding', () => {
      // GIVEN
      const target = auditTarget(
        lambdaTemplate({
          cdk_nag: { rules_to_suppress: [{ id: `${SECRET}[DB_PASSWORD]`, reason: 'Test fixture only' }] },
        }),
      );

      // WHEN
      const { findings, matcher, decisions } = runStage([target]);

      // THEN
      expect(findings.map((f) => f.ruleId)).toEqual([TRACED]);
      expect(decisions).toEqual<Decision[]>([
        {
          ruleIds: [`${SECRET}[DB_PASSWORD]`],
          reason: 'Test fixture only',
          origin: DecisionOrigin.TEAM,
          appliesTo: [{ regex: '/.*/' }],
          location: { constructPath: 'MyStack/Fn' },
        },
      ]);
      expect(matcher.acceptedBy(decisions[0])).toEqual([
        {
          ruleId: `${SECRET}[DB_PASSWORD]`,
          location: {
            constructPath: 'MyStack/Fn',
            logicalId: 'Fn',
            resourceType: 'AWS::Lambda::Function',
            stack: 'MyStack',
            templatePath: templatePathOf('MyStack'),
          },
        },
      ]);
    });

    test("an id in the form aws-cdk-lib's report suggests (<plugin>::<rule id>) is read without its namespace", () => {
      const target = auditTarget(
        lambdaTemplate({
          cdk_nag: { rules_to_suppress: [{ id: `cdk-secure-serverless::${TRACED}`, reason: 'Traced by the proxy' }] },
        }),
      );
      const { findings, decisions } = runStage([target], { rules: [TRACING] });
      expect(findings).toEqual([]);
      expect(decisions[0].ruleIds).toEqual([TRACED]);
    });

    test('the id without the bracket suffix and without appliesTo covers every finding of the rule (cdk-nag v2)', () => {
      // GIVEN two secret-looking variables
      const template = lambdaTemplate({
        cdk_nag: { rules_to_suppress: [{ id: SECRET, reason: 'Rotated daily' }] },
      });
      template.Resources.Fn.Properties.Environment.Variables.ADMIN_PASSWORD = 'x';

      // WHEN
      const { findings, matcher, decisions } = runStage([auditTarget(template)], { rules: [NO_SECRET_VARIABLES] });

      // THEN
      expect(findings).toEqual([]);
      expect(matcher.acceptedBy(decisions[0]).map((a) => a.ruleId)).toEqual([
        `${SECRET}[DB_PASSWORD]`,
        `${SECRET}[ADMIN_PASSWORD]`,
      ]);
    });

    test.each<[string, Array<string | { regex: string }>, string[]]>([
      ['a finding by name', ['DB_PASSWORD'], [`${SECRET}[ADMIN_PASSWORD]`, `${SECRET}[API_PASSWORD]`]],
      ['two findings by name', ['DB_PASSWORD', 'API_PASSWORD'], [`${SECRET}[ADMIN_PASSWORD]`]],
      ['a regex literal', [{ regex: '/^A/' }], [`${SECRET}[DB_PASSWORD]`]],
      ['a regex literal with flags', [{ regex: '/^db_/i' }], [`${SECRET}[ADMIN_PASSWORD]`, `${SECRET}[API_PASSWORD]`]],
      [
        'nothing (an empty list)',
        [],
        [`${SECRET}[DB_PASSWORD]`, `${SECRET}[ADMIN_PASSWORD]`, `${SECRET}[API_PASSWORD]`],
      ],
    ])("cdk-nag v2's appliesTo with %s limits a base id to those findings", (_, appliesTo, left) => {
      // GIVEN three secret-looking variables
      const template = lambdaTemplate({
        cdk_nag: { rules_to_suppress: [{ id: SECRET, reason: 'Only some', appliesTo }] },
      });
      Object.assign(template.Resources.Fn.Properties.Environment.Variables, { ADMIN_PASSWORD: 'x', API_PASSWORD: 'y' });

      // WHEN
      const { findings, matcher, decisions } = runStage([auditTarget(template)], { rules: [NO_SECRET_VARIABLES] });

      // THEN
      expect(findings.map((f) => f.ruleId)).toEqual(left);
      expect(matcher.acceptedBy(decisions[0])).toHaveLength(3 - left.length);
    });

    test.each<[string, unknown]>([
      ['a decision of another rule', [{ id: 'AwsSolutions-L1', reason: 'Other rule' }]],
      ['an entry without a reason', [{ id: TRACED }]],
      ['an entry whose id is not a string', [{ id: 42, reason: 'x' }]],
      ['an entry that is a string', [TRACED]],
      ['rules_to_suppress that is not a list', { id: TRACED, reason: 'x' }],
    ])('%s changes nothing', (_, rulesToSuppress) => {
      // GIVEN
      const plain = runStage([auditTarget(lambdaTemplate())]);

      // WHEN
      const { findings, matcher, decisions } = runStage([
        auditTarget(lambdaTemplate({ cdk_nag: { rules_to_suppress: rulesToSuppress } })),
      ]);

      // THEN
      expect(findings).toEqual(plain.findings);
      expect(findings.map((f) => f.ruleId)).toEqual([`${SECRET}[DB_PASSWORD]`, TRACED]);
      expect(decisions.flatMap((d) => matcher.acceptedBy(d))).toEqual([]);
    });

    test('a well-formed entry next to malformed ones still counts; only the well-formed one is a decision', () => {
      const target = auditTarget(
        lambdaTemplate({
          cdk_nag: { rules_to_suppress: [{ id: 'AwsSolutions-L1', reason: 'Other rule' }, { id: TRACED }, 'x'] },
        }),
      );
      const { decisions } = runStage([target]);
      expect(decisions.map((d) => [d.ruleIds, d.reason])).toEqual([[['AwsSolutions-L1'], 'Other rule']]);
    });
  });

  describe('decisions recorded on constructs', () => {
    test('cover the resources at or under their construct path only', () => {
      // GIVEN two functions without tracing, in the Orders and Billing services
      const target = auditTarget(twoFunctions(), TWO_PATHS);

      // WHEN the team accepts the finding for Orders (and on a path that only looks like a prefix)
      const { findings, matcher } = runStage([target], {
        rules: [TRACING],
        decisions: [decision('MyStack/Orders', [TRACED]), decision('MyStack/Bill', [TRACED])],
      });

      // THEN
      expect(remaining(findings)).toEqual([`MyStack/Billing/Fn/Resource ${TRACED}`]);
      expect(matcher.acceptedBy(matcher.decisions[0]).map((a) => a.location.constructPath)).toEqual([
        'MyStack/Orders/Fn/Resource',
      ]);
      expect(matcher.acceptedBy(matcher.decisions[1])).toEqual([]);
    });

    test('a decision at the resource itself or at the app covers it too', () => {
      const target = auditTarget(twoFunctions(), TWO_PATHS);
      const { findings } = runStage([target], {
        rules: [TRACING],
        decisions: [decision('MyStack/Orders/Fn/Resource', [TRACED]), decision('', [TRACED])],
      });
      expect(findings).toEqual([]);
    });

    test('the decision nearest the resource is the one that accepts it', () => {
      // GIVEN one decision on the stack and one on the Orders function
      const onStack = decision('MyStack', [TRACED], { reason: 'Stack-wide' });
      const onOrders = decision('MyStack/Orders/Fn', [TRACED], { reason: 'Orders only' });

      // WHEN
      const { findings, matcher } = runStage([auditTarget(twoFunctions(), TWO_PATHS)], {
        rules: [TRACING],
        decisions: [onStack, onOrders],
      });

      // THEN
      expect(findings).toEqual([]);
      expect(matcher.acceptedBy(onOrders).map((a) => a.location.constructPath)).toEqual(['MyStack/Orders/Fn/Resource']);
      expect(matcher.acceptedBy(onStack).map((a) => a.location.constructPath)).toEqual(['MyStack/Billing/Fn/Resource']);
    });

    test('a base id without appliesTo (as Validations records it) does not cover granular findings', () => {
      // GIVEN
      const base = decision('MyStack', [SECRET]);

      // WHEN
      const { findings, matcher } = runStage([auditTarget(lambdaTemplate())], {
        rules: [NO_SECRET_VARIABLES],
        decisions: [base],
      });

      // THEN the finding stays, and the decision is unused: its rule applied under it and it accepted nothing
      expect(findings.map((f) => f.ruleId)).toEqual([`${SECRET}[DB_PASSWORD]`]);
      expect(matcher.acceptedBy(base)).toEqual([]);
      expect(
        matcher.isUnused(
          base,
          () => true,
          () => true,
        ),
      ).toBe(true);
    });

    test('the exact granular id covers the granular finding', () => {
      const exact = decision('MyStack', [`${SECRET}[DB_PASSWORD]`]);
      const { findings, matcher } = runStage([auditTarget(lambdaTemplate())], {
        rules: [NO_SECRET_VARIABLES],
        decisions: [exact],
      });
      expect(findings).toEqual([]);
      expect(matcher.acceptedBy(exact).map((a) => a.ruleId)).toEqual([`${SECRET}[DB_PASSWORD]`]);
    });
  });

  describe('where rules applied, and unused decisions', () => {
    const known = new Set(TEST_RULES.map((r) => `SecureServerless-${r.name}`));
    const isKnown = (ruleId: string) => known.has(ruleId);
    const all = () => true;

    function tracedOrders() {
      const template = twoFunctions();
      template.Resources.Fn.Properties.TracingConfig = { Mode: 'Active' };
      return auditTarget(template, TWO_PATHS);
    }

    test('a decision is unused when its rule applied under it and it accepted nothing', () => {
      // GIVEN Orders' function is traced: the rule applies and passes there
      const onOrders = decision('MyStack/Orders', [TRACED]);

      // WHEN
      const { findings, matcher } = runStage([tracedOrders()], { rules: [TRACING], decisions: [onOrders] });

      // THEN
      expect(remaining(findings)).toEqual([`MyStack/Billing/Fn/Resource ${TRACED}`]);
      expect(matcher.hasApplied(TRACED)).toBe(true);
      expect(matcher.isUnused(onOrders, all, isKnown)).toBe(true);
    });

    test('a decision that accepted a finding is not unused', () => {
      const onBilling = decision('MyStack/Billing', [TRACED]);
      const { matcher } = runStage([tracedOrders()], { rules: [TRACING], decisions: [onBilling] });
      expect(matcher.acceptedBy(onBilling)).toHaveLength(1);
      expect(matcher.isUnused(onBilling, all, isKnown)).toBe(false);
    });

    test('a decision of a known rule that applied nowhere under it cannot be judged, and is not unused', () => {
      // GIVEN a decision on a construct without functions, and one of a rule that applied nowhere at all
      const onQueue = decision('MyStack/Queue', [TRACED]);
      const onRoleRule = decision('MyStack', [ROLE]);

      // WHEN the role rule does not run
      const { matcher } = runStage([tracedOrders()], { rules: [TRACING], decisions: [onQueue, onRoleRule] });

      // THEN
      expect(matcher.hasApplied(ROLE)).toBe(false);
      expect(matcher.isUnused(onQueue, all, isKnown)).toBe(false);
      expect(matcher.isUnused(onRoleRule, all, isKnown)).toBe(false);
    });

    test('a decision of an unknown rule (a typo) is unused', () => {
      const typo = decision('MyStack', ['SecureServerless-TestTracng']);
      const { matcher } = runStage([tracedOrders()], { rules: [TRACING], decisions: [typo] });
      expect(matcher.isUnused(typo, all, isKnown)).toBe(true);
    });

    test('a decision is judged only for the packs that ran', () => {
      const typo = decision('MyStack', ['AwsSolutions-Typo']);
      const { matcher } = runStage([tracedOrders()], { rules: [TRACING], decisions: [typo] });
      expect(matcher.isUnused(typo, (id) => id.startsWith('SecureServerless-'), isKnown)).toBe(false);
    });

    test('a granular id of a rule that applied under it, matching no finding, is unused', () => {
      const other = decision('MyStack', [`${SECRET}[OTHER_PASSWORD]`]);
      const { findings, matcher } = runStage([auditTarget(lambdaTemplate())], {
        rules: [NO_SECRET_VARIABLES],
        decisions: [other],
      });
      expect(findings.map((f) => f.ruleId)).toEqual([`${SECRET}[DB_PASSWORD]`]);
      expect(matcher.isUnused(other, all, isKnown)).toBe(true);
    });
  });

  describe('invalid input', () => {
    test.each<[string, unknown, string]>([
      ['a string', 'Resources: {}', 'expected an object'],
      ['null', null, 'expected an object'],
      ['an object without Resources', { AWSTemplateFormatVersion: '2010-09-09' }, 'it has no "Resources" object'],
      ['Resources that is an array', { Resources: [] }, 'it has no "Resources" object'],
      ['a resource without a Type', { Resources: { Fn: { Properties: {} } } }, 'resource "Fn" has no string "Type"'],
      [
        'a resource whose Type is not a string',
        { Resources: { Fn: { Type: 42 } } },
        'resource "Fn" has no string "Type"',
      ],
    ])('fails with InvalidTemplateError when the input is %s', (_, template, problem) => {
      // GIVEN
      const target = auditTarget(template, { stack: 'input.json' });
      const caught = (fn: () => unknown) => {
        try {
          fn();
        } catch (error) {
          return error;
        }
        return undefined;
      };

      // WHEN
      const errors = [
        caught(() => parseTemplate(template, 'input.json')),
        caught(() => templateFindings([target], { rules: TEST_RULES, matcher: new DecisionMatcher([]), cwd: CWD })),
        caught(() => decisionsInTemplates([target])),
      ];

      // THEN
      for (const error of errors) {
        expect(error).toBeInstanceOf(InvalidTemplateError);
        expect((error as InvalidTemplateError).problem).toBe(problem);
        expect((error as Error).message).toBe(`input.json is not a CloudFormation template: ${problem}`);
      }
    });

    test('accepts a template with an empty Resources object', () => {
      expect(parseTemplate({ Resources: {} }, 'empty')).toEqual([]);
      expect(runStage([auditTarget({ Resources: {} })]).findings).toEqual([]);
      expect(decisionsInTemplates([auditTarget({ Resources: {} })])).toEqual([]);
    });
  });
});
