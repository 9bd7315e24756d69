/** Notification settings (notifications module on the server): preferences and Web Push on this device. */
import type { NotificationPreferences } from '@mts/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

export const notificationSettingsPaths = {
  preferences: '/notifications/preferences',
  vapidPublicKey: '/notifications/vapid-public-key',
  pushSubscriptions: '/notifications/push-subscriptions',
};

/** The service worker that shows pushes (web/public/push-sw.js, served at /app/push-sw.js). */
export const PUSH_WORKER_URL = '/app/push-sw.js';
export const PUSH_WORKER_SCOPE = '/app/';

const PREFERENCES_KEY = ['notification-preferences'];

export function useNotificationPreferences() {
  return useQuery({
    queryKey: PREFERENCES_KEY,
    queryFn: ({ signal }) =>
      api.get<NotificationPreferences>(notificationSettingsPaths.preferences, undefined, signal),
  });
}

export function useSaveNotificationPreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (prefs: NotificationPreferences) =>
      api.put<NotificationPreferences>(notificationSettingsPaths.preferences, prefs),
    onSuccess: (saved) => client.setQueryData(PREFERENCES_KEY, saved),
  });
}

export type PushSupport = 'supported' | 'unsupported' | 'denied';

/** Whether this browser can receive Web Push (service workers, PushManager, not blocked). */
export function pushSupport(): PushSupport {
  if (typeof window === 'undefined' || !('serviceWorker' in navigator) || !('PushManager' in window))
    return 'unsupported';
  if (typeof Notification !== 'undefined' && Notification.permission === 'denied') return 'denied';
  return 'supported';
}

const fromBase64Url = (text: string) => {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
};

/** This device's current push subscription, if any. */
export async function currentPushSubscription(): Promise<PushSubscription | null> {
  if (pushSupport() === 'unsupported') return null;
  const registration = await navigator.serviceWorker.getRegistration(PUSH_WORKER_SCOPE);
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/**
 * Asks for permission, registers the service worker, subscribes with the server's VAPID key and
 * sends the subscription to the server. Throws `Error('denied')` when the person refuses.
 */
export async function enablePushOnThisDevice(): Promise<void> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new Error('denied');
  const registration = await navigator.serviceWorker.register(PUSH_WORKER_URL, { scope: PUSH_WORKER_SCOPE });
  await navigator.serviceWorker.ready;
  const { publicKey } = await api.get<{ publicKey: string }>(notificationSettingsPaths.vapidPublicKey);
  let subscription = await registration.pushManager.getSubscription();
  // A subscription made with another server key cannot be reused.
  const key = subscription?.options.applicationServerKey;
  if (
    subscription &&
    key &&
    btoa(String.fromCharCode(...new Uint8Array(key))) !==
      btoa(String.fromCharCode(...fromBase64Url(publicKey)))
  ) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: fromBase64Url(publicKey),
  });
  const json = subscription.toJSON();
  await api.post(notificationSettingsPaths.pushSubscriptions, { endpoint: json.endpoint, keys: json.keys });
}

/** Stops pushes to this device: removes the subscription on the server and in the browser. */
export async function disablePushOnThisDevice(): Promise<void> {
  const subscription = await currentPushSubscription();
  if (!subscription) return;
  await api.delete(
    `${notificationSettingsPaths.pushSubscriptions}?endpoint=${encodeURIComponent(subscription.endpoint)}`,
  );
  await subscription.unsubscribe();
}
