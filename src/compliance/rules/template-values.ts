/**
 * Reading values of a resolved CloudFormation template, where intrinsic functions (`Ref`, `Fn::GetAtt`,
 * `Fn::Join`, `Fn::If`, ...) remain objects. A rule can only prove what the template states literally: a value
 * that depends on a parameter or a condition never satisfies a "must be true" check, but does count as "set".
 */
import type { TemplateContext, TemplateResource } from './rule';

/** The value as a list: nothing for `undefined`, the value itself when it is already a list. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/** The value as a list of literal strings, intrinsic functions left out. */
export function literalStrings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/** True for a literal `true`, or the string `'true'` that YAML and JSON templates sometimes hold. */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** True when the property is set to anything but nothing or an empty string (an intrinsic function counts). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** The literal number a value holds (`5` or `'5'`), or `undefined` when it is not one. */
export function literalNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string' && value.trim() !== '' && !isNaN(Number(value))) {
    return Number(value);
  }
  return undefined;
}

/** True when the value is a plain object (a property map, or an intrinsic function). */
export function isObject(value: unknown): value is { readonly [key: string]: any } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The logical id a value points to: `{ Ref: 'X' }`, `{ 'Fn::GetAtt': ['X', 'Arn'] }` or
 * `{ 'Fn::GetAtt': 'X.Arn' }` all give `X`. Anything else gives `undefined`.
 */
export function referencedLogicalId(value: unknown): string | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  if (typeof value.Ref === 'string') {
    return value.Ref;
  }
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
    return getAtt[0];
  }
  if (typeof getAtt === 'string') {
    return getAtt.split('.')[0];
  }
  return undefined;
}

/**
 * The value as text, as far as the template states it: literals as they are, the literal parts of `Fn::Join`
 * and `Fn::Sub` as they are, and every other intrinsic function as a CloudFormation dynamic-reference marker
 * (`{{resolve:Ref:X}}`). `detectSecret` treats such markers as references and only looks at the text around
 * them, so credentials written literally next to a `Ref` are still seen.
 */
export function templateText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (isObject(value)) {
    const join = value['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return join[1].map(templateText).join(join[0]);
    }
    const sub = value['Fn::Sub'];
    const body = Array.isArray(sub) ? sub[0] : sub;
    if (typeof body === 'string') {
      // `${Name}` is a reference; `${!Literal}` is the literal text `${Literal}`.
      return body.replace(/\$\{([^}]*)\}/g, (_, name: string) =>
        name.startsWith('!') ? `\${${name.slice(1)}}` : referenceMarker(`Sub:${name}`),
      );
    }
    const id = referencedLogicalId(value);
    return referenceMarker(id ?? Object.keys(value)[0] ?? 'unknown');
  }
  return referenceMarker('unknown');
}

/** A dynamic-reference marker naming what the value depends on. */
function referenceMarker(what: string): string {
  return `{{resolve:${what.replace(/[{}]/g, '')}}}`;
}

/** True for the AWS-managed key of a service, `alias/aws/<service>`, alone or in an alias ARN. */
export function isAwsManagedKeyAlias(key: string, service: string): boolean {
  return key === `alias/aws/${service}` || key.endsWith(`:alias/aws/${service}`);
}

/**
 * True when two values are the same literal or the same intrinsic function, as the template states them
 * (`{ 'Fn::GetAtt': 'X.Arn' }` and `{ 'Fn::GetAtt': ['X', 'Arn'] }` are the same).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  return a !== undefined && JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (!isObject(value)) {
    return value;
  }
  const getAtt = value['Fn::GetAtt'];
  if (typeof getAtt === 'string' && Object.keys(value).length === 1) {
    const dot = getAtt.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [getAtt] : [getAtt.slice(0, dot), getAtt.slice(dot + 1)] };
  }
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical(value[key])]),
  );
}

/** Each template's resources by type, indexed on first use: rules that look for related resources ask per resource. */
const BY_TYPE = new WeakMap<TemplateContext['resources'], Map<string, TemplateResource[]>>();

/** The resources of `type` in `template`. */
export function resourcesOfType(template: TemplateContext, type: string): readonly TemplateResource[] {
  let index = BY_TYPE.get(template.resources);
  if (!index) {
    index = new Map();
    for (const resource of template.resources.values()) {
      const list = index.get(resource.type);
      if (list) {
        list.push(resource);
      } else {
        index.set(resource.type, [resource]);
      }
    }
    BY_TYPE.set(template.resources, index);
  }
  return index.get(type) ?? [];
}
