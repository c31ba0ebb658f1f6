import type { Identity } from '../auth/identity';
import { NotFoundError } from '../errors';
import type { Page } from '../pagination';
import type { OrderRepository, RequestReads } from '../ports';
import { cursorArg, pageSize, requireId } from '../validation';
import type { Order } from './order.types';

/** How many newest orders one request reads at most for the landing page. */
export const RECENT_ORDERS = 10;

export class OrderService {
  constructor(private readonly orders: OrderRepository) {}

  /** The caller's order (an admin's: any); another customer's answers NOT_FOUND (no existence leak). */
  async get(identity: Identity, id: string): Promise<Order> {
    requireId(id);
    const order = await this.orders.get(id);
    if (!order || (!identity.isAdmin && order.customerId !== identity.customerId))
      throw new NotFoundError(`No order ${id}`);
    return order;
  }

  /**
   * Newest first. The first page of up to RECENT_ORDERS comes from the
   * request's shared read, so the landing page and recommendations cost one query.
   */
  async list(
    customerId: string,
    args: { first: number; after?: string | null },
    reads: RequestReads,
  ): Promise<Page<Order>> {
    const limit = pageSize(args.first);
    const after = cursorArg(args.after);
    if (!after && limit <= RECENT_ORDERS) {
      const recent = await reads.recentOrders(customerId);
      return {
        edges: recent.edges.slice(0, limit),
        hasNextPage: recent.edges.length > limit || recent.hasNextPage,
      };
    }
    return this.orders.listByCustomer(customerId, limit, after);
  }
}
