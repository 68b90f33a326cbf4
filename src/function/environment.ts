import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { SecureFunctionProps } from './secure-function-props';
import { CONTROL_RULES } from '../core/controls';
import { formatSecureConfigMessage, SecureConfigError, SecureErrorCode } from '../core/errors';
import { applyOptOut, OptOut, validateOptOut } from '../core/opt-out';
import { propRef } from '../core/prop-names';
import { detectSecret } from '../core/secret-detection';
import { StackDefaults } from '../core/stack-defaults';

/** What Lambda accepts as an environment variable name: a letter, then letters, digits and underscores. */
const VARIABLE_NAME = /^[a-zA-Z][a-zA-Z0-9_]+$/;
/** Environment variables the Lambda runtime sets itself, which a function may not set. */
const RESERVED_VARIABLES = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/**
 * The key that encrypts the function's environment variables: `environmentEncryptionKey`, or the stack's
 * environment key.
 * @internal
 */
export function environmentKeyOf(fn: Construct, props: SecureFunctionProps): kms.IKey {
  return props.environmentEncryptionKey ?? StackDefaults.of(fn).environmentKey;
}

/**
 * The environment variables of a SecureFunction: their names (valid, not reserved, each set once, across
 * `environment`, `secrets` and `addEnvironment`), plain values that look like secrets (refused unless
 * `optOuts.plaintextEnvironmentVariables` names them), and secrets, which are set by reference.
 * @internal
 */
export class FunctionEnvironment {
  private readonly plaintextOptOuts: { [name: string]: OptOut };
  /** Every environment variable name the function sets: `environment`, `secrets` and `addEnvironment`. */
  private readonly names = new Set<string>();
  /** The plain environment variables checked for secrets, by name. */
  private readonly plaintextChecked = new Set<string>();

  constructor(
    private readonly fn: Construct,
    props: SecureFunctionProps,
  ) {
    this.plaintextOptOuts = props.optOuts?.plaintextEnvironmentVariables ?? {};
  }

  /** Checks each of `optOuts.plaintextEnvironmentVariables`, so that a blank reason never passes unnoticed. */
  public validateOptOuts(): void {
    for (const [name, optOut] of Object.entries(this.plaintextOptOuts)) {
      validateOptOut(this.fn, `optOuts.plaintextEnvironmentVariables.${name}`, optOut);
    }
  }

  /** Checks the names of `environment` and `secrets`: valid, not reserved, each set once. */
  public validateNames(props: SecureFunctionProps): void {
    for (const name of Object.keys(props.environment ?? {})) {
      this.addName(`environment.${name}`, name);
    }
    for (const name of Object.keys(props.secrets ?? {})) {
      this.addName(`secrets.${name}`, name);
    }
  }

  /** Checks a variable added later with `addEnvironment`: its name, and its value for a secret. */
  public validateAdded(name: string, value: string): void {
    this.addName(`environment.${name}`, name);
    this.validatePlaintext({ [name]: value });
  }

  /** Refuses a plain value that looks like a secret, unless `optOuts.plaintextEnvironmentVariables` names it. */
  public validatePlaintext(environment: { [name: string]: string }): void {
    for (const [name, value] of Object.entries(environment)) {
      this.plaintextChecked.add(name);
      const finding = detectSecret(name, value);
      const accepted = applyOptOut(
        this.fn,
        `optOuts.plaintextEnvironmentVariables.${name}`,
        this.plaintextOptOuts[name],
        // This variable's finding only (`<rule>[<variable>]`), so a secret added later under another name is
        // still caught.
        CONTROL_RULES.functionNoPlaintextSecret.map((id) => `${id}[${name}]`),
      );
      if (finding && !accepted) {
        throw new SecureConfigError(this.fn, {
          code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
          prop: `environment.${name}`,
          problem: `the variable looks like a plaintext secret (${finding.why}); environment variables are readable by anyone who can read the function's configuration`,
          fix: `store the value in Secrets Manager or an SSM SecureString parameter and pass it as ${propRef('secrets')}: { ${name}: ${propRef('FunctionSecret.fromSecret(secret)')} }, or, if it is not a secret, name it in ${propRef('optOuts.plaintextEnvironmentVariables')} with a reason`,
        });
      }
    }
  }

  /** Sets each of `secrets` on `fn` by reference, letting `role` read it. */
  public bindSecrets(fn: lambda.Function, role: iam.IGrantable, props: SecureFunctionProps): void {
    for (const [name, secret] of Object.entries(props.secrets ?? {})) {
      fn.addEnvironment(name, secret._bind(role));
    }
  }

  /** Plaintext opt-outs that name no environment variable: a typo would leave the opt-out silently unused. */
  public unusedOptOutErrors(): string[] {
    return Object.keys(this.plaintextOptOuts)
      .filter((name) => !this.plaintextChecked.has(name))
      .map((name) =>
        formatSecureConfigMessage(this.fn, {
          code: SecureErrorCode.INVALID_PROP,
          prop: `optOuts.plaintextEnvironmentVariables.${name}`,
          problem: `the function has no environment variable named ${name}, so the opt-out applies to nothing`,
          fix: 'correct the name to the variable the opt-out is meant for, or remove the opt-out',
        }),
      );
  }

  /** Checks an environment variable name and records it; a name set twice is refused. */
  private addName(prop: string, name: string): void {
    if (Token.isUnresolved(name)) {
      throw new SecureConfigError(this.fn, {
        code: SecureErrorCode.UNRESOLVED_TOKEN,
        prop,
        problem:
          'the variable name is an unresolved token, but Lambda and the plaintext-secret check need the literal name',
        fix: 'name the variable with a literal string',
      });
    }
    if (!VARIABLE_NAME.test(name)) {
      throw new SecureConfigError(this.fn, {
        code: SecureErrorCode.INVALID_PROP,
        prop,
        problem: `'${name}' is not a variable name Lambda accepts (a letter, then at least one letter, digit or '_')`,
        fix: "rename the variable, for example 'TABLE_NAME'",
      });
    }
    if (RESERVED_VARIABLES.has(name)) {
      throw new SecureConfigError(this.fn, {
        code: SecureErrorCode.INVALID_PROP,
        prop,
        problem: `${name} is reserved by the Lambda runtime, which sets it itself`,
        fix: "use another name; read the runtime's value of the variable in your code instead",
      });
    }
    if (this.names.has(name)) {
      throw new SecureConfigError(this.fn, {
        code: SecureErrorCode.CONFLICTING_PROPS,
        prop,
        problem: `the function already sets ${name} (in ${propRef('environment')}, ${propRef('secrets')} or an earlier ${propRef('addEnvironment')}), and a second value would silently replace the first`,
        fix: 'give each variable one name and one value',
      });
    }
    this.names.add(name);
  }
}
