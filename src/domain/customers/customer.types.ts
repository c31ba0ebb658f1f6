export type NotificationChannel = 'EMAIL' | 'SMS' | 'PUSH';

export interface Preferences {
  readonly notificationChannels: readonly NotificationChannel[];
  readonly marketingOptIn: boolean;
  readonly locale: string;
  readonly currency: string;
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
  currency: 'EUR',
};
