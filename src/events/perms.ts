/**
 * IAM actions of EventBridge, with why each is there.
 */

/**
 * What a publisher needs: `events:PutEvents` on the bus. No KMS permission: EventBridge encrypts and decrypts a
 * bus's events with its own service principal, which the key's policy authorizes for this bus (aws-cdk-lib's
 * `EventBus` adds that statement), so a publisher needs no key permission and no KMS endpoint.
 * @internal
 */
export const PUT_EVENTS_ACTIONS = ['events:PutEvents'];

/** What EventBridge does to a dead-letter queue: it sends the event it could not deliver. @internal */
export const DEAD_LETTER_SEND_ACTIONS = ['sqs:SendMessage'];

/** EventBridge's service principal. @internal */
export const EVENTS_PRINCIPAL = 'events.amazonaws.com';
