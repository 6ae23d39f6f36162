// The check-in page's service worker (served at /inchecken/sw.js, so its scope covers
// /inchecken/…). With the network gone, the check-in page and its scripts, styles and
// icons come from the cache that the page fills while online (static/js/checkin.js);
// with the network there, everything comes from the server and refreshes the cache.
// Only GET requests are touched: check-ins (POST) always go to the server.
"use strict";

const CACHE = "hubsite-door-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function kept(url) {
  // The door pages themselves and the site's static files; never the JSON list (the
  // page keeps that in localStorage) nor anything else.
  return /^\/inchecken\/\d+$/.test(url.pathname) || url.pathname.startsWith("/static/");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !kept(url)) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      if (response.ok) {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
      }
      return response;
    } catch (error) {
      const cached = await caches.match(request, {ignoreVary: true, ignoreSearch: true});
      if (cached) return cached;
      throw error;
    }
  })());
});
