/** Routes a verified provider event: saved methods to their service, payments to the order lifecycle. */
import type { AuditMeta } from '../audit/audit.types';
import type { OrderLifecycleService, WebhookOutcome } from '../orders/order-lifecycle.service';
import type { PaymentMethodService } from './payment-method.service';
import type { PaymentEvent } from './payment.types';

export class PaymentWebhookService {
  constructor(
    private readonly lifecycle: OrderLifecycleService,
    private readonly methods: PaymentMethodService,
  ) {}

  handle(event: PaymentEvent, meta: AuditMeta): Promise<WebhookOutcome> {
    return event.kind === 'SETUP_SUCCEEDED'
      ? this.methods.onSetupSucceeded(event)
      : this.lifecycle.onPaymentEvent(event, meta);
  }
}
