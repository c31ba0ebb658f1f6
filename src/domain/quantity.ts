/** Lines that carry a quantity: cart lines, order lines, an order event's lines. */
export interface Counted {
  readonly quantity: number;
}

/** The number of units across lines (a cart's `itemCount`, "3 item(s)" in messages). */
export function unitCount(lines: readonly Counted[]): number {
  return lines.reduce((n, line) => n + line.quantity, 0);
}
