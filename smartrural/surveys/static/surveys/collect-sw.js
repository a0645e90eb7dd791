// The service worker of the door-to-door collection pages (served at /surveys/work/collect-sw.js,
// registered with the scope of one survey's collection page).
// - The page asks it to keep the page itself (without query: the whole sample) and its static
//   files ({type: "keep", urls}); it answers {type: "kept"} once they are stored.
// - Opening the page: from the network when there is signal (the copy kept is refreshed), else
//   the copy kept. Static files: the copy kept, else the network.
// - Everything else (the API, other pages, every POST) goes to the network untouched: answers are
//   queued by the page, never by this worker.
"use strict";

var CACHE = "smartrural-collect-v1";
var PAGE = /^\/surveys\/work\/\d+\/collect\/$/;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("smartrural-collect-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

function keep(cache, url) {
  return fetch(url, { credentials: "same-origin" }).then(function (response) {
    // Never keep a redirect (to the login page) or an error in place of the page.
    if (!response.ok || response.redirected) throw new Error("not kept: " + url);
    return cache.put(url, response);
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  var urls = data.urls.filter(sameOrigin);
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return Promise.all(urls.map(function (url) { return keep(cache, url); }));
    }).then(function () {
      if (event.source) event.source.postMessage({ type: "kept" });
    }).catch(function () { /* offline or logged out: the copy kept stays */ })
  );
});

function pageFirstFromNetwork(request) {
  var url = new URL(request.url);
  var key = url.origin + url.pathname;
  return fetch(request).then(function (response) {
    // Only the whole sample is kept (a page filtered by hamlet on the server is not).
    if (response.ok && !response.redirected && !url.search) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(key, copy); });
    }
    if (response.status >= 500) {
      // The server is down or overloaded: the copy kept, if there is one, is more useful.
      return caches.match(key).then(function (kept) { return kept || response; });
    }
    return response;
  }, function () {
    return caches.match(key).then(function (kept) {
      return kept || Response.error();
    });
  });
}

function fileFromCache(request) {
  return caches.match(request).then(function (kept) {
    return kept || fetch(request);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !sameOrigin(request.url)) return;
  var url = new URL(request.url);
  if (request.mode === "navigate" && PAGE.test(url.pathname)) {
    event.respondWith(pageFirstFromNetwork(request));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(fileFromCache(request));
  }
});
