/* Mặt trận số — shows Web Push notifications and opens the app on a click. */
/* The server sends JSON { id, kind, title, body, url, urgent } (encrypted per RFC 8291). */

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: event.data ? event.data.text() : '' };
  }
  const title = data.title || 'Mặt trận số';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: data.body || '',
      tag: data.id || undefined,
      icon: '/app/favicon.svg',
      badge: '/app/favicon.svg',
      requireInteraction: Boolean(data.urgent),
      data: { url: data.url || '/app/documents/notifications' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = event.notification.data?.url || '/app/';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if (new URL(client.url).origin === self.location.origin && 'focus' in client) {
          client.navigate(url);
          return client.focus();
        }
      }
      return self.clients.openWindow(url);
    }),
  );
});

// A browser that renews the subscription: the page re-registers it on the next visit to settings.
self.addEventListener('pushsubscriptionchange', () => undefined);
