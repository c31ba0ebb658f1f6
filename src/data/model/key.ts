/**
 * Key templates: a key written once, as data, with named fields in braces,
 * e.g. `'PRODUCT#{id}'` or `'PRICE#{price}#{id}'`. The template is the one
 * definition of that key: builders, `begins_with` prefixes, parsers and the
 * access-pattern table of docs/data-model.md all come from it, and the
 * compiler knows its fields (`KeyFields<'A#{x}#{y}'>` is `'x' | 'y'`).
 */

/** The field names of a template. */
export type KeyFields<T extends string> = T extends `${string}{${infer Field}}${infer Rest}`
  ? Field | KeyFields<Rest>
  : never;

/** The values a template needs: each field as a string (already formatted). */
export type KeyValues<T extends string> = { readonly [F in KeyFields<T>]: string };

export interface KeyTemplate<T extends string = string> {
  readonly template: T;
  readonly fields: readonly KeyFields<T>[];
  /** The key for these values. */
  build(values: KeyValues<T>): string;
  /**
   * The key's literal text and values up to the first field not given: the
   * `begins_with` / range bound that selects every key starting with them.
   */
  prefix(values: Partial<KeyValues<T>>): string;
  /** The fields of a key built from this template, or undefined if it is not one. */
  parse(key: string): KeyValues<T> | undefined;
}

/**
 * Fields are parsed up to the next separator. Values are written verbatim:
 * ids reaching a key are validated at the edge (ID_PATTERN has no `#`), and
 * a value with a `#` only ever names another, nonexistent item of the same
 * partition scheme.
 */
const SEPARATOR = '#';
const FIELD = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function keyTemplate<const T extends string>(template: T): KeyTemplate<T> {
  // Literal pieces and fields, alternating: literal[0] {field[0]} literal[1] ...
  const literals: string[] = [];
  const fields: KeyFields<T>[] = [];
  let last = 0;
  for (const match of template.matchAll(FIELD)) {
    literals.push(template.slice(last, match.index));
    fields.push(match[1] as KeyFields<T>);
    last = match.index + match[0].length;
  }
  literals.push(template.slice(last));
  if (new Set<string>(fields).size !== fields.length) {
    throw new Error(`Key template ${template} names a field twice`);
  }
  const pattern = new RegExp(`^${literals.map(escapeRegExp).join(`([^${SEPARATOR}]*)`)}$`);
  const value = (values: Partial<Record<string, string>>, field: string): string | undefined =>
    values[field];
  return {
    template,
    fields,
    build(values) {
      let key = literals[0] ?? '';
      fields.forEach((field, i) => {
        const v = value(values, field);
        if (v === undefined) throw new Error(`Key ${template} needs ${field}`);
        key += v + (literals[i + 1] ?? '');
      });
      return key;
    },
    prefix(values) {
      let key = literals[0] ?? '';
      for (const [i, field] of fields.entries()) {
        const v = value(values, field);
        if (v === undefined) break;
        key += v + (literals[i + 1] ?? '');
      }
      return key;
    },
    parse(key) {
      const match = pattern.exec(key);
      if (!match) return undefined;
      return Object.fromEntries(
        fields.map((field, i) => [field, match[i + 1] ?? '']),
      ) as KeyValues<T>;
    },
  };
}
