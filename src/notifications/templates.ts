/**
 * Message templates per event type and locale (language part of the BCP 47
 * tag), with English as the fallback. Money is formatted with Intl in the
 * currency's own minor units (¥1,500, €12.99, KWD 1.500). The texts state
 * only what the system does.
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
    case 'ORDER_STATUS_CHANGED':
      return statusChanged(event, locale, lang);
    case 'ORDER_REFUND_REQUESTED': {
      // The worker issues the refund; the customer hears when it is done (REFUNDED).
      const amount = money(event.payload.amount, locale);
      return {
        subject: 'Refund requested',
        body: `A refund of ${amount} is requested for order ${event.payload.orderId}.`,
      };
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
    case 'SUBSCRIPTION_RENEWED': {
      const what = productName ?? event.payload.productId;
      const total = money(event.payload.total, locale);
      const next = date(event.payload.renewsAt, locale);
      return {
        en: {
          subject: 'Your subscription renewed',
          body: `Your subscription to ${what} renewed: order ${event.payload.orderId}, ${total}. Next renewal: ${next}.`,
        },
        fr: {
          subject: 'Votre abonnement est renouvelé',
          body: `Votre abonnement à ${what} est renouvelé : commande ${event.payload.orderId}, ${total}. Prochain renouvellement : ${next}.`,
        },
        de: {
          subject: 'Ihr Abonnement wurde verlängert',
          body: `Ihr Abonnement für ${what} wurde verlängert: Bestellung ${event.payload.orderId}, ${total}. Nächste Verlängerung: ${next}.`,
        },
      }[lang];
    }
    case 'SUBSCRIPTION_RENEWAL_FAILED': {
      const what = productName ?? event.payload.productId;
      const retry = event.payload.retryAt ? date(event.payload.retryAt, locale) : null;
      return {
        en: {
          subject: 'Your subscription payment failed',
          body: retry
            ? `We could not charge your subscription to ${what} (${event.payload.failureCode}). We will try again on ${retry}; you can save another card meanwhile.`
            : `We could not charge your subscription to ${what} (${event.payload.failureCode}), and it is paused. Save another card and resume it.`,
        },
        fr: {
          subject: 'Le paiement de votre abonnement a échoué',
          body: retry
            ? `Nous n'avons pas pu débiter votre abonnement à ${what} (${event.payload.failureCode}). Nouvelle tentative le ${retry} ; vous pouvez enregistrer une autre carte d'ici là.`
            : `Nous n'avons pas pu débiter votre abonnement à ${what} (${event.payload.failureCode}) ; il est suspendu. Enregistrez une autre carte et reprenez-le.`,
        },
        de: {
          subject: 'Die Zahlung Ihres Abonnements ist fehlgeschlagen',
          body: retry
            ? `Wir konnten Ihr Abonnement für ${what} nicht belasten (${event.payload.failureCode}). Neuer Versuch am ${retry}; Sie können bis dahin eine andere Karte hinterlegen.`
            : `Wir konnten Ihr Abonnement für ${what} nicht belasten (${event.payload.failureCode}); es ist pausiert. Hinterlegen Sie eine andere Karte und setzen Sie es fort.`,
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

type StatusChanged = Extract<DomainEvent, { type: 'ORDER_STATUS_CHANGED' }>;

/** The customer's message for a move of their order (order-lifecycle.ts). */
function statusChanged(event: StatusChanged, locale: string, lang: Language): Rendered {
  const { orderId, to } = event.payload;
  const total = money(event.payload.total, locale);
  const refunded = event.payload.refunded ? money(event.payload.refunded, locale) : total;
  const tracking = `${event.payload.carrier ?? ''} ${event.payload.trackingNumber ?? ''}`.trim();
  const texts: Record<StatusChanged['payload']['to'], Record<Language, Rendered>> = {
    PAID: {
      en: { subject: 'Payment received', body: `We received ${total} for order ${orderId}.` },
      fr: {
        subject: 'Paiement reçu',
        body: `Nous avons reçu ${total} pour la commande ${orderId}.`,
      },
      de: {
        subject: 'Zahlung erhalten',
        body: `Wir haben ${total} für Bestellung ${orderId} erhalten.`,
      },
    },
    PAYMENT_FAILED: {
      en: {
        subject: 'Your payment did not go through',
        body: `The payment of ${total} for order ${orderId} was declined; the order is released. Please check out again.`,
      },
      fr: {
        subject: "Votre paiement n'a pas abouti",
        body: `Le paiement de ${total} pour la commande ${orderId} a été refusé ; la commande est libérée. Veuillez recommencer.`,
      },
      de: {
        subject: 'Ihre Zahlung ist fehlgeschlagen',
        body: `Die Zahlung von ${total} für Bestellung ${orderId} wurde abgelehnt; die Bestellung ist freigegeben. Bitte bestellen Sie erneut.`,
      },
    },
    FULFILLING: {
      en: { subject: 'Your order is being prepared', body: `Order ${orderId} is being packed.` },
      fr: {
        subject: 'Votre commande est en préparation',
        body: `La commande ${orderId} est en préparation.`,
      },
      de: {
        subject: 'Ihre Bestellung wird vorbereitet',
        body: `Bestellung ${orderId} wird verpackt.`,
      },
    },
    SHIPPED: {
      en: {
        subject: 'Your order has shipped',
        body: `Order ${orderId} is on its way: ${tracking}.`,
      },
      fr: {
        subject: 'Votre commande est expédiée',
        body: `La commande ${orderId} est en route : ${tracking}.`,
      },
      de: {
        subject: 'Ihre Bestellung ist unterwegs',
        body: `Bestellung ${orderId} ist unterwegs: ${tracking}.`,
      },
    },
    DELIVERED: {
      en: { subject: 'Your order was delivered', body: `Order ${orderId} was delivered.` },
      fr: { subject: 'Votre commande est livrée', body: `La commande ${orderId} est livrée.` },
      de: {
        subject: 'Ihre Bestellung wurde zugestellt',
        body: `Bestellung ${orderId} wurde zugestellt.`,
      },
    },
    REFUNDED: {
      en: {
        subject: 'Your refund is on its way',
        body: `We refunded ${refunded} for order ${orderId}.`,
      },
      fr: {
        subject: 'Votre remboursement est en route',
        body: `Nous avons remboursé ${refunded} pour la commande ${orderId}.`,
      },
      de: {
        subject: 'Ihre Erstattung ist unterwegs',
        body: `Wir haben ${refunded} für Bestellung ${orderId} erstattet.`,
      },
    },
    PARTIALLY_REFUNDED: {
      en: {
        subject: 'Part of your order was refunded',
        body: `We refunded ${refunded} of ${total} for order ${orderId}.`,
      },
      fr: {
        subject: 'Une partie de votre commande est remboursée',
        body: `Nous avons remboursé ${refunded} sur ${total} pour la commande ${orderId}.`,
      },
      de: {
        subject: 'Ein Teil Ihrer Bestellung wurde erstattet',
        body: `Wir haben ${refunded} von ${total} für Bestellung ${orderId} erstattet.`,
      },
    },
    // Never emitted as ORDER_STATUS_CHANGED (ORDER_PLACED and ORDER_CANCELLED say these).
    PENDING_PAYMENT: {
      en: { subject: 'Your order is placed', body: `Order ${orderId} waits for its payment.` },
      fr: {
        subject: 'Votre commande est enregistrée',
        body: `La commande ${orderId} attend son paiement.`,
      },
      de: {
        subject: 'Ihre Bestellung ist aufgegeben',
        body: `Bestellung ${orderId} wartet auf die Zahlung.`,
      },
    },
    CANCELLED: {
      en: { subject: 'Your order is cancelled', body: `Order ${orderId} (${total}) is cancelled.` },
      fr: {
        subject: 'Votre commande est annulée',
        body: `La commande ${orderId} (${total}) est annulée.`,
      },
      de: {
        subject: 'Ihre Bestellung ist storniert',
        body: `Bestellung ${orderId} (${total}) ist storniert.`,
      },
    },
  };
  return texts[to][lang];
}
