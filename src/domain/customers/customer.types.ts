import { NOTIFICATION_CHANNELS, type NotificationChannel } from '../__generated__/schema-enums';

/**
 * The channels notifications are delivered on: schema.graphql's
 * NotificationChannel enum, generated (`npm run codegen`). A channel joins it
 * only once it is delivered.
 */
export { NOTIFICATION_CHANNELS, type NotificationChannel };

/** Whether a stored value names a channel delivered today (older items may hold SMS or PUSH). */
export const isNotificationChannel = (value: string): value is NotificationChannel =>
  (NOTIFICATION_CHANNELS as readonly string[]).includes(value);

export interface Preferences {
  readonly notificationChannels: readonly NotificationChannel[];
  readonly marketingOptIn: boolean;
  readonly locale: string;
}

export interface Customer {
  readonly id: string;
  readonly email: string | null;
  readonly name: string | null;
  readonly preferences: Preferences;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const DEFAULT_PREFERENCES: Preferences = {
  notificationChannels: ['EMAIL'],
  marketingOptIn: false,
  locale: 'en-GB',
};
