// The hub screen keeps itself current without ever reloading the page.
// Every data-screen-every ms it asks data-screen-check whether anything changed (a 304
// while data-screen-version is current: one key read on the server). When it changed,
// or when the shown content goes stale by the clock (data-screen-stale-at: the next
// date starts or ends, the day turns), it fetches the content region and morphs it in
// (idiomorph), so only what differs is touched and nothing piles up in memory.
// Without network the last state stays on screen with a small notice, and the screen
// catches up as soon as the network is back. A renewed link (404) blanks the screen.
"use strict";

(() => {
  const SELECTOR = "#screen[data-screen-check]";
  let timer = null;
  let asking = false;
  let lastGood = null; // the time shown in the offline notice: the last successful update

  const region = () => document.querySelector(SELECTOR);
  const notice = () => document.getElementById("screen-offline");

  function clockText(date) {
    return new Intl.DateTimeFormat(document.documentElement.lang || "nl", {
      hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam",
    }).format(date);
  }

  function showOffline() {
    const box = notice();
    if (!box) return;
    box.textContent = box.dataset.text.replace("%(time)s", clockText(lastGood || new Date()));
    box.hidden = false;
    document.body.classList.add("is-offline");
  }

  function showOnline() {
    const box = notice();
    if (box && !box.dataset.goneShown) box.hidden = true;
    document.body.classList.remove("is-offline");
  }

  function gone() {
    stop();
    const target = region();
    if (target) target.replaceChildren();
    const box = notice();
    if (box) {
      box.textContent = box.dataset.gone;
      box.dataset.goneShown = "1";
      box.hidden = false;
    }
  }

  function stop() {
    clearTimeout(timer);
    timer = null;
  }

  function schedule() {
    stop();
    const target = region();
    if (!target) return;
    timer = setTimeout(check, Number(target.dataset.screenEvery) || 15000);
  }

  function isStale(target) {
    const at = Date.parse(target.dataset.screenStaleAt || "");
    return Number.isFinite(at) && Date.now() >= at;
  }

  async function refresh(target) {
    const response = await fetch(target.dataset.screenFetch, {
      headers: { "HX-Request": "true" }, cache: "no-store", credentials: "omit",
    });
    if (response.status === 404) {
      gone();
      return;
    }
    if (!response.ok || !target.isConnected) return;
    const html = await response.text();
    window.Idiomorph.morph(target, html, { morphStyle: "outerHTML" });
    lastGood = new Date();
    showOnline();
  }

  async function check() {
    timer = null;
    const target = region();
    if (!target) return;
    if (asking) {
      schedule();
      return;
    }
    asking = true;
    try {
      if (!navigator.onLine) {
        showOffline();
      } else if (isStale(target)) {
        await refresh(target);
      } else {
        const response = await fetch(target.dataset.screenCheck, {
          headers: { "If-None-Match": `"v${target.dataset.screenVersion}"` },
          cache: "no-store",
          credentials: "omit",
        });
        if (response.status === 404) gone();
        else if (response.status === 200) await refresh(target);
        else if (response.status === 304) {
          lastGood = new Date();
          showOnline();
        }
      }
    } catch (error) {
      // No network (or the server is away): keep showing what is there.
      showOffline();
    } finally {
      asking = false;
      if (!notice() || !notice().dataset.goneShown) schedule();
    }
  }

  function tick() {
    const clock = document.querySelector("[data-screen-clock]");
    if (clock) clock.textContent = clockText(new Date());
  }

  window.addEventListener("offline", showOffline);
  window.addEventListener("online", () => {
    stop();
    check();
  });

  document.addEventListener("DOMContentLoaded", () => {
    lastGood = new Date();
    setInterval(tick, 10000);
    schedule();
  });
})();
