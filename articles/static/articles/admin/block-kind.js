// Article body pieces in the admin: show only the fields the chosen kind uses.
(function () {
  "use strict";
  var FIELDS = {
    text: ["text"],
    heading: ["text"],
    quote: ["text", "attribution"],
    photo: ["photo", "caption"]
  };
  var ALL = ["text", "photo", "caption", "attribution"];

  function update(select) {
    var piece = select.closest(".inline-related");
    if (!piece) return;
    var shown = FIELDS[select.value] || ALL;
    ALL.forEach(function (name) {
      var row = piece.querySelector(".field-" + name);
      if (row) row.style.display = shown.indexOf(name) === -1 ? "none" : "";
    });
  }

  function updateAll() {
    document.querySelectorAll("select[name^='blocks-'][name$='-kind']").forEach(update);
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches("select[name^='blocks-'][name$='-kind']")) update(event.target);
  });
  document.addEventListener("formset:added", updateAll);
  document.addEventListener("DOMContentLoaded", updateAll);
})();
