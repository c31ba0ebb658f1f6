/**
 * A minimal browser client of the API with @apollo/client: browse the
 * catalog, sign in with a bearer token, add to cart, check out and pay with a
 * test card. Errors are shown with their `extensions.code`.
 *
 * The API URL comes from `?api=<url>` (default http://localhost:3000/graphql),
 * the payment API from `?stripe=<url>` (default: the local Stripe emulator on
 * http://localhost:12111). The page confirms the payment as Stripe.js's
 * `confirmCardPayment` does: the order's client secret and the publishable
 * key, never the secret key. A real storefront uses Stripe.js itself.
 */
import {
  ApolloClient,
  ApolloLink,
  CombinedGraphQLErrors,
  HttpLink,
  InMemoryCache,
  gql,
} from '@apollo/client';

const api = new URLSearchParams(location.search).get('api') ?? 'http://localhost:3000/graphql';
const stripeApi = new URLSearchParams(location.search).get('stripe') ?? 'http://localhost:12111';
/** The local emulator's publishable key (scripts/local/stripe-emulator.ts). */
const PUBLISHABLE_KEY = 'pk_test_local_emulator';
let token = sessionStorage.getItem('token') ?? '';
/** The order waiting for payment, and what confirms it. */
let pending: { id: string; clientSecret: string } | undefined;

const auth = new ApolloLink((operation, forward) => {
  operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  }));
  return forward(operation);
});
const client = new ApolloClient({
  link: auth.concat(new HttpLink({ uri: api })),
  cache: new InMemoryCache(),
  defaultOptions: { query: { fetchPolicy: 'network-only' } },
});

const PRODUCTS = gql`
  query Products($filter: ProductFilter, $after: String) {
    products(filter: $filter, first: 10, after: $after) {
      edges {
        node {
          id
          name
          price {
            amount
            currency
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
const CART = gql`
  query Cart {
    viewer {
      id
      profile {
        name
      }
      cart {
        itemCount
        subtotal {
          amount
          currency
        }
        items {
          quantity
          product {
            id
            name
          }
        }
      }
    }
  }
`;
const ADD = gql`
  mutation Add($id: ID!) {
    addToCart(productId: $id) {
      itemCount
    }
  }
`;
const CHECKOUT = gql`
  mutation Checkout($key: String!) {
    checkout(idempotencyKey: $key) {
      id
      total {
        amount
        currency
      }
      payment {
        clientSecret
      }
    }
  }
`;
const ORDER = gql`
  query Order($id: ID!) {
    order(id: $id) {
      id
      status
      payment {
        status
        failureCode
      }
    }
  }
`;

const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;
/** Amounts are in the currency's own minor units: 1500 JPY is ¥1,500, 1500 KWD is KWD 1.500. */
const money = (m: { amount: number; currency: string }) => {
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency: m.currency });
  return format.format(m.amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
};

function show(message: string, isError = false) {
  const status = $('#status');
  status.textContent = message;
  status.className = isError ? 'error' : '';
}

function describe(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors
      .map((e) => `${String(e.extensions?.['code'] ?? 'ERROR')}: ${e.message}`)
      .join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

let after: string | null = null;
// Answers to an older listing request (e.g. before the category changed) are dropped.
let generation = 0;

async function loadProducts(reset: boolean) {
  const mine = reset ? ++generation : generation;
  const category = $<HTMLSelectElement>('#category').value;
  const { data } = await client.query<{
    products: {
      edges: { node: { id: string; name: string; price: { amount: number; currency: string } } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  }>({
    query: PRODUCTS,
    variables: { filter: category ? { category } : null, after: reset ? null : after },
  });
  if (mine !== generation) return;
  if (reset) $('#products').replaceChildren();
  for (const { node } of data?.products.edges ?? []) {
    const li = document.createElement('li');
    li.dataset['productId'] = node.id;
    const label = document.createElement('span');
    label.textContent = `${node.name} — ${money(node.price)}`;
    const add = document.createElement('button');
    add.textContent = 'Add';
    add.addEventListener('click', () => void addToCart(node.id));
    li.append(label, add);
    $('#products').append(li);
  }
  after = data?.products.pageInfo.endCursor ?? null;
  $('#more').hidden = !data?.products.pageInfo.hasNextPage;
}

async function loadCart() {
  if (!token) return;
  const { data } = await client.query<{
    viewer: {
      profile: { name: string | null };
      cart: {
        itemCount: number;
        subtotal: { amount: number; currency: string };
        items: { quantity: number; product: { id: string; name: string } }[];
      };
    };
  }>({ query: CART });
  if (!data) return;
  $('#who').textContent = `Signed in as ${data.viewer.profile.name ?? 'customer'}`;
  $('#cart').replaceChildren(
    ...data.viewer.cart.items.map((i) => {
      const li = document.createElement('li');
      li.textContent = `${i.quantity} × ${i.product.name}`;
      return li;
    }),
  );
  $('#subtotal').textContent = money(data.viewer.cart.subtotal);
  $<HTMLButtonElement>('#checkout').disabled = data.viewer.cart.itemCount === 0;
}

async function addToCart(id: string) {
  try {
    await client.mutate({ mutation: ADD, variables: { id } });
    show('Added to cart');
    await loadCart();
  } catch (error) {
    show(describe(error), true);
  }
}

async function checkout() {
  try {
    const { data } = await client.mutate<{
      checkout: {
        id: string;
        total: { amount: number; currency: string };
        payment: { clientSecret: string | null } | null;
      };
    }>({
      mutation: CHECKOUT,
      variables: { key: crypto.randomUUID() },
    });
    if (data) {
      $('#order').textContent = `Order ${data.checkout.id} placed: ${money(data.checkout.total)}`;
      const clientSecret = data.checkout.payment?.clientSecret;
      if (clientSecret) pending = { id: data.checkout.id, clientSecret };
      $('#pay').hidden = !pending;
    }
    show('Order placed: pay to confirm it');
    await loadCart();
  } catch (error) {
    show(describe(error), true);
  }
}

/** Confirms the payment with a test card number, then waits for the webhook's verdict. */
async function pay(card: string) {
  if (!pending) return;
  const { id, clientSecret } = pending;
  const paymentId = clientSecret.split('_secret_')[0] ?? '';
  const response = await fetch(`${stripeApi}/v1/payment_intents/${paymentId}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      key: PUBLISHABLE_KEY,
      client_secret: clientSecret,
      'payment_method_data[type]': 'card',
      'payment_method_data[card][number]': card,
    }),
  });
  await response.arrayBuffer();
  // The order's state comes from the API, which hears from the payment provider's webhook.
  for (let attempt = 0; attempt < 40; attempt++) {
    const { data } = await client.query<{
      order: { status: string; payment: { status: string; failureCode: string | null } | null };
    }>({ query: ORDER, variables: { id } });
    const status = data?.order.status;
    if (status === 'PAID') {
      pending = undefined;
      $('#pay').hidden = true;
      show('Paid. Thank you!');
      return;
    }
    if (status === 'PAYMENT_FAILED') {
      pending = undefined;
      $('#pay').hidden = true;
      show(`PAYMENT_FAILED: ${data?.order.payment?.failureCode ?? 'declined'}`, true);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  show('The payment is still pending; reload the order later', true);
}

$('#sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  token = new FormData(event.target as HTMLFormElement).get('token')?.toString().trim() ?? '';
  sessionStorage.setItem('token', token);
  loadCart().then(
    () => show('Signed in'),
    (error: unknown) => show(describe(error), true),
  );
});
$('#category').addEventListener(
  'change',
  () => void loadProducts(true).catch((e: unknown) => show(describe(e), true)),
);
$('#more').addEventListener(
  'click',
  () => void loadProducts(false).catch((e: unknown) => show(describe(e), true)),
);
$('#checkout').addEventListener('click', () => void checkout());
$('#pay').addEventListener('submit', (event) => {
  event.preventDefault();
  const card = new FormData(event.target as HTMLFormElement).get('card')?.toString() ?? '';
  pay(card).catch((error: unknown) => show(describe(error), true));
});

loadProducts(true)
  .then(loadCart)
  .catch((error: unknown) => show(describe(error), true));
