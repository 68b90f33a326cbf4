import { Aspects, IAspect, Stack, Stage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { rulesOfControl } from '../compliance/catalog';
import { acknowledgeException } from '../core/opt-out';

/** A queue whose failed messages go to a dead-letter queue of its own. */
interface RedriveSource extends IConstruct {
  readonly queueArn: string;
  readonly deadLetterQueue?: IConstruct;
}

/**
 * The one place where an event source mapping that reads a SecureQueue with a dead-letter queue gets the
 * acknowledgment of cdk-nag's LambdaEventSourceMappingDestination (Serverless pack): Lambda accepts no
 * on-failure destination for an SQS mapping (`DestinationConfig` is for streams and Kafka), and the queue's
 * redrive already sends every message that fails `maxReceiveCount` times to its dead-letter queue, whose first
 * message raises the queue's alarm.
 *
 * An aspect of the stage (or app) that holds the queue, so that it sees mappings of every function, ours or
 * aws-cdk-lib's, in any stack of it, however they were created (`addEventSource`, `addEventSourceMapping`,
 * `new EventSourceMapping`). A mapping is matched by the queue's ARN, the token string aws-cdk-lib passes on
 * unchanged; a mapping of a queue without a dead-letter queue, or of any other source, is left alone.
 * @internal
 */
class RedriveAcknowledgment implements IAspect {
  /** One per stage: the queues register in it. */
  public static of(scope: IConstruct): RedriveAcknowledgment {
    const root = Stage.of(scope) ?? Stack.of(scope);
    let aspect = RedriveAcknowledgment.instances.get(root);
    if (!aspect) {
      aspect = new RedriveAcknowledgment();
      RedriveAcknowledgment.instances.set(root, aspect);
      Aspects.of(root).add(aspect);
    }
    return aspect;
  }

  private static readonly instances = new WeakMap<IConstruct, RedriveAcknowledgment>();

  private readonly queues = new Map<string, RedriveSource>();
  private readonly acknowledged = new WeakSet<lambda.CfnEventSourceMapping>();

  public register(queue: RedriveSource): void {
    this.queues.set(queue.queueArn, queue);
  }

  public visit(node: IConstruct): void {
    if (!(node instanceof lambda.CfnEventSourceMapping) || this.acknowledged.has(node)) {
      return;
    }
    const arn = node.eventSourceArn;
    const queue = typeof arn === 'string' ? this.queues.get(arn) : undefined;
    if (!queue?.deadLetterQueue) {
      return;
    }
    this.acknowledged.add(node);
    acknowledgeException(
      node,
      rulesOfControl('LambdaEventSourceMappingDestination'),
      `The mapping reads the SQS queue ${queue.node.path}, for which Lambda accepts no on-failure destination; the queue's redrive policy moves every message that fails maxReceiveCount times to its dead-letter queue ${queue.deadLetterQueue.node.path}, whose first message raises the queue's alarm.`,
    );
  }
}

/**
 * Registers `queue`, which has a dead-letter queue, so that event source mappings reading it are acknowledged
 * for LambdaEventSourceMappingDestination with the reason.
 * @internal
 */
export function registerRedriveSource(queue: RedriveSource): void {
  RedriveAcknowledgment.of(queue).register(queue);
}
