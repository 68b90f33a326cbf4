import { Token } from 'aws-cdk-lib';

/**
 * Why an environment variable looks like a plaintext secret.
 * @internal
 */
export interface SecretFinding {
  /** Why it looks like a secret, one short phrase, e.g. 'the name suggests a password' or 'the value is a PEM private key'. */
  readonly why: string;
}

/**
 * Decides whether a Lambda environment variable looks like a plaintext secret. Returns `undefined` when it
 * does not.
 *
 * Pure and deterministic: the same name and value always give the same answer, and nothing outside the two
 * arguments is read. Checks run from the most to the least certain, and the first that matches gives the
 * finding:
 *
 * 1. connection-string names whose value carries credentials;
 * 2. distinctive value formats (PEM keys, AWS access key ids, vendor tokens, JWTs, credentials in URLs);
 * 3. secret-like names with a literal value;
 * 4. value shapes (an AWS secret key, a high-entropy string).
 *
 * Unresolved CDK tokens and CloudFormation dynamic references (`{{resolve:...}}`) in the value are
 * references, such as a secret ARN or a table name, and are never flagged by value: format checks only look
 * at the literal text around them, and a secret-like name is not a finding when its value contains one.
 * @internal
 */
export function detectSecret(name: string, value: string): SecretFinding | undefined {
  const words = nameWords(name);
  const hasReference = containsReference(value);
  const literals = hasReference ? value.split(REFERENCE_PATTERN) : [value];

  if (isConnectionStringName(words) && literals.some(hasCredentials)) {
    return { why: 'the value is a connection string with credentials' };
  }
  for (const rule of VALUE_FORMAT_RULES) {
    if (literals.some((literal) => rule.pattern.test(literal))) {
      return { why: rule.why };
    }
  }
  for (const rule of VALUE_CHECK_RULES) {
    if (literals.some(rule.matches)) {
      return { why: rule.why };
    }
  }
  if (!hasReference && !isReferenceValue(value) && !isDescriptiveName(words)) {
    const rule = NAME_RULES.find((r) => r.matches(words));
    if (rule) {
      return { why: rule.why };
    }
  }
  if (!hasReference) {
    const rule = VALUE_SHAPE_RULES.find((r) => r.matches(value.trim()));
    if (rule) {
      return { why: rule.why };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// References in values
// ---------------------------------------------------------------------------------------------------------

/**
 * What CDK puts in a string for an unresolved token (`${Token[...]}`, `#{Token[...]}`, or a stringified
 * number token), and CloudFormation dynamic references, which a synthesized template carries as plain
 * strings (`{{resolve:secretsmanager:...}}`). Mirrors the markers of aws-cdk-lib's token encoding.
 */
const REFERENCE_PATTERN = /[$#]\{Token\[[a-zA-Z0-9:._-]+\]\}|-1\.\d{10,16}e\+289|\{\{resolve:[^}]*\}\}/;

/**
 * True when the value holds at least one unresolved token or dynamic reference. `Token.isUnresolved` alone
 * misses stringified number tokens inside a longer string, and dynamic references, hence the pattern too.
 */
function containsReference(value: string): boolean {
  return Token.isUnresolved(value) || REFERENCE_PATTERN.test(value);
}

/**
 * Values a secret-like name may hold without holding a secret: nothing (blank), a boolean switch, a
 * placeholder, an ARN of any service (for example the secret's or parameter's ARN), or a path (an SSM
 * parameter name such as `/prod/db/password`, or a file in the bundle).
 */
function isReferenceValue(value: string): boolean {
  const v = value.trim();
  return (
    v.length === 0 ||
    /^(true|false)$/i.test(v) ||
    isPlaceholder(v) ||
    /^arn:aws[a-z-]*:[a-z0-9-]+:/.test(v) ||
    /^(\/|\.\.?\/)/.test(v)
  );
}

/** Text that stands in for a value rather than being one: `${DB_PASSWORD}`, `{{password}}`, `<password>`, `****`. */
function isPlaceholder(value: string): boolean {
  return /^(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\{\{[^}]*\}\}|<[^>]*>|\*+|%s|null|none|undefined|true|false)$/i.test(value);
}

// ---------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------

/**
 * Splits a variable name into lower-case words, whatever its style: `dbPassword`, `DB_PASSWORD`,
 * `db-password` and `DBPassword` all give `['db', 'password']`.
 */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * Words that say the variable locates or describes a secret rather than holding it: `DB_PASSWORD_SECRET_ARN`,
 * `API_KEY_PARAMETER_NAME`, `TOKEN_TTL_SECONDS`, `AUTH_MODE`, `PASSWORD_MIN_LENGTH`, `CSRF_TOKEN_HEADER`.
 */
const DESCRIPTIVE_WORDS = new Set([
  // where the secret is
  ...wordList('arn arns name names path param parameter ssm ref reference url uri endpoint host hostname port'),
  ...wordList('table bucket queue topic stream file location'),
  // what the secret is like, or how it is used
  ...wordList('ttl expiry expiration expires lifetime length timeout seconds minutes hours days ms'),
  ...wordList('enabled enable disabled disable required type mode header rotation policy algorithm alg'),
  ...wordList('issuer audience scope scopes region provider domain pool realm strategy method'),
  ...wordList('max min limit count size version format prefix level user username'),
]);

/** Splits a space-separated list. */
function wordList(list: string): string[] {
  return list.split(' ');
}

/**
 * Name prefixes of configuration that only tunes a secret store: `SECRETS_MANAGER_TTL`,
 * `PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED` (the AWS Parameters and Secrets Lambda Extension),
 * `SSM_PARAMETER_STORE_TTL`.
 */
const DESCRIPTIVE_PREFIXES = [
  ['secrets', 'manager'],
  ['secretsmanager'],
  ['parameters', 'secrets', 'extension'],
  ['ssm', 'parameter', 'store'],
];

/**
 * True when the name holds a reference to a secret, or a setting about one, not the secret itself. An `_ID`
 * suffix names an identifier (`SECRET_ID`, `CLIENT_ID`, `SIGNING_KEY_ID`), except for an access key id, which
 * is one half of an AWS credential pair.
 */
function isDescriptiveName(words: string[]): boolean {
  if (DESCRIPTIVE_PREFIXES.some((prefix) => prefix.every((w, i) => words[i] === w))) {
    return true;
  }
  const last = words[words.length - 1];
  if ((last === 'id' || last === 'ids') && !words.join('').endsWith('accesskeyid')) {
    return true;
  }
  return words.some((w) => DESCRIPTIVE_WORDS.has(w));
}

/** A rule that recognises a secret by the variable's name. */
interface NameRule {
  readonly why: string;
  readonly matches: (words: string[]) => boolean;
}

/** True when the words, run together, contain `phrase` (so `API_KEY`, `apiKey` and `APIKEY` all contain `apikey`). */
function hasPhrase(words: string[], phrase: string): boolean {
  return words.join('').includes(phrase);
}

/**
 * Secret-like names, most specific first. Each applies only to a literal value that is not a reference
 * (see `isReferenceValue`) and a name that is not descriptive (see `isDescriptiveName`).
 */
const NAME_RULES: NameRule[] = [
  // DB_PASSWORD, dbPasswd, SMTP_PWD, DB_PASS, KEY_PASSPHRASE. `pass` only at the end: PASS_THROUGH is not one.
  {
    why: 'the name suggests a password',
    matches: (w) => w.some((x) => /passw(or)?d|passphrase/.test(x) || x === 'pwd') || w[w.length - 1] === 'pass',
  },
  // OAUTH_CLIENT_SECRET, clientSecret.
  { why: 'the name suggests a client secret', matches: (w) => hasPhrase(w, 'clientsecret') },
  // AWS_SECRET_ACCESS_KEY, AWS_SECRET_KEY.
  {
    why: 'the name suggests an AWS secret access key',
    matches: (w) => hasPhrase(w, 'secretaccesskey') || hasPhrase(w, 'awssecretkey'),
  },
  // PARTNER_ACCESS_KEY, ACCESS_KEY_ID.
  { why: 'the name suggests an access key', matches: (w) => hasPhrase(w, 'accesskey') },
  // API_KEY, apiKey, APIKEY, x-api-key.
  { why: 'the name suggests an API key', matches: (w) => hasPhrase(w, 'apikey') },
  // PRIVATE_KEY, SSH_PRIVATE_KEY.
  { why: 'the name suggests a private key', matches: (w) => hasPhrase(w, 'privatekey') },
  // JWT_SIGNING_KEY.
  { why: 'the name suggests a signing key', matches: (w) => hasPhrase(w, 'signingkey') },
  // SESSION_KEY.
  { why: 'the name suggests a session key', matches: (w) => hasPhrase(w, 'sessionkey') },
  // GITHUB_TOKEN, accessToken, AUTHTOKEN. Not MAX_TOKENS (a count) nor TOKENIZER.
  { why: 'the name suggests a token', matches: (w) => w.some((x) => x.endsWith('token')) },
  // JWT_SECRET, WEBHOOK_SECRETS, SECRET_KEY. Not SECRETARY_EMAIL.
  { why: 'the name suggests a secret', matches: (w) => w.some((x) => /secret(?!ary)/.test(x)) },
  // SERVICE_CREDENTIALS, DB_CREDS.
  {
    why: 'the name suggests credentials',
    matches: (w) => w.some((x) => /^(cred|creds|credential|credentials)$/.test(x)),
  },
  // AUTH, BASIC_AUTH, AUTHORIZATION. Not AUTHOR.
  {
    why: 'the name suggests authentication data',
    matches: (w) => w.some((x) => /^(auth|authorization|basicauth)$/.test(x)),
  },
];

/**
 * Names of connection strings: `DATABASE_URL`, `DB_CONNECTION_STRING`, `SENTRY_DSN`, `REDIS_URL`,
 * `MONGODB_URI`. Such a name is a finding only when its value carries credentials.
 */
function isConnectionStringName(words: string[]): boolean {
  const joined = words.join('');
  return (
    /conn(ection)?str(ing)?/.test(joined) ||
    words.includes('dsn') ||
    /(database|db|redis|mongo|mongodb|postgres|postgresql|pg|mysql|amqp|rabbitmq|broker)(url|uri)$/.test(joined)
  );
}

// ---------------------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------------------

/** A rule that recognises a secret by a distinctive format of the value, whatever the name. */
interface ValueFormatRule {
  readonly why: string;
  readonly pattern: RegExp;
}

/** Formats that only secrets have. Each is tested against the literal text of the value. */
const VALUE_FORMAT_RULES: ValueFormatRule[] = [
  // -----BEGIN PRIVATE KEY-----, -----BEGIN RSA PRIVATE KEY-----, -----BEGIN OPENSSH PRIVATE KEY-----, ...
  { why: 'the value is a PEM private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  // Long-term (AKIA) and temporary (ASIA) access key ids: 4 + 16 upper-case letters and digits.
  { why: 'the value is an AWS access key id', pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/ },
  // Personal (ghp_), OAuth (gho_), user-to-server (ghu_), server-to-server (ghs_), refresh (ghr_), fine-grained (github_pat_).
  {
    why: 'the value is a GitHub token',
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})/,
  },
  // Bot (xoxb-), user (xoxp-), app (xoxa-), refresh (xoxr-), legacy (xoxs-) tokens.
  { why: 'the value is a Slack token', pattern: /(?<![A-Za-z0-9])xox[abprs]-[A-Za-z0-9-]{10,}/ },
  // Live secret (sk_live_) and restricted (rk_live_) keys; test keys (sk_test_) move no money.
  { why: 'the value is a Stripe live secret key', pattern: /(?<![A-Za-z0-9_])[rs]k_live_[A-Za-z0-9]{16,}/ },
  // header.payload.signature, base64url; the header is JSON, so it starts with eyJ ('{"').
  {
    why: 'the value is a JSON Web Token',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}/,
  },
  // An Authorization header value: 'Bearer abc...', 'Basic dXNlcjpwYXNz'.
  {
    why: 'the value is an HTTP Authorization credential',
    pattern: /^\s*(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}\s*$/i,
  },
];

/** A rule that recognises a secret by checking the literal text of the value. */
interface ValueCheckRule {
  readonly why: string;
  readonly matches: (literal: string) => boolean;
}

/** Credentials embedded in configuration text. */
const VALUE_CHECK_RULES: ValueCheckRule[] = [
  // scheme://user:password@host, or scheme://:password@host (Redis).
  { why: 'the value is a URL with embedded credentials', matches: (v) => urlPassword(v) !== undefined },
  // password=..., Password=...; (ADO.NET, libpq), "password": "..." (JSON).
  { why: 'the value contains a password', matches: (v) => fieldPassword(v) !== undefined },
];

/** The literal password in `scheme://user:password@`, if any. */
function urlPassword(value: string): string | undefined {
  const m = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/i.exec(value);
  return m && !isPlaceholder(m[1]) ? m[1] : undefined;
}

/** The literal value of a `password`/`passwd`/`pwd` field, if any. */
function fieldPassword(value: string): string | undefined {
  const m = /(?:^|[^a-z0-9_])["']?(?:password|passwd|pwd)["']?\s*[:=]\s*["']?([^"'\s;,&}]+)/i.exec(value);
  return m && !isPlaceholder(m[1]) ? m[1] : undefined;
}

/** True when a connection string carries a password, in a URL or in a key/value field. */
function hasCredentials(value: string): boolean {
  return urlPassword(value) !== undefined || fieldPassword(value) !== undefined;
}

/**
 * Value shapes that suggest a random secret. Only tested on fully literal values: the shape of a fragment
 * between tokens says nothing.
 */
const VALUE_SHAPE_RULES: ValueCheckRule[] = [
  // 40 characters of base64, mixed case and digits, the shape of an AWS secret access key.
  {
    why: 'the value looks like an AWS secret access key',
    matches: (v) => /^[A-Za-z0-9+][A-Za-z0-9/+]{39}$/.test(v) && looksRandom(v),
  },
  // Anything else long, random-looking and dense in information.
  {
    why: 'the value is a high-entropy string',
    matches: (v) => isEntropyCandidate(v) && looksRandom(v) && shannonEntropy(v) >= MIN_ENTROPY_BITS_PER_CHAR,
  },
];

/** Values shorter than this are not tested for entropy: too short to measure, and rarely a secret. */
const MIN_ENTROPY_LENGTH = 20;

/**
 * Shannon entropy, in bits per character, from which a long random-looking value counts as a secret. Random
 * base64 or alphanumeric strings of 20 characters average about 4.0, of 32 about 4.5, of 40 about 4.8;
 * English-like identifiers rarely reach 4.0. A v4 UUID stays just under 4.0, and is excluded anyway.
 */
const MIN_ENTROPY_BITS_PER_CHAR = 4.0;

/**
 * Values worth measuring: long enough, in the alphabet of base64/base64url keys (plus `.` for dotted keys
 * such as SendGrid's), and not one of the structured identifiers that are long and varied but never secret:
 * UUIDs, hex digests (a commit SHA cannot be told from a hex key by value, only by name), paths, hostnames,
 * semantic versions and command-line options. Anything with whitespace, `:`, `@`, `,` or `=` inside (ARNs,
 * URLs, JSON, key=value lists, e-mail addresses, dates) is out.
 */
function isEntropyCandidate(value: string): boolean {
  return (
    value.length >= MIN_ENTROPY_LENGTH &&
    /^[A-Za-z0-9+/_.~-]+=*$/.test(value) &&
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) &&
    !/^[0-9a-f]+$/i.test(value) &&
    !/^[/.~-]/.test(value) &&
    !/^(?:[a-z0-9-]+\.)+[a-z]{2,}$/i.test(value) &&
    !/^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/.test(value)
  );
}

/**
 * True when the value mixes upper case, lower case and digits, is not mostly made of words, and carries
 * neither a CDK logical-id hash (`OrdersTableCD117FA1`) nor a CloudFormation physical-name suffix
 * (`-1A8TBCEL5DU1H`). This keeps out generated names such as `MyStack-OrdersTableCD117FA1-1A8TBCEL5DU1H` and
 * identifiers such as `OrdersApiLambdaRestApiHandler2024`, whose entropy is as high as a key's.
 */
function looksRandom(value: string): boolean {
  return (
    /[A-Z]/.test(value) &&
    /[a-z]/.test(value) &&
    /[0-9]/.test(value) &&
    wordCoverage(value) < MAX_WORD_COVERAGE &&
    !/[A-Za-z][0-9A-F]{8}(?=[-_.]|$)/.test(value) &&
    !/-[A-Z0-9]{12,13}$/.test(value)
  );
}

/**
 * Share of characters in word-like runs (`Orders`, `table`) above which a value reads as a name. Random
 * base64 of 20 to 40 characters stays under it 99% of the time.
 */
const MAX_WORD_COVERAGE = 0.5;

/** Share of the value's characters that sit in word-like runs: an optional capital and 3+ lower-case letters. */
function wordCoverage(value: string): number {
  let inWords = 0;
  for (const m of value.matchAll(/[A-Z]?[a-z]{3,}/g)) {
    inWords += m[0].length;
  }
  return inWords / value.length;
}

/** Shannon entropy of the value's characters, in bits per character. */
function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) {
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
