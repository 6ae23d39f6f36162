// Live regions: part of a page that other people change while it is open (a pinboard's
// posts). The region says where to ask whether anything changed (data-live-check, which
// answers 304 while data-live-version is current: one key read on the server), where to
// fetch its new content for this person (data-live-fetch, an htmx fragment) and how
// often to ask (data-live-every, in ms). New content is morphed in (idiomorph, loaded
// from data-live-morph on first need), so a focused control, a half-chosen select and
// everything outside the region (the form someone is typing in) stay as they are.
// Nothing is asked while the tab is hidden; a shown tab asks at once.
// No request waits on the server (no long polling): every worker stays free.
// Without this file the page is as fresh as its last load.
"use strict";

(() => {
  const SELECTOR = "[data-live-check]";
  let timer = null;
  let asking = false;
  let morphLoaded = null;

  function region() {
    return document.querySelector(SELECTOR);
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
  }

  function morphReady(target) {
    if (window.Idiomorph) return Promise.resolve();
    morphLoaded = morphLoaded || loadScript(target.dataset.liveMorph);
    return morphLoaded;
  }

  function stop() {
    clearTimeout(timer);
    timer = null;
  }

  function schedule() {
    stop();
    const target = region();
    if (!target || document.hidden) return;
    timer = setTimeout(check, Number(target.dataset.liveEvery) || 2000);
  }

  function itemsOf(target) {
    return Array.from(target.querySelectorAll("[data-id]"), (item) => item.dataset.id).join(",");
  }

  async function refresh(target) {
    const [response] = await Promise.all([
      fetch(target.dataset.liveFetch, {
        headers: { "HX-Request": "true" }, cache: "no-store", credentials: "same-origin",
      }),
      morphReady(target),
    ]);
    // Someone is dragging a card (data-live-hold), or the page moved on: next time.
    if (!response.ok || !target.isConnected || target.dataset.liveHold) return;
    const html = await response.text();
    // An answer older than what the region already shows (a move of this person's own
    // landed meanwhile) would put the cards back for a moment: skip it.
    const fetched = /data-live-version="(\d+)"/.exec(html);
    if (fetched && Number(fetched[1]) < Number(target.dataset.liveVersion)) return;
    const before = itemsOf(target);
    window.Idiomorph.morph(target, html, {
      morphStyle: "outerHTML", ignoreActiveValue: true, restoreFocus: true,
    });
    if (window.htmx) window.htmx.process(target);
    target.dispatchEvent(new CustomEvent("live:updated", { bubbles: true }));
    // Said politely in the message region (site.js), only when cards came, went or moved.
    if (itemsOf(target) !== before && typeof window.announce === "function") {
      window.announce(target.dataset.liveMessage);
    }
  }

  async function check() {
    timer = null;
    const target = region();
    if (!target || document.hidden) return;
    if (asking || target.dataset.liveHold) {
      schedule();
      return;
    }
    asking = true;
    try {
      const response = await fetch(target.dataset.liveCheck, {
        headers: { "If-None-Match": `"v${target.dataset.liveVersion}"` },
        cache: "no-store",
        credentials: "same-origin",
      });
      if (response.status === 200) await refresh(target);
      // The board is gone: stop asking (the page says so at its next load).
      if (response.status === 404) delete target.dataset.liveCheck;
    } catch (error) {
      // Offline for a moment: ask again at the next turn.
    } finally {
      asking = false;
      schedule();
    }
  }

  // Another script asks for fresh content now (a refused drop left the cards out of order).
  document.addEventListener("live:refresh", (event) => {
    const target = event.target.closest && event.target.closest(SELECTOR);
    if (target) refresh(target).catch(() => {});
  });

  document.addEventListener("visibilitychange", () => {
    if (document.hidden) stop();
    else check();
  });

  // A page (or a boosted navigation) that brings a live region starts the asking.
  function start(root) {
    if (!timer && !asking && root.querySelector && (root.matches(SELECTOR) || root.querySelector(SELECTOR))) {
      schedule();
    }
  }
  if (window.htmx) window.htmx.onLoad(start);
  else start(document.documentElement);
})();
