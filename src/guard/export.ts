import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { GUARD_RULES_FILE, guardRulesText, rulesWithGuardTwin } from './rules-file';
import { RuleDefinition } from '../compliance/rules/rule';

/**
 * What `writeGuardRules` wrote.
 * @internal
 */
export interface GuardRulesWritten {
  /** The rules file. */
  readonly file: string;
  /** Rules with a Guard twin in it. */
  readonly twins: number;
  /** Rules without one (listed in its header with the reason). */
  readonly without: number;
}

/**
 * Writes the Guard rules file of `rules` into `directory` (created when missing).
 * @internal
 */
export function writeGuardRules(directory: string, rules: readonly RuleDefinition[]): GuardRulesWritten {
  mkdirSync(directory, { recursive: true });
  const file = join(directory, GUARD_RULES_FILE);
  writeFileSync(file, guardRulesText(rules));
  const twins = rulesWithGuardTwin(rules).length;
  return { file, twins, without: rules.length - twins };
}
