// The map of the public petition pages: progressive enhancement only. Without JavaScript (or
// without Leaflet) the list beside it is the whole page. Coordinates come rounded from the server.
(() => {
  const container = document.getElementById('ban-do');
  const L = window.L;
  if (!container || !L) return;
  const points = [...document.querySelectorAll('[data-lat][data-lng]')]
    .map((item) => ({
      lat: Number(item.dataset.lat),
      lng: Number(item.dataset.lng),
      link: item.querySelector('a'),
      title: item.dataset.title || '',
    }))
    .filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lng));
  if (points.length === 0) return;
  container.hidden = false;
  const map = L.map(container, { scrollWheelZoom: false });
  const tiles = container.dataset.tiles;
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: container.dataset.attribution || '' }).addTo(map);
  }
  const markers = points.map((p) => {
    const marker = L.marker([p.lat, p.lng], { title: p.title, alt: p.title || 'Kiến nghị' }).addTo(map);
    if (p.link) {
      // Built from DOM nodes, never from HTML strings.
      const popup = document.createElement('a');
      popup.href = p.link.getAttribute('href');
      popup.textContent = p.link.textContent;
      marker.bindPopup(popup);
    }
    return marker;
  });
  if (markers.length === 1) map.setView([points[0].lat, points[0].lng], 14);
  else map.fitBounds(L.featureGroup(markers).getBounds().pad(0.1));
})();
