import { IConstruct } from 'constructs';
import { SecureConfigError, SecureErrorCode } from './errors';
import { propRef } from './prop-names';

/**
 * What a construct's `grant(grantee, ...actions)` accepts: exact actions of one service, on that construct's
 * resources only.
 * @internal
 */
export interface GrantActionRules {
  /** The service's name in messages (`SQS`, `DynamoDB`). */
  readonly service: string;
  /** The IAM prefix of its actions (`sqs`, `dynamodb`). */
  readonly prefix: string;
  /** An action to give as an example (`sqs:SendMessage`). */
  readonly example: string;
  /** The construct's narrower grant methods, the first one the usual choice (`grantSendMessages`). */
  readonly grantMethods: readonly string[];
  /** What the grant covers, for messages (`this queue`, `this table and its indexes`). */
  readonly resources: string;
  /** The method that takes the actions, for messages. @default 'grant' */
  readonly method?: string;
  /** The prop errors name. @default 'grant.actions' */
  readonly prop?: string;
  /** A call with the example action, for messages. @default - `grant(fn, '<example>')` */
  readonly exampleCall?: string;
}

/**
 * Checks the actions given to a construct's `grant` (or another method that takes actions): at least one, none a
 * wildcard, each an exact action of the construct's service. Fails with a SecureConfigError on `scope` naming
 * `rules.prop` (`grant.actions`).
 * @internal
 */
export function validateGrantActions(scope: IConstruct, actions: readonly string[], rules: GrantActionRules): void {
  const exact = new RegExp(`^${rules.prefix}:[A-Za-z]+$`);
  const [usual] = rules.grantMethods;
  const prop = rules.prop ?? 'grant.actions';
  const exampleCall = rules.exampleCall ?? `grant(fn, '${rules.example}')`;
  if (actions.length === 0) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.INVALID_PROP,
      prop,
      problem: 'no action is given, so the grant would allow nothing',
      fix: `name the ${rules.service} actions, for example ${propRef(exampleCall)}, or use ${propRef(usual)}`,
    });
  }
  for (const action of actions) {
    if (typeof action === 'string' && action.includes('*')) {
      throw new SecureConfigError(scope, {
        code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
        prop,
        problem: `'${action}' is a wildcard, which allows more than the grantee needs (SecureServerless-IamWildcardAction)`,
        fix: `name each action exactly, or use ${listOf(rules.grantMethods.map((m) => propRef(m)))}`,
      });
    }
    if (typeof action !== 'string' || !exact.test(action)) {
      throw new SecureConfigError(scope, {
        code: SecureErrorCode.INVALID_PROP,
        prop,
        problem: `'${action}' is not ${article(rules.service)} ${rules.service} action; ${propRef(rules.method ?? 'grant')} only gives actions on ${rules.resources}`,
        fix: `name ${rules.service} actions such as '${rules.example}', and grant other services' actions on their own resources`,
      });
    }
  }
}

/** `a, b or c`. */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The indefinite article before a service name read aloud: "an SQS", "an S3", "a DynamoDB". */
function article(service: string): string {
  return /^[AEFHILMNORSX]([A-Z0-9]|$)/.test(service) || /^[aeiou]/i.test(service) ? 'an' : 'a';
}
