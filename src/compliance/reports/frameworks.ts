import type { FrameworkMapping } from '../rules/rule';

/**
 * The frameworks the reports group by, in the order they are listed.
 * @internal
 */
export const FRAMEWORKS: ReadonlyArray<{ readonly key: keyof FrameworkMapping; readonly title: string }> = [
  { key: 'owasp', title: 'OWASP Serverless Top 10' },
  { key: 'hipaa', title: 'HIPAA Security Rule' },
  { key: 'pci', title: 'PCI DSS 3.2.1' },
  { key: 'nist', title: 'NIST 800-53 rev 5' },
  { key: 'gdpr', title: 'GDPR' },
];

/** The cdk-nag packs whose rules carry control ids of one framework in their text. */
const PACK_FRAMEWORK: Record<string, keyof FrameworkMapping> = {
  'HIPAA.Security': 'hipaa',
  'NIST.800.53.R5': 'nist',
  'PCI.DSS.321': 'pci',
};

/**
 * The framework controls of a cdk-nag rule: the HIPAA, NIST and PCI packs name their control ids in the rule's
 * text (`... - (Control IDs: 164.312(b), ...)`); the other packs map to none.
 * @internal
 */
export function nagFrameworks(pack: string, ruleId: string, info: string): FrameworkMapping {
  const framework = PACK_FRAMEWORK[pack];
  if (!framework) {
    return { owasp: [] };
  }
  const controls = controlIdsOf(info);
  return { owasp: [], [framework]: controls.length > 0 ? controls : [ruleId] };
}

/** `... - (Control IDs: 164.312(a)(2)(iv), 164.312(e)(1)).` → the ids. */
function controlIdsOf(text: string): string[] {
  const match = /\(Control IDs?: ((?:[^()]|\([^()]*\))*)\)/.exec(text);
  return match
    ? match[1]
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id.length > 0)
    : [];
}

/**
 * `The ... enabled - (Control IDs: 164.312(b)).` → `The ... enabled`.
 * @internal
 */
export function withoutControlIds(text: string): string {
  return text.replace(/\s*-\s*\(Control IDs?:.*$/s, '').replace(/\.\s*$/, '');
}
