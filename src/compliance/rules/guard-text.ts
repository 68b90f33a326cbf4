/**
 * `text` with every line but the first indented by `spaces`: a multi-line Guard fragment interpolated at an
 * indented place of a twin's clauses.
 * @internal
 */
export function nestGuard(text: string, spaces: number): string {
  return text.split('\n').join(`\n${' '.repeat(spaces)}`);
}
