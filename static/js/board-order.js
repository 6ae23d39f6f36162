// Dragging cards within and between a board's sections (SortableJS, loaded from the
// posts region's data-order-script on first need; only there when this person may move
// a card). A drop sends what the card's own move form sends (its address and CSRF
// token), with the section it landed in and the card it now stands above (`voor`):
// the same service, the same permission and the same spoken message
// ("Verplaatst naar Aanbod, positie 2 van 5") as the keyboard buttons. Without this
// file the buttons move cards, with or without JavaScript.
"use strict";

(() => {
  const SELECTOR = "[data-order-script]";
  let loaded = null;

  function sortableReady(src) {
    if (window.Sortable) return Promise.resolve();
    loaded = loaded || new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
    return loaded;
  }

  // Sortable writes `will-change` into the dragged card's style attribute, then clones
  // the card (the placeholder, the card in the air): a clone that carries a style
  // attribute breaks the strict Content-Security-Policy (style-src 'self'). This plugin
  // takes the attribute off before each clone; the hint it held changes nothing visible.
  function StyleAttributeOff() {}
  StyleAttributeOff.pluginName = "styleAttributeOff";
  StyleAttributeOff.prototype.dragStart = ({ dragEl }) => dragEl.removeAttribute("style");
  StyleAttributeOff.prototype.dragStarted = ({ dragEl }) => dragEl.removeAttribute("style");

  function mountPlugin() {
    if (!window.Sortable.styleAttributeOffMounted) {
      window.Sortable.mount(StyleAttributeOff);
      window.Sortable.styleAttributeOffMounted = true;
    }
  }

  function dropped(region, event) {
    if (event.from === event.to && event.oldIndex === event.newIndex) return;
    const item = event.item;
    const form = item.querySelector("form.pin__move");
    if (!form) return;
    const values = {
      csrf_token: form.elements.csrf_token.value,
      section: event.to.dataset.section,
    };
    const next = item.nextElementSibling;
    if (next && next.dataset.id) values.voor = next.dataset.id;
    // At the end of a column that goes on: above its first card not shown.
    else if (event.to.dataset.next) values.voor = event.to.dataset.next;
    const action = form.getAttribute("action");
    // A refused drop (someone else moved or removed a card meanwhile) shows its message in
    // the message region; the cards, which Sortable already rearranged, are fetched afresh.
    const settled = (event) => {
      if (event.detail.requestConfig.path !== action) return;
      document.removeEventListener("htmx:afterRequest", settled);
      if (!event.detail.successful) {
        region.dispatchEvent(new CustomEvent("live:refresh", { bubbles: true }));
      }
    };
    document.addEventListener("htmx:afterRequest", settled);
    window.htmx.ajax("POST", action, { target: "#" + region.id, swap: "outerHTML", values });
  }

  function setUp(root) {
    if (!root || !root.querySelector) return;
    const region = root.matches(SELECTOR) ? root : root.querySelector(SELECTOR);
    if (!region) return;
    sortableReady(region.dataset.orderScript).then(() => {
      mountPlugin();
      region.querySelectorAll("ol.pins[data-section]").forEach((list) => {
        if (window.Sortable.get(list)) return;
        window.Sortable.create(list, {
          group: region.dataset.orderGroup,
          handle: ".pin__drag",
          draggable: "li",
          // The same pointer-driven dragging on a mouse, a touch screen and a pen.
          forceFallback: true,
          animation: 150,
          styleAttributeOff: true,
          // No live update morphs the region while a card is in the air.
          onStart: () => { region.dataset.liveHold = "1"; },
          onEnd: (event) => {
            delete region.dataset.liveHold;
            dropped(region, event);
          },
        });
      });
    });
  }

  // htmx gives an element's new copy (same id) the old one's attributes while it settles:
  // a style attribute Sortable's animation left behind (even an empty one) would then be
  // applied inline, which the CSP blocks. Take them off before the region is swapped.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (!target || !target.querySelector) return;
    const region = target.matches(SELECTOR) ? target : target.querySelector(SELECTOR);
    if (region) region.querySelectorAll("[style]").forEach((el) => el.removeAttribute("style"));
  });

  if (window.htmx) window.htmx.onLoad(setUp);
  document.addEventListener("live:updated", (event) => setUp(event.target));
})();
