// Destructive actions ask first: a <form data-confirm="question"> opens a native <dialog>
// with the question, "Terug" and the form's own (danger) button. Only "yes" submits the
// form, through htmx where the form uses it. Without JavaScript the form is hidden and a
// link leads to a page that asks the same (templates/macros/confirm.html).
"use strict";

(() => {
  let dialog = null;
  let pending = null; // {form, submitter} waiting for an answer

  function buildDialog() {
    const strings = (document.getElementById("confirm-strings") || document.body).dataset;
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
    dialog.setAttribute("aria-describedby", "confirm-dialog-message");
    dialog.innerHTML =
      '<form method="dialog">' +
      '<h2 id="confirm-dialog-title"></h2><p id="confirm-dialog-message"></p>' +
      '<div class="confirm-dialog__actions">' +
      '<button type="submit" value="back" class="button button--secondary" data-back></button>' +
      '<button type="submit" value="yes" class="button button--danger" data-yes></button>' +
      "</div></form>";
    dialog.querySelector("h2").textContent = strings.title || "Weet je het zeker?";
    dialog.querySelector("[data-back]").textContent = strings.back || "Terug";
    dialog.addEventListener("close", () => {
      const answer = pending;
      pending = null;
      if (!answer) return;
      if (dialog.returnValue === "yes") {
        answer.form.dataset.confirmed = "1";
        answer.form.requestSubmit(answer.submitter || undefined);
        delete answer.form.dataset.confirmed;
      } else if (answer.submitter && answer.submitter.isConnected) {
        answer.submitter.focus();
      }
    });
    document.body.append(dialog);
  }

  // Capture phase: runs before htmx (on the form itself) can send the request.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("form[data-confirm]")) return;
    if (form.dataset.confirmed) return;
    if (typeof HTMLDialogElement !== "function") return; // no <dialog>: submit as it is
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!dialog || !dialog.isConnected) buildDialog();
    const submitter = event.submitter && event.submitter.form === form ? event.submitter : null;
    pending = { form, submitter };
    dialog.returnValue = "";
    dialog.querySelector("p").textContent = form.dataset.confirm;
    dialog.querySelector("[data-yes]").textContent =
      form.dataset.confirmButton || (submitter && submitter.textContent.trim()) || "OK";
    dialog.showModal();
    dialog.querySelector("[data-back]").focus();
  }, true);
})();
