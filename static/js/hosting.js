// Small islands for the hub team's pages (hubsite/templates: agenda/form.html,
// bookings/attendees.html); every page works without this file. Listeners sit on the
// document, so pages loaded by hx-boost work the same.
"use strict";

// Marks that scripts run: CSS then shows only the chosen one of "aantal keer" and
// "tot en met" in the activity form (without JavaScript both stay visible).
document.documentElement.classList.add("js");

// The attendee list's search box filters its rows by name as you type
// (<input data-filter-rows="#list-id">; rows carry data-name). Without JavaScript the
// same box searches on the server (?q=).
function filterRows(input) {
  const list = document.querySelector(input.dataset.filterRows);
  if (!list) return;
  const words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  list.querySelectorAll("[data-name]").forEach((row) => {
    const name = row.dataset.name.toLocaleLowerCase();
    const match = words.every((word) => name.includes(word));
    row.hidden = !match;
    if (match) shown += 1;
  });
  const status = document.querySelector(input.dataset.filterStatus || "");
  if (status) {
    status.textContent = words.length ? (status.dataset.template || "{n}").replace("{n}", shown) : "";
  }
}
document.addEventListener("input", (event) => {
  if (event.target.matches && event.target.matches("[data-filter-rows]")) filterRows(event.target);
});
// Typing filters at once; Enter need not reload the page.
document.addEventListener("submit", (event) => {
  const input = event.target.querySelector && event.target.querySelector("[data-filter-rows]");
  if (input) {
    event.preventDefault();
    event.stopPropagation(); // nor does htmx send it
    filterRows(input);
  }
}, true);
