// Lists of checkboxes with a search box (data-choose-filter="<id of the list>"): typing hides
// the institutions whose name does not contain the text, in any script; checked ones stay.
(function () {
  "use strict";
  function normalise(text) {
    return text.toLocaleLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  function filter(input) {
    var list = document.getElementById(input.getAttribute("data-choose-filter"));
    if (!list) return;
    var query = normalise(input.value.trim());
    list.querySelectorAll("label").forEach(function (label) {
      var box = label.querySelector("input");
      var match = !query || normalise(label.textContent).indexOf(query) !== -1;
      label.hidden = !(match || (box && box.checked));
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-choose-filter]")) filter(event.target);
  });
})();
