/**
 * A minimal browser client of the API with @apollo/client: browse the
 * catalog, sign in with a bearer token, add to cart, check out. Errors are
 * shown with their `extensions.code`.
 *
 * The API URL comes from `?api=<url>` (default http://localhost:3000/graphql).
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
let token = sessionStorage.getItem('token') ?? '';

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
      checkout: { id: string; total: { amount: number; currency: string } };
    }>({
      mutation: CHECKOUT,
      variables: { key: crypto.randomUUID() },
    });
    if (data)
      $('#order').textContent = `Order ${data.checkout.id} placed: ${money(data.checkout.total)}`;
    show('Thank you!');
    await loadCart();
  } catch (error) {
    show(describe(error), true);
  }
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

loadProducts(true)
  .then(loadCart)
  .catch((error: unknown) => show(describe(error), true));
