import { Token } from 'aws-cdk-lib';
import { detectSecret } from '../../src/core/secret-detection';

// Vendor tokens are assembled from parts so that this file does not itself trip secret scanners (GitHub push
// protection); none of them is a real credential. The AWS keys are the documented example keys.
const GITHUB_PAT = 'gh' + 'p_' + 'Zx9Qw2Er7Ty4Ui1Op6As3Df8Gh5Jk0LzXc7V';
const GITHUB_FINE_GRAINED = 'github' + '_pat_' + '11ABCDEFG0aBcDeFgHiJkL_mNoPqRsTuVwXyZ0123456789abcdefGHIJKLmnop';
const SLACK_BOT_TOKEN = 'xo' + 'xb-' + '1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const STRIPE_LIVE_KEY = 'sk' + '_live_' + '51Hx9Qw2Er7Ty4Ui1Op6As3Df8Gh5Jk0Lz';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9' +
  '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ' +
  '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const AWS_ACCESS_KEY_ID = 'AKIA' + 'IOSFODNN7EXAMPLE';
const AWS_TEMPORARY_KEY_ID = 'ASIA' + 'Q3EGUZMNTBUFXAMP';
const AWS_SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const PEM =
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----';

describe('detectSecret', () => {
  // [name, value, why]
  const positives: Array<[string, string, string]> = [
    // Secret-like names with a literal value.
    ['DB_PASSWORD', 'hunter2', 'the name suggests a password'],
    ['dbPassword', 'correct horse battery staple', 'the name suggests a password'],
    ['db-password', 'pa55word', 'the name suggests a password'],
    ['DBPASSWD', 'pa55word', 'the name suggests a password'],
    ['SMTP_PWD', 'mailpass', 'the name suggests a password'],
    ['REDIS_PASS', 'changeme', 'the name suggests a password'],
    ['OAUTH_CLIENT_SECRET', 'f3a9c1b2d4e5', 'the name suggests a client secret'],
    ['AWS_SECRET_ACCESS_KEY', 'not-a-real-key', 'the name suggests an AWS secret access key'],
    ['PARTNER_ACCESS_KEY', 'partner-key-01', 'the name suggests an access key'],
    ['PARTNER_ACCESS_KEY_ID', 'partner-01', 'the name suggests an access key'],
    ['API_KEY', 'abc123', 'the name suggests an API key'],
    ['apiKey', 'abc123', 'the name suggests an API key'],
    ['x-api-key', 'abc123', 'the name suggests an API key'],
    ['MAPS_APIKEY', 'abc123', 'the name suggests an API key'],
    ['SSH_PRIVATE_KEY', 'b3BlbnNzaC1rZXktdjE=', 'the name suggests a private key'],
    ['JWT_SIGNING_KEY', 'my-signing-key', 'the name suggests a signing key'],
    ['SESSION_KEY', 'k3y', 'the name suggests a session key'],
    ['GITHUB_TOKEN', 'literal-token-value', 'the name suggests a token'],
    ['accessToken', 'abc', 'the name suggests a token'],
    ['JWT_SECRET', 'supersecret', 'the name suggests a secret'],
    ['WebhookSecret', 'whsec-local', 'the name suggests a secret'],
    ['SERVICE_CREDENTIALS', 'svc:pa55', 'the name suggests credentials'],
    ['BASIC_AUTH', 'admin:admin', 'the name suggests authentication data'],
    // Connection strings with credentials.
    [
      'DATABASE_URL',
      'postgres://app:pa55word@db.example.com:5432/orders',
      'the value is a connection string with credentials',
    ],
    [
      'DB_CONNECTION_STRING',
      'Server=db.example.com;User Id=app;Password=pa55word;',
      'the value is a connection string with credentials',
    ],
    ['SENTRY_DSN', 'https://public:private@sentry.example.com/1', 'the value is a connection string with credentials'],
    [
      'MONGODB_URI',
      'mongodb+srv://app:pa55word@cluster0.example.mongodb.net/orders',
      'the value is a connection string with credentials',
    ],
    // Distinctive value formats, whatever the name.
    ['TLS_CONFIG', PEM, 'the value is a PEM private key'],
    ['PARTNER', AWS_ACCESS_KEY_ID, 'the value is an AWS access key id'],
    ['UPSTREAM', `id=${AWS_TEMPORARY_KEY_ID}`, 'the value is an AWS access key id'],
    ['CI_HELPER', GITHUB_PAT, 'the value is a GitHub token'],
    ['CI_HELPER_V2', GITHUB_FINE_GRAINED, 'the value is a GitHub token'],
    ['NOTIFIER', SLACK_BOT_TOKEN, 'the value is a Slack token'],
    ['PAYMENTS', STRIPE_LIVE_KEY, 'the value is a Stripe live secret key'],
    ['DEFAULT_IDENTITY', JWT, 'the value is a JSON Web Token'],
    ['UPSTREAM_HEADER_VALUE', 'Basic YWRtaW46cGE1NXdvcmQ=', 'the value is an HTTP Authorization credential'],
    [
      'WEBHOOK_ENDPOINT',
      'https://ops:pa55word@hooks.example.com/deploy',
      'the value is a URL with embedded credentials',
    ],
    ['CACHE_ENDPOINT', 'redis://:s3cr3t@cache.example.com:6379', 'the value is a URL with embedded credentials'],
    ['SETTINGS', '{"user":"app","password":"pa55word"}', 'the value contains a password'],
    ['LEGACY', AWS_SECRET_KEY, 'the value looks like an AWS secret access key'],
    ['PARTNER_CONFIG', 'Zx9Qw2Er7Ty4Ui1Op6As3Df8Gh5Jk0Lz', 'the value is a high-entropy string'],
    [
      'MAILER',
      'SG.x9Qw2Er7Ty4Ui1Op6As3D.f8Gh5Jk0LzXc7Vb3Nm1Qa9Ws4Ed2Rf6Tg8Yh0Uj5Ik',
      'the value is a high-entropy string',
    ],
  ];

  test.each(positives)('%s=%j is a secret: %s', (name, value, why) => {
    expect(detectSecret(name, value)).toEqual({ why });
  });

  // [name, value]: realistic Lambda configuration that must pass.
  const negatives: Array<[string, string]> = [
    // Resource names and ARNs, including those of secrets and parameters.
    ['TABLE_NAME', 'MyStack-OrdersTableCD117FA1-1A8TBCEL5DU1H'],
    ['FUNCTION_NAME', 'OrdersStack-ProcessOrderFunction7B3A2C1D-Xy9Zq8Wv7Ut6'],
    ['QUEUE_NAME', 'dev-OrdersQueue-1A8TBCEL5DU1H'],
    ['HANDLER_CLASS', 'OrdersApiLambdaRestApiHandler2024'],
    ['EVENT_BUS_NAME', 'orders-bus'],
    ['TOPIC_ARN', 'arn:aws:sns:eu-west-1:123456789012:orders-topic'],
    ['STATE_MACHINE_ARN', 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrdersFlow'],
    ['DB_PASSWORD_SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf'],
    ['DB_PASSWORD', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf'],
    ['GITHUB_TOKEN_ARN', 'arn:aws:ssm:eu-west-1:123456789012:parameter/ci/github-token'],
    ['API_KEY', 'arn:aws:ssm:eu-west-1:123456789012:parameter/prod/orders/api-key'],
    ['API_KEY_PARAMETER_NAME', '/prod/orders/api-key'],
    ['API_KEY', '/prod/orders/api-key'],
    ['DB_SECRET_NAME', 'prod/orders/db'],
    ['JWT_SECRET_ID', 'prod/orders/jwt'],
    ['SECRETS_MANAGER_TTL', '300'],
    ['PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED', 'true'],
    ['PARAMETERS_SECRETS_EXTENSION_HTTP_PORT', '2773'],
    // Settings about secrets, not secrets.
    ['TOKEN_TTL_SECONDS', '3600'],
    ['PASSWORD_MIN_LENGTH', '12'],
    ['AUTH_MODE', 'cognito'],
    ['CSRF_TOKEN_HEADER', 'X-CSRF-Token'],
    ['USER_POOL_CLIENT_ID', '4kj6r9vm5j3u2hf0bg7m2k9u6e'],
    ['MAX_TOKENS', '4096'],
    ['SECRETARY_EMAIL', 'ops@example.com'],
    ['DB_PASSWORD', ''],
    ['DB_USER', 'app'],
    ['GOOGLE_APPLICATION_CREDENTIALS', '/var/task/credentials.json'],
    // Endpoints without credentials.
    ['QUEUE_URL', 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders-queue'],
    ['API_URL', 'https://api.example.com/v1/orders?limit=50'],
    ['DB_HOST', 'orders.cluster-c9akciq32xyz.eu-west-1.rds.amazonaws.com'],
    ['DATABASE_URL', 'postgres://db.example.com:5432/orders'],
    ['SENTRY_DSN', 'https://0123456789abcdef0123456789abcdef@o123456.ingest.sentry.io/4505'],
    ['ALLOWED_ORIGINS', 'https://app.example.com,https://admin.example.com'],
    // Runtime and observability settings.
    ['NODE_OPTIONS', '--enable-source-maps'],
    ['JAVA_TOOL_OPTIONS', '-XX:+TieredCompilation -XX:TieredStopAtLevel=1'],
    ['AWS_NODEJS_CONNECTION_REUSE_ENABLED', '1'],
    ['AWS_LAMBDA_EXEC_WRAPPER', '/opt/otel-handler'],
    ['POWERTOOLS_SERVICE_NAME', 'orders-service'],
    ['POWERTOOLS_METRICS_NAMESPACE', 'OrdersService'],
    ['POWERTOOLS_LOG_LEVEL', 'DEBUG'],
    ['LOG_LEVEL', 'info'],
    ['OTEL_RESOURCE_ATTRIBUTES', 'service.name=orders,deployment.environment=prod'],
    // Plain values.
    ['REGION', 'eu-west-1'],
    ['TZ', 'Europe/Berlin'],
    ['FEATURE_NEW_CHECKOUT', 'true'],
    ['MAX_RETRIES', '3'],
    ['TIMEOUT_MS', '2500.5'],
    ['CONFIG', '{"retries":3,"timeoutMs":2500,"features":{"newCheckout":true}}'],
    ['TENANT_ID', '2f1c9e7a-4b3d-4e8f-9a6b-1c2d3e4f5a6b'],
    ['KMS_KEY_ID', '98f6da8d-acd8-4563-af90-839786f363a7'],
    ['CORRELATION_SEED', '98F6DA8D-ACD8-4563-AF90-839786F363A7'],
    ['GIT_SHA', 'e83c5163316f89bfbde7d9ab23ca2e25604af290'],
    ['ASSET_HASH', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['GREETING', 'aGVsbG8gd29ybGQ='],
    ['ORDERS_B64', 'b3JkZXJz'],
    ['APP_VERSION', '1.4.2-beta.1+build.20240501'],
    ['RELEASE_DATE', '2024-05-01T12:00:00Z'],
    ['REPORT_KEY', 'Invoices/2024/Q1/Summary-Report.pdf'],
    ['PYTHON_HANDLER', 'orders.handlers.process_order.handler'],
    ['TABLE_NAME', '${Token[TOKEN.123]}'],
    ['DB_PASSWORD', '{{resolve:secretsmanager:prod/orders/db:SecretString:password}}'],
  ];

  test.each(negatives)('%s=%j is not a secret', (name, value) => {
    expect(detectSecret(name, value)).toBeUndefined();
  });

  test('has at least 25 positive and 25 negative cases', () => {
    expect(positives.length).toBeGreaterThanOrEqual(25);
    expect(negatives.length).toBeGreaterThanOrEqual(25);
  });

  test('is deterministic: the same input gives the same answer every time', () => {
    const first = [...positives, ...negatives.map(([n, v]) => [n, v, ''])].map(([n, v]) => detectSecret(n, v));
    const second = [...positives, ...negatives.map(([n, v]) => [n, v, ''])].map(([n, v]) => detectSecret(n, v));
    expect(second).toEqual(first);
  });

  describe('unresolved tokens', () => {
    const ref = Token.asString({ Ref: 'X' });
    const arn = Token.asString({ 'Fn::GetAtt': ['Secret', 'Arn'] });
    const port = Token.asNumber({ 'Fn::GetAtt': ['Db', 'Endpoint.Port'] });

    const secretLikeNames = [
      'DB_PASSWORD',
      'API_KEY',
      'GITHUB_TOKEN',
      'JWT_SECRET',
      'OAUTH_CLIENT_SECRET',
      'AWS_SECRET_ACCESS_KEY',
      'PRIVATE_KEY',
      'SERVICE_CREDENTIALS',
      'BASIC_AUTH',
      'DATABASE_URL',
      'TABLE_NAME',
      'CONFIG',
    ];

    test.each(secretLikeNames)('a token as the whole value of %s is never a finding', (name) => {
      expect(detectSecret(name, ref)).toBeUndefined();
      expect(detectSecret(name, arn)).toBeUndefined();
      expect(detectSecret(name, `${port}`)).toBeUndefined();
    });

    test.each([
      ['a token as the password of a URL', `postgres://app:${ref}@db.example.com:5432/orders`],
      ['a token as the password of a key/value connection string', `Server=db;User Id=app;Password=${ref};`],
      ['a token as a JSON password', `{"user":"app","password":"${ref}"}`],
      ['a token after a Bearer scheme', `Bearer ${ref}`],
      ['an ARN assembled from tokens', `arn:aws:secretsmanager:${ref}:${ref}:secret:prod/db-AbCdEf`],
      ['a high-entropy suffix after a token', `${ref}Zx9Qw2Er7Ty4Ui1Op6As3Df8Gh5Jk0Lz`.slice(0, 40)],
      ['tokens only', `${ref}${arn}${ref}`],
      ['a stringified number token', `db.example.com:${port}`],
    ])('%s is not a finding, whatever the name', (_case, value) => {
      expect(detectSecret('DATABASE_URL', value)).toBeUndefined();
      expect(detectSecret('DB_PASSWORD', value)).toBeUndefined();
      expect(detectSecret('SETTINGS', value)).toBeUndefined();
    });

    test('a secret-like name with a literal value is still a finding next to token-valued variables', () => {
      expect(detectSecret('DB_PASSWORD', ref)).toBeUndefined();
      expect(detectSecret('DB_PASSWORD', 'hunter2')).toEqual({ why: 'the name suggests a password' });
    });

    test('a literal secret in the text around a token is still found', () => {
      // The token is the host; the password is a literal in the template.
      expect(detectSecret('UPSTREAM', `postgres://app:pa55word@${ref}:5432/orders`)).toEqual({
        why: 'the value is a URL with embedded credentials',
      });
      expect(detectSecret('TLS_CONFIG', `${PEM}\n${ref}`)).toEqual({ why: 'the value is a PEM private key' });
    });
  });
});
