/**
 * Message templates per event type and locale (language part of the BCP 47
 * tag), with English as the fallback. Money is formatted with Intl in the
 * currency's own minor units (¥1,500, €12.99, KWD 1.500). The texts state
 * only what the system does: no payment is taken or refunded by it yet, so
 * none is promised.
 */
import { UnreachableCaseError } from '../domain/errors';
import type { DomainEvent } from '../domain/events';
import { formatMoney as money } from '../domain/money';
import { unitCount } from '../domain/quantity';

export interface Rendered {
  readonly subject: string;
  readonly body: string;
}

type Language = 'en' | 'fr' | 'de';

const date = (iso: string, locale: string): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));

const languageOf = (locale: string): Language => {
  const language = locale.slice(0, 2).toLowerCase();
  return language === 'fr' || language === 'de' ? language : 'en';
};

/** Renders the customer-facing message of an event. */
export function render(event: DomainEvent, locale: string, productName?: string): Rendered {
  const lang = languageOf(locale);
  switch (event.type) {
    case 'ORDER_PLACED': {
      const total = money(event.payload.total, locale);
      const units = unitCount(event.payload.lines);
      return {
        en: {
          subject: 'Your order is confirmed',
          body: `Thank you! Order ${event.payload.orderId} (${units} item(s), ${total}) is placed.`,
        },
        fr: {
          subject: 'Votre commande est confirmée',
          body: `Merci ! La commande ${event.payload.orderId} (${units} article(s), ${total}) est enregistrée.`,
        },
        de: {
          subject: 'Ihre Bestellung ist bestätigt',
          body: `Danke! Bestellung ${event.payload.orderId} (${units} Artikel, ${total}) ist aufgegeben.`,
        },
      }[lang];
    }
    case 'ORDER_CANCELLED': {
      const total = money(event.payload.total, locale);
      return {
        en: {
          subject: 'Your order is cancelled',
          body: `Order ${event.payload.orderId} (${total}) is cancelled.`,
        },
        fr: {
          subject: 'Votre commande est annulée',
          body: `La commande ${event.payload.orderId} (${total}) est annulée.`,
        },
        de: {
          subject: 'Ihre Bestellung ist storniert',
          body: `Bestellung ${event.payload.orderId} (${total}) ist storniert.`,
        },
      }[lang];
    }
    case 'SUBSCRIPTION_RENEWAL_DUE': {
      const when = date(event.payload.renewsAt, locale);
      const what = productName ?? event.payload.productId;
      return {
        en: {
          subject: 'Your subscription renews soon',
          body: `Your subscription to ${what} renews on ${when}.`,
        },
        fr: {
          subject: 'Votre abonnement sera bientôt renouvelé',
          body: `Votre abonnement à ${what} sera renouvelé le ${when}.`,
        },
        de: {
          subject: 'Ihr Abonnement verlängert sich bald',
          body: `Ihr Abonnement für ${what} verlängert sich am ${when}.`,
        },
      }[lang];
    }
    case 'PRODUCT_CREATED':
      return {
        subject: 'New product',
        body: `New product ${productName ?? event.payload.name} (${event.payload.sku}) is in the catalog.`,
      };
    default:
      throw new UnreachableCaseError(event);
  }
}
