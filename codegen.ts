import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/graphql/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        contextType: '../context#GraphQLContext',
        // GraphQL types backed by domain objects; their other fields resolve from these.
        mappers: {
          Product: '../../domain/catalog/product.types#Product as ProductModel',
          Customer: '../../domain/customers/customer.types#Customer as CustomerModel',
          Preferences: '../../domain/customers/customer.types#Preferences as PreferencesModel',
          Cart: '../../domain/cart/cart.types#Cart as CartModel',
          CartItem: '../../domain/cart/cart.types#CartLine as CartLineModel',
          Order: '../../domain/orders/order.types#Order as OrderModel',
          OrderItem: '../../domain/orders/order.types#OrderLine as OrderLineModel',
          // The payment resolves from its order (whose customer alone sees the client secret).
          OrderPayment: '../../domain/orders/order.types#Order as OrderPaymentModel',
          ProductSubscription:
            '../../domain/subscriptions/subscription.types#Subscription as SubscriptionModel',
          Notification:
            '../../domain/notifications/notification.types#Notification as NotificationModel',
          CustomerNotification:
            '../../domain/notifications/notification.types#CustomerNotification as CustomerNotificationModel',
          Viewer: '../models#ViewerModel',
          Address: '../../domain/addresses/address#Address as AddressModel',
          AuditEntry: '../../domain/audit/audit.types#AuditEntry as AuditEntryModel',
        },
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { ID: 'string', SafeInt: 'number' },
        avoidOptionals: { field: true, inputValue: false, object: false },
      },
    },
    // Every enum of the schema as a tuple of its values and their union type:
    // the one definition the domain, zod schemas and resolvers import.
    'src/domain/__generated__/schema-enums.ts': {
      plugins: ['./scripts/codegen/schema-values.cjs'],
      config: { emit: 'enums', source: 'schema.graphql' },
    },
    // The default of every `first` argument, for resolvers to apply to `first: null`.
    'src/graphql/__generated__/page-defaults.ts': {
      plugins: ['./scripts/codegen/schema-values.cjs'],
      config: { emit: 'pageDefaults', source: 'schema.graphql' },
    },
    // The SDL pre-parsed for the Lambda bundle (src/graphql/server.ts).
    'src/graphql/__generated__/schema-ast.ts': {
      plugins: ['./scripts/codegen/schema-ast.cjs'],
      config: { source: 'schema.graphql' },
    },
  },
};

export default config;
