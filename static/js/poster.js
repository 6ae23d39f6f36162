// The poster page's print button (hidden without JavaScript; the browser's own print
// menu does the same): prints the A4 sheet, or saves it as a PDF.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("[data-print]");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
