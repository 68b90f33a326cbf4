import { Severity } from '../vocabulary';

/**
 * One resource of a synthesized, resolved CloudFormation template, as our rules see it.
 * @internal
 */
export interface TemplateResource {
  /** The logical id. */
  readonly logicalId: string;
  /** The CloudFormation type, for example `AWS::Lambda::Function`. */
  readonly type: string;
  /** The resolved properties (intrinsics such as `Ref` and `Fn::GetAtt` stay as objects). */
  readonly properties: { readonly [key: string]: any };
}

/**
 * The whole template a resource belongs to, for rules that look at related resources.
 * @internal
 */
export interface TemplateContext {
  /** Every resource of the template, by logical id. */
  readonly resources: ReadonlyMap<string, TemplateResource>;
}

/**
 * What a rule says about one resource: not applicable, compliant, non-compliant, or a list of findings (each a
 * short id such as an environment variable name; an empty list means compliant).
 * @internal
 */
export type RuleOutcome = 'not-applicable' | 'compliant' | 'non-compliant' | string[];

/**
 * Where a rule maps in the compliance frameworks the reports group by.
 * @internal
 */
export interface FrameworkMapping {
  /** OWASP Serverless Top 10 risks, for example `SAS-3`. */
  readonly owasp: string[];
  /** HIPAA Security Rule sections, for example `164.312(a)(2)(iv)`. */
  readonly hipaa?: string[];
  /** PCI DSS 3.2.1 requirements, for example `3.4`. */
  readonly pci?: string[];
  /** NIST 800-53 rev 5 controls, for example `SC-28`. */
  readonly nist?: string[];
  /** GDPR articles, for example `Art. 32`. */
  readonly gdpr?: string[];
}

/**
 * One rule of this library's own pack: written once, with its text and mappings, and evaluated on synthesized
 * templates (by the gate, once, and by the audit CLI), or on the construct tree by `SecureServerlessChecks` when
 * that pack is used without the gate.
 * @internal
 */
export interface RuleDefinition {
  /** The rule's name without the pack prefix, for example `LambdaPlaintextSecret`. */
  readonly name: string;
  /** One line: what the rule wants. */
  readonly title: string;
  /** Why it matters and how to fix it, in two or three sentences. */
  readonly explanation: string;
  /**
   * What is wrong with one resource that breaks the rule, in the present tense, for example `The function has
   * an environment variable that holds a plaintext secret`. For a rule whose check returns findings, the gate
   * appends `: <finding>`, so the text ends where a finding's id reads naturally.
   */
  readonly problem: string;
  /**
   * How to fix it, in the imperative: the prop of this library's constructs, and the CloudFormation property (or
   * aws-cdk-lib setting) for resources you define yourself.
   */
  readonly fix: string;
  /**
   * The cdk-nag control this rule is equivalent to: the name of cdk-nag's rule function that checks the same
   * thing (for example `LambdaInsideVPC`), so that acknowledging the control covers every pack's rule and ours.
   *
   * @default - no cdk-nag rule checks the same thing
   */
  readonly control?: string;
  /** How serious a violation is. */
  readonly severity: Severity;
  /** The frameworks it maps to. */
  readonly frameworks: FrameworkMapping;
  /** The check: a pure function of one resource and its template. */
  readonly check: (resource: TemplateResource, template: TemplateContext) => RuleOutcome;
  /**
   * The rule's twin in CloudFormation Guard, for deploy time (`export-guard-rules`, `GuardHook`), or why it has
   * none. The twin must reach the check's verdict on every resource (test/guard/parity.test.ts).
   */
  readonly guard: GuardTwin;
}

/**
 * A rule's twin in CloudFormation Guard: clauses that `src/guard/rules-file.ts` wraps into one named rule,
 * `SecureServerless_<name>`, run on each resource of `resourceTypes`.
 *
 * In the clauses, `%properties` is the resource's properties: `Properties` in a template and in a Guard hook's
 * stack input, `ResourceProperties` in a hook's resource input. It is empty when the resource has none (CDK
 * leaves `Properties` out when they are empty), and a clause on an empty `%properties` passes, so a twin for
 * which an unset property is non-compliant starts with `%properties !empty <<MESSAGE>>`. `MESSAGE` in a
 * `<<MESSAGE>>` custom message is replaced by the rule's id, problem and fix.
 * @internal
 */
export interface GuardRule {
  /** The CloudFormation types of the resources the clauses run on. */
  readonly resourceTypes: readonly string[];
  /**
   * `resource`: decided by the resource alone, so the twin also runs on a Guard hook's resource input (one
   * resource). `template`: needs other resources of the template (through `preamble`); it runs on templates and
   * on a hook's stack input, and is skipped on resource input, where the other resources are absent.
   */
  readonly scope: 'resource' | 'template';
  /** The Guard clauses, run in a block on each resource (one clause per line or `or`-joined). */
  readonly clauses: string;
  /**
   * File-level Guard `let` statements the clauses read, each variable named `secureserverless_<rule>_<what>`
   * (lower case) so that rules never share one.
   *
   * @default - none
   */
  readonly preamble?: string;
}

/**
 * Why a rule has no Guard twin: what the check needs that Guard cannot express.
 * @internal
 */
export interface GuardUnsupported {
  readonly unsupported: string;
}

/**
 * A rule's Guard twin, or why it has none.
 * @internal
 */
export type GuardTwin = GuardRule | GuardUnsupported;

/** The prefix of this library's rule ids. */
export const PACK_NAME = 'SecureServerless';
