// The article body in the admin (templates/admin/articles/block/body_inline.html): pieces are
// added with a button for each kind, moved with "Move up"/"Move down" or by dragging their
// handle, and numbered in page order into their hidden position fields. Without this script the
// pieces keep their visible position numbers and save in that order.
(function () {
  "use strict";

  var group, container, status, pending = null;

  function pieces() {
    return Array.prototype.filter.call(
      container.querySelectorAll("[data-body-piece]"),
      function (piece) { return !piece.classList.contains("empty-form"); }
    );
  }

  function field(piece, name) {
    return piece.querySelector("[name$='-" + name + "']");
  }

  function announce(message) {
    // Cleared first so that the same words twice in a row are announced twice.
    status.textContent = "";
    window.requestAnimationFrame(function () { status.textContent = message; });
  }

  function renumber() {
    var all = pieces();
    all.forEach(function (piece, index) {
      var position = field(piece, "position");
      if (position) position.value = String(index + 1);
      piece.querySelectorAll("[data-body-move]").forEach(function (button) {
        var step = Number(button.getAttribute("data-body-move"));
        var atEdge = step < 0 ? index === 0 : index === all.length - 1;
        button.setAttribute("aria-disabled", atEdge ? "true" : "false");
      });
    });
    group.querySelector("[data-body-empty]").hidden = all.length > 0;
    return all;
  }

  function positionOf(piece) {
    var all = pieces();
    return "position " + (all.indexOf(piece) + 1) + " of " + all.length;
  }

  function move(button) {
    var piece = button.closest("[data-body-piece]");
    var all = pieces();
    var index = all.indexOf(piece);
    var step = Number(button.getAttribute("data-body-move"));
    var neighbour = all[index + step];
    if (!neighbour) {
      announce("Already at " + (step < 0 ? "the top" : "the bottom") + ": " + positionOf(piece));
      return;
    }
    // The neighbour moves, not the piece: the button keeps its focus.
    if (step < 0) container.insertBefore(neighbour, piece.nextSibling);
    else container.insertBefore(neighbour, piece);
    renumber();
    button.focus();
    announce("Moved to " + positionOf(piece));
  }

  function focusFirstField(piece) {
    var candidates = piece.querySelectorAll(
      ".ProseMirror, .select2-selection, textarea, select, input:not([type=hidden]):not([type=checkbox])"
    );
    for (var i = 0; i < candidates.length; i++) {
      if (candidates[i].getClientRects().length) {
        candidates[i].focus();
        return;
      }
    }
  }

  function added(event) {
    var piece = event.target;
    if (!pending || !piece.matches || !piece.matches("[data-body-piece]") || !group.contains(piece)) {
      return;
    }
    var index = piece.id.slice(piece.id.lastIndexOf("-") + 1);
    // admin/js/inlines.js renumbers ids, names and "for"; these references too.
    piece.querySelectorAll("[aria-labelledby], [aria-describedby]").forEach(function (el) {
      ["aria-labelledby", "aria-describedby"].forEach(function (name) {
        var value = el.getAttribute(name);
        if (value) el.setAttribute(name, value.replace("__prefix__", index));
      });
    });
    piece.setAttribute("aria-labelledby", piece.getAttribute("aria-labelledby").replace("__prefix__", index));
    field(piece, "kind").value = pending.kind;
    piece.setAttribute("data-kind", pending.kind);
    piece.querySelector("[data-body-title]").textContent = pending.label;
    var label = pending.label;
    pending = null;
    renumber();
    piece.dispatchEvent(new CustomEvent("body:piece-added", { bubbles: true }));
    window.requestAnimationFrame(function () { focusFirstField(piece); });
    announce("Added " + label + " at " + positionOf(piece));
  }

  function add(button) {
    var link = group.querySelector(".add-row a");
    if (!link) return;
    pending = { kind: button.getAttribute("data-body-add-kind"), label: button.textContent.trim() };
    link.click();
  }

  // Drag and drop, by each piece's handle (the buttons do the same from the keyboard).
  var dragged = null;

  function dragTarget(event) {
    var target = event.target.closest && event.target.closest("[data-body-piece]");
    if (!target || target === dragged || target.classList.contains("empty-form")) return null;
    return container.contains(target) ? target : null;
  }

  function setUpDragging() {
    container.addEventListener("pointerdown", function (event) {
      var handle = event.target.closest("[data-body-handle]");
      if (handle) handle.closest("[data-body-piece]").draggable = true;
    });
    container.addEventListener("pointerup", function () {
      if (!dragged) pieces().forEach(function (piece) { piece.draggable = false; });
    });
    container.addEventListener("dragstart", function (event) {
      var piece = event.target;
      if (!piece.matches || !piece.matches("[data-body-piece]") || !piece.draggable) return;
      dragged = piece;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", piece.querySelector("[data-body-title]").textContent);
      piece.classList.add("is-dragged");
    });
    container.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      var target = dragTarget(event);
      if (!target) return;
      var box = target.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      container.insertBefore(dragged, after ? target.nextSibling : target);
    });
    container.addEventListener("drop", function (event) {
      if (dragged) event.preventDefault();
    });
    container.addEventListener("dragend", function () {
      if (!dragged) return;
      var piece = dragged;
      dragged = null;
      piece.draggable = false;
      piece.classList.remove("is-dragged");
      renumber();
      announce("Moved to " + positionOf(piece));
    });
  }

  // After a form error the pieces come back in form order with the positions sent: page order
  // follows the positions again before they are renumbered.
  function sortByPosition() {
    var template = container.querySelector(".empty-form");
    pieces()
      .map(function (piece, index) {
        var position = Number((field(piece, "position") || {}).value) || Infinity;
        return { piece: piece, position: position, index: index };
      })
      .sort(function (a, b) { return a.position - b.position || a.index - b.index; })
      .forEach(function (entry) { container.insertBefore(entry.piece, template); });
  }

  function start() {
    group = document.querySelector("[data-body-editor]");
    if (!group) return;
    container = group.querySelector("[data-body-pieces]");
    status = group.querySelector("[data-body-status]");
    group.classList.add("body-editor--enhanced");
    group.querySelector("[data-body-add]").hidden = false;
    group.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      if (button.hasAttribute("data-body-move")) move(button);
      else if (button.hasAttribute("data-body-add-kind")) add(button);
    });
    document.addEventListener("formset:added", added);
    setUpDragging();
    sortByPosition();
    renumber();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
