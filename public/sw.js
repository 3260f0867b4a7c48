/*
 * GridCouncil's service worker: the app opens and reads offline, and nothing is ever sent later.
 *
 * - Only GET requests of this origin are handled. A vote, a co-sign or any other POST goes straight
 *   to the network and fails visibly when offline: nothing is queued or replayed (a vote replayed
 *   hours later, after the ballot closed or the person changed their mind, would be worse than none).
 * - The app shell (the offline page, icons, the manifest, Next's content-hashed static files) is
 *   cached; pages (home, ballots, notices, topics, tasks, inbox) are network-first and kept for
 *   reading offline.
 * - Pages are personal. Each page names its viewer with <meta name="gc-viewer"> (a keyed hash of the
 *   session, empty when signed out; app/_components/offline-support.tsx). A page is stored only in
 *   the cache of the viewer it names, only while that viewer is the current one, and a change of
 *   viewer — sign-out, another person signing in, a session ending — deletes every other viewer's
 *   pages. Offline, only the current viewer's pages are shown.
 * - API answers, server-component payloads, photos and PDFs are never cached here.
 */
const VERSION = "2026-12-07.1";
const SHELL = `gc-shell-${VERSION}`;
const ASSETS = "gc-assets";
const META = "gc-meta";
const PAGES = "gc-pages-";
const OFFLINE_URL = "/offline";
const SHELL_URLS = [OFFLINE_URL, "/manifest.webmanifest", "/icon.svg", "/icons/icon-192.png", "/icons/icon-512.png", "/icons/icon-maskable-512.png", "/apple-icon.png"];
/** Pages worth reading offline; anything else (account, staff, admin, meetings' live rooms) is not stored. */
const READABLE = /^\/(?:|ballots(?:\/\d+)?|notices(?:\/\d+)?|topics(?:\/\d+)?|tasks(?:\/\d+)?|inbox)$/;
/** At most this many pages per viewer, the oldest dropped first ("recent topics"). */
const MAX_PAGES = 60;
/** Warming after a sign-in fetches at most this many open ballots and notices. */
const WARM_ITEMS = 6;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const shell = await caches.open(SHELL);
      for (const url of SHELL_URLS) {
        // Signed out on purpose: the offline page's header must not carry anyone's name.
        const res = await fetch(url, { credentials: "omit", cache: "reload" }).catch(() => null);
        if (!res?.ok) {
          // Without the offline page there is nothing to fall back on: try again at the next visit.
          if (url === OFFLINE_URL) throw new Error(`${url}: ${res?.status ?? "network"}`);
          continue;
        }
        if (url === OFFLINE_URL) await cacheAssetsOf(res.clone());
        await shell.put(url, res);
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith("gc-shell-") && name !== SHELL) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/**
 * Windows showing the offline page in place of one that could not be loaded. That page was stored
 * signed out, so it reports no viewer: taken at its word it would delete the person's saved pages.
 */
const fallbackClients = new Set();

self.addEventListener("message", (event) => {
  const data = event.data;
  if (event.source && fallbackClients.has(event.source.id)) return;
  if (data && data.type === "viewer" && typeof data.key === "string") event.waitUntil(setViewer(data.key, { warm: true }));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // never queued: the network answers, or the page shows the failure
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/_next/static/")) return event.respondWith(cacheFirst(ASSETS, request));
  if (SHELL_URLS.includes(url.pathname) && url.pathname !== OFFLINE_URL) return event.respondWith(cacheFirst(SHELL, request));
  if (request.mode === "navigate" && !url.pathname.startsWith("/api/")) return event.respondWith(page(request, url, event.resultingClientId));
  // Server-component payloads, API calls, photos, PDFs: the network only. A client-side navigation
  // that fails offline falls back to a full page load, which the branch above answers.
});

async function cacheFirst(cacheName, request) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(request, { ignoreSearch: cacheName === SHELL });
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok && res.type === "basic") await cache.put(request, res.clone()).catch(() => {});
  return res;
}

async function page(request, url, clientId) {
  let res;
  try {
    res = await fetch(request);
  } catch {
    const copy = await offlineCopy(url);
    if (copy) return copy;
    if (clientId) fallbackClients.add(clientId);
    return (await caches.match(OFFLINE_URL, { cacheName: SHELL })) ?? Response.error();
  }
  if (res.ok && res.type === "basic" && READABLE.test(url.pathname) && !url.search) {
    const copy = res.clone();
    // Storing reads the page's body; the person gets theirs at once.
    keep(url, copy).catch(() => {});
  }
  return res;
}

/** The current viewer's saved copy of a page, its offline banner shown (it needs no script to show). */
async function offlineCopy(url) {
  const viewer = await currentViewer();
  if (!viewer) return undefined;
  const cache = await caches.open(PAGES + viewer);
  const hit = await cache.match(url.pathname);
  if (!hit) return undefined;
  const html = (await hit.text()).replace(/<div([^>]*)id="gc-offline-banner"([^>]*)>/, (tag) => tag.replace(/\shidden(="[^"]*")?/, ""));
  return new Response(html, { status: hit.status, statusText: hit.statusText, headers: hit.headers });
}

/** Stores a page under the viewer it names, if that is the current one (and makes it current when a page says so). */
async function keep(url, res) {
  if (!(res.headers.get("content-type") ?? "").includes("text/html")) return;
  const html = await res.clone().text();
  const viewer = viewerOf(html);
  if (viewer === null) return;
  await setViewer(viewer, { warm: false });
  if (!viewer) return; // signed out: nothing personal to keep
  const cache = await caches.open(PAGES + viewer);
  await cache.delete(url.pathname);
  await cache.put(url.pathname, new Response(html, { status: res.status, statusText: res.statusText, headers: res.headers }));
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) await cache.delete(old);
}

function viewerOf(html) {
  const m = /<meta name="gc-viewer" content="([0-9a-f]*)"/.exec(html);
  return m ? m[1] : null;
}

async function currentViewer() {
  const hit = await (await caches.open(META)).match("/__viewer");
  return hit ? hit.text() : "";
}

/** A new viewer (or none) deletes every other viewer's pages; a newly signed-in one gets their open ballots and notices stored. */
async function setViewer(key, { warm }) {
  const before = await currentViewer();
  if (before !== key) {
    await (await caches.open(META)).put("/__viewer", new Response(key));
    for (const name of await caches.keys()) if (name.startsWith(PAGES) && name !== PAGES + key) await caches.delete(name);
  }
  if (!warm || !key) return;
  const meta = await caches.open(META);
  const warmed = await meta.match("/__warmed");
  if (warmed && (await warmed.text()) === key) return;
  await meta.put("/__warmed", new Response(key));
  await warmUp(key);
}

/** Fetches the lists and the first few open ballots and notices, so they read offline before being opened. */
async function warmUp(key) {
  const lists = ["/", "/ballots", "/notices", "/topics"];
  const items = [];
  for (const path of lists) {
    const html = await store(path, key);
    if (!html) continue;
    if (path === "/ballots" || path === "/notices") {
      const re = new RegExp(`href="(${path}/\\d+)"`, "g");
      for (const m of html.matchAll(re)) if (!items.includes(m[1]) && items.filter((i) => i.startsWith(path)).length < WARM_ITEMS) items.push(m[1]);
    }
  }
  for (const path of items) await store(path, key);
}

async function store(path, key) {
  try {
    const res = await fetch(path, { credentials: "same-origin", redirect: "error" });
    if (!res.ok || !(res.headers.get("content-type") ?? "").includes("text/html")) return null;
    const html = await res.text();
    if (viewerOf(html) !== key || (await currentViewer()) !== key) return null;
    const cache = await caches.open(PAGES + key);
    await cache.put(path, new Response(html, { status: res.status, statusText: res.statusText, headers: res.headers }));
    // Never opened online, so its scripts and styles were never fetched: keep them too.
    await cacheAssetsOf(new Response(html));
    return html;
  } catch {
    return null;
  }
}

/** The offline page's stylesheets and scripts, so it looks like the app. */
async function cacheAssetsOf(res) {
  const html = await res.text();
  const cache = await caches.open(ASSETS);
  const urls = [...new Set([...html.matchAll(/(?:href|src)="(\/_next\/static\/[^"]+)"/g)].map((m) => m[1]))];
  for (const url of urls) if (!(await cache.match(url))) await cache.add(url).catch(() => {});
}
