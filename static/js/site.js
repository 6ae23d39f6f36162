// Small enhancements; every page works without this file.
"use strict";

// Copy buttons: <button data-copy="#input-id">.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (!source) return;
  const text = source.value || source.textContent;
  const done = () => {
    const label = button.textContent;
    button.textContent = button.dataset.copied || "✓";
    setTimeout(() => { button.textContent = label; }, 2000);
  };
  if (navigator.clipboard) {
    navigator.clipboard.writeText(text).then(done, () => { source.select(); });
  } else {
    source.select();
  }
});

// The htmx error contract (see hubsite/rendering.py). htmx swaps no 4xx/5xx answer by
// itself, so a failed request would seem to do nothing:
// - a boosted link or form that gets an error page (404, 403, an expired form, too many
//   tries) shows that page, as a browser without htmx would;
// - a smaller request's refusal, which the server addresses to the message region with
//   HX-Retarget, is swapped there (the element that asked stays as it was).
// (A form with mistakes answers 422, which htmx-config swaps in place.)
document.addEventListener("htmx:beforeSwap", (event) => {
  const detail = event.detail;
  if (detail.xhr.status < 400) return;
  if (detail.boosted) {
    detail.shouldSwap = true;
    detail.isError = false;
  } else if (detail.xhr.getResponseHeader("HX-Retarget")) {
    detail.shouldSwap = true;
  }
});

// An error without a message of ours (a proxy's 502, a lost connection) still says
// something, in the message region, in the page's language (data-fallback).
function showFallbackMessage() {
  const region = document.getElementById("messages");
  if (!region || !region.dataset.fallback) return;
  const notice = document.createElement("p");
  notice.className = "notice notice--error notice--refusal";
  notice.textContent = region.dataset.fallback;
  region.replaceChildren(notice);
}
document.addEventListener("htmx:responseError", (event) => {
  if (!event.detail.boosted && !event.detail.xhr.getResponseHeader("HX-Retarget")) {
    showFallbackMessage();
  }
});
document.addEventListener("htmx:sendError", showFallbackMessage);

// A new request clears the message of an earlier refusal, which no longer applies.
document.addEventListener("htmx:beforeRequest", () => {
  document.querySelectorAll("#messages .notice--refusal").forEach((notice) => notice.remove());
});

// A boosted navigation swaps only <body>: keep <html lang> in step with the page that came
// back (after a language switch, or a log-in in another language), so screen readers
// pronounce it right.
document.addEventListener("htmx:afterSwap", (event) => {
  if (!event.detail.boosted || !event.detail.xhr) return;
  const match = /<html[^>]*\slang="([a-zA-Z-]+)"/.exec(event.detail.xhr.responseText);
  if (match) document.documentElement.lang = match[1];
});

// Move focus to the main region after a boosted navigation so screen readers announce it.
document.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.boosted) {
    const main = document.getElementById("main");
    if (main) main.focus({ preventScroll: true });
  }
});

// <details data-open-wide>: open on wide screens, where there is room (closed on a phone).
function openDetailsOnWideScreens() {
  if (!window.matchMedia("(min-width: 60rem)").matches) return;
  document.querySelectorAll("details[data-open-wide]:not([data-seen])").forEach((details) => {
    details.open = true;
    details.dataset.seen = "1";
  });
}
document.addEventListener("DOMContentLoaded", openDetailsOnWideScreens);
document.addEventListener("htmx:afterSettle", openDetailsOnWideScreens);
