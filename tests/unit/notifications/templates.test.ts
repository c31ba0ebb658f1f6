import type { DomainEvent } from '../../../src/domain/events';
import type { Money } from '../../../src/domain/money';
import { renderMessage } from '../../../src/domain/notifications/notification.service';
import { render } from '../../../src/notifications/templates';

const envelope = {
  eventId: '3f0c2a52-8d55-4a0e-9a53-1f0b7f1d2c11',
  version: 1 as const,
  occurredAt: '2026-05-04T12:00:00.000Z',
  correlationId: 'test',
  customerId: 'c-1',
};
const placed = (total: Money): DomainEvent => ({
  ...envelope,
  type: 'ORDER_PLACED',
  payload: { orderId: 'o-1', total, lines: [{ productId: 'p-1', name: 'Tea', quantity: 2 }] },
});
const cancelled = (total: Money): DomainEvent => ({
  ...envelope,
  type: 'ORDER_CANCELLED',
  payload: { orderId: 'o-1', total },
});

describe('notification texts', () => {
  it.each([
    [{ amount: 1500, currency: 'JPY' }, 'en-GB', 'JP¥1,500', '1500 JPY'],
    [{ amount: 1500, currency: 'KWD' }, 'en-GB', 'KWD\u00a01.500', '1.500 KWD'],
    [{ amount: 1299, currency: 'EUR' }, 'de-DE', '12,99\u00a0€', '12.99 EUR'],
    [{ amount: 1299, currency: 'USD' }, 'en-US', '$12.99', '12.99 USD'],
  ])('formats %j in the currency’s own minor units (%s)', (total, locale, mailed, listed) => {
    expect(render(placed(total), locale).body).toContain(`, ${mailed})`);
    expect(render(cancelled(total), locale).body).toContain(`(${mailed})`);
    expect(renderMessage(placed(total))).toContain(`, ${listed}.`);
    expect(renderMessage(cancelled(total))).toContain(`(${listed})`);
  });

  it('does not promise a refund on cancellation, in any language', () => {
    const total = { amount: 1299, currency: 'EUR' };
    const texts = [
      ...['en-GB', 'fr-FR', 'de-DE'].map((locale) => render(cancelled(total), locale).body),
      renderMessage(cancelled(total)),
    ];

    expect(texts).toEqual([
      'Order o-1 (€12.99) is cancelled.',
      'La commande o-1 (12,99\u00a0€) est annulée.',
      'Bestellung o-1 (12,99\u00a0€) ist storniert.',
      'Order o-1 (12.99 EUR) is cancelled.',
    ]);
    for (const text of texts) expect(text).not.toMatch(/refund|rembours|erstatt/i);
  });
});
