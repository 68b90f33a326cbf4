import { deriveNagRules, nagVersion } from '../../../projenrc/catalog/nag-rules';
import { controlOf, CONTROLS, nagRuleOf, requirementOf, rulesOfControl } from '../../../src/compliance/catalog';
import { NAG_REQUIREMENTS } from '../../../src/compliance/catalog/nag-requirements';
import { NAG_PACKS, NAG_RULES, NAG_VERSION } from '../../../src/compliance/catalog/nag-rules.generated';
import { ALL_RULES, PACK_NAME } from '../../../src/compliance/rules';

/** Wording that describes a failure rather than a requirement. */
const FAILURE_WORDING =
  /\b(is|are|does|do|has|have) not\b|\bnot (enabled|configured|encrypted)\b|\blacks?\b|\b(has|have) no\b|\bwithout\b|\bdisabled\b|\bmay require\b|\bnon-compliant\b/i;

/** cdk-nag's info text without the trailing framework control ids, which some packs append. */
const infoCore = (info: string) => info.replace(/\s*-\s*\(Control IDs?:.*\)\.?$/, '').replace(/\.$/, '');

describe('cdk-nag rule data', () => {
  test('is generated from the installed cdk-nag (rerun projenrc/catalog/nag-rules.ts when this fails)', () => {
    // GIVEN the packs as the installed cdk-nag applies them
    const derived = deriveNagRules();
    // THEN the generated module holds exactly those rules, in that order
    expect(NAG_VERSION).toBe(nagVersion());
    expect(NAG_RULES).toEqual(derived);
  });

  test('lists the five packs the gate runs, and every rule id once', () => {
    expect(NAG_PACKS).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless']);
    expect(new Set(NAG_RULES.map((r) => r.pack))).toEqual(new Set(NAG_PACKS));
    const ids = NAG_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('a pack uses each rule function once, so a control has at most one rule per pack', () => {
    const keys = NAG_RULES.map((r) => `${r.pack}/${r.control}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('requirements', () => {
  test('every control has a requirement, and every requirement a control', () => {
    expect(Object.keys(NAG_REQUIREMENTS).sort()).toEqual([...CONTROLS]);
  });

  test.each(Object.entries(NAG_REQUIREMENTS))('%s reads as a requirement', (_, requirement) => {
    expect(requirement).toMatch(/^[A-Z"].*\.$/);
    expect(requirement).not.toMatch(FAILURE_WORDING);
  });

  test.each(NAG_RULES.map((r) => [r.id, r] as const))("%s's requirement is not its info text", (_, rule) => {
    const requirement = NAG_REQUIREMENTS[rule.control].toLowerCase();
    const info = infoCore(rule.info).toLowerCase();
    expect(requirement).not.toEqual(info);
    expect(requirement).not.toContain(info);
  });

  test('the failure-wording check catches cdk-nag info texts', () => {
    // The check is only worth something if it rejects most of what cdk-nag writes.
    const caught = NAG_RULES.filter((r) => FAILURE_WORDING.test(r.info)).length;
    expect(caught / NAG_RULES.length).toBeGreaterThan(0.8);
  });
});

describe('lookups', () => {
  test('nagRuleOf returns a pack rule with its control and requirement, ignoring a finding suffix', () => {
    expect(nagRuleOf('HIPAA.Security-LambdaInsideVPC')).toEqual({
      id: 'HIPAA.Security-LambdaInsideVPC',
      control: 'LambdaInsideVPC',
      pack: 'HIPAA.Security',
      info: expect.stringContaining('The Lambda function is not VPC enabled'),
      requirement: 'The Lambda function runs in a VPC.',
    });
    expect(nagRuleOf('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/foo]')?.control).toBe(
      'IAMNoManagedPolicies',
    );
  });

  test('nagRuleOf knows none of our rules, nor unknown ids', () => {
    expect(nagRuleOf(`${PACK_NAME}-LambdaInsideVpc`)).toBeUndefined();
    expect(nagRuleOf('AwsSolutions-NOPE1')).toBeUndefined();
    expect(nagRuleOf('constructor')).toBeUndefined();
  });

  test('controlOf maps pack rules and our rules to the same control', () => {
    expect(controlOf('AwsSolutions-L1')).toBe('LambdaLatestVersion');
    expect(controlOf('Serverless-LambdaLatestVersion')).toBe('LambdaLatestVersion');
    expect(controlOf(`${PACK_NAME}-LambdaInsideVpc`)).toBe('LambdaInsideVPC');
    expect(controlOf(`${PACK_NAME}-LambdaPlaintextSecret[DB_PASSWORD]`)).toBeUndefined();
    expect(controlOf('nothing')).toBeUndefined();
  });

  test('rulesOfControl lists every pack and our equivalent rules', () => {
    expect(rulesOfControl('LambdaInsideVPC')).toEqual([
      'HIPAA.Security-LambdaInsideVPC',
      'NIST.800.53.R5-LambdaInsideVPC',
      'PCI.DSS.321-LambdaInsideVPC',
      `${PACK_NAME}-LambdaInsideVpc`,
    ]);
    expect(rulesOfControl('NoSuchControl')).toEqual([]);
  });

  test('S3 bucket replication is one control of HIPAA, NIST and PCI (AwsSolutions has no such rule)', () => {
    expect(rulesOfControl('S3BucketReplicationEnabled')).toEqual([
      'HIPAA.Security-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'PCI.DSS.321-S3BucketReplicationEnabled',
    ]);
    expect(NAG_RULES.filter((r) => r.pack === 'AwsSolutions' && /Replication/.test(r.control))).toEqual([]);
  });

  test('inline policies are one control of HIPAA, NIST and PCI (AwsSolutions has no such rule)', () => {
    expect(rulesOfControl('IAMNoInlinePolicy')).toEqual([
      'HIPAA.Security-IAMNoInlinePolicy',
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'PCI.DSS.321-IAMNoInlinePolicy',
    ]);
    expect(NAG_RULES.filter((r) => r.pack === 'AwsSolutions' && /Inline/.test(r.control))).toEqual([]);
  });

  test('requirementOf gives the control requirement of a pack rule and the title of ours', () => {
    expect(requirementOf('PCI.DSS.321-S3BucketReplicationEnabled[x]')).toBe(
      NAG_REQUIREMENTS.S3BucketReplicationEnabled,
    );
    const ours = ALL_RULES.find((r) => r.name === 'LambdaTracing')!;
    expect(requirementOf(`${PACK_NAME}-LambdaTracing`)).toBe(ours.title);
    expect(requirementOf('unknown')).toBeUndefined();
  });

  test('every rule id of every control maps back to it', () => {
    for (const control of CONTROLS) {
      const ids = rulesOfControl(control);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        expect(controlOf(id)).toBe(control);
      }
    }
  });
});
