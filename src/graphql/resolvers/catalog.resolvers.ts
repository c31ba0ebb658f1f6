import { isInStock } from '../../domain/catalog/product.types';
import type { Resolvers } from '../__generated__/resolvers-types';
import { requireIdentity } from '../context';
import { firstOf } from '../page-sizes';
import { toConnection } from './connection';

export const catalogResolvers: Resolvers = {
  Product: {
    // `stock` and `costPrice` resolve by default, behind @auth(requires: ADMIN).
    inStock: (product) => isInStock(product),
  },
  Query: {
    product: async (_parent, { id }, { reads }) => (await reads.product(id)) ?? null,
    products: async (_parent, args, { services }) =>
      toConnection(
        await services.products.list({ ...args, first: firstOf('Query.products', args.first) }),
      ),
  },
  Mutation: {
    createProduct: (_parent, { input }, context) =>
      context.services.products.create(
        {
          sku: input.sku,
          name: input.name,
          description: input.description ?? '',
          category: input.category,
          price: { amount: input.price.amount, currency: input.price.currency },
          ...(input.costPrice != null
            ? {
                costPrice: {
                  amount: input.costPrice.amount,
                  currency: input.costPrice.currency,
                },
              }
            : {}),
          stock: input.stock,
        },
        requireIdentity(context),
        context,
      ),
    updateProduct: (_parent, { id, input, expectedVersion }, context) =>
      context.services.products.update(
        id,
        {
          ...(input.name != null ? { name: input.name } : {}),
          ...(input.description != null ? { description: input.description } : {}),
          ...(input.category != null ? { category: input.category } : {}),
          ...(input.price != null
            ? { price: { amount: input.price.amount, currency: input.price.currency } }
            : {}),
          ...(input.costPrice != null
            ? {
                costPrice: {
                  amount: input.costPrice.amount,
                  currency: input.costPrice.currency,
                },
              }
            : {}),
        },
        expectedVersion,
        requireIdentity(context),
        context,
      ),
    archiveProduct: (_parent, { id }, context) =>
      context.services.products.archive(id, requireIdentity(context), context),
    adjustStock: (_parent, { id, delta }, context) =>
      context.services.products.adjustStock(id, delta, requireIdentity(context), context),
  },
};
