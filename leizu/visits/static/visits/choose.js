// Lists of checkboxes with a search box (data-choose-filter="<id of the list>"): typing hides
// the choices whose name does not contain the text, in any script; checked ones stay.
(function () {
  "use strict";
  function normalise(text) {
    return text.toLocaleLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  function filter(input) {
    var list = document.getElementById(input.getAttribute("data-choose-filter"));
    if (!list) return;
    var query = normalise(input.value.trim());
    // A group's heading is a label without a box (Django's optgroups): a match on it shows
    // the whole group, and a group with nothing shown hides its heading.
    list.querySelectorAll("label").forEach(function (label) {
      var box = label.querySelector("input");
      if (!box) return;
      var group = label.parentElement && label.parentElement.parentElement;
      var heading = group && group !== list && group.querySelector(":scope > label:not(:has(input))");
      var text = normalise(label.textContent + " " + (heading ? heading.textContent : ""));
      label.hidden = !(!query || text.indexOf(query) !== -1 || box.checked);
    });
    list.querySelectorAll("label:not(:has(input))").forEach(function (heading) {
      var group = heading.parentElement;
      heading.hidden = !group.querySelector("label:has(input):not([hidden])");
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-choose-filter]")) filter(event.target);
  });
})();
