import { resource } from './support';
import { CONTROLS, rulesOfControl } from '../../../src/compliance/catalog';
import { ALL_RULES, PACK_NAME } from '../../../src/compliance/rules';
import { CONTROL_RULES } from '../../../src/core/controls';

const OWASP_SERVERLESS_TOP_10 = /^SAS-([1-9]|10)$/;

describe('rule catalog', () => {
  test('names are unique and sorted', () => {
    const names = ALL_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort());
  });

  test("every SecureServerless rule our constructs' opt-outs acknowledge exists", () => {
    const referenced = Object.values(CONTROL_RULES)
      .flat()
      .filter((id) => id.startsWith(`${PACK_NAME}-`))
      .map((id) => id.slice(PACK_NAME.length + 1));
    expect(referenced.length).toBeGreaterThan(0);
    const names = ALL_RULES.map((r) => r.name);
    for (const name of referenced) {
      expect(names).toContain(name);
    }
  });

  test.each(ALL_RULES.map((r) => [r.name, r] as const))('%s has a title, an explanation and OWASP ids', (_, rule) => {
    expect(rule.title.length).toBeGreaterThan(0);
    expect(rule.explanation.length).toBeGreaterThanOrEqual(60);
    expect(rule.frameworks.owasp.length).toBeGreaterThan(0);
    for (const id of rule.frameworks.owasp) {
      expect(id).toMatch(OWASP_SERVERLESS_TOP_10);
    }
  });

  test.each(ALL_RULES.map((r) => [r.name, r] as const))('%s is not applicable to an unrelated resource', (_, rule) => {
    const unrelated = resource('Unrelated', 'AWS::CloudFormation::WaitConditionHandle');
    expect(rule.check(unrelated, { resources: new Map([[unrelated.logicalId, unrelated]]) })).toBe('not-applicable');
  });

  test.each(ALL_RULES.map((r) => [r.name, r] as const))('%s has a problem and a fix', (_, rule) => {
    expect(rule.problem.trim().length).toBeGreaterThan(20);
    expect(rule.fix.trim().length).toBeGreaterThan(40);
    // The gate appends `: <finding>` to the problem, so it ends without punctuation.
    expect(rule.problem).not.toMatch(/[.:;]$/);
    expect(rule.fix).toMatch(/\.$/);
  });

  test.each(ALL_RULES.filter((r) => r.control !== undefined).map((r) => [r.name, r.control!] as const))(
    "%s's control %s is a control of the cdk-nag catalog, and lists the rule",
    (name, control) => {
      expect(CONTROLS).toContain(control);
      expect(rulesOfControl(control)).toContain(`${PACK_NAME}-${name}`);
    },
  );
});
