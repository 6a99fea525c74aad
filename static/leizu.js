/* Page behaviour for every template, kept in a static file so that the Content-Security-Policy
   can forbid inline script and inline event handlers. Templates ask for it with data- attributes:
     <form data-confirm="Question?">   asks before the form is submitted;
     <select data-autosubmit>          submits its form when the choice changes;
     <button data-print>               prints the page;
     <button data-nav-toggle aria-controls="id" aria-expanded="false">
                                       opens and closes the element "id" (the phone menu), and
                                       Escape closes it again.
   The listeners sit on the document, so content that htmx swaps in behaves the same.
   base.html loads this file without defer, in the head: the "js" class on <html> is set before
   the first paint, and the stylesheet collapses the phone menu only when it is there. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setOpen(toggle, open) {
    var target = document.getElementById(toggle.getAttribute("aria-controls") || "");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (target) {
      target.classList.toggle("is-open", open);
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    if (!(event.target instanceof Element)) {
      return;
    }
    if (event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    }
    var toggle = event.target.closest("[data-nav-toggle]");
    if (toggle) {
      setOpen(toggle, toggle.getAttribute("aria-expanded") !== "true");
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    document.querySelectorAll("[data-nav-toggle][aria-expanded='true']").forEach(function (toggle) {
      setOpen(toggle, false);
      toggle.focus();
    });
  });
})();
