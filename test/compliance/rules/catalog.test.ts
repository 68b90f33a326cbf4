import { resource } from './support';
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
});
