/* Newsroom's fixes to the Django admin, on every admin page (linked from admin/base_site.html):
   names for controls that Django's own markup leaves unnamed, so screen readers can say what
   each one is for. The forms work the same without this script. */
(function () {
  "use strict";

  // What a control is for: its <label>, or in a tabular inline, its column's heading.
  function nameOf(control) {
    if (control.id) {
      const label = document.querySelector('label[for="' + CSS.escape(control.id) + '"]');
      if (label && label.textContent.trim()) {
        return label.textContent.trim().replace(/:$/, "");
      }
    }
    const cell = control.closest(".tabular td");
    if (!cell) {
      return "";
    }
    const row = cell.closest("tr");
    const heading = cell.closest("table").querySelectorAll("thead th")[cell.cellIndex];
    const name = heading ? heading.textContent.trim().replace(/\?$/, "") : "";
    const rows = Array.from(row.parentElement.querySelectorAll("tr.form-row"));
    return name ? name + ", row " + (rows.indexOf(row) + 1) : "";
  }

  function hasName(control) {
    return control.labels && control.labels.length > 0
      || control.hasAttribute("aria-label") || control.hasAttribute("aria-labelledby");
  }

  function nameControls(root) {
    // Inputs in tabular inlines (position, delete) have a column heading but no label.
    root.querySelectorAll(".tabular td input:not([type=hidden]), .tabular td select, .tabular td textarea")
      .forEach(function (control) {
        if (!hasName(control)) {
          const name = nameOf(control);
          if (name) {
            control.setAttribute("aria-label", name);
          }
        }
      });
    // A split date and time: each box follows its word ("Date:", "Time:") as plain text, the
    // field's name is the fieldset's legend.
    root.querySelectorAll("p.datetime input:not([type=hidden])").forEach(function (control) {
      const word = control.previousSibling;
      if (hasName(control) || !word || word.nodeType !== Node.TEXT_NODE || !word.textContent.trim()) {
        return;
      }
      const legend = control.closest("fieldset") && control.closest("fieldset").querySelector("legend");
      const what = word.textContent.trim().replace(/:$/, "");
      control.setAttribute("aria-label", legend ? legend.textContent.trim().replace(/:$/, "") + ", " + what : what);
    });
    // Autocomplete boxes (select2) are named after what they show, which is nothing until
    // something is chosen: name them after the field instead.
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) {
        return;
      }
      const name = nameOf(select);
      if (!name) {
        return;
      }
      const box = container.querySelector('[role="combobox"]');
      if (box) {
        box.removeAttribute("aria-labelledby");
        box.setAttribute("aria-label", name);
      }
      const shown = container.querySelector(".select2-selection__rendered");
      if (shown && shown.getAttribute("role") === "textbox") {
        shown.setAttribute("aria-label", name);
      }
      // A box of several (an article's topics) is typed into: its search field is the control.
      const search = container.querySelector(".select2-search__field");
      if (search && search.getAttribute("aria-label") !== name) {
        search.setAttribute("aria-label", name);
      }
    });
  }

  function start() {
    nameControls(document);
    // Inline rows added later, and the autocomplete boxes made for them.
    new MutationObserver(function (changes) {
      if (changes.some(function (change) { return change.addedNodes.length > 0; })) {
        nameControls(document);
      }
    }).observe(document.body, {childList: true, subtree: true});
  }

  if (document.readyState === "loading") {
    // After Django's own scripts have made the autocomplete boxes (on the same event).
    window.addEventListener("load", start);
  } else {
    start();
  }
}());
