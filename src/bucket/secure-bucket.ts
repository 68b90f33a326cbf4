import { Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { accessLogBucketOf, accessLogPrefixOf, allowLogDelivery } from './access-log-bucket';
import { bucketArnPattern, BucketNotificationConfigurations } from './notifications';
import * as perms from './perms';
import { SecureBucketProps } from './secure-bucket-props';
import { rulesOfControl } from '../compliance/catalog';
import { recordCreationSite } from '../compliance/creation-site';
import { CONTROL_RULES } from '../core/controls';
import { SecureConfigError, SecureErrorCode } from '../core/errors';
import { validateGrantActions } from '../core/grant-actions';
import { ManagedPolicyRole } from '../core/managed-policy-role';
import { acknowledgeException, applyOptOut } from '../core/opt-out';
import { propRef } from '../core/prop-names';
import { grantKeyThroughService } from '../core/service-key-grants';
import { StackDefaults } from '../core/stack-defaults';
import { skipUnresolved } from '../core/validate';

/** How long a noncurrent version is kept unless the props say otherwise. */
const DEFAULT_NONCURRENT_EXPIRATION = Duration.days(90);
/** The longest noncurrent-version expiration accepted: ten years. */
const MAX_NONCURRENT_DAYS = 3650;
/** Incomplete multipart uploads hold storage that no object shows; S3 aborts them after this. */
const ABORT_INCOMPLETE_UPLOADS = Duration.days(7);
/** S3's bucket naming rules, without dots (see `bucketName`). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '--x-s3', '--table-s3'];

/**
 * An S3 bucket that encrypts every object with a customer-managed KMS key (SSE-KMS with an S3 bucket key),
 * blocks public access, accepts only TLS requests, disables ACLs (the bucket owner owns every object), keeps
 * noncurrent versions for `noncurrentVersionExpiration` (versioned, Object Lock enabled), writes server access
 * logs to the stack's access log bucket, sends its events to EventBridge, and is retained on stack deletion. It is
 * a real `s3.IBucket`; its grants give exact actions on the objects, and the key permissions S3 needs, only
 * through S3. Event notifications to a queue, topic or function are written into the bucket itself, without
 * aws-cdk-lib's notifications custom resource.
 *
 * @example
 * declare const worker: lambda.IFunction;
 * const uploads = new SecureBucket(this, 'Uploads');
 * uploads.grantRead(worker);
 * uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(worker), { prefix: 'in/' });
 */
export class SecureBucket extends s3.BucketBase {
  /**
   * The underlying aws-cdk-lib bucket. Add notifications and grants through the SecureBucket: this bucket's own
   * `addEventNotification` would add aws-cdk-lib's notifications custom resource, which replaces the notification
   * configuration the SecureBucket writes.
   */
  public readonly bucket: s3.Bucket;
  public readonly bucketArn: string;
  public readonly bucketName: string;
  public readonly bucketDomainName: string;
  public readonly bucketWebsiteUrl: string;
  public readonly bucketWebsiteDomainName: string;
  public readonly bucketRegionalDomainName: string;
  public readonly bucketDualStackDomainName: string;
  /** The customer-managed key that encrypts the objects. */
  public readonly key: kms.IKey;
  /** The same key, as `IBucket` declares it (optional there; always set here). */
  public readonly encryptionKey?: kms.IKey;
  /** Always false: a SecureBucket is not a website. */
  public readonly isWebsite?: boolean = false;
  /** The bucket's policy (the TLS-only policy it is created with, and every grant to another account). */
  public policy?: s3.BucketPolicy;
  /** The replication role's ARN; none, since a SecureBucket does not replicate. */
  public replicationRoleArn?: string;
  /** Always true: public access is blocked. */
  public disallowPublicAccess?: boolean = true;
  /**
   * The bucket that receives this bucket's server access logs: the stack's access log bucket.
   *
   * @default - undefined under `optOuts.accessLogs`
   */
  public readonly accessLogBucket?: s3.IBucket;
  protected autoCreatePolicy = false;
  private readonly notificationConfigurations: BucketNotificationConfigurations;

  constructor(scope: Construct, id: string, props: SecureBucketProps = {}) {
    super(scope, id, { physicalName: props.bucketName });
    recordCreationSite(this);
    validateBucketName(this, props.bucketName);
    const noncurrentVersionExpiration = this.resolveNoncurrentExpiration(props.noncurrentVersionExpiration);
    const withAccessLogs = !applyOptOut(
      this,
      'optOuts.accessLogs',
      props.optOuts?.accessLogs,
      CONTROL_RULES.bucketAccessLogs,
    );
    this.key = props.encryptionKey ?? StackDefaults.of(this).dataKey;
    this.encryptionKey = this.key;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      objectLockEnabled: true,
      lifecycleRules: [
        {
          id: 'ExpireNoncurrentVersions',
          noncurrentVersionExpiration,
          abortIncompleteMultipartUploadAfter: ABORT_INCOMPLETE_UPLOADS,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.bucketArn = this.bucket.bucketArn;
    this.bucketName = this.bucket.bucketName;
    this.bucketDomainName = this.bucket.bucketDomainName;
    this.bucketWebsiteUrl = this.bucket.bucketWebsiteUrl;
    this.bucketWebsiteDomainName = this.bucket.bucketWebsiteDomainName;
    this.bucketRegionalDomainName = this.bucket.bucketRegionalDomainName;
    this.bucketDualStackDomainName = this.bucket.bucketDualStackDomainName;
    this.policy = this.bucket.policy;

    const cfn = this.bucket.node.defaultChild as s3.CfnBucket;
    const literalName =
      props.bucketName !== undefined && !Token.isUnresolved(props.bucketName) ? props.bucketName : undefined;
    this.notificationConfigurations = new BucketNotificationConfigurations(
      this,
      cfn,
      bucketArnPattern(this, literalName),
    );
    cfn.notificationConfiguration = Lazy.any({ produce: () => this.notificationConfigurations.render() });
    if (withAccessLogs) {
      this.accessLogBucket = this.logTo(cfn);
    }
    acknowledgeException(
      cfn,
      rulesOfControl('S3BucketReplicationEnabled'),
      `Replication to another region needs a destination bucket, key and bucket policy in that region, which one stack cannot create. ${this.node.path} is versioned, has Object Lock enabled and is retained, which protects its objects against deletion and overwrites in this region; a copy in another region is the application's disaster-recovery decision.`,
    );
  }

  /**
   * Adds a statement to the bucket's policy (the TLS-only policy the bucket was created with).
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    return this.bucket.addToResourcePolicy(statement);
  }

  /**
   * Lets `identity` read objects (`s3:GetObject`) whose keys match `objectsKeyPattern`, and decrypt them with the
   * bucket's key (`kms:Decrypt`), only through S3. Listing the bucket is not granted.
   *
   * @param identity the principal
   * @param objectsKeyPattern the keys, for example `reports/*`
   */
  public grantRead(identity: iam.IGrantable, objectsKeyPattern: any = '*'): iam.Grant {
    return this.grantOnObjects(identity, objectsKeyPattern, perms.READ_ACTIONS, perms.KEY_READ_ACTIONS);
  }

  /**
   * Lets `identity` write objects (`s3:PutObject`, multipart uploads included) whose keys match
   * `objectsKeyPattern`, with the key permissions that needs (`kms:GenerateDataKey`, `kms:Decrypt`), only through
   * S3. Nothing else: not `s3:PutObjectAcl` (ACLs are disabled), not `s3:PutObjectRetention`.
   *
   * @param identity the principal
   * @param objectsKeyPattern the keys, for example `uploads/*`
   */
  public grantPut(identity: iam.IGrantable, objectsKeyPattern: any = '*'): iam.Grant {
    return this.grantOnObjects(identity, objectsKeyPattern, perms.PUT_ACTIONS, perms.KEY_WRITE_ACTIONS);
  }

  /**
   * Lets `identity` delete objects (`s3:DeleteObject`: a delete marker, undone by deleting the marker; the data
   * stays as a noncurrent version until it expires). No key permission is needed.
   *
   * @param identity the principal
   * @param objectsKeyPattern the keys, for example `tmp/*`
   */
  public grantDelete(identity: iam.IGrantable, objectsKeyPattern: any = '*'): iam.Grant {
    return this.grantOnObjects(identity, objectsKeyPattern, perms.DELETE_ACTIONS, []);
  }

  /**
   * Lets `identity` write and delete objects (`s3:PutObject`, `s3:DeleteObject`), with the key permissions for
   * writing, only through S3. `allowedActionPatterns`, when given, replaces those actions: exact S3 object
   * actions, no wildcard.
   *
   * @param identity the principal
   * @param objectsKeyPattern the keys, for example `uploads/*`
   * @param allowedActionPatterns exact S3 object actions to grant instead
   */
  public grantWrite(
    identity: iam.IGrantable,
    objectsKeyPattern: any = '*',
    allowedActionPatterns?: string[],
  ): iam.Grant {
    const actions = allowedActionPatterns ?? [...perms.PUT_ACTIONS, ...perms.DELETE_ACTIONS];
    this.validateActions(actions);
    const keyActions = actions.some((a) => perms.PUT_ACTIONS.includes(a)) ? perms.KEY_WRITE_ACTIONS : [];
    return this.grantOnObjects(identity, objectsKeyPattern, actions, keyActions);
  }

  /**
   * Lets `identity` read, write and delete objects (`s3:GetObject`, `s3:PutObject`, `s3:DeleteObject`), with the
   * key permissions for reading and writing, only through S3.
   *
   * @param identity the principal
   * @param objectsKeyPattern the keys, for example `work/*`
   */
  public grantReadWrite(identity: iam.IGrantable, objectsKeyPattern: any = '*'): iam.Grant {
    return this.grantOnObjects(
      identity,
      objectsKeyPattern,
      [...perms.READ_ACTIONS, ...perms.PUT_ACTIONS, ...perms.DELETE_ACTIONS],
      perms.KEY_WRITE_ACTIONS,
    );
  }

  /**
   * Refused: ACLs are disabled on this bucket (the bucket owner owns every object), so an ACL grant would allow
   * nothing.
   */
  public grantPutAcl(_identity: iam.IGrantable, _objectsKeyPattern?: string): iam.Grant {
    throw new SecureConfigError(this, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'grantPutAcl',
      problem: 'ACLs are disabled on this bucket (object ownership BUCKET_OWNER_ENFORCED), so S3 refuses every ACL',
      fix: `grant access with ${propRef('grantRead')}, ${propRef('grantPut')} or a bucket policy statement instead`,
    });
  }

  /**
   * Refused: public access is blocked on this bucket.
   */
  public grantPublicAccess(_keyPrefix?: string, ..._allowedActions: string[]): iam.Grant {
    throw new SecureConfigError(this, {
      code: SecureErrorCode.WEAKENING_WITHOUT_OPT_OUT,
      prop: 'grantPublicAccess',
      problem: 'a SecureBucket blocks public access, and a public grant would expose every matching object to anyone',
      fix: 'serve public content through CloudFront with an origin access control, or use an s3.Bucket made for it',
    });
  }

  /**
   * Refused: a SecureBucket does not replicate, and replication permissions on it would name no replication.
   */
  public grantReplicationPermission(_identity: iam.IGrantable, _props: s3.GrantReplicationPermissionProps): iam.Grant {
    throw new SecureConfigError(this, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'grantReplicationPermission',
      problem: 'a SecureBucket configures no replication, so replication permissions on it would allow nothing in use',
      fix: 'grant exact actions with grantRead or grantPut, or replicate with an s3.Bucket and its replicationRules',
    });
  }

  /**
   * The grants aws-cdk-lib's integrations call (`bucket.grants.read(...)`), routed to this bucket's narrower
   * grant methods: `read`, `put`, `write`, `delete` and `readWrite` grant what `grantRead`, `grantPut`,
   * `grantWrite`, `grantDelete` and `grantReadWrite` do; `putAcl`, `publicAccess` and `replicationPermission` are
   * refused; `actionsOnObjectKeys` and `actionsOnBucketAndObjectKeys` accept exact actions only.
   */
  public get grants(): s3.BucketGrants {
    const routes: Record<string, (...args: any[]) => iam.Grant> = {
      read: (g, p) => this.grantRead(g, p),
      put: (g, p) => this.grantPut(g, p),
      write: (g, p, a) => this.grantWrite(g, p, a),
      delete: (g, p) => this.grantDelete(g, p),
      readWrite: (g, p) => this.grantReadWrite(g, p),
      putAcl: (g, p) => this.grantPutAcl(g, p),
      publicAccess: (p, ...a) => this.grantPublicAccess(p, ...a),
      replicationPermission: (g, p) => this.grantReplicationPermission(g, p),
      actionsOnObjectKeys: (g, p, ...a) => this.grantActions(g, p, a, false),
      actionsOnBucketAndObjectKeys: (g, p, ...a) => this.grantActions(g, p, a, true),
    };
    return new Proxy(super.grants, {
      get(target, prop, receiver) {
        return typeof prop === 'string' && prop in routes ? routes[prop] : Reflect.get(target, prop, receiver);
      },
    });
  }

  /**
   * Grants on the bucket's key, through S3 only, whatever aws-cdk-lib's grants ask for: a writer's key
   * permissions when they include encryption, a reader's otherwise.
   */
  public grantOnKey(grantee: iam.IGrantable, ...actions: string[]): iam.GrantOnKeyResult {
    const writes = actions.some((a) => /^kms:(Encrypt|GenerateDataKey|ReEncrypt)/i.test(a));
    const reads = actions.some((a) => /^kms:Decrypt$/i.test(a));
    const keyActions = writes ? perms.KEY_WRITE_ACTIONS : reads ? perms.KEY_READ_ACTIONS : [];
    return { grant: keyActions.length > 0 ? this.grantKey(grantee, keyActions) : undefined };
  }

  /**
   * Sends `event` for the object keys that match `filters` to a queue, topic or function
   * (`new s3n.SqsDestination(queue)`, `new s3n.SnsDestination(topic)`, `new s3n.LambdaDestination(fn)`), through
   * the bucket's own `NotificationConfiguration`: no custom resource. The destination's policy (the function's
   * permission) lets S3 deliver for this account and this bucket's name (any name, when CloudFormation generates
   * it), and an encrypted queue's or topic's key lets S3 use it; the bucket waits for them, since S3 checks a
   * destination when the configuration is set.
   *
   * @param event the event, for example `s3.EventType.OBJECT_CREATED`
   * @param dest the destination
   * @param filters at most one prefix and one suffix of the object keys
   */
  public addEventNotification(
    event: s3.EventType,
    dest: s3.IBucketNotificationDestination,
    ...filters: s3.NotificationKeyFilter[]
  ): void {
    this.notificationConfigurations.add(event, dest, filters);
  }

  /**
   * Does nothing: every SecureBucket already sends its events to EventBridge (without a custom resource).
   */
  public enableEventBridgeNotification(): void {}

  private grantActions(
    grantee: iam.IGrantable,
    objectsKeyPattern: any,
    actions: string[],
    onBucket: boolean,
  ): iam.Grant {
    this.validateActions(actions);
    const keyActions = [
      ...new Set([
        ...(actions.some((a) => perms.READ_ACTIONS.includes(a)) ? perms.KEY_READ_ACTIONS : []),
        ...(actions.some((a) => perms.PUT_ACTIONS.includes(a)) ? perms.KEY_WRITE_ACTIONS : []),
      ]),
    ].sort();
    return this.grantOnObjects(grantee, objectsKeyPattern ?? '*', actions, keyActions, onBucket);
  }

  /**
   * `actions` on the objects that match `pattern` (and on the bucket itself with `onBucket`, for bucket actions
   * such as `s3:ListBucket`), with `keyActions` on the key through S3.
   */
  private grantOnObjects(
    grantee: iam.IGrantable,
    pattern: unknown,
    actions: string[],
    keyActions: string[],
    onBucket = false,
  ): iam.Grant {
    const keyPattern = this.validatePattern(pattern);
    const resourceArns = [...(onBucket ? [this.bucketArn] : []), this.arnForObjects(keyPattern)];
    const role = grantee.grantPrincipal;
    let grant: iam.Grant;
    if (role instanceof ManagedPolicyRole && Stack.of(role) === Stack.of(this)) {
      // A bucket that notifies a function waits for the function's permission, and the function waits for its
      // execution policy: that policy naming the bucket would be a circular dependency. The statement goes to
      // the role's policy that nothing waits for; it exists once the bucket does, before any object.
      role._addToIndependentPolicy(new iam.PolicyStatement({ actions, resources: resourceArns }));
      this.acknowledgeObjectWildcard(independentPolicyOf(role), keyPattern);
      grant = iam.Grant.drop(
        grantee,
        `${actions.join(', ')} on ${this.node.path} (in ${role.node.path}IndependentPolicy)`,
      );
    } else {
      grant = iam.Grant.addToPrincipalOrResource({ grantee, actions, resourceArns, resource: this });
      this.acknowledgeObjectWildcard(role, keyPattern);
    }
    return keyActions.length > 0 ? grant.combine(this.grantKey(grantee, keyActions)) : grant;
  }

  private grantKey(grantee: iam.IGrantable, actions: string[]): iam.Grant {
    return grantKeyThroughService(grantee, this.key, actions, 's3', this);
  }

  /**
   * Object ARNs exist only when an object is written, so a grant on objects names a key pattern, which
   * AwsSolutions-IAM5 reports as a wildcard resource. The pattern is the narrowest resource IAM allows for the keys
   * the grantee is given: acknowledged on the grantee's role, with the reason.
   */
  private acknowledgeObjectWildcard(holder: unknown, pattern: string): void {
    if (!pattern.includes('*') || Token.isUnresolved(pattern) || !(holder instanceof Construct)) {
      return;
    }
    if (Stack.of(holder) !== Stack.of(this)) {
      return;
    }
    const logicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    acknowledgeException(
      holder,
      [`AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${pattern}]`],
      `Grants on the objects of ${this.node.path} whose keys match '${pattern}': object ARNs exist only once an object is written, so a key pattern is the narrowest resource IAM allows. The actions are named exactly.`,
    );
  }

  private validatePattern(pattern: unknown): string {
    if (typeof pattern === 'string' && (Token.isUnresolved(pattern) || pattern.trim().length > 0)) {
      return pattern;
    }
    throw new SecureConfigError(this, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'objectsKeyPattern',
      problem: `${JSON.stringify(pattern)} is not a key pattern`,
      fix: "give the keys as a string, for example 'uploads/*', or leave it out for every object",
    });
  }

  private validateActions(actions: readonly string[]): void {
    validateGrantActions(this, actions, {
      service: 'S3',
      prefix: 's3',
      example: 's3:PutObject',
      grantMethods: ['grantPut', 'grantRead', 'grantDelete'],
      resources: "this bucket's objects",
      method: 'grantWrite',
      prop: 'allowedActionPatterns',
      exampleCall: "grantWrite(fn, '*', ['s3:PutObject'])",
    });
  }

  /** Server access logs to the stack's log bucket, under this bucket's own prefix. */
  private logTo(cfn: s3.CfnBucket): s3.IBucket {
    const logBucket = accessLogBucketOf(this);
    const prefix = accessLogPrefixOf(this);
    // On the L1: aws-cdk-lib's `serverAccessLogsBucket` grants log delivery through an ACL unless the
    // `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy` flag is set, and ACLs are disabled here.
    cfn.loggingConfiguration = { destinationBucketName: logBucket.bucketName, logFilePrefix: prefix };
    allowLogDelivery(logBucket, this, prefix);
    return logBucket;
  }

  private resolveNoncurrentExpiration(value: Duration | undefined): Duration {
    const resolved = value ?? DEFAULT_NONCURRENT_EXPIRATION;
    const expectation = `whole days from 1 to ${MAX_NONCURRENT_DAYS}`;
    if (resolved.isUnresolved()) {
      skipUnresolved(this, 'noncurrentVersionExpiration', resolved.toDays({ integral: false }), expectation);
      return resolved;
    }
    const days = resolved.toHours() / 24;
    if (!Number.isInteger(days) || days < 1 || days > MAX_NONCURRENT_DAYS) {
      throw new SecureConfigError(this, {
        code: SecureErrorCode.INVALID_PROP,
        prop: 'noncurrentVersionExpiration',
        problem: `${resolved.toHumanString()} is not ${expectation}, what an S3 lifecycle rule accepts`,
        fix: `set ${propRef('noncurrentVersionExpiration')} to ${expectation}, or leave it out for ${DEFAULT_NONCURRENT_EXPIRATION.toHumanString()}`,
      });
    }
    return resolved;
  }
}

/** S3's naming rules for general purpose buckets, and no dots (see `SecureBucketProps.bucketName`). */
function validateBucketName(scope: IConstruct, name: string | undefined): void {
  const expectation = '3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit';
  if (name === undefined || skipUnresolved(scope, 'bucketName', name, expectation)) {
    return;
  }
  const fail = (problem: string) =>
    new SecureConfigError(scope, {
      code: SecureErrorCode.INVALID_PROP,
      prop: 'bucketName',
      problem,
      fix: `give ${propRef('bucketName')} ${expectation}, or leave it out for a generated name`,
    });
  if (typeof name !== 'string') {
    throw fail(`${JSON.stringify(name)} is not a string`);
  }
  if (name.includes('.')) {
    throw fail(
      `'${name}' has a dot, which breaks TLS for virtual-hosted-style requests (the certificate *.s3.amazonaws.com does not match it), and this bucket accepts only TLS`,
    );
  }
  if (!BUCKET_NAME.test(name)) {
    throw fail(`'${name}' is not ${expectation}`);
  }
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (prefix || suffix) {
    throw fail(`'${name}' ${prefix ? `starts with '${prefix}'` : `ends with '${suffix}'`}, which S3 reserves`);
  }
}

/** The policy `_addToIndependentPolicy` created for `role`: a sibling of the role. */
function independentPolicyOf(role: ManagedPolicyRole): IConstruct | undefined {
  return role.node.scope?.node.tryFindChild(`${role.node.id}IndependentPolicy`);
}
