import { Lazy } from 'aws-cdk-lib';
import {
  alarmDescription,
  ec2Description,
  iamDescription,
  kmsDescription,
  logGroupName,
  snsDisplayName,
  wafMetricName,
  wafName,
} from '../../src/core/aws-text';

/** What each service accepts, written out again from its documentation rather than taken from the module. */
const cases: Array<{
  name: string;
  fit: (text: string) => string;
  valid: RegExp;
  maxLength: number;
  allowed: string;
  disallowed: string[];
}> = [
  {
    name: 'ec2Description',
    fit: ec2Description,
    valid: /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/,
    maxLength: 255,
    allowed: 'Stack/Fn: HTTPS to (a) #1, @b [c] +=&; {d}! $e * f_g-h.i/j',
    disallowed: ["'", '"', '<', '>', 'Ü', 'é', '😀', '\t', '\n', '%', '?', '\\', '|', '~', '^', '`'],
  },
  {
    name: 'iamDescription',
    fit: iamDescription,
    valid: /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/u,
    maxLength: 1000,
    allowed: 'Execution role of Stack/Ünïcødé\'s "Fn" <x> ~`^|\\ ¡ÿ\ttab',
    disallowed: ['😀', '\u0000', '\u00A0', 'Ā', '中', '\u2028'],
  },
  {
    name: 'kmsDescription',
    fit: kmsDescription,
    valid: /^[^\u0000-\u0008\u000B-\u001F\u007F]*$/u,
    maxLength: 8192,
    allowed: 'Encrypts data at rest in Stack\'s "x" <y> Ünïcødé 😀',
    disallowed: ['\u0000', '\u001B', '\u007F'],
  },
  {
    name: 'snsDisplayName',
    fit: snsDisplayName,
    valid: /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/u,
    maxLength: 100,
    allowed: 'Alarms of My-Stack_1 with\ttab',
    disallowed: ['\n', '\u0000', '\u007F'],
  },
  {
    name: 'alarmDescription',
    fit: alarmDescription,
    valid: /^[^\u0000-\u0008\u000B-\u001F\u007F]*$/u,
    maxLength: 1024,
    allowed: 'Stack/Ünïcødé\'s "Fn" <x> 😀 reported errors (p99 >= 80%)',
    disallowed: ['\u0000', '\u001B', '\u007F'],
  },
  {
    name: 'wafName',
    fit: wafName,
    valid: /^[0-9A-Za-z_-]{1,128}$/,
    maxLength: 128,
    allowed: 'StackApiFirewall_1-ABCDEF',
    disallowed: [' ', '.', '/', ':', "'", 'Ü', '😀'],
  },
  {
    name: 'wafMetricName',
    fit: wafMetricName,
    valid: /^[\w#:.\-/]{1,128}$/,
    maxLength: 128,
    allowed: 'Stack-Api_Firewall#1:a.b/c',
    disallowed: [' ', "'", '"', '<', 'Ü', '😀', '\t'],
  },
  {
    name: 'logGroupName',
    fit: (text) => logGroupName(text),
    valid: /^[.\-_/#A-Za-z0-9]{1,512}$/,
    maxLength: 512,
    allowed: '/aws/lambda/My-Fn_1.x#y',
    disallowed: [' ', ':', "'", '"', 'Ü', '😀', '*'],
  },
];

const codePoints = (text: string) => Array.from(text).length;

describe.each(cases)('$name', ({ fit, valid, maxLength, allowed, disallowed }) => {
  test('leaves allowed text unchanged', () => {
    expect(valid.test(allowed)).toBe(true);
    expect(fit(allowed)).toBe(allowed);
  });

  test.each(disallowed)('replaces %j with _', (character) => {
    const text = `a${character}b`;
    expect(valid.test(text)).toBe(false);

    const fitted = fit(text);

    expect(fitted).toBe('a_b');
    expect(valid.test(fitted)).toBe(true);
  });

  test('keeps text of exactly the limit, and shortens longer text to the limit, keeping its end', () => {
    const atLimit = 'x'.repeat(maxLength);
    expect(fit(atLimit)).toBe(atLimit);

    const long = `${'Outer/'.repeat(100)}${'y'.repeat(maxLength)}-the-end`;
    const fitted = fit(long);

    expect(codePoints(fitted)).toBe(maxLength);
    expect(fitted.endsWith('-the-end')).toBe(true);
    expect(fitted).toMatch(/^[0-9a-f]{8}/);
    expect(valid.test(fitted)).toBe(true);
  });

  test('two long texts that differ only at the start stay distinct', () => {
    const tail = `/${'z'.repeat(maxLength)}/Function`;
    const a = fit(`StackA${tail}`);
    const b = fit(`StackB${tail}`);

    expect(a).not.toBe(b);
    expect(codePoints(a)).toBe(maxLength);
    expect(codePoints(b)).toBe(maxLength);
  });

  test('two long texts that differ only in a refused character stay distinct', () => {
    const tail = `/${'z'.repeat(maxLength)}`;
    expect(fit(`It's\u0000${tail}`)).not.toBe(fit(`It"s\u0001${tail}`));
  });

  test('counts an emoji as one character and never splits it', () => {
    const fitted = fit('😀'.repeat(maxLength + 10));

    expect(codePoints(fitted)).toBeLessThanOrEqual(maxLength);
    expect(fitted).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  test('is stable: the same text always gives the same result', () => {
    const long = 'w'.repeat(maxLength * 2);
    expect(fit(long)).toBe(fit(long));
  });

  test('returns an unresolved token as it is', () => {
    const token = Lazy.string({ produce: () => 'x' });
    expect(fit(token)).toBe(token);
  });
});

describe('logGroupName with a prefix', () => {
  test('keeps the prefix whole when the name is shortened', () => {
    const fitted = logGroupName('n'.repeat(600), 'aws-waf-logs-');

    expect(fitted.startsWith('aws-waf-logs-')).toBe(true);
    expect(fitted).toHaveLength(512);
    expect(fitted).toMatch(/^[.\-_/#A-Za-z0-9]{1,512}$/);
  });

  test('leaves a short valid name unchanged', () => {
    expect(logGroupName('StackApiFirewall1234', 'aws-waf-logs-')).toBe('aws-waf-logs-StackApiFirewall1234');
  });
});

describe('text that is only refused characters', () => {
  test('becomes replacement characters, never empty', () => {
    expect(wafName('😀')).toBe('_');
    expect(wafName('')).toBe('_');
  });
});
