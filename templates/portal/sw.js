// The portal's service worker (portal/offline.py): keeps the reading pages of the reader's
// language for offline reading. Planner pages are never kept: offline, they show the offline page.
const CACHE = "portal-{{ version }}";  // the content stamp: an edit makes a new worker and cache
const STATIC_URL = "{{ static_url|escapejs }}";
const OFFLINE_PAGES = {{ offline_pages|safe }};  // language code -> its offline page

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// A page asks to keep its language's pages ({keep: list URL}); the answer says when they are kept.
self.addEventListener("message", (event) => {
  if (!event.data || !event.data.keep) return;
  event.waitUntil(keep(event.data.keep).then(
    (kept) => event.source.postMessage({kept}),
    () => event.source.postMessage({kept: false}),
  ));
});

async function keep(listUrl) {
  const cache = await caches.open(CACHE);
  if (await cache.match(listUrl)) return true;  // kept already: nothing to fetch again
  const list = await fetch(listUrl, {credentials: "omit"});
  const {pages, static: files} = await list.clone().json();
  // Without cookies: kept pages are the anonymous reader's, never anyone's account.
  await Promise.all([...pages, ...files].map(async (url) => {
    const response = await fetch(url, {credentials: "omit"});
    if (!response.ok || response.redirected) throw new Error(`not kept: ${url}`);
    await cache.put(url, response);
  }));
  await cache.put(listUrl, list);  // last: the list marks a language as complete
  return true;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(STATIC_URL)) {
    event.respondWith(caches.match(request).then((kept) => kept || fetch(request)));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => fromCache(url)));
  }
});

// Offline: the kept copy of a reading page, else the offline page of the URL's language.
async function fromCache(url) {
  const kept = await caches.match(url.pathname + url.search);
  if (kept) return kept;
  const language = url.pathname.split("/")[1];
  const offline = OFFLINE_PAGES[language] || OFFLINE_PAGES["{{ default_language }}"];
  return (await caches.match(offline)) || Response.error();
}
