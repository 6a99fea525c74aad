/* Page behaviour for every template, kept in a static file so that the Content-Security-Policy
   can forbid inline script and inline event handlers. Templates ask for it with data- attributes:
     <form data-confirm="Question?">   asks before the form is submitted;
     <select data-autosubmit>          submits its form when the choice changes;
     <button data-print>               prints the page.
   The listeners sit on the document, so content that htmx swaps in behaves the same. */
(function () {
  "use strict";
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
    if (event.target instanceof Element && event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    }
  });
})();
