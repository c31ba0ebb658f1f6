import type { Product } from '../../domain/catalog/product.types';
import type { RequestReads } from '../../domain/ports';

/** Resolves a referenced product through the request's DataLoader. */
export async function productById(reads: RequestReads, id: string): Promise<Product> {
  const product = await reads.product(id);
  // Products are archived, never deleted: a dangling reference is a bug.
  if (!product) throw new Error(`Product ${id} referenced but missing`);
  return product;
}
