/* Page behaviour for every template, kept in a static file so that the Content-Security-Policy
   can forbid inline script and inline event handlers. Templates ask for it with data- attributes:
     <form data-confirm="Question?">   asks before the form is submitted;
     <select data-autosubmit>          submits its form when the choice changes;
     <button data-print>               prints the page;
     <button data-nav-toggle aria-controls="id" aria-expanded="false">
                                       opens and closes the element "id" (the phone menu), and
                                       Escape closes it again.
     <a data-dialog="id" data-pick="name" hx-get="…" hx-target="#… inside the dialog">
                                       opens <dialog id> when htmx has loaded its content (without
                                       script the link opens the full page); [data-dialog-close]
                                       and Escape close it. An institution created inside it
                                       (event leizu:institution-created) joins every
                                       select[data-institution-options] and checkbox list
                                       [data-institution-checkboxes="name"] of the page, chosen
                                       in the one called data-pick.
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
  document.addEventListener("click", function (event) {
    if (!(event.target instanceof Element)) {
      return;
    }
    var opener = event.target.closest("[data-dialog]");
    var dialog = opener && document.getElementById(opener.getAttribute("data-dialog"));
    if (dialog && window.htmx) {
      dialog.dataset.pick = opener.getAttribute("data-pick") || "";
      dialog.opener = opener;
    }
    var closer = event.target.closest("[data-dialog-close]");
    if (closer && closer.closest("dialog")) {
      closer.closest("dialog").close();
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var dialog = event.target instanceof Element && event.target.closest("dialog");
    var done = dialog && dialog.querySelector("[data-dialog-done]");
    if (done) {
      // The work in the dialog is done: its message moves to the page, the dialog closes.
      var status = document.getElementById(dialog.id + "-status");
      if (status) {
        status.textContent = done.textContent.trim();
      }
      event.target.replaceChildren();
      dialog.close();
    } else if (dialog && !dialog.open) {
      dialog.showModal();
      var first = dialog.querySelector("input:not([type=hidden]), select, textarea");
      if (first) {
        first.focus();
      }
    }
  });
  document.addEventListener("close", function (event) {
    var dialog = event.target;
    if (dialog instanceof HTMLDialogElement && dialog.opener) {
      dialog.opener.focus();
    }
  }, true);

  function addCheckbox(box, created, chosen) {
    var list = box.querySelector("div[id]");
    var name = box.getAttribute("data-institution-checkboxes");
    if (!list || list.querySelector("input[value='" + created.id + "']")) {
      return;
    }
    var input = document.createElement("input");
    input.type = "checkbox";
    input.name = name;
    input.value = String(created.id);
    input.id = list.id + "_new_" + created.id;
    input.checked = chosen;
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.appendChild(input);
    label.appendChild(document.createTextNode(" " + created.label));
    var row = document.createElement("div");
    row.appendChild(label);
    list.insertBefore(row, list.firstChild);
  }
  document.addEventListener("leizu:institution-created", function (event) {
    var created = event.detail;
    var dialog = event.target instanceof Element && event.target.closest("dialog");
    var pick = dialog ? dialog.dataset.pick : "";
    document.querySelectorAll("select[data-institution-options]").forEach(function (select) {
      var option = new Option(created.label, String(created.id));
      select.add(option, select.options[1] || null);
      if (select.name === pick) {
        select.value = String(created.id);
      }
    });
    document.querySelectorAll("[data-institution-checkboxes]").forEach(function (box) {
      addCheckbox(box, created, box.getAttribute("data-institution-checkboxes") === pick);
    });
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
