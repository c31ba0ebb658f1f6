import { randomUUID } from 'node:crypto';
import type { Identity } from '../auth/identity';
import { NotFoundError, ValidationError } from '../errors';
import type { ProductRepository, SubscriptionRepository } from '../ports';
import { requireId } from '../validation';
import {
  cancelSubscription,
  newSubscription,
  resumeSubscription,
  type Subscription,
  type SubscriptionInterval,
} from './subscription.types';

export class SubscriptionService {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly products: ProductRepository,
  ) {}

  /**
   * @throws ValidationError for an unknown or archived product.
   * @throws ConflictError when the customer already subscribes to it.
   */
  async subscribe(
    identity: Identity,
    productId: string,
    interval: SubscriptionInterval,
    now: () => Date,
  ): Promise<Subscription> {
    requireId(productId, 'productId');
    const product = await this.products.get(productId);
    if (!product || product.status !== 'ACTIVE') {
      throw new ValidationError(`Product ${productId} cannot be subscribed to`, 'productId');
    }
    const subscription = newSubscription(
      { id: randomUUID(), customerId: identity.customerId, productId, interval },
      now(),
    );
    await this.subscriptions.create(subscription);
    return subscription;
  }

  /**
   * @throws NotFoundError for a missing subscription or one of another customer.
   * @throws ConflictError when it is already cancelled (or is cancelled meanwhile).
   */
  async cancel(identity: Identity, id: string, now: () => Date): Promise<Subscription> {
    requireId(id);
    const subscription = await this.subscriptions.get(id);
    if (!subscription || subscription.customerId !== identity.customerId) {
      throw new NotFoundError(`No subscription ${id}`);
    }
    const cancelled = cancelSubscription(subscription, now().toISOString());
    await this.subscriptions.cancel(cancelled);
    return cancelled;
  }

  /**
   * Resumes a PAUSED subscription: charged at the next run of the renewal job.
   * @throws NotFoundError for a missing subscription or one of another customer.
   * @throws ConflictError unless it is PAUSED.
   */
  async resume(identity: Identity, id: string, now: () => Date): Promise<Subscription> {
    requireId(id);
    const subscription = await this.subscriptions.get(id);
    if (!subscription || subscription.customerId !== identity.customerId) {
      throw new NotFoundError(`No subscription ${id}`);
    }
    const resumed = resumeSubscription(subscription, now());
    await this.subscriptions.resume(resumed);
    return resumed;
  }
}
