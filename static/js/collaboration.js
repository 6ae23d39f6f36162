"use strict";
// The year plan's "Afdrukken" button (no inline scripts: the page's CSP forbids them).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
