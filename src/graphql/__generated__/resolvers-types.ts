import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Product as ProductModel } from '../../domain/catalog/product.types';
import type { Customer as CustomerModel, Preferences as PreferencesModel } from '../../domain/customers/customer.types';
import type { Cart as CartModel, CartLine as CartLineModel } from '../../domain/cart/cart.types';
import type { Order as OrderModel, OrderLine as OrderLineModel, Order as OrderPaymentModel } from '../../domain/orders/order.types';
import type { Subscription as SubscriptionModel } from '../../domain/subscriptions/subscription.types';
import type { Notification as NotificationModel, CustomerNotification as CustomerNotificationModel } from '../../domain/notifications/notification.types';
import type { ViewerModel } from '../models';
import type { Address as AddressModel } from '../../domain/addresses/address';
import type { AuditEntry as AuditEntryModel } from '../../domain/audit/audit.types';
import type { GraphQLContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * An integer, serialized as a JSON number, exact within ±(2^53 - 1) (9,007,199,254,740,991):
   * what a JSON number and a JavaScript `number` hold without rounding. Money
   * amounts use it because GraphQL's `Int` is 32-bit, which a cart subtotal can exceed.
   */
  SafeInt: { input: number; output: number; }
};

/** A postal address in a customer's address book, normalised (postal code case and spacing, E.164 phone). */
export type Address = {
  __typename?: 'Address';
  city: Scalars['String']['output'];
  country: CountryCode;
  createdAt: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  line1: Scalars['String']['output'];
  line2: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  /** E.164, e.g. +442071838750. */
  phone: Maybe<Scalars['String']['output']>;
  postalCode: Scalars['String']['output'];
  /** The subdivision code (e.g. CA, ON, NSW) in the US, Canada and Australia; null elsewhere. */
  region: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['String']['output'];
};

/** An address as a customer enters it; validated for its country. */
export type AddressInput = {
  /** At most 60 characters. */
  city: Scalars['String']['input'];
  country: CountryCode;
  /** At most 100 characters. */
  line1: Scalars['String']['input'];
  /** At most 100 characters. */
  line2?: InputMaybe<Scalars['String']['input']>;
  /** At most 100 characters. */
  name: Scalars['String']['input'];
  /** An international number (+ and country code); spaces, dots, hyphens and brackets are ignored. */
  phone?: InputMaybe<Scalars['String']['input']>;
  postalCode: Scalars['String']['input'];
  /** Required in US, CA and AU (e.g. CA or US-CA); refused elsewhere. */
  region?: InputMaybe<Scalars['String']['input']>;
};

export type AuditAction =
  | 'ORDER_CANCELLED'
  | 'ORDER_PLACED'
  /** A refund asked of the payment provider (by an admin, or by a cancellation). */
  | 'ORDER_REFUND_REQUESTED'
  /** Any other move of the order lifecycle (paid, payment failed, fulfilling, shipped, delivered, refunded). */
  | 'ORDER_STATUS_CHANGED'
  | 'PRODUCT_ARCHIVED'
  | 'PRODUCT_CREATED'
  | 'PRODUCT_UPDATED'
  | 'STOCK_ADJUSTED';

/** Who made an audited change. */
export type AuditActor = {
  __typename?: 'AuditActor';
  /** The token subject (customer or admin id). */
  id: Scalars['ID']['output'];
  /** ADMIN when the token carried the admin group. */
  role: Role;
};

/** One audited change, written in the same transaction as the change itself. */
export type AuditEntry = {
  __typename?: 'AuditEntry';
  action: AuditAction;
  actor: AuditActor;
  /** The same fields after the change, as a JSON object. */
  after: Maybe<Scalars['String']['output']>;
  /** When the change was made (ISO 8601). */
  at: Scalars['String']['output'];
  /** The fields the change touched, before it, as a JSON object; null for a creation. */
  before: Maybe<Scalars['String']['output']>;
  /** The correlation id of the request (x-correlation-id, or a generated one). */
  correlationId: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** The API request that made the change (the Lambda request id). */
  requestId: Scalars['String']['output'];
  targetId: Scalars['ID']['output'];
  targetType: AuditTargetType;
};

export type AuditEntryConnection = {
  __typename?: 'AuditEntryConnection';
  edges: Array<AuditEntryEdge>;
  pageInfo: PageInfo;
};

export type AuditEntryEdge = {
  __typename?: 'AuditEntryEdge';
  cursor: Scalars['String']['output'];
  node: AuditEntry;
};

export type AuditTargetType =
  | 'ORDER'
  | 'PRODUCT';

export type CacheControlScope =
  | 'PRIVATE'
  | 'PUBLIC';

/** The customer's cart; it expires after 30 days without changes. */
export type Cart = {
  __typename?: 'Cart';
  /** Total units. */
  itemCount: Scalars['Int']['output'];
  items: Array<CartItem>;
  /** Sum of the line totals. */
  subtotal: Money;
  updatedAt: Maybe<Scalars['String']['output']>;
};

export type CartItem = {
  __typename?: 'CartItem';
  /** Current unit price × quantity. */
  lineTotal: Money;
  product: Product;
  quantity: Scalars['Int']['output'];
};

/** The countries addresses may be in and shipping delivers to (ISO 3166-1 alpha-2). */
export type CountryCode =
  | 'AT'
  | 'AU'
  | 'BE'
  | 'CA'
  | 'DE'
  | 'DK'
  | 'ES'
  | 'FR'
  | 'GB'
  | 'IE'
  | 'IT'
  | 'JP'
  | 'NL'
  | 'NZ'
  | 'PL'
  | 'SE'
  | 'US';

export type CreateProductInput = {
  /** 1-50 lower-case letters, digits or dashes. */
  category: Scalars['String']['input'];
  /** What one unit costs us, in the currency of `price`. Admins only ever see it. */
  costPrice?: InputMaybe<MoneyInput>;
  /** Up to 5,000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** 1-200 characters. */
  name: Scalars['String']['input'];
  price: MoneyInput;
  /** 2-40 upper-case letters, digits or dashes. */
  sku: Scalars['String']['input'];
  /** 0..1,000,000 units. */
  stock: Scalars['Int']['input'];
};

/** A customer's profile. */
export type Customer = {
  __typename?: 'Customer';
  createdAt: Scalars['String']['output'];
  email: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Maybe<Scalars['String']['output']>;
};

/** A notification addressed to the signed-in customer. */
export type CustomerNotification = {
  __typename?: 'CustomerNotification';
  channel: Maybe<NotificationChannel>;
  createdAt: Scalars['String']['output'];
  /** Opaque id, for markNotificationRead. */
  id: Scalars['ID']['output'];
  message: Scalars['String']['output'];
  /** When the customer marked it read, or null. */
  readAt: Maybe<Scalars['String']['output']>;
  status: NotificationStatus;
  subject: Scalars['String']['output'];
  /** The event type that produced it: ORDER_PLACED, ORDER_CANCELLED, SUBSCRIPTION_RENEWAL_DUE. */
  type: Scalars['String']['output'];
};

export type CustomerNotificationConnection = {
  __typename?: 'CustomerNotificationConnection';
  edges: Array<CustomerNotificationEdge>;
  pageInfo: PageInfo;
};

export type CustomerNotificationEdge = {
  __typename?: 'CustomerNotificationEdge';
  cursor: Scalars['String']['output'];
  node: CustomerNotification;
};

/** Health of the deployment. */
export type Health = {
  __typename?: 'Health';
  /** Whether DynamoDB answered. */
  database: Scalars['Boolean']['output'];
  /** The deployment stage (dev, staging, prod). */
  stage: Scalars['String']['output'];
  /** OK when every dependency answers, DEGRADED otherwise. */
  status: HealthStatus;
};

export type HealthStatus =
  | 'DEGRADED'
  | 'OK';

/** An amount of money in minor units. */
export type Money = {
  __typename?: 'Money';
  /**
   * Amount in the currency's ISO 4217 minor units (cents for EUR and USD, yen
   * for JPY, thousandths for KWD). Order totals are at most 99,999,999; a
   * cart's subtotal or line total at current prices can be larger.
   */
  amount: Scalars['SafeInt']['output'];
  /** ISO 4217 currency code, upper case. */
  currency: Scalars['String']['output'];
};

export type MoneyInput = {
  /** Amount in minor units, 0..99,999,999 (MAX_UNIT_PRICE). */
  amount: Scalars['Int']['input'];
  /** ISO 4217 currency code (three upper-case letters). */
  currency: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Adds an address to the signed-in customer's book (at most 20). The first
   * address, or one added with `makeDefault`, becomes the default.
   * BAD_USER_INPUT naming the field (e.g. `input.postalCode`) for an invalid
   * address, or `input` when the book is full.
   */
  addAddress: Address;
  /**
   * Adds `quantity` (1..99) of a product to the cart, or adds to the line
   * already there (1..99 in all). A cart holds at most 25 products, and its
   * subtotal may not pass 99,999,999 minor units (BAD_USER_INPUT).
   */
  addToCart: Cart;
  /**
   * Admin: adds `delta` (non-zero, within ±1,000,000; may be negative) to the
   * stock. BAD_USER_INPUT if the stock would leave 0..1,000,000.
   */
  adjustStock: Product;
  /** Admin: archives a product: it leaves listings and can no longer be bought. */
  archiveProduct: Product;
  /**
   * Cancels an order of the caller's that has not shipped (PENDING_PAYMENT,
   * PAID or FULFILLING) and puts its stock back; a paid order is refunded in
   * full, and becomes REFUNDED when the payment provider confirms. CONFLICT
   * otherwise, or when putting the stock back would take a product's stock above
   * 1,000,000 (nothing is written).
   */
  cancelOrder: Order;
  /** Cancels one of the signed-in customer's subscriptions (ACTIVE or PAUSED). */
  cancelSubscription: ProductSubscription;
  /**
   * Places an order for the whole cart in one transaction: stock is taken for
   * every line or for none (OUT_OF_STOCK names the product). A cart whose total
   * exceeds 99,999,999 minor units answers BAD_USER_INPUT and nothing is written. Retrying with the
   * same `idempotencyKey` (8-64 characters of letters, digits, '-' or '_')
   * returns the same order. A customer may make a limited number of attempts a
   * minute (10 by default, retries included); the next ones answer RATE_LIMITED
   * with `extensions.retryAfter` seconds.
   *
   * With `shipping`, the order ships to one of the customer's addresses by a
   * shipping method that delivers there, and its total is the lines plus the
   * method's price (tax included, as prices are; free shipping applies from
   * the method's threshold). BAD_USER_INPUT for an address that is not the
   * customer's, or a method that does not deliver there or is not priced in
   * the cart's currency. Without it nothing is shipped (digital goods, pickup).
   *
   * The order is PENDING_PAYMENT: its stock is reserved until `reservedUntil`,
   * and `payment.clientSecret` is what the client confirms the payment with
   * (Stripe.js `confirmCardPayment`). The payment provider's webhook moves it to
   * PAID or PAYMENT_FAILED; a reservation that lapses unpaid is cancelled and
   * restocked. SERVICE_UNAVAILABLE (retryable) when the payment provider does
   * not answer: nothing is written.
   */
  checkout: Order;
  /** Admin: creates a product. BAD_USER_INPUT for invalid input, CONFLICT when the SKU exists. */
  createProduct: Product;
  /** Admin: SHIPPED → DELIVERED. */
  markDelivered: Order;
  /** Marks one of the signed-in customer's notifications as read (NOT_FOUND for any other id). */
  markNotificationRead: CustomerNotification;
  /**
   * Admin: refunds `amount` minor units of the order's currency (everything not
   * yet refunded when absent) of a paid order. The refund is asked of the
   * payment provider at once; the order becomes PARTIALLY_REFUNDED or REFUNDED
   * when the provider confirms it. BAD_USER_INPUT for more than is left.
   */
  refundOrder: Order;
  /** Removes an address and answers its id; removing the default leaves no default. NOT_FOUND as above. */
  removeAddress: Scalars['ID']['output'];
  /** Removes a line from the cart. NOT_FOUND when the product is not in the cart. */
  removeCartItem: Cart;
  /** Resumes a PAUSED subscription: it renews (and is charged) at the next run of the renewal job. CONFLICT unless PAUSED. */
  resumeSubscription: ProductSubscription;
  /** Makes an address the default. NOT_FOUND for an address that is not the customer's. */
  setDefaultAddress: Address;
  /**
   * Starts saving a card for subscription renewals: the client confirms the
   * answer's `clientSecret` with the card, and the payment provider's webhook
   * saves it (`viewer.paymentMethod`). A newer card replaces the older. At most
   * 5 a minute per customer (RATE_LIMITED beyond).
   */
  setupPaymentMethod: PaymentMethodSetup;
  /**
   * Admin: PAID or FULFILLING → SHIPPED, with the carrier (2-40 characters) and
   * tracking number (4-40 letters, digits or '-'); the customer is notified.
   */
  shipOrder: Order;
  /** Admin: PAID → FULFILLING. CONFLICT from any other state. */
  startFulfilment: Order;
  /** Subscribes to a product; one active subscription per product (CONFLICT otherwise). */
  subscribe: ProductSubscription;
  /** Replaces an address's fields. NOT_FOUND for an address that is not the customer's. */
  updateAddress: Address;
  /**
   * Sets a cart line's quantity (1..99); a larger one may not take the subtotal
   * past 99,999,999 minor units. NOT_FOUND when the product is not in the cart.
   */
  updateCartItem: Cart;
  /** Updates the signed-in customer's preferences. */
  updatePreferences: Preferences;
  /**
   * Admin: changes a product's details. `expectedVersion` must equal the
   * product's current `version` (optimistic locking), else CONFLICT.
   */
  updateProduct: Product;
  /** Updates the signed-in customer's profile. */
  updateProfile: Customer;
};


export type MutationAddAddressArgs = {
  input: AddressInput;
  makeDefault?: InputMaybe<Scalars['Boolean']['input']>;
};


export type MutationAddToCartArgs = {
  productId: Scalars['ID']['input'];
  quantity?: Scalars['Int']['input'];
};


export type MutationAdjustStockArgs = {
  delta: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


export type MutationArchiveProductArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCancelOrderArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCancelSubscriptionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCheckoutArgs = {
  idempotencyKey: Scalars['String']['input'];
  shipping?: InputMaybe<ShippingInput>;
};


export type MutationCreateProductArgs = {
  input: CreateProductInput;
};


export type MutationMarkDeliveredArgs = {
  orderId: Scalars['ID']['input'];
};


export type MutationMarkNotificationReadArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRefundOrderArgs = {
  amount?: InputMaybe<Scalars['SafeInt']['input']>;
  orderId: Scalars['ID']['input'];
};


export type MutationRemoveAddressArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRemoveCartItemArgs = {
  productId: Scalars['ID']['input'];
};


export type MutationResumeSubscriptionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSetDefaultAddressArgs = {
  id: Scalars['ID']['input'];
};


export type MutationShipOrderArgs = {
  carrier: Scalars['String']['input'];
  orderId: Scalars['ID']['input'];
  trackingNumber: Scalars['String']['input'];
};


export type MutationStartFulfilmentArgs = {
  orderId: Scalars['ID']['input'];
};


export type MutationSubscribeArgs = {
  interval: SubscriptionInterval;
  productId: Scalars['ID']['input'];
};


export type MutationUpdateAddressArgs = {
  id: Scalars['ID']['input'];
  input: AddressInput;
};


export type MutationUpdateCartItemArgs = {
  productId: Scalars['ID']['input'];
  quantity: Scalars['Int']['input'];
};


export type MutationUpdatePreferencesArgs = {
  input: UpdatePreferencesInput;
};


export type MutationUpdateProductArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  input: UpdateProductInput;
};


export type MutationUpdateProfileArgs = {
  input: UpdateProfileInput;
};

/** A notification the worker recorded for an event. */
export type Notification = {
  __typename?: 'Notification';
  createdAt: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** Human-readable text. */
  message: Scalars['String']['output'];
  /** The event type that produced it, e.g. ORDER_PLACED. */
  type: Scalars['String']['output'];
};

/**
 * The channels notifications are delivered on. Only e-mail is delivered today;
 * other channels join the enum when they are delivered.
 */
export type NotificationChannel =
  | 'EMAIL';

export type NotificationConnection = {
  __typename?: 'NotificationConnection';
  edges: Array<NotificationEdge>;
  pageInfo: PageInfo;
};

export type NotificationEdge = {
  __typename?: 'NotificationEdge';
  cursor: Scalars['String']['output'];
  node: Notification;
};

export type NotificationStatus =
  /** Recorded only (catalog events). */
  | 'RECORDED'
  /** Delivered through `channel`. */
  | 'SENT'
  /** Not delivered: the customer turned the channel off (or has no address for it). */
  | 'SKIPPED';

export type Order = {
  __typename?: 'Order';
  cancelledAt: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  items: Array<OrderItem>;
  /** The payment; null for orders placed before payments were taken. */
  payment: Maybe<OrderPayment>;
  /** While PENDING_PAYMENT: when the stock reservation lapses and the order is cancelled. */
  reservedUntil: Maybe<Scalars['String']['output']>;
  /** Once SHIPPED: the carrier and tracking number. */
  shipment: Maybe<Shipment>;
  /** How it ships; null for an order that ships nothing. */
  shipping: Maybe<OrderShipping>;
  status: OrderStatus;
  /** The lines, at the prices paid; `total` is this plus shipping. */
  subtotal: Money;
  total: Money;
  /** When the order last changed. */
  updatedAt: Scalars['String']['output'];
};

export type OrderConnection = {
  __typename?: 'OrderConnection';
  edges: Array<OrderEdge>;
  pageInfo: PageInfo;
};

export type OrderEdge = {
  __typename?: 'OrderEdge';
  cursor: Scalars['String']['output'];
  node: Order;
};

export type OrderItem = {
  __typename?: 'OrderItem';
  lineTotal: Money;
  name: Scalars['String']['output'];
  /** The product as it is now. */
  product: Product;
  quantity: Scalars['Int']['output'];
  /** The product's SKU and name when ordered. */
  sku: Scalars['String']['output'];
  /** Unit price paid. */
  unitPrice: Money;
};

export type OrderPayment = {
  __typename?: 'OrderPayment';
  /**
   * While the payment waits for the customer: the secret their client confirms
   * it with (Stripe.js). Only ever shown to the order's customer.
   */
  clientSecret: Maybe<Scalars['String']['output']>;
  /** The provider's decline code of the last failed attempt (card_declined, insufficient_funds, …). */
  failureCode: Maybe<Scalars['String']['output']>;
  /** Refunded so far, as the payment provider confirmed. */
  refunded: Money;
  status: PaymentStatus;
};

/** How an order ships, as chosen at checkout (the address as it was then). */
export type OrderShipping = {
  __typename?: 'OrderShipping';
  address: ShippingAddress;
  method: ShippingMethodCode;
  /** Tax included. */
  price: Money;
};

/**
 * Where an order is in its lifecycle (docs/api.md, "The order lifecycle").
 * Every change is conditional on the current state, audited, and emits an event.
 */
export type OrderStatus =
  /** Cancelled by the customer before shipping, or its reservation expired unpaid. A paid order's refund follows. */
  | 'CANCELLED'
  | 'DELIVERED'
  /** Being picked and packed. */
  | 'FULFILLING'
  /** The payment succeeded: the order will be fulfilled. */
  | 'PAID'
  /** Part of the payment was refunded. */
  | 'PARTIALLY_REFUNDED'
  /** The payment was declined; the reservation is released. */
  | 'PAYMENT_FAILED'
  /** Placed, its stock reserved until `reservedUntil`; waiting for the payment to succeed. */
  | 'PENDING_PAYMENT'
  /** The whole payment was refunded. */
  | 'REFUNDED'
  /** Handed to the carrier; see `shipment`. */
  | 'SHIPPED';

/** Relay pagination information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Opaque cursor to pass as `after` for the next page. */
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** What the customer's client confirms to save a card for renewals (Stripe.js `confirmCardSetup`). */
export type PaymentMethodSetup = {
  __typename?: 'PaymentMethodSetup';
  clientSecret: Scalars['String']['output'];
  setupId: Scalars['ID']['output'];
};

/** The order's payment, as the payment provider last reported it. */
export type PaymentStatus =
  /** The payment was cancelled before it succeeded (the reservation expired, or the customer cancelled). */
  | 'CANCELLED'
  | 'FAILED'
  /** Placed before payments were taken (no payment exists). */
  | 'NONE'
  | 'PARTIALLY_REFUNDED'
  /** Waiting for the customer to confirm the payment (with `clientSecret`). */
  | 'PENDING'
  | 'REFUNDED'
  | 'SUCCEEDED';

export type Preferences = {
  __typename?: 'Preferences';
  /** BCP 47 locale, e.g. en-GB: the language and formats of the customer's notifications. */
  locale: Scalars['String']['output'];
  marketingOptIn: Scalars['Boolean']['output'];
  /** Channels on which the customer accepts notifications; empty turns notifications off. */
  notificationChannels: Array<NotificationChannel>;
};

/** A catalog product. */
export type Product = {
  __typename?: 'Product';
  /** Category slug, e.g. `coffee`. */
  category: Scalars['String']['output'];
  /** Admin: what one unit costs us; null when not recorded (FORBIDDEN for customers). */
  costPrice: Maybe<Money>;
  createdAt: Scalars['String']['output'];
  description: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** Whether at least one unit can be bought now. Public. */
  inStock: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  /** Current unit price. */
  price: Money;
  /** Stock-keeping unit, unique in the catalog. */
  sku: Scalars['String']['output'];
  status: ProductStatus;
  /** Admin: units available (FORBIDDEN for customers, who see `inStock`). */
  stock: Maybe<Scalars['Int']['output']>;
  updatedAt: Scalars['String']['output'];
  /** Increases with every admin change; pass it as `expectedVersion` to updateProduct. */
  version: Scalars['Int']['output'];
};

export type ProductConnection = {
  __typename?: 'ProductConnection';
  edges: Array<ProductEdge>;
  pageInfo: PageInfo;
};

export type ProductEdge = {
  __typename?: 'ProductEdge';
  cursor: Scalars['String']['output'];
  node: Product;
};

export type ProductFilter = {
  /** Category slug. */
  category?: InputMaybe<Scalars['String']['input']>;
  /** Highest price, inclusive, in minor units (0..99,999,999). */
  maxPrice?: InputMaybe<Scalars['Int']['input']>;
  /** Lowest price, inclusive, in minor units (0..99,999,999). */
  minPrice?: InputMaybe<Scalars['Int']['input']>;
};

export type ProductStatus =
  /** Listed and can be bought. */
  | 'ACTIVE'
  /** Withdrawn from sale; still readable by id. */
  | 'ARCHIVED';

/** A recurring purchase of a product. */
export type ProductSubscription = {
  __typename?: 'ProductSubscription';
  createdAt: Scalars['String']['output'];
  /** Renewal payments that failed in a row for the current period (dunning); 0 when the last one succeeded. */
  failedAttempts: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  interval: SubscriptionInterval;
  /** Why the last attempt failed: the provider's decline code, or no_payment_method, out_of_stock, product_unavailable. */
  lastFailureCode: Maybe<Scalars['String']['output']>;
  product: Product;
  /** Next renewal time (ISO 8601): the saved payment method is charged then, and a renewal order placed. */
  renewsAt: Scalars['String']['output'];
  /** While a renewal is being retried: when the next attempt is made. */
  retryAt: Maybe<Scalars['String']['output']>;
  status: SubscriptionStatus;
};

export type Query = {
  __typename?: 'Query';
  /**
   * Admin: the audit trail, newest first: admin changes to products and order
   * placements and cancellations. With `targetId`, only that product's or order's records.
   */
  auditLog: AuditEntryConnection;
  /** Liveness and dependency check: the stage and whether DynamoDB answers. Public. */
  health: Health;
  /** Admin: the catalog notifications recorded by the worker, newest first. */
  notifications: NotificationConnection;
  /** One of the signed-in customer's orders (an admin: any order); another customer's order answers NOT_FOUND. */
  order: Order;
  /** A product by id, or null when there is none. Public; archived products are still returned by id. */
  product: Maybe<Product>;
  /**
   * Active products, cheapest first, optionally in one category and price range
   * (inclusive, in minor units). `first` is at most 100. Public.
   */
  products: ProductConnection;
  /**
   * The shipping methods that deliver to `country`, each priced in `currency`
   * (default EUR), tax included. Public.
   */
  shippingMethods: Array<ShippingMethod>;
  /** The signed-in customer. Requires a bearer token (UNAUTHENTICATED otherwise). */
  viewer: Viewer;
};


export type QueryAuditLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  targetId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryNotificationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProductArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProductsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ProductFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryShippingMethodsArgs = {
  country: CountryCode;
  currency?: InputMaybe<Scalars['String']['input']>;
};

export type Role =
  | 'ADMIN'
  | 'CUSTOMER'
  /** The system itself: the payment provider's webhooks and scheduled jobs (reservations, renewals). */
  | 'SYSTEM';

/** The saved payment method renewals are charged to. */
export type SavedPaymentMethod = {
  __typename?: 'SavedPaymentMethod';
  /** The provider's id (Stripe: pm_…). */
  id: Scalars['ID']['output'];
  savedAt: Scalars['String']['output'];
};

export type Shipment = {
  __typename?: 'Shipment';
  carrier: Scalars['String']['output'];
  deliveredAt: Maybe<Scalars['String']['output']>;
  shippedAt: Scalars['String']['output'];
  trackingNumber: Scalars['String']['output'];
};

/** An address as it was when the order was placed. */
export type ShippingAddress = {
  __typename?: 'ShippingAddress';
  city: Scalars['String']['output'];
  country: CountryCode;
  line1: Scalars['String']['output'];
  line2: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  phone: Maybe<Scalars['String']['output']>;
  postalCode: Scalars['String']['output'];
  region: Maybe<Scalars['String']['output']>;
};

/** Where and how an order ships. */
export type ShippingInput = {
  /** One of the customer's addresses (the address book). */
  addressId: Scalars['ID']['input'];
  method: ShippingMethodCode;
};

/** A way to ship an order, priced for one country and currency. */
export type ShippingMethod = {
  __typename?: 'ShippingMethod';
  code: ShippingMethodCode;
  maxDeliveryDays: Scalars['Int']['output'];
  /** Business days to delivery, fewest and most. */
  minDeliveryDays: Scalars['Int']['output'];
  /** A display name, e.g. Standard delivery. */
  name: Scalars['String']['output'];
  /** The price, tax included, in the requested currency. */
  price: Money;
};

/** A shipping method's code. */
export type ShippingMethodCode =
  | 'EXPRESS'
  | 'STANDARD';

export type SubscriptionInterval =
  | 'MONTHLY'
  | 'YEARLY';

export type SubscriptionStatus =
  | 'ACTIVE'
  | 'CANCELLED'
  /**
   * Its renewal payments failed 4 times in a row (the first attempt and 3
   * retries, 1, 3 and 5 days apart): no more charges until the customer
   * resumes it (`resumeSubscription`), typically after saving a new payment method.
   */
  | 'PAUSED';

export type UpdatePreferencesInput = {
  /** A language, optionally with a region: en, fr-FR, de-DE. */
  locale?: InputMaybe<Scalars['String']['input']>;
  marketingOptIn?: InputMaybe<Scalars['Boolean']['input']>;
  /** Duplicates are ignored. */
  notificationChannels?: InputMaybe<Array<NotificationChannel>>;
};

/** Only the fields given are changed, within the bounds of CreateProductInput. */
export type UpdateProductInput = {
  category?: InputMaybe<Scalars['String']['input']>;
  costPrice?: InputMaybe<MoneyInput>;
  description?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  price?: InputMaybe<MoneyInput>;
};

export type UpdateProfileInput = {
  /** An e-mail address, up to 254 characters. */
  email?: InputMaybe<Scalars['String']['input']>;
  /** Up to 100 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
};

/** The signed-in customer and everything the landing page needs, in one request. */
export type Viewer = {
  __typename?: 'Viewer';
  /** The address book, at most 20 addresses. */
  addresses: Array<Address>;
  cart: Cart;
  /** The default address: the first one added unless another was set; null when the book is empty. */
  defaultAddress: Maybe<Address>;
  /** The customer's id (the token's subject). */
  id: Scalars['ID']['output'];
  /** The customer's notifications, newest first. */
  notifications: CustomerNotificationConnection;
  /** Orders, newest first. */
  orders: OrderConnection;
  /** The card renewals are charged to; null until one is saved (`setupPaymentMethod`). */
  paymentMethod: Maybe<SavedPaymentMethod>;
  preferences: Preferences;
  profile: Customer;
  /**
   * Active products from the categories of the customer's recent orders, not
   * already in the cart. `first` is at most 20.
   */
  recommendations: Array<Product>;
  /** Subscriptions, newest first: the 100 newest, cancelled ones included. */
  subscriptions: Array<ProductSubscription>;
};


/** The signed-in customer and everything the landing page needs, in one request. */
export type ViewerNotificationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  unreadOnly?: InputMaybe<Scalars['Boolean']['input']>;
};


/** The signed-in customer and everything the landing page needs, in one request. */
export type ViewerOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** The signed-in customer and everything the landing page needs, in one request. */
export type ViewerRecommendationsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Address: ResolverTypeWrapper<AddressModel>;
  AddressInput: AddressInput;
  AuditAction: AuditAction;
  AuditActor: ResolverTypeWrapper<AuditActor>;
  AuditEntry: ResolverTypeWrapper<AuditEntryModel>;
  AuditEntryConnection: ResolverTypeWrapper<Omit<AuditEntryConnection, 'edges'> & { edges: Array<ResolversTypes['AuditEntryEdge']> }>;
  AuditEntryEdge: ResolverTypeWrapper<Omit<AuditEntryEdge, 'node'> & { node: ResolversTypes['AuditEntry'] }>;
  AuditTargetType: AuditTargetType;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CacheControlScope: CacheControlScope;
  Cart: ResolverTypeWrapper<CartModel>;
  CartItem: ResolverTypeWrapper<CartLineModel>;
  CountryCode: CountryCode;
  CreateProductInput: CreateProductInput;
  Customer: ResolverTypeWrapper<CustomerModel>;
  CustomerNotification: ResolverTypeWrapper<CustomerNotificationModel>;
  CustomerNotificationConnection: ResolverTypeWrapper<Omit<CustomerNotificationConnection, 'edges'> & { edges: Array<ResolversTypes['CustomerNotificationEdge']> }>;
  CustomerNotificationEdge: ResolverTypeWrapper<Omit<CustomerNotificationEdge, 'node'> & { node: ResolversTypes['CustomerNotification'] }>;
  Health: ResolverTypeWrapper<Health>;
  HealthStatus: HealthStatus;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Money: ResolverTypeWrapper<Money>;
  MoneyInput: MoneyInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Notification: ResolverTypeWrapper<NotificationModel>;
  NotificationChannel: NotificationChannel;
  NotificationConnection: ResolverTypeWrapper<Omit<NotificationConnection, 'edges'> & { edges: Array<ResolversTypes['NotificationEdge']> }>;
  NotificationEdge: ResolverTypeWrapper<Omit<NotificationEdge, 'node'> & { node: ResolversTypes['Notification'] }>;
  NotificationStatus: NotificationStatus;
  Order: ResolverTypeWrapper<OrderModel>;
  OrderConnection: ResolverTypeWrapper<Omit<OrderConnection, 'edges'> & { edges: Array<ResolversTypes['OrderEdge']> }>;
  OrderEdge: ResolverTypeWrapper<Omit<OrderEdge, 'node'> & { node: ResolversTypes['Order'] }>;
  OrderItem: ResolverTypeWrapper<OrderLineModel>;
  OrderPayment: ResolverTypeWrapper<OrderPaymentModel>;
  OrderShipping: ResolverTypeWrapper<OrderShipping>;
  OrderStatus: OrderStatus;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PaymentMethodSetup: ResolverTypeWrapper<PaymentMethodSetup>;
  PaymentStatus: PaymentStatus;
  Preferences: ResolverTypeWrapper<PreferencesModel>;
  Product: ResolverTypeWrapper<ProductModel>;
  ProductConnection: ResolverTypeWrapper<Omit<ProductConnection, 'edges'> & { edges: Array<ResolversTypes['ProductEdge']> }>;
  ProductEdge: ResolverTypeWrapper<Omit<ProductEdge, 'node'> & { node: ResolversTypes['Product'] }>;
  ProductFilter: ProductFilter;
  ProductStatus: ProductStatus;
  ProductSubscription: ResolverTypeWrapper<SubscriptionModel>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Role: Role;
  SafeInt: ResolverTypeWrapper<Scalars['SafeInt']['output']>;
  SavedPaymentMethod: ResolverTypeWrapper<SavedPaymentMethod>;
  Shipment: ResolverTypeWrapper<Shipment>;
  ShippingAddress: ResolverTypeWrapper<ShippingAddress>;
  ShippingInput: ShippingInput;
  ShippingMethod: ResolverTypeWrapper<ShippingMethod>;
  ShippingMethodCode: ShippingMethodCode;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  SubscriptionInterval: SubscriptionInterval;
  SubscriptionStatus: SubscriptionStatus;
  UpdatePreferencesInput: UpdatePreferencesInput;
  UpdateProductInput: UpdateProductInput;
  UpdateProfileInput: UpdateProfileInput;
  Viewer: ResolverTypeWrapper<ViewerModel>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Address: AddressModel;
  AddressInput: AddressInput;
  AuditActor: AuditActor;
  AuditEntry: AuditEntryModel;
  AuditEntryConnection: Omit<AuditEntryConnection, 'edges'> & { edges: Array<ResolversParentTypes['AuditEntryEdge']> };
  AuditEntryEdge: Omit<AuditEntryEdge, 'node'> & { node: ResolversParentTypes['AuditEntry'] };
  Boolean: Scalars['Boolean']['output'];
  Cart: CartModel;
  CartItem: CartLineModel;
  CreateProductInput: CreateProductInput;
  Customer: CustomerModel;
  CustomerNotification: CustomerNotificationModel;
  CustomerNotificationConnection: Omit<CustomerNotificationConnection, 'edges'> & { edges: Array<ResolversParentTypes['CustomerNotificationEdge']> };
  CustomerNotificationEdge: Omit<CustomerNotificationEdge, 'node'> & { node: ResolversParentTypes['CustomerNotification'] };
  Health: Health;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  Money: Money;
  MoneyInput: MoneyInput;
  Mutation: Record<PropertyKey, never>;
  Notification: NotificationModel;
  NotificationConnection: Omit<NotificationConnection, 'edges'> & { edges: Array<ResolversParentTypes['NotificationEdge']> };
  NotificationEdge: Omit<NotificationEdge, 'node'> & { node: ResolversParentTypes['Notification'] };
  Order: OrderModel;
  OrderConnection: Omit<OrderConnection, 'edges'> & { edges: Array<ResolversParentTypes['OrderEdge']> };
  OrderEdge: Omit<OrderEdge, 'node'> & { node: ResolversParentTypes['Order'] };
  OrderItem: OrderLineModel;
  OrderPayment: OrderPaymentModel;
  OrderShipping: OrderShipping;
  PageInfo: PageInfo;
  PaymentMethodSetup: PaymentMethodSetup;
  Preferences: PreferencesModel;
  Product: ProductModel;
  ProductConnection: Omit<ProductConnection, 'edges'> & { edges: Array<ResolversParentTypes['ProductEdge']> };
  ProductEdge: Omit<ProductEdge, 'node'> & { node: ResolversParentTypes['Product'] };
  ProductFilter: ProductFilter;
  ProductSubscription: SubscriptionModel;
  Query: Record<PropertyKey, never>;
  SafeInt: Scalars['SafeInt']['output'];
  SavedPaymentMethod: SavedPaymentMethod;
  Shipment: Shipment;
  ShippingAddress: ShippingAddress;
  ShippingInput: ShippingInput;
  ShippingMethod: ShippingMethod;
  String: Scalars['String']['output'];
  UpdatePreferencesInput: UpdatePreferencesInput;
  UpdateProductInput: UpdateProductInput;
  UpdateProfileInput: UpdateProfileInput;
  Viewer: ViewerModel;
};

export type AuthDirectiveArgs = {
  requires?: Maybe<Role>;
};

export type AuthDirectiveResolver<Result, Parent, ContextType = GraphQLContext, Args = AuthDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type CacheControlDirectiveArgs = {
  inheritMaxAge?: Maybe<Scalars['Boolean']['input']>;
  maxAge?: Maybe<Scalars['Int']['input']>;
  scope?: Maybe<CacheControlScope>;
};

export type CacheControlDirectiveResolver<Result, Parent, ContextType = GraphQLContext, Args = CacheControlDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AddressResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Address'] = ResolversParentTypes['Address']> = {
  city?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  country?: Resolver<ResolversTypes['CountryCode'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  line1?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line2?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  postalCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  region?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AuditActorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditActor'] = ResolversParentTypes['AuditActor']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
};

export type AuditEntryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditEntry'] = ResolversParentTypes['AuditEntry']> = {
  action?: Resolver<ResolversTypes['AuditAction'], ParentType, ContextType>;
  actor?: Resolver<ResolversTypes['AuditActor'], ParentType, ContextType>;
  after?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  before?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  correlationId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  requestId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  targetId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  targetType?: Resolver<ResolversTypes['AuditTargetType'], ParentType, ContextType>;
};

export type AuditEntryConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditEntryConnection'] = ResolversParentTypes['AuditEntryConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AuditEntryEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type AuditEntryEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditEntryEdge'] = ResolversParentTypes['AuditEntryEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AuditEntry'], ParentType, ContextType>;
};

export type CartResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Cart'] = ResolversParentTypes['Cart']> = {
  itemCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['CartItem']>, ParentType, ContextType>;
  subtotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CartItemResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CartItem'] = ResolversParentTypes['CartItem']> = {
  lineTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  product?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CustomerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer']> = {
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CustomerNotificationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerNotification'] = ResolversParentTypes['CustomerNotification']> = {
  channel?: Resolver<Maybe<ResolversTypes['NotificationChannel']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  readAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['NotificationStatus'], ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CustomerNotificationConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerNotificationConnection'] = ResolversParentTypes['CustomerNotificationConnection']> = {
  edges?: Resolver<Array<ResolversTypes['CustomerNotificationEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type CustomerNotificationEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerNotificationEdge'] = ResolversParentTypes['CustomerNotificationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['CustomerNotification'], ParentType, ContextType>;
};

export type HealthResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Health'] = ResolversParentTypes['Health']> = {
  database?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['HealthStatus'], ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['SafeInt'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  addAddress?: Resolver<ResolversTypes['Address'], ParentType, ContextType, RequireFields<MutationAddAddressArgs, 'input' | 'makeDefault'>>;
  addToCart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType, RequireFields<MutationAddToCartArgs, 'productId' | 'quantity'>>;
  adjustStock?: Resolver<ResolversTypes['Product'], ParentType, ContextType, RequireFields<MutationAdjustStockArgs, 'delta' | 'id'>>;
  archiveProduct?: Resolver<ResolversTypes['Product'], ParentType, ContextType, RequireFields<MutationArchiveProductArgs, 'id'>>;
  cancelOrder?: Resolver<ResolversTypes['Order'], ParentType, ContextType, RequireFields<MutationCancelOrderArgs, 'id'>>;
  cancelSubscription?: Resolver<ResolversTypes['ProductSubscription'], ParentType, ContextType, RequireFields<MutationCancelSubscriptionArgs, 'id'>>;
  checkout?: Resolver<ResolversTypes['Order'], ParentType, ContextType, RequireFields<MutationCheckoutArgs, 'idempotencyKey'>>;
  createProduct?: Resolver<ResolversTypes['Product'], ParentType, ContextType, RequireFields<MutationCreateProductArgs, 'input'>>;
  markDelivered?: Resolver<ResolversTypes['Order'], ParentType, ContextType, RequireFields<MutationMarkDeliveredArgs, 'orderId'>>;
  markNotificationRead?: Resolver<ResolversTypes['CustomerNotification'], ParentType, ContextType, RequireFields<MutationMarkNotificationReadArgs, 'id'>>;
  refundOrder?: Resolver<ResolversTypes['Order'], ParentType, ContextType, RequireFields<MutationRefundOrderArgs, 'orderId'>>;
  removeAddress?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationRemoveAddressArgs, 'id'>>;
  removeCartItem?: Resolver<ResolversTypes['Cart'], ParentType, ContextType, RequireFields<MutationRemoveCartItemArgs, 'productId'>>;
  resumeSubscription?: Resolver<ResolversTypes['ProductSubscription'], ParentType, ContextType, RequireFields<MutationResumeSubscriptionArgs, 'id'>>;
  setDefaultAddress?: Resolver<ResolversTypes['Address'], ParentType, ContextType, RequireFields<MutationSetDefaultAddressArgs, 'id'>>;
  setupPaymentMethod?: Resolver<ResolversTypes['PaymentMethodSetup'], ParentType, ContextType>;
  shipOrder?: Resolver<ResolversTypes['Order'], ParentType, ContextType, RequireFields<MutationShipOrderArgs, 'carrier' | 'orderId' | 'trackingNumber'>>;
  startFulfilment?: Resolver<ResolversTypes['Order'], ParentType, ContextType, RequireFields<MutationStartFulfilmentArgs, 'orderId'>>;
  subscribe?: Resolver<ResolversTypes['ProductSubscription'], ParentType, ContextType, RequireFields<MutationSubscribeArgs, 'interval' | 'productId'>>;
  updateAddress?: Resolver<ResolversTypes['Address'], ParentType, ContextType, RequireFields<MutationUpdateAddressArgs, 'id' | 'input'>>;
  updateCartItem?: Resolver<ResolversTypes['Cart'], ParentType, ContextType, RequireFields<MutationUpdateCartItemArgs, 'productId' | 'quantity'>>;
  updatePreferences?: Resolver<ResolversTypes['Preferences'], ParentType, ContextType, RequireFields<MutationUpdatePreferencesArgs, 'input'>>;
  updateProduct?: Resolver<ResolversTypes['Product'], ParentType, ContextType, RequireFields<MutationUpdateProductArgs, 'expectedVersion' | 'id' | 'input'>>;
  updateProfile?: Resolver<ResolversTypes['Customer'], ParentType, ContextType, RequireFields<MutationUpdateProfileArgs, 'input'>>;
};

export type NotificationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Notification'] = ResolversParentTypes['Notification']> = {
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type NotificationConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['NotificationConnection'] = ResolversParentTypes['NotificationConnection']> = {
  edges?: Resolver<Array<ResolversTypes['NotificationEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type NotificationEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['NotificationEdge'] = ResolversParentTypes['NotificationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Notification'], ParentType, ContextType>;
};

export type OrderResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order']> = {
  cancelledAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['OrderItem']>, ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['OrderPayment']>, ParentType, ContextType>;
  reservedUntil?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  shipment?: Resolver<Maybe<ResolversTypes['Shipment']>, ParentType, ContextType>;
  shipping?: Resolver<Maybe<ResolversTypes['OrderShipping']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  subtotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type OrderConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OrderConnection'] = ResolversParentTypes['OrderConnection']> = {
  edges?: Resolver<Array<ResolversTypes['OrderEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type OrderEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OrderEdge'] = ResolversParentTypes['OrderEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
};

export type OrderItemResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OrderItem'] = ResolversParentTypes['OrderItem']> = {
  lineTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  product?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type OrderPaymentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OrderPayment'] = ResolversParentTypes['OrderPayment']> = {
  clientSecret?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  failureCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  refunded?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PaymentStatus'], ParentType, ContextType>;
};

export type OrderShippingResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OrderShipping'] = ResolversParentTypes['OrderShipping']> = {
  address?: Resolver<ResolversTypes['ShippingAddress'], ParentType, ContextType>;
  method?: Resolver<ResolversTypes['ShippingMethodCode'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PaymentMethodSetupResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PaymentMethodSetup'] = ResolversParentTypes['PaymentMethodSetup']> = {
  clientSecret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  setupId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type PreferencesResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Preferences'] = ResolversParentTypes['Preferences']> = {
  locale?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  marketingOptIn?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  notificationChannels?: Resolver<Array<ResolversTypes['NotificationChannel']>, ParentType, ContextType>;
};

export type ProductResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Product'] = ResolversParentTypes['Product']> = {
  category?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  costPrice?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  inStock?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ProductStatus'], ParentType, ContextType>;
  stock?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ProductConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProductConnection'] = ResolversParentTypes['ProductConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ProductEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type ProductEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProductEdge'] = ResolversParentTypes['ProductEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
};

export type ProductSubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProductSubscription'] = ResolversParentTypes['ProductSubscription']> = {
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  failedAttempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['SubscriptionInterval'], ParentType, ContextType>;
  lastFailureCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  product?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
  renewsAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  retryAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['SubscriptionStatus'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  auditLog?: Resolver<ResolversTypes['AuditEntryConnection'], ParentType, ContextType, RequireFields<QueryAuditLogArgs, 'first'>>;
  health?: Resolver<ResolversTypes['Health'], ParentType, ContextType>;
  notifications?: Resolver<ResolversTypes['NotificationConnection'], ParentType, ContextType, RequireFields<QueryNotificationsArgs, 'first'>>;
  order?: Resolver<ResolversTypes['Order'], ParentType, ContextType, RequireFields<QueryOrderArgs, 'id'>>;
  product?: Resolver<Maybe<ResolversTypes['Product']>, ParentType, ContextType, RequireFields<QueryProductArgs, 'id'>>;
  products?: Resolver<ResolversTypes['ProductConnection'], ParentType, ContextType, RequireFields<QueryProductsArgs, 'first'>>;
  shippingMethods?: Resolver<Array<ResolversTypes['ShippingMethod']>, ParentType, ContextType, RequireFields<QueryShippingMethodsArgs, 'country'>>;
  viewer?: Resolver<ResolversTypes['Viewer'], ParentType, ContextType>;
};

export interface SafeIntScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['SafeInt'], any> {
  name: 'SafeInt';
}

export type SavedPaymentMethodResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SavedPaymentMethod'] = ResolversParentTypes['SavedPaymentMethod']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  savedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ShipmentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Shipment'] = ResolversParentTypes['Shipment']> = {
  carrier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deliveredAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  shippedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  trackingNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ShippingAddressResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ShippingAddress'] = ResolversParentTypes['ShippingAddress']> = {
  city?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  country?: Resolver<ResolversTypes['CountryCode'], ParentType, ContextType>;
  line1?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line2?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  postalCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  region?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ShippingMethodResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ShippingMethod'] = ResolversParentTypes['ShippingMethod']> = {
  code?: Resolver<ResolversTypes['ShippingMethodCode'], ParentType, ContextType>;
  maxDeliveryDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  minDeliveryDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type ViewerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Viewer'] = ResolversParentTypes['Viewer']> = {
  addresses?: Resolver<Array<ResolversTypes['Address']>, ParentType, ContextType>;
  cart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType>;
  defaultAddress?: Resolver<Maybe<ResolversTypes['Address']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  notifications?: Resolver<ResolversTypes['CustomerNotificationConnection'], ParentType, ContextType, RequireFields<ViewerNotificationsArgs, 'first' | 'unreadOnly'>>;
  orders?: Resolver<ResolversTypes['OrderConnection'], ParentType, ContextType, RequireFields<ViewerOrdersArgs, 'first'>>;
  paymentMethod?: Resolver<Maybe<ResolversTypes['SavedPaymentMethod']>, ParentType, ContextType>;
  preferences?: Resolver<ResolversTypes['Preferences'], ParentType, ContextType>;
  profile?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
  recommendations?: Resolver<Array<ResolversTypes['Product']>, ParentType, ContextType, RequireFields<ViewerRecommendationsArgs, 'first'>>;
  subscriptions?: Resolver<Array<ResolversTypes['ProductSubscription']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  Address?: AddressResolvers<ContextType>;
  AuditActor?: AuditActorResolvers<ContextType>;
  AuditEntry?: AuditEntryResolvers<ContextType>;
  AuditEntryConnection?: AuditEntryConnectionResolvers<ContextType>;
  AuditEntryEdge?: AuditEntryEdgeResolvers<ContextType>;
  Cart?: CartResolvers<ContextType>;
  CartItem?: CartItemResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  CustomerNotification?: CustomerNotificationResolvers<ContextType>;
  CustomerNotificationConnection?: CustomerNotificationConnectionResolvers<ContextType>;
  CustomerNotificationEdge?: CustomerNotificationEdgeResolvers<ContextType>;
  Health?: HealthResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Notification?: NotificationResolvers<ContextType>;
  NotificationConnection?: NotificationConnectionResolvers<ContextType>;
  NotificationEdge?: NotificationEdgeResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OrderConnection?: OrderConnectionResolvers<ContextType>;
  OrderEdge?: OrderEdgeResolvers<ContextType>;
  OrderItem?: OrderItemResolvers<ContextType>;
  OrderPayment?: OrderPaymentResolvers<ContextType>;
  OrderShipping?: OrderShippingResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PaymentMethodSetup?: PaymentMethodSetupResolvers<ContextType>;
  Preferences?: PreferencesResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  ProductConnection?: ProductConnectionResolvers<ContextType>;
  ProductEdge?: ProductEdgeResolvers<ContextType>;
  ProductSubscription?: ProductSubscriptionResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SafeInt?: GraphQLScalarType;
  SavedPaymentMethod?: SavedPaymentMethodResolvers<ContextType>;
  Shipment?: ShipmentResolvers<ContextType>;
  ShippingAddress?: ShippingAddressResolvers<ContextType>;
  ShippingMethod?: ShippingMethodResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = GraphQLContext> = {
  auth?: AuthDirectiveResolver<any, any, ContextType>;
  cacheControl?: CacheControlDirectiveResolver<any, any, ContextType>;
};
