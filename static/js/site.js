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

// Where attention goes after a swap. A fragment marks its focus target with `data-focus`
// (a form: its first field) and what a screen reader should hear with `data-announce`
// (a value, or empty: the element's own text), which goes into the #messages live region.
// Focus stays with a control the person is still using (a checkbox just ticked, a search
// field being typed in): then the change is only announced.
const FIELDS = "input:not([type=hidden]):not([disabled]):not([tabindex='-1']), select:not([disabled]), textarea:not([disabled]), button:not([disabled])";

function focusOn(target, preventScroll) {
  let element = target;
  if (element.matches("form, fieldset")) element = element.querySelector(FIELDS) || element;
  if (!element.matches("a[href], " + FIELDS) && !element.hasAttribute("tabindex")) {
    element.setAttribute("tabindex", "-1");
  }
  element.focus({ preventScroll: Boolean(preventScroll) });
}

function announce(text) {
  const region = document.getElementById("messages");
  if (!region || !text) return;
  region.querySelectorAll(".announcement").forEach((old) => old.remove());
  const line = document.createElement("p");
  line.className = "announcement visually-hidden";
  region.append(line);
  // Filled a moment later, so that the same words twice are announced twice.
  setTimeout(() => { line.textContent = text; }, 50);
}

function announceIn(root) {
  const source = root.matches("[data-announce]") ? root : root.querySelector("[data-announce]");
  if (source) announce(source.dataset.announce || source.textContent.trim().replace(/\s+/g, " "));
}

function stillInUse(detail) {
  const active = document.activeElement;
  const asked = detail.requestConfig && detail.requestConfig.elt;
  const trigger = detail.requestConfig && detail.requestConfig.triggeringEvent;
  if (trigger && trigger.type === "submit") return false;
  // A link or button that was pressed hands the attention on to what it opened.
  if (active && active.matches("a[href], button")) return false;
  if (!active || active === document.body || !active.isConnected || !asked) return false;
  // The control itself came back in the swap (htmx gives the focus to its new self).
  if (active.id && active.id === asked.id) return true;
  // A field in the form, or one joined to it from elsewhere by its `form` attribute.
  return asked.isConnected && (asked.contains(active) || active.form === asked);
}

document.addEventListener("htmx:afterSettle", (event) => {
  const root = event.target;
  if (!(root instanceof Element)) return;
  if (event.detail.boosted) {
    // A boosted navigation: the new page's main region, or what the link asks for
    // (`data-focus-next`, e.g. a filter chip: the results heading).
    const link = event.detail.requestConfig && event.detail.requestConfig.elt;
    const wanted = link && link.dataset && link.dataset.focusNext;
    const target = (wanted && document.querySelector(wanted)) ||
      document.querySelector("#main [autofocus]") || document.getElementById("main");
    if (target) focusOn(target, target.id === "main");
    if (wanted && target && target !== document.getElementById("main")) announceIn(target);
    return;
  }
  if (root.closest("#messages")) return; // a refusal: the region speaks for itself
  announceIn(root);
  const target = root.matches("[data-focus]") ? root : root.querySelector("[data-focus]");
  if (target && !stillInUse(event.detail)) focusOn(target);
});

// The links of an error summary put the focus in their field (a browser only scrolls).
document.addEventListener("click", (event) => {
  const link = event.target.closest(".error-summary a[href^='#']");
  if (!link) return;
  const field = document.getElementById(link.getAttribute("href").slice(1));
  if (!field) return;
  event.preventDefault();
  const label = field.labels && field.labels[0];
  const legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
  (legend || label || field).scrollIntoView({ block: "start" });
  field.focus({ preventScroll: true });
});

// <details data-close-narrow>: open (also without JavaScript), closed on a phone, where
// what it holds would push the page's content down; its summary opens it. With
// data-close-narrow="always" it starts closed on every screen.
const WIDE = window.matchMedia("(min-width: 60rem)");
function fitDetailsToScreen() {
  document.querySelectorAll("details[data-close-narrow]:not([data-seen])").forEach((details) => {
    details.open = WIDE.matches && details.dataset.closeNarrow !== "always";
    details.dataset.seen = "1";
  });
}
fitDetailsToScreen(); // before the first paint where it can (the script is deferred)
document.addEventListener("htmx:afterSettle", fitDetailsToScreen);
WIDE.addEventListener("change", () => {
  document.querySelectorAll("details[data-close-narrow]:not([data-close-narrow=always])")
    .forEach((details) => { details.open = WIDE.matches; });
});

// On a phone the main menu scrolls sideways: keep the current entry in view (also after a
// boosted navigation, which swaps the body).
function showCurrentMenuEntry() {
  const nav = document.querySelector(".nav");
  const current = nav && nav.querySelector("[aria-current=page]");
  if (!current || nav.scrollWidth <= nav.clientWidth) return;
  const entry = current.parentElement;
  nav.scrollLeft = entry.offsetLeft + entry.offsetWidth / 2 - nav.clientWidth / 2;
}
showCurrentMenuEntry();
document.addEventListener("htmx:afterSettle", showCurrentMenuEntry);
