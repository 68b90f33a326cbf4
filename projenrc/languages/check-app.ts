/**
 * What every language's example app must show once it has run: the gate passed with zero findings, its three
 * reports are in the cloud assembly, and the stack it synthesized is the TypeScript example's, resource for
 * resource (same logical ids, types, properties and dependencies), so each language's app really does what
 * `examples/app.ts` does and deploys the same template.
 */
import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { OrdersServiceStack } from '../../examples/app';

const STACK = 'OrdersService';

interface Resource {
  readonly Type: string;
  readonly Properties?: unknown;
  readonly DependsOn?: unknown;
}

interface Template {
  readonly Resources: Record<string, Resource>;
}

function resourcesOf(template: Template): Map<string, string> {
  return new Map(Object.entries(template.Resources).map(([id, resource]) => [id, resource.Type]));
}

/** The first path (`Properties.Description`) at which `a` and `b` differ, or undefined when they are equal. */
function firstDifference(a: unknown, b: unknown, at: string): string | undefined {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return a === b ? undefined : at;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    return at;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of [...keys].sort()) {
    const difference = firstDifference((a as any)[key], (b as any)[key], `${at}.${key}`);
    if (difference !== undefined) {
      return difference;
    }
  }
  return undefined;
}

/** The TypeScript example's template, synthesized here (without the gate: only its resources are compared). */
function typeScriptTemplate(): Template {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'ts-example-')) });
  const stack = new OrdersServiceStack(app, STACK, { env: { account: '123456789012', region: 'eu-west-1' } });
  return app.synth().getStackArtifact(stack.artifactId).template as Template;
}

/**
 * Fails (throws) unless the app of `language` that wrote `outdir` passed the gate with zero findings and
 * synthesized the same resources as the TypeScript example. Returns a one-line summary.
 */
export function checkLanguageApp(language: string, outdir: string): string {
  const problems: string[] = [];
  for (const file of ['compliance-report.json', 'compliance-report.md', 'compliance-report.sarif']) {
    if (!existsSync(join(outdir, file))) {
      problems.push(`the gate wrote no ${file}`);
    }
  }
  const templateFile = join(outdir, `${STACK}.template.json`);
  if (!existsSync(templateFile)) {
    problems.push(`no ${STACK}.template.json in ${outdir}`);
  }
  if (problems.length > 0) {
    throw new Error(`${language} app: ${problems.join('; ')}`);
  }

  const report = JSON.parse(readFileSync(join(outdir, 'compliance-report.json'), 'utf8'));
  if (report.success !== true || report.findings.length !== 0) {
    const listed = (report.findings as Array<{ ruleId: string; location: { constructPath?: string } }>)
      .map((f) => `${f.ruleId} at ${f.location.constructPath ?? '?'}`)
      .join(', ');
    problems.push(`the gate did not pass with zero findings: ${report.findings.length} finding(s): ${listed}`);
  }

  // The Node process of another language's app runs only the jsii runtime's JavaScript: a source location there
  // (`.../lib/program.js`) would send a reviewer to a file that is not theirs.
  const located = [...report.findings, ...report.decisions] as Array<{ location: { sourceFile?: string } }>;
  const foreign = located.filter((entry) => entry.location.sourceFile !== undefined);
  if (foreign.length > 0) {
    problems.push(
      `${foreign.length} finding(s) or decision(s) lead to a JavaScript source file, e.g. ${foreign[0].location.sourceFile}`,
    );
  }

  const ourTemplate = JSON.parse(readFileSync(templateFile, 'utf8')) as Template;
  const typeScript = typeScriptTemplate();
  const ours = resourcesOf(ourTemplate);
  const expected = resourcesOf(typeScript);
  const missing = [...expected].filter(([id, type]) => ours.get(id) !== type).map(([id, type]) => `${id} (${type})`);
  const extra = [...ours].filter(([id]) => !expected.has(id)).map(([id, type]) => `${id} (${type})`);
  if (missing.length > 0) {
    problems.push(`resources of the TypeScript example missing or of another type: ${missing.join(', ')}`);
  }
  if (extra.length > 0) {
    problems.push(`resources the TypeScript example does not have: ${extra.join(', ')}`);
  }
  // Metadata (construct paths, creation sites) may differ; what CloudFormation deploys may not.
  const differing = [...expected.keys()]
    .filter((id) => ours.get(id) === expected.get(id))
    .map((id) => {
      const [mine, theirs] = [ourTemplate.Resources[id], typeScript.Resources[id]];
      const at =
        firstDifference(mine.Properties, theirs.Properties, 'Properties') ??
        firstDifference(mine.DependsOn, theirs.DependsOn, 'DependsOn');
      return at === undefined ? undefined : `${id} ${at}`;
    })
    .filter((d): d is string => d !== undefined);
  if (differing.length > 0) {
    problems.push(
      `${differing.length} resource(s) differ from the TypeScript example's: ${differing.slice(0, 10).join(', ')}`,
    );
  }
  if (problems.length > 0) {
    throw new Error(`${language} app: ${problems.join('; ')}`);
  }
  return `${language} app: gate passed with 0 findings and ${report.decisions.length} decision(s); ${ours.size} resources, the same as the TypeScript example's, property for property`;
}
