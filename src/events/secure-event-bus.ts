import { ArnFormat, Names, Resource, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createEventBridgeDeadLetterQueue } from './dead-letter-queue';
import { PUT_EVENTS_ACTIONS } from './perms';
import { SecureEventBusProps } from './secure-event-bus-props';
import { recordCreationSite } from '../compliance/creation-site';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { propRef } from '../core/prop-names';
import { StackDefaults } from '../core/stack-defaults';
import { NameRule, skipUnresolved, validateName } from '../core/validate';

/** What EventBridge accepts as an event bus name (CreateEventBus). */
const EVENT_BUS_NAME: NameRule = {
  pattern: /^[/.\-_A-Za-z0-9]+$/,
  characters: "letters, digits, '.', '-', '_' and '/'",
  minLength: 1,
  maxLength: 256,
};
/** EventBridge's limit on the description of a bus or a rule. */
const MAX_DESCRIPTION = 512;

/**
 * Checks that a description, when given, has at most 512 characters (EventBridge's limit). An unresolved token is
 * not checked.
 * @internal
 */
export function validateDescription(scope: Construct, prop: string, description: string | undefined): void {
  if (description === undefined || skipUnresolved(scope, prop, description, `at most ${MAX_DESCRIPTION} characters`)) {
    return;
  }
  if (description.length > MAX_DESCRIPTION) {
    throw new SecureConfigError(scope, {
      code: SecureErrorCode.INVALID_PROP,
      prop,
      problem: `the description has ${description.length} characters, but EventBridge accepts at most ${MAX_DESCRIPTION}`,
      fix: `shorten ${propRef(prop)} to ${MAX_DESCRIPTION} characters`,
    });
  }
}

/**
 * A custom EventBridge event bus encrypted with a customer-managed KMS key, whose policy lets EventBridge use the
 * key for this bus only (aws-cdk-lib's statement: `aws:SourceArn` and
 * `kms:EncryptionContext:aws:events:event-bus:arn`), and that sends the events it cannot encrypt or decrypt to an
 * encrypted dead-letter queue with an alarm, as AWS recommends for a bus with a customer-managed key. It is a
 * real `events.IEventBus`: rules, targets and grants of aws-cdk-lib work unchanged.
 *
 * A publisher needs `events:PutEvents` only (`grantPutEventsTo`): EventBridge uses the key with its own service
 * principal, so a function in the isolated network needs the `events` interface endpoint and no KMS one.
 *
 * @example
 * declare const publisher: lambda.IFunction;
 * const orders = new SecureEventBus(this, 'Orders');
 * orders.grantPutEventsTo(publisher);
 */
export class SecureEventBus extends Resource implements events.IEventBus {
  /** The underlying aws-cdk-lib event bus. */
  public readonly eventBus: events.EventBus;
  /** The bus's ARN. */
  public readonly eventBusArn: string;
  /** The bus's name. */
  public readonly eventBusName: string;
  /** The bus's policy, in JSON (what aws-cdk-lib's `EventBus` reports). */
  public readonly eventBusPolicy: string;
  /** Always undefined: SecureEventBus creates custom buses, not partner buses. */
  public readonly eventSourceName?: string;
  /** The customer-managed key that encrypts the bus. */
  public readonly encryptionKey: kms.IKey;
  /** The queue of the events EventBridge could not encrypt or decrypt: the user's, or the bus's own. */
  public readonly deadLetterQueue: sqs.IQueue;
  /** The alarm on the bus's own dead-letter queue, in a list; empty when the user passed `deadLetterQueue`. */
  public readonly alarms: cloudwatch.Alarm[];
  /**
   * The bus's name as a literal, for ARNs that must not depend on the bus (a key policy).
   * @internal
   */
  public readonly _literalName: string;

  constructor(scope: Construct, id: string, props: SecureEventBusProps = {}) {
    super(scope, id, { physicalName: props.eventBusName });
    recordCreationSite(this);
    validateName(this, 'eventBusName', props.eventBusName, EVENT_BUS_NAME);
    if (props.eventBusName === 'default') {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'eventBusName',
        problem: "'default' is the name of the account's default event bus, which CloudFormation cannot create",
        fix: `choose another ${propRef('eventBusName')}, or leave it out to have one generated`,
      });
    }
    validateDescription(this, 'description', props.description);
    const name = props.eventBusName ?? Names.uniqueResourceName(this, { maxLength: 256, separator: '-' });
    this._literalName = Token.isUnresolved(name) ? '*' : name;
    this.encryptionKey = props.encryptionKey ?? StackDefaults.of(this).messagingKey;
    const literalArn = Stack.of(this).formatArn({
      service: 'events',
      resource: 'event-bus',
      resourceName: this._literalName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    let ownQueue: ReturnType<typeof createEventBridgeDeadLetterQueue> | undefined;
    if (!props.deadLetterQueue) {
      ownQueue = createEventBridgeDeadLetterQueue(
        this,
        'DeadLetterQueue',
        { arn: literalArn, arnForKey: literalArn },
        StackDefaults.of(this).messagingKey,
        props.alarmTopic ?? StackDefaults.of(this).alarmTopic,
        `${this.node.path}: EventBridge could not encrypt or decrypt an event with the bus's key and moved it to the bus's dead-letter queue`,
      );
    }
    this.deadLetterQueue = props.deadLetterQueue ?? ownQueue!.queue;
    this.alarms = ownQueue ? [ownQueue.alarm] : [];
    // aws-cdk-lib adds the key-policy statement for EventBridge (kms:Decrypt, kms:GenerateDataKey,
    // kms:DescribeKey for events.amazonaws.com, with aws:SourceAccount, aws:SourceArn and the encryption context
    // of this bus): we add none of our own.
    this.eventBus = new events.EventBus(this, 'Bus', {
      eventBusName: name,
      description: props.description,
      kmsKey: this.encryptionKey,
      deadLetterQueue: this.deadLetterQueue,
    });
    this.eventBusArn = this.eventBus.eventBusArn;
    this.eventBusName = this.eventBus.eventBusName;
    this.eventBusPolicy = this.eventBus.eventBusPolicy;
  }

  /** A reference to the bus, as aws-cdk-lib's integrations read it. */
  public get eventBusRef(): events.EventBusReference {
    return this.eventBus.eventBusRef;
  }

  /**
   * Lets `grantee` publish to the bus: `events:PutEvents` on this bus and nothing else. No key permission is
   * needed: EventBridge uses the key with its own service principal.
   *
   * @param grantee the principal
   * @param sid the statement id, needed only when the grant lands in the bus's policy (another account)
   */
  public grantPutEventsTo(grantee: iam.IGrantable, sid?: string): iam.Grant {
    const grant = iam.Grant.addToPrincipal({ grantee, actions: PUT_EVENTS_ACTIONS, resourceArns: [this.eventBusArn] });
    return grant.success ? grant : this.eventBus.grantPutEventsTo(grantee, sid);
  }

  /**
   * Adds a statement to the bus's policy (it needs a `sid`).
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    return this.eventBus.addToResourcePolicy(statement);
  }

  /**
   * Creates an archive of the bus's events (aws-cdk-lib's `Archive`). Give `props.kmsKey` a customer-managed key
   * other than the bus's: aws-cdk-lib's key-policy statement for an archive names the bus's ARN, and a key that
   * encrypts the bus cannot name it without a circular dependency.
   *
   * @param id the archive's construct id
   * @param props the archive's props
   */
  public archive(id: string, props: events.BaseArchiveProps): events.Archive {
    return this.eventBus.archive(id, props);
  }
}
