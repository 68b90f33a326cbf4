import { GuardRule, GuardTwin, PACK_NAME, RuleDefinition } from '../compliance/rules/rule';

/** The name of the Guard rules file that `export-guard-rules` writes and `GuardHook` publishes. */
export const GUARD_RULES_FILE = 'secure-serverless.guard';

/**
 * The name of a rule's Guard twin: `SecureServerless_<name>` (Guard rule names cannot hold `-`).
 * @internal
 */
export const guardRuleName = (rule: RuleDefinition): string => `${PACK_NAME}_${rule.name}`;

/** @internal */
export const isGuardRule = (twin: GuardTwin): twin is GuardRule => 'clauses' in twin;

/**
 * The rules of `rules` that have a Guard twin.
 * @internal
 */
export function rulesWithGuardTwin(rules: readonly RuleDefinition[]): RuleDefinition[] {
  return rules.filter((rule) => isGuardRule(rule.guard));
}

/**
 * The resource types the Guard twins of `rules` check with the resource alone, sorted: what a Guard hook's
 * resource target filters name.
 * @internal
 */
export function guardResourceTypes(rules: readonly RuleDefinition[]): string[] {
  const types = rules.flatMap((rule) =>
    isGuardRule(rule.guard) && rule.guard.scope === 'resource' ? rule.guard.resourceTypes : [],
  );
  return [...new Set(types)].sort();
}

/**
 * The Guard rules file of `rules`: one named rule per twin, each running on CloudFormation templates
 * (`cfn-guard validate`), on a Guard hook's stack input (the template) and, for twins of `resource` scope, on
 * its resource input (`Resources.<id>.ResourceType` / `ResourceProperties`). Rules without a twin are listed in
 * the header with the reason.
 * @internal
 */
export function guardRulesText(rules: readonly RuleDefinition[]): string {
  const without = rules.filter((rule) => !isGuardRule(rule.guard));
  const header = [
    `# The ${PACK_NAME} rules of cdk-secure-serverless in CloudFormation Guard, generated from its rule catalog.`,
    '# Do not edit: run `npx cdk-secure-serverless export-guard-rules --output <dir>`.',
    '#',
    '# On a template:  cfn-guard validate --rules secure-serverless.guard --data template.json',
    '# As the rules of an AWS::CloudFormation::GuardHook (the GuardHook construct publishes this file), on the',
    '# stack input (the template) and on the resource input (Resources.<id>.ResourceType / ResourceProperties).',
    '# A resource whose Metadata.guard.SuppressedRules names a rule is not checked by it: ComplianceGate writes',
    "# there the decisions (opt-outs, acknowledgments, the library's exceptions) that accept SecureServerless",
    "# findings, so a stack the gate passed passes here. A hook's resource input has no Metadata: only its stack",
    "# input (the template) carries the decisions. Deletions (a hook's DELETE_PRE_PROVISION) are never blocked.",
    ...(without.length > 0
      ? [
          '#',
          '# Rules without a Guard twin, checked at synth time (ComplianceGate) and by `cdk-secure-serverless audit`:',
          ...without.map(
            (rule) => `#   ${PACK_NAME}-${rule.name}: ${(rule.guard as { unsupported: string }).unsupported}`,
          ),
        ]
      : []),
  ];
  const twins = rules.flatMap((rule) => (isGuardRule(rule.guard) ? [guardRuleText(rule, rule.guard)] : []));
  return `${[header.join('\n'), ...twins].join('\n\n')}\n`;
}

function guardRuleText(rule: RuleDefinition, twin: GuardRule): string {
  const name = guardRuleName(rule);
  const resources = `${name.toLowerCase()}_resources`;
  const types = `[${twin.resourceTypes.map((t) => `'${t}'`).join(', ')}]`;
  const selection = [
    twin.scope === 'resource' ? `Type in ${types} or ResourceType in ${types}` : `Type in ${types}`,
    `Metadata.guard.SuppressedRules not exists or Metadata.guard.SuppressedRules[*] != '${name}'`,
  ];
  const clauses = indented(twin.clauses.replace(/<<MESSAGE>>/g, `<<${guardMessage(rule)}>>`), 8);
  return [
    `# ${PACK_NAME}-${rule.name} (${rule.severity}): ${rule.title}`,
    `let ${resources} = Resources.*[`,
    ...selection.map((line) => `    ${line}`),
    ']',
    ...(twin.preamble ? indented(twin.preamble, 0) : []),
    `rule ${name} when %${resources} !empty`,
    "    HookContext not exists or HookContext.InvocationPoint != 'DELETE_PRE_PROVISION' {",
    `    %${resources} {`,
    '        let properties = this[ keys == /^(Resource)?Properties$/ ]',
    ...clauses,
    '    }',
    '}',
  ].join('\n');
}

/** `text` without its blank first and last lines and common indentation, indented by `spaces`. */
function indented(text: string, spaces: number): string[] {
  const lines = text
    .replace(/^\s*\n/, '')
    .trimEnd()
    .split('\n');
  const common = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((line) => (line.trim() === '' ? '' : `${' '.repeat(spaces)}${line.slice(common)}`));
}

/** A custom message: the rule id, what is wrong and the fix, without Guard's `>>` delimiter. */
function guardMessage(rule: RuleDefinition): string {
  return `${PACK_NAME}-${rule.name}: ${rule.problem}. Fix: ${rule.fix}`.replace(/>>/g, '> >').replace(/\s+/g, ' ');
}
