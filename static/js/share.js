// The native share sheet, where the browser has one (phones, some desktops):
// <button data-share-url="…" data-share-title="…" hidden>. Without it (or without
// JavaScript) the button stays hidden and the WhatsApp, e-mail and copy links remain.
"use strict";

function revealShareButtons(root) {
  if (typeof navigator.share !== "function") return;
  root.querySelectorAll("[data-share-url][hidden]").forEach((button) => {
    button.hidden = false;
  });
}

document.addEventListener("DOMContentLoaded", () => revealShareButtons(document));
// After htmx puts new content in (a boosted navigation, a swap).
document.addEventListener("htmx:load", (event) => revealShareButtons(event.target));

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-share-url]");
  if (!button || typeof navigator.share !== "function") return;
  navigator.share({ title: button.dataset.shareTitle || document.title,
                    url: button.dataset.shareUrl }).catch(() => {
    // The person closed the sheet, or sharing was refused: nothing to do.
  });
});
