/**
 * Entities declared as data. One declaration per item type names, once:
 * - its `entity` attribute,
 * - its table key and index keys, as key templates (./key.ts), with the
 *   condition under which an index key is carried (sparse indexes),
 * - its item schema (zod), parsed on every read, never cast,
 * - its TTL, if it expires,
 * - its mapping to and from the domain type.
 *
 * Key builders, parsers, `begins_with` prefixes, cursor key sets and the
 * access-pattern table of docs/data-model.md all derive from it
 * (tests/unit/data/entities.test.ts checks that table against these).
 */
import type * as z from 'zod/mini';
import { lazy } from '../../lazy';
import { keyTemplate, type KeyTemplate, type KeyValues } from './key';

/** The table's key attributes, per index. `table` is the base table. */
export const TABLE_INDEXES = {
  table: { pk: 'PK', sk: 'SK' },
  GSI1: { pk: 'GSI1PK', sk: 'GSI1SK' },
  GSI2: { pk: 'GSI2PK', sk: 'GSI2SK' },
} as const;

export type IndexName = keyof typeof TABLE_INDEXES;
export type GlobalIndexName = Exclude<IndexName, 'table'>;

/** The TTL attribute (epoch seconds) DynamoDB deletes expired items by. */
export const TTL_ATTRIBUTE = 'expiresAt';

export const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** One key of an entity: partition and sort templates. */
export interface KeyDeclaration<PK extends string = string, SK extends string = string> {
  readonly pk: PK;
  readonly sk: SK;
}

/** An index key, carried only while `when` holds (absent: always). */
export interface IndexKeyDeclaration<
  D,
  PK extends string = string,
  SK extends string = string,
> extends KeyDeclaration<PK, SK> {
  readonly when?: (value: D) => boolean;
  /** What the `when` condition means, for docs/data-model.md. */
  readonly whenDoc?: string;
}

/** One access pattern an entity's key serves, for docs/data-model.md. */
export interface AccessPattern {
  readonly name: string;
  readonly index: IndexName;
  /** How the sort key is read: `=` (a get), `begins_with`, `between`, or whole partition. */
  readonly sort: 'get' | 'partition' | 'begins_with' | 'between' | '<';
  readonly order?: 'newest first' | 'oldest first' | 'ascending' | 'descending';
  /** Where the code is (repository and method). */
  readonly by: string;
}

type Templates<K> = K extends KeyDeclaration<infer PK, infer SK> ? PK | SK : never;
type IndexTemplates<I> = { [N in keyof I]-?: Templates<NonNullable<I[N]>> }[keyof I];

export interface EntityDeclaration<
  Name extends string,
  D,
  S extends z.ZodMiniType,
  Key extends KeyDeclaration,
  Indexes extends Partial<Record<GlobalIndexName, IndexKeyDeclaration<D>>>,
> {
  /** The `entity` attribute every item of this type carries. */
  readonly name: Name;
  readonly key: Key;
  readonly indexes?: Indexes;
  /** The stored attributes besides keys and `entity` (built on first use). */
  readonly schema: () => S;
  /** Time to live: the item expires `seconds` after the time `from` gives. */
  readonly ttl?: { readonly seconds: number; readonly from: (value: D) => string };
  /** The values of every key field, formatted for keys. */
  readonly keyValues: (value: D) => KeyValues<Templates<Key> | IndexTemplates<Indexes>>;
  /** Domain value → stored attributes (no keys, no `entity`, no TTL: those are added). */
  readonly toItem: (value: D) => z.input<S>;
  /** Parsed stored attributes (and the fields of its table key) → domain value. */
  readonly fromItem: (item: z.output<S>, key: KeyValues<Key['pk'] | Key['sk']>) => D;
  readonly patterns?: readonly AccessPattern[];
}

export interface IndexKey<PK extends string, SK extends string> {
  readonly index: IndexName;
  /** The index's key attribute names. */
  readonly attributes: { readonly pk: string; readonly sk: string };
  readonly pk: KeyTemplate<PK>;
  readonly sk: KeyTemplate<SK>;
  /** The partition value for a query. */
  readonly partition: (values: KeyValues<PK>) => string;
  /** The key attributes a cursor on this index holds: the index's and the table's. */
  readonly cursorAttributes: readonly string[];
}

export interface Entity<
  Name extends string,
  D,
  Key extends KeyDeclaration,
  Indexes extends Partial<Record<GlobalIndexName, IndexKeyDeclaration<D>>>,
> {
  readonly name: Name;
  readonly declaration: EntityDeclaration<Name, D, z.ZodMiniType, Key, Indexes>;
  /** The table key (`{ PK, SK }`) for these values. */
  readonly key: (values: KeyValues<Key['pk'] | Key['sk']>) => { PK: string; SK: string };
  /** The table key of a domain value. */
  readonly keyOf: (value: D) => { PK: string; SK: string };
  readonly table: IndexKey<Key['pk'], Key['sk']>;
  /** A global index's key templates and attributes. */
  readonly index: <I extends keyof Indexes & GlobalIndexName>(
    name: I,
  ) => IndexKey<NonNullable<Indexes[I]>['pk'], NonNullable<Indexes[I]>['sk']>;
  /** The index key attributes a value carries now (sparse indexes it is out of are absent). */
  readonly indexKeys: (value: D) => Record<string, string>;
  /** The index key attribute names of every index this entity can be in. */
  readonly indexAttributes: readonly string[];
  /** The whole stored item: keys, index keys, `entity`, attributes and TTL. */
  readonly item: (value: D) => Record<string, unknown>;
  /** Parses a stored item (its `entity` must match) into the domain value. */
  readonly parse: (item: unknown) => D;
  /** The TTL (epoch seconds) of a value, if the entity expires. */
  readonly expiresAt: (value: D) => number | undefined;
}

export class WrongEntityError extends Error {
  override readonly name = 'WrongEntityError';
}

function indexKey<PK extends string, SK extends string>(
  index: IndexName,
  declaration: KeyDeclaration<PK, SK>,
): IndexKey<PK, SK> {
  const attributes = TABLE_INDEXES[index];
  const pk = keyTemplate(declaration.pk);
  const sk = keyTemplate(declaration.sk);
  const table = TABLE_INDEXES.table;
  return {
    index,
    attributes,
    pk,
    sk,
    partition: (values) => pk.build(values),
    cursorAttributes:
      index === 'table' ? [table.pk, table.sk] : [table.pk, table.sk, attributes.pk, attributes.sk],
  };
}

export function defineEntity<
  const Name extends string,
  D,
  S extends z.ZodMiniType,
  const Key extends KeyDeclaration,
  // An entity declared without global indexes has none: `{}` is the intended default.
  const Indexes extends Partial<Record<GlobalIndexName, IndexKeyDeclaration<D>>> = Record<
    never,
    never
  >,
>(declaration: EntityDeclaration<Name, D, S, Key, Indexes>): Entity<Name, D, Key, Indexes> {
  const table = indexKey('table', declaration.key);
  const indexes = Object.entries(declaration.indexes ?? {}).map(([name, decl]) => ({
    key: indexKey(name as GlobalIndexName, decl),
    when: decl.when,
  }));
  const byName = new Map(indexes.map((i) => [i.key.index, i.key]));
  const schema = lazy(declaration.schema);
  const expiresAt = (value: D) =>
    declaration.ttl
      ? epochSeconds(declaration.ttl.from(value)) + declaration.ttl.seconds
      : undefined;
  const key = (values: Record<string, string>) => ({
    PK: table.pk.build(values),
    SK: table.sk.build(values),
  });
  const indexKeys = (value: D) => {
    const values = declaration.keyValues(value) as Record<string, string>;
    const out: Record<string, string> = {};
    for (const { key: k, when } of indexes) {
      if (when && !when(value)) continue;
      out[k.attributes.pk] = k.pk.build(values);
      out[k.attributes.sk] = k.sk.build(values);
    }
    return out;
  };
  return {
    name: declaration.name,
    declaration,
    key,
    keyOf: (value) => key(declaration.keyValues(value)),
    table,
    index: (name) => {
      const k = byName.get(name);
      if (!k) throw new Error(`${declaration.name} is not in ${name}`);
      return k;
    },
    indexKeys,
    indexAttributes: indexes.flatMap((i) => [i.key.attributes.pk, i.key.attributes.sk]),
    item: (value) => {
      const ttl = expiresAt(value);
      return {
        ...(declaration.toItem(value) as Record<string, unknown>),
        ...key(declaration.keyValues(value)),
        ...indexKeys(value),
        entity: declaration.name,
        ...(ttl === undefined ? {} : { [TTL_ATTRIBUTE]: ttl }),
      };
    },
    parse: (item) => {
      const found = (item as { entity?: unknown } | null)?.entity;
      if (found !== declaration.name) {
        throw new WrongEntityError(`Expected a ${declaration.name} item, found ${String(found)}`);
      }
      const stored = item as Record<string, unknown>;
      const keyFields = {
        ...table.pk.parse(String(stored[TABLE_INDEXES.table.pk])),
        ...table.sk.parse(String(stored[TABLE_INDEXES.table.sk])),
      } as KeyValues<Key['pk'] | Key['sk']>;
      return declaration.fromItem(schema().parse(item), keyFields);
    },
    expiresAt,
  };
}
