import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Stack, Token } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import * as perms from './perms';
import { GUARD_RULES_FILE, guardRulesText } from './rules-file';
import { ALL_RULES } from '../compliance/rules';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { propRef } from '../core/prop-names';

/**
 * What a Guard hook does with a stack that breaks a rule.
 */
export enum GuardHookFailureMode {
  /** The stack operation fails, and nothing is provisioned. */
  FAIL = 'FAIL',
  /** The operation goes on, with a warning in the stack's events: for a trial before enforcing. */
  WARN = 'WARN',
}

/**
 * Props of {@link GuardHook}.
 */
export interface GuardHookProps {
  /**
   * The hook's type name in the account's CloudFormation registry, `Organization::Service::Hook` (three parts
   * of 2 to 64 letters and digits; the organizations `AWS`, `Amazon`, `Alexa`, `AMZN`, `ASK`, `Custom` and `Dev`
   * are reserved).
   *
   * @default 'SecureServerless::Compliance::GuardHook'
   */
  readonly alias?: string;

  /**
   * What happens to a stack that breaks a rule.
   *
   * @default GuardHookFailureMode.FAIL
   */
  readonly failureMode?: GuardHookFailureMode;

  /**
   * The names of the stacks the hook evaluates, at most 50.
   *
   * @default - every stack of the account and region but those of `excludeStacks`
   */
  readonly includeStacks?: string[];

  /**
   * The names of stacks the hook does not evaluate, at most 50.
   *
   * @default ['CDKToolkit'] - the CDK bootstrap stack, whose staging bucket and roles are not built with this library
   */
  readonly excludeStacks?: string[];

  /**
   * A bucket the hook writes each failed evaluation's details to (the rule, the violation and the fix); the
   * hook's role may put objects into it.
   *
   * @default - none: the stack's events say which rule failed
   */
  readonly logBucket?: s3.IBucket;
}

const ALIAS = /^[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}$/;
const RESERVED_ORGANIZATIONS = ['aws', 'amazon', 'alexa', 'amzn', 'ask', 'custom', 'dev'];
const MAX_STACK_NAMES = 50;

/**
 * Enforces this library's rules at deploy time in one account and region: publishes their Guard twins (the
 * file `export-guard-rules` writes) as an S3 asset and registers an `AWS::CloudFormation::GuardHook` that
 * evaluates every stack operation's template with them, in FAIL mode by default.
 *
 * The hook runs on stack operations, whose input is the template: it holds the decisions `ComplianceGate`
 * writes into it (`Metadata.guard.SuppressedRules`), so a stack the gate passed is deployed, and a stack
 * built without the gate, or weakened after it, is refused. Deletions are never blocked. A hook is an account
 * and region singleton per alias: deploy one, in a baseline stack.
 *
 * @example
 * // In a baseline stack of its own, once per account and region: every stack but CDKToolkit, in FAIL mode.
 * new GuardHook(this, 'Guard');
 */
export class GuardHook extends Construct {
  /** The hook. */
  public readonly hook: cloudformation.CfnGuardHook;
  /** The role CloudFormation assumes to read the rules (and write to the log bucket). */
  public readonly role: iam.IRole;
  /** The published rules file. */
  public readonly rules: s3assets.Asset;

  constructor(scope: Construct, id: string, props: GuardHookProps = {}) {
    super(scope, id);
    const alias = props.alias ?? 'SecureServerless::Compliance::GuardHook';
    this.validateAlias(alias);
    const include = this.stackNames('includeStacks', props.includeStacks);
    const exclude = this.stackNames('excludeStacks', props.excludeStacks ?? ['CDKToolkit']);

    this.rules = new s3assets.Asset(this, 'Rules', { path: writeRulesFile() });
    const role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('hooks.cloudformation.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `Reads the Guard rules of the hook ${alias}`,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: perms.RULES_OBJECT_ACTIONS,
        resources: [this.rules.bucket.arnForObjects(this.rules.s3ObjectKey)],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: perms.RULES_BUCKET_ACTIONS, resources: [this.rules.bucket.bucketArn] }),
    );
    // PutObject (SecureBucket's grant: s3:PutObject, and its key's data keys through S3 only).
    props.logBucket?.grantPut(role);
    this.role = role;

    this.hook = new cloudformation.CfnGuardHook(this, 'Resource', {
      alias,
      executionRole: role.roleArn,
      failureMode: props.failureMode ?? GuardHookFailureMode.FAIL,
      hookStatus: 'ENABLED',
      ruleLocation: { uri: this.rules.s3ObjectUrl },
      targetOperations: ['STACK'],
      logBucket: props.logBucket?.bucketName,
      stackFilters:
        include.length + exclude.length === 0
          ? undefined
          : {
              filteringCriteria: 'ALL',
              stackNames: {
                ...(include.length > 0 ? { include } : {}),
                ...(exclude.length > 0 ? { exclude } : {}),
              },
            },
    });
    // The hook reads the rules with its role when it is created.
    this.hook.node.addDependency(role);
  }

  private validateAlias(alias: string): void {
    if (Token.isUnresolved(alias)) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.UNRESOLVED_TOKEN,
        prop: 'alias',
        problem: 'the alias is a token, but a hook type name must be known at synth time',
        fix: `give ${propRef('alias')} a literal such as 'MyOrg::Compliance::GuardHook'`,
      });
    }
    const organization = alias.split('::')[0].toLowerCase();
    if (!ALIAS.test(alias) || RESERVED_ORGANIZATIONS.includes(organization)) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'alias',
        problem: ALIAS.test(alias)
          ? `'${alias}' starts with '${alias.split('::')[0]}', an organization CloudFormation reserves`
          : `'${alias}' is not Organization::Service::Hook, three parts of 2 to 64 letters and digits`,
        fix: `use your own organization's name, for example ${propRef('alias')} 'MyOrg::Compliance::GuardHook'`,
      });
    }
  }

  private stackNames(prop: string, names: string[] | undefined): string[] {
    const list = names ?? [];
    if (list.length > MAX_STACK_NAMES) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop,
        problem: `${list.length} stack names, but a hook's stack filter takes at most ${MAX_STACK_NAMES}`,
        fix: `name at most ${MAX_STACK_NAMES} stacks in ${propRef(prop)}`,
      });
    }
    const bad = list.find((name) => !Token.isUnresolved(name) && !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(name));
    if (bad !== undefined) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop,
        problem: `'${bad}' is not a stack name (a letter, then up to 127 letters, digits and hyphens)`,
        fix: `give ${propRef(prop)} the stacks' names as CloudFormation shows them`,
      });
    }
    return list;
  }
}

/** The Guard rules, in a file of their own for the asset (its hash, and so its S3 key, follows the rules). */
function writeRulesFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'css-guard-')), GUARD_RULES_FILE);
  writeFileSync(file, guardRulesText(ALL_RULES));
  return file;
}
