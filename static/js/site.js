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

// A boosted link or form that gets an error page (404, 403, an expired form, too many
// tries) shows that page, as a browser without htmx would; otherwise the click seems to
// do nothing. Errors of smaller htmx requests keep htmx's default (no swap).
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.boosted && event.detail.xhr.status >= 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
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
