import { readFileSync } from 'fs';
import { extname, relative, sep } from 'path';
import { parseCloudFormationYaml } from './cfn-yaml';

/**
 * A template or cloud assembly that cannot be read: a missing path, an unreadable file, invalid JSON or YAML,
 * something that is not a template. The audit CLI reports it as a usage error.
 * @internal
 */
export class TemplateLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateLoadError';
    Object.setPrototypeOf(this, TemplateLoadError.prototype);
  }
}

/**
 * The text of `file`.
 * @throws TemplateLoadError when it cannot be read
 * @internal
 */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new TemplateLoadError(
      `${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/**
 * A template's text parsed by its extension: `.json`, `.yaml`/`.yml`, else JSON if it parses and YAML otherwise.
 * @throws TemplateLoadError when it is neither
 * @internal
 */
export function parseTemplateText(file: string, text: string): unknown {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    return parseJson(file, text);
  }
  if (ext === '.yaml' || ext === '.yml') {
    return parseYaml(file, text);
  }
  try {
    return JSON.parse(text);
  } catch {
    return parseYaml(file, text);
  }
}

/**
 * `text` parsed as JSON.
 * @throws TemplateLoadError when it is not JSON
 * @internal
 */
export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TemplateLoadError(`${file}: invalid JSON: ${(error as Error).message}`);
  }
}

function parseYaml(file: string, text: string): unknown {
  try {
    return parseCloudFormationYaml(text);
  } catch (error) {
    throw new TemplateLoadError(`${file}: invalid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * The line of each resource's key in the `Resources` section, found by text (JSON as CDK writes it, or
 * block-style YAML), so SARIF viewers can point at it. Resources the scan does not find have no line.
 * @internal
 */
export function resourceLines(text: string): Map<string, number> {
  const lines = text.split(/\r?\n/);
  const result = new Map<string, number>();
  const start = lines.findIndex((l) => /^\s*"?Resources"?\s*:/.test(l));
  if (start === -1) {
    return result;
  }
  const indent = (l: string) => l.length - l.trimStart().length;
  let childIndent: number | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.trim().startsWith('#')) {
      continue;
    }
    if (indent(line) <= indent(lines[start]) && !/^\s*[}\]]/.test(line)) {
      break;
    }
    childIndent ??= indent(line);
    const key = /^\s*"?([A-Za-z0-9]+)"?\s*:/.exec(line);
    if (key && indent(line) === childIndent && !result.has(key[1])) {
      result.set(key[1], i + 1);
    }
  }
  return result;
}

/**
 * `file` relative to `cwd`, with `/` separators, as reports show paths.
 * @internal
 */
export function relativePath(cwd: string, file: string): string {
  return relative(cwd, file).split(sep).join('/');
}
