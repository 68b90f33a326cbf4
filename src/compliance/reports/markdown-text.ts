/**
 * Text safe inside a Markdown table cell.
 * @internal
 */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/`/g, "'");
}
