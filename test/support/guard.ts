/**
 * Runs the Guard twins of our rules with the cfn-guard binary that @cdklabs/cdk-validator-cfnguard ships, and
 * the TypeScript rules on the same templates, so that tests can compare their verdicts resource by resource.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { arch, platform } from 'os';
import { basename, dirname, join } from 'path';
import { PACK_NAME, RuleDefinition, TemplateResource } from '../../src/compliance/rules/rule';
import { parseTemplate, runRule } from '../../src/compliance/template-engine';
import { guardRuleName, guardRulesText, isGuardRule, rulesWithGuardTwin } from '../../src/guard/rules-file';

/** The cfn-guard binary for this machine. */
export const CFN_GUARD = join(
  dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')),
  'bin',
  platform() === 'darwin' ? 'macos' : 'ubuntu',
  arch() === 'arm64' ? 'aarch64' : 'x86_64',
  'cfn-guard',
);

/** Per rule name (`SecureServerless_<name>`): the logical ids of the resources that fail it. */
export type Verdicts = Map<string, Set<string>>;

/**
 * The TypeScript verdicts of the rules with a Guard twin on one template, by Guard rule name, as a hook's resource
 * input would see them (no decision: `parity` takes what `Metadata.guard.SuppressedRules` accepts off these).
 */
export function typeScriptVerdicts(template: unknown, rules: readonly RuleDefinition[]): Verdicts {
  const parsed = parseTemplate(template, 'template').map((p) => p.resource);
  const context = { resources: new Map<string, TemplateResource>(parsed.map((r) => [r.logicalId, r])) };
  const verdicts: Verdicts = new Map();
  for (const rule of rulesWithGuardTwin(rules)) {
    const failing = new Set<string>();
    for (const resource of parsed) {
      const hits = runRule(rule, resource, context);
      if (hits && hits.length > 0) {
        failing.add(resource.logicalId);
      }
    }
    verdicts.set(guardRuleName(rule), failing);
  }
  return verdicts;
}

/**
 * The template as a Guard hook's resource input shows its resources (`ResourceType`, `ResourceProperties`),
 * all of them in one document: each twin of `resource` scope looks at one resource at a time, so its verdicts
 * are those of one input per resource.
 */
export function hookResourceInput(template: { Resources: Record<string, any> }): unknown {
  return {
    HookContext: { TargetType: 'RESOURCE', InvocationPoint: 'CREATE_PRE_PROVISION' },
    Resources: Object.fromEntries(
      Object.entries(template.Resources).map(([id, r]) => [
        id,
        { ResourceType: r.Type, ...(r.Properties ? { ResourceProperties: r.Properties } : {}) },
      ]),
    ),
  };
}

/**
 * Runs the Guard twins of `rules` on every data file of `dataDir` in one cfn-guard run; returns, per file name,
 * the failing resources of each rule (rules that passed or were skipped have an empty set).
 */
export function guardVerdicts(
  rules: readonly RuleDefinition[],
  dataDir: string,
  workDir: string,
): Map<string, Verdicts> {
  const rulesFile = join(workDir, 'rules.guard');
  writeFileSync(rulesFile, guardRulesText(rules));
  let output: string;
  try {
    output = execFileSync(CFN_GUARD, ['validate', '-r', rulesFile, '-d', dataDir, '-o', 'json', '-z', '-S', 'none'], {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
    });
  } catch (error) {
    const { status, stdout, stderr } = error as { status: number; stdout: string; stderr: string };
    if (status !== 19) {
      // 19: some rule failed; anything else is a broken rules file or input
      throw new Error(`cfn-guard failed (${status}): ${stderr}${stdout.slice(0, 2000)}`);
    }
    output = stdout;
  }
  const names = rulesWithGuardTwin(rules).map(guardRuleName);
  const result = new Map<string, Verdicts>();
  for (const file of JSON.parse(output) as GuardFileResult[]) {
    const verdicts: Verdicts = new Map(names.map((n) => [n, new Set<string>()]));
    for (const entry of file.not_compliant ?? []) {
      const rule = entry.Rule;
      if (rule && verdicts.has(rule.name)) {
        collectResourceIds(rule, verdicts.get(rule.name)!);
      }
    }
    result.set(basename(file.name), verdicts);
  }
  return result;
}

interface GuardFileResult {
  readonly name: string;
  readonly not_compliant?: { Rule?: { name: string } }[];
}

/** Every `/Resources/<id>` that a failing rule's checks point at. */
function collectResourceIds(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    node.forEach((n) => collectResourceIds(n, into));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const match = key === 'path' && typeof value === 'string' ? /^\/Resources\/([^/[]+)/.exec(value) : null;
      if (match) {
        into.add(match[1]);
      } else {
        collectResourceIds(value, into);
      }
    }
  }
}

/** One rule's verdicts on a corpus, TypeScript against Guard. */
export interface ParityRow {
  readonly rule: string;
  /** Templates in which the TypeScript rule failed some resource. */
  readonly failingTemplates: number;
  /** Resources failing the TypeScript rule, over the corpus. */
  readonly failingResources: number;
  /** Of those, the resources a decision accepts (`Metadata.guard.SuppressedRules`), which Guard skips too. */
  readonly acceptedResources: number;
  /** Where the verdicts differ: `<input>: <resource> (TypeScript fails|Guard fails)`. */
  readonly mismatches: string[];
}

/**
 * Compares the Guard twins of `rules` with the TypeScript rules on each template of `templates` (name → JSON),
 * as templates and, for twins of `resource` scope, as a hook's resource input; twins of `template` scope must
 * fail nothing on resource input.
 *
 * cfn-guard takes about 20 ms per rule for each 160-resource template, and the mutation corpus repeats the same
 * resources in every template, so twins of `resource` scope, whose verdict depends on the resource alone, run once
 * on each distinct resource: on one template and one hook input that hold them all. Twins of `template` scope run
 * on every template.
 */
export function parity(rules: readonly RuleDefinition[], templates: Map<string, any>, workDir: string): ParityRow[] {
  const twins = rulesWithGuardTwin(rules);
  const scopeOf = (rule: RuleDefinition) => (isGuardRule(rule.guard) ? rule.guard.scope : 'template');
  // Each distinct resource once, under an id of its own, and where it stands in every template.
  const distinct = new Map<string, string>();
  const merged: Record<string, unknown> = {};
  const idIn = new Map<string, Map<string, string>>();
  for (const [name, template] of templates) {
    const ids = new Map<string, string>();
    for (const [logicalId, resource] of Object.entries<unknown>(template.Resources ?? {})) {
      const body = JSON.stringify(resource);
      let id = distinct.get(body);
      if (id === undefined) {
        id = `Distinct${distinct.size}`;
        distinct.set(body, id);
        merged[id] = resource;
      }
      ids.set(logicalId, id);
    }
    idIn.set(name, ids);
  }
  const resourceDir = join(workDir, 'distinct');
  mkdirSync(resourceDir, { recursive: true });
  writeFileSync(join(resourceDir, 'distinct.template.json'), JSON.stringify({ Resources: merged }));
  writeFileSync(join(resourceDir, 'distinct.hook.json'), JSON.stringify(hookResourceInput({ Resources: merged })));
  const templateDir = join(workDir, 'templates');
  mkdirSync(templateDir, { recursive: true });
  for (const [name, template] of templates) {
    writeFileSync(join(templateDir, `${name}.template.json`), JSON.stringify(template));
  }
  const ofResources = guardVerdicts(
    twins.filter((r) => scopeOf(r) === 'resource'),
    resourceDir,
    workDir,
  );
  const templateTwins = twins.filter((r) => scopeOf(r) === 'template');
  const ofTemplates = templateTwins.length > 0 ? guardVerdicts(templateTwins, templateDir, workDir) : new Map();
  const onHookInput = templateTwins.length > 0 ? guardVerdicts(templateTwins, resourceDir, workDir) : new Map();

  // The TypeScript verdicts: every twinned rule on every template, once, and what each template's decisions accept.
  const rawIn = new Map([...templates].map(([n, t]) => [n, typeScriptVerdicts(t, twins)]));
  const suppressedIn = new Map([...templates].map(([n, t]) => [n, suppressionsOf(t)]));

  return twins.map((rule) => {
    const name = guardRuleName(rule);
    const resourceScope = scopeOf(rule) === 'resource';
    const mismatches: string[] = [];
    let failingTemplates = 0;
    let failingResources = 0;
    let acceptedResources = 0;
    for (const templateName of templates.keys()) {
      const raw = rawIn.get(templateName)!.get(name)!;
      const suppressed = suppressedIn.get(templateName)!;
      const expected = new Set([...raw].filter((id) => !suppressed.get(id)?.includes(name)));
      failingTemplates += raw.size > 0 ? 1 : 0;
      failingResources += raw.size;
      acceptedResources += raw.size - expected.size;
      const ids = idIn.get(templateName)!;
      const failingAmong = (verdicts: Map<string, Verdicts>, file: string) => {
        const failing = verdicts.get(file)?.get(name) ?? new Set<string>();
        return new Set([...ids].filter(([, id]) => failing.has(id)).map(([logicalId]) => logicalId));
      };
      const inputs: [string, Set<string>, Set<string>][] = resourceScope
        ? [
            [`${templateName} as a template`, expected, failingAmong(ofResources, 'distinct.template.json')],
            [`${templateName} as hook input`, raw, failingAmong(ofResources, 'distinct.hook.json')],
          ]
        : [
            [
              `${templateName} as a template`,
              expected,
              ofTemplates.get(`${templateName}.template.json`)?.get(name) ?? new Set(),
            ],
            [`${templateName} as hook input`, new Set(), failingAmong(onHookInput, 'distinct.hook.json')],
          ];
      for (const [input, want, got] of inputs) {
        for (const id of want) {
          if (!got.has(id)) mismatches.push(`${input}: ${id} (TypeScript fails, Guard passes)`);
        }
        for (const id of got) {
          if (!want.has(id)) mismatches.push(`${input}: ${id} (Guard fails, TypeScript passes)`);
        }
      }
    }
    return { rule: `${PACK_NAME}-${rule.name}`, failingTemplates, failingResources, acceptedResources, mismatches };
  });
}

/** Per logical id, the rule names a resource's `Metadata.guard.SuppressedRules` holds. */
function suppressionsOf(template: { Resources?: Record<string, any> }): Map<string, string[]> {
  return new Map(
    Object.entries(template.Resources ?? {}).flatMap(([id, r]) => {
      const names: unknown = r?.Metadata?.guard?.SuppressedRules;
      return Array.isArray(names) ? [[id, names.filter((n): n is string => typeof n === 'string')] as const] : [];
    }),
  );
}

/** The JSON templates of a directory, by file name without `.json`. */
export function templatesIn(dir: string): Map<string, any> {
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
  );
}
