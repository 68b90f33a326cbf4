/**
 * Numbers in the rules' Guard twins: what `literalNumber` (template-values.ts) reads as a number, compared the way
 * JavaScript compares it, for twins whose checks bound a number (token validities, password lengths, throttling).
 */

/** JavaScript's white space, which Number() trims, as a Guard (Rust) regex class. */
const JS_SPACE =
  '[\\t\\n\\x0B\\x0C\\r \\xA0\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';
const DECIMAL = '[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?';
/** The integer literals Number() reads besides decimals: prefix and digits (as regexes), and radix. */
const RADIX_LITERALS: ReadonlyArray<readonly [string, string, number]> = [
  ['0[xX]', '[0-9a-fA-F]', 16],
  ['0[bB]', '[01]', 2],
  ['0[oO]', '[0-7]', 8],
];

/**
 * A Guard regex for the strings `literalNumber` reads as a number: what JavaScript's Number() parses, blank
 * excepted.
 * @internal
 */
export const GUARD_LITERAL_NUMBER = `/^${JS_SPACE}*(${DECIMAL}|[+-]?Infinity|0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+)${JS_SPACE}*$/`;

/** A Guard float literal for `x` (Guard does not compare integers with floats). */
function guardFloat(x: number): string {
  const text = String(x);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** A regex (without anchors) for the numbers at most `n` (a non-negative integer) in `radix`, without leading zeros. */
function atMostRegex(n: number, radix: number): string {
  const digit = (d: number) => {
    const c = d.toString(radix);
    return c === c.toUpperCase() ? c : `${c}${c.toUpperCase()}`;
  };
  const range = (lo: number, hi: number) =>
    lo > hi ? undefined : `[${Array.from({ length: hi - lo + 1 }, (_, i) => digit(lo + i)).join('')}]`;
  const digits = n
    .toString(radix)
    .split('')
    .map((c) => parseInt(c, radix));
  const any = range(0, radix - 1)!;
  const alternatives = [''];
  if (digits.length > 1) {
    alternatives.push(`${range(1, radix - 1)}${any}{0,${digits.length - 2}}`);
  }
  digits.forEach((d, i) => {
    const lower = range(i === 0 ? 1 : 0, d - 1);
    if (lower) {
      const prefix = digits
        .slice(0, i)
        .map((p) => range(p, p))
        .join('');
      alternatives.push(`${prefix}${lower}${i === digits.length - 1 ? '' : `${any}{${digits.length - 1 - i}}`}`);
    }
  });
  if (n > 0) {
    alternatives.push(digits.map((p) => range(p, p)).join(''));
  }
  return `(${alternatives.join('|')})`;
}

let guardVariables = 0;

/**
 * Guard clauses that hold when `value` (a Guard query of a literal number, see GUARD_LITERAL_NUMBER) is at most
 * `max` (`atMost`) or at least `max` (`!atMost`), as JavaScript compares the number literalNumber reads; other
 * values pass them. `max` is a non-negative double; for `!atMost`, an integer.
 * @internal
 */
export function guardNumberBound(value: string, max: number, atMost: boolean): string {
  const n = `number_${guardVariables++}`;
  const [within, beyond] = atMost ? ['<=', '>'] : ['>=', '<'];
  const lines = [
    `${value} !is_int or ${value} ${within} ${atMost ? Math.floor(max) : Math.ceil(max)} <<MESSAGE>>`,
    `${value} !is_float or ${value} ${within} ${guardFloat(max)} <<MESSAGE>>`,
    // A parsed string can be infinite, which Guard cannot report: compared in a condition, it fails on the string.
    // Guard's regex_replace gives the replacement expanded with the match's groups.
    `when ${value} == /^${JS_SPACE}*${DECIMAL}${JS_SPACE}*$/ {`,
    `  let ${n}_text = regex_replace(${value}, "^${JS_SPACE}*([0-9eE.+-]+)${JS_SPACE}*$", "$1")`,
    `  let ${n} = parse_float(%${n}_text)`,
    `  when %${n} ${beyond} ${guardFloat(max)} {`,
    `    ${value} !exists <<MESSAGE>>`,
    '  }',
    '}',
    `when ${value} == /^${JS_SPACE}*[+-]?Infinity${JS_SPACE}*$/ {`,
    `  ${value} == /^${JS_SPACE}*${atMost ? '-' : '[+]?'}Infinity${JS_SPACE}*$/ <<MESSAGE>>`,
    '}',
    ...RADIX_LITERALS.flatMap(([prefix, digits, radix]) => {
      const limit = atMost ? Math.floor(max) : Math.ceil(max) - 1;
      const small = `/^${JS_SPACE}*${prefix}0*${atMostRegex(limit, radix)}${JS_SPACE}*$/`;
      return [
        `when ${value} == /^${JS_SPACE}*${prefix}${digits}+${JS_SPACE}*$/ {`,
        `  ${value} ${atMost ? '==' : '!='} ${small} <<MESSAGE>>`,
        '}',
      ];
    }),
  ];
  return lines.join('\n');
}

/**
 * The largest double `a` for which JavaScript finds `a * factor <= limit` (factor > 0).
 * @internal
 */
export function largestWithin(limit: number, factor: number): number {
  const bits = new DataView(new ArrayBuffer(8));
  const step = (x: number, up: boolean) => {
    if (x === 0) {
      return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
    }
    bits.setFloat64(0, x);
    const word = bits.getBigInt64(0);
    bits.setBigInt64(0, word + (x > 0 === up ? 1n : -1n));
    return bits.getFloat64(0);
  };
  let a = limit / factor;
  while (a * factor > limit) {
    a = step(a, false);
  }
  while (step(a, true) * factor <= limit) {
    a = step(a, true);
  }
  return a;
}
