import { Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { SecureConfigError, SecureErrorCode } from '../../src/core/errors';
import { UNRESOLVED_TOKEN_WARNING } from '../../src/core/validate';

export { SecureErrorCode };

/**
 * One bad-input case: its name, a function that builds the construct with the bad input (and throws), the
 * stable error code and the prop the error must name. The construct path defaults to the file's path; give
 * it as a fifth element when the error belongs to another construct (for example a method of an API).
 */
export type InvalidInputCase = [
  name: string,
  build: () => unknown,
  code: SecureErrorCode,
  prop: string,
  constructPath?: string,
];

/** A prop that accepts a token: the case's name, a builder that gets the stack, and the prop warned about. */
export type TokenCase = [name: string, build: (stack: Stack) => unknown, prop: string];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What every error message of ours looks like: `[code] path: prop "prop": problem. Fix: fix.` */
function messagePattern(code: SecureErrorCode, constructPath: string, prop: string): RegExp {
  return new RegExp(`\\[${code}\\] ${escape(constructPath)}: prop "${escape(prop)}": \\S.*\\. Fix: \\S.*\\.`, 's');
}

/**
 * Runs `build` and checks that it fails with one of our errors: a `SecureConfigError` with the code, the
 * construct path and the prop, whose message names the path and the prop and says what to do (`Fix:`).
 *
 * Errors found at synth (`node.addValidation`) reach the caller inside aws-cdk-lib's own validation error;
 * for those, the message must hold ours, in the same format.
 */
export function expectInvalidInput(
  build: () => unknown,
  code: SecureErrorCode,
  prop: string,
  constructPath: string,
): void {
  let thrown: unknown;
  try {
    build();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(Error);
  const error = thrown as Error;
  if (error.name === 'SecureConfigError') {
    expect(error).toBeInstanceOf(SecureConfigError);
    const ours = error as SecureConfigError;
    expect({ code: ours.code, constructPath: ours.constructPath, prop: ours.prop }).toEqual({
      code,
      constructPath,
      prop,
    });
    expect(error.message.startsWith(`[${code}] ${constructPath}: prop "${prop}": `)).toBe(true);
  } else {
    // Reported at synth: aws-cdk-lib wraps our message in its validation error.
    expect(error.message).toContain('Validation failed');
  }
  expect(error.message).toMatch(messagePattern(code, constructPath, prop));
  expect(error.message).toContain(constructPath);
  expect(error.message).toContain(`prop "${prop}"`);
  expect(error.message).toMatch(/ Fix: \S/);
}

/** Runs a table of bad-input cases, one test each. */
export function testInvalidInputs(cases: InvalidInputCase[], defaultPath: string): void {
  // A rest parameter: jest passes a `done` callback to a callback that declares more parameters than a row has.
  test.each(cases)('%s', (...row: InvalidInputCase) => {
    const [, build, code, prop, constructPath] = row;
    expectInvalidInput(build, code, prop, constructPath ?? defaultPath);
  });
}

/**
 * Checks that `stack` carries the warning a construct adds when it skips a check because `prop` is an
 * unresolved token: on the construct at `constructPath`, naming the prop, with the warning's id.
 */
export function expectTokenWarning(stack: Stack, constructPath: string, prop: string): void {
  Annotations.fromStack(stack).hasWarning(
    `/${constructPath}`,
    Match.stringLikeRegexp(
      `^${escape(constructPath)}: prop "${escape(prop)}" is an unresolved token, so synth cannot check .* Fix: .*\\[ack: ${escape(UNRESOLVED_TOKEN_WARNING)}:${escape(prop)}\\]$`,
    ),
  );
}

/**
 * Runs a table of token cases, one test each: building must not throw, the stack must synthesize, and the
 * construct must warn about the prop.
 */
export function testTokenWarnings(cases: TokenCase[], newStack: () => Stack, constructPath: string): void {
  test.each(cases)('%s', (_name, build, prop) => {
    const stack = newStack();
    expect(() => build(stack)).not.toThrow();
    expectTokenWarning(stack, constructPath, prop);
  });
}

/**
 * The cases every opt-out prop must refuse: no reason, null, an empty, whitespace, non-string or token reason,
 * a blank ticket or approver, and a token ticket. `build(optOut)` returns a builder that passes `optOut` as the
 * prop `prop` (for example `optOuts.backup`).
 */
export function optOutCases(prop: string, build: (optOut: unknown) => () => unknown): InvalidInputCase[] {
  const E = SecureErrorCode;
  return [
    [`${prop} has no reason`, build({}), E.OPT_OUT_WITHOUT_REASON, `${prop}.reason`],
    [`${prop} is null`, build(null), E.OPT_OUT_WITHOUT_REASON, `${prop}.reason`],
    [`${prop} reason is empty`, build({ reason: '' }), E.OPT_OUT_WITHOUT_REASON, `${prop}.reason`],
    [`${prop} reason is whitespace`, build({ reason: ' \t\n ' }), E.OPT_OUT_WITHOUT_REASON, `${prop}.reason`],
    [`${prop} reason is not a string`, build({ reason: 42 }), E.OPT_OUT_WITHOUT_REASON, `${prop}.reason`],
    [
      `${prop} reason is a token`,
      build({ reason: Token.asString({ Ref: 'Reason' }) }),
      E.UNRESOLVED_TOKEN,
      `${prop}.reason`,
    ],
    [`${prop} ticket is whitespace`, build({ reason: 'r', ticket: '  ' }), E.INVALID_PROP, `${prop}.ticket`],
    [`${prop} approver is empty`, build({ reason: 'r', approvedBy: '' }), E.INVALID_PROP, `${prop}.approvedBy`],
    [
      `${prop} ticket is a token`,
      build({ reason: 'r', ticket: Lazy.string({ produce: () => 'SEC-1' }) }),
      E.UNRESOLVED_TOKEN,
      `${prop}.ticket`,
    ],
  ];
}

/**
 * The cases every log-retention prop must refuse: INFINITE, a number that is no `RetentionDays` value, and a
 * negative number. `build(retention)` returns a builder that passes `retention` as the prop `prop`.
 */
export function retentionCases(prop: string, build: (retention: number) => () => unknown): InvalidInputCase[] {
  const E = SecureErrorCode;
  return [
    [`${prop} is INFINITE`, build(logs.RetentionDays.INFINITE), E.INVALID_PROP, prop],
    [`${prop} is not a RetentionDays value`, build(42), E.INVALID_PROP, prop],
    [`${prop} is negative`, build(-30), E.INVALID_PROP, prop],
  ];
}
