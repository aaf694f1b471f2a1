// The photo chooser (articles/widgets.py): a photo's thumbnail, caption and credit where an
// article uses it, and a dialog that searches the photo desk or uploads a new photo. Without
// this script the field is a number field holding the photo's number, and still works.
(function () {
  "use strict";

  var FIELDS = ["image", "alt_text", "caption", "credit"];

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) return field.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function summary(photo) {
    // What the widget and each search result show: thumbnail, caption, "Photograph: credit".
    var parts = [];
    if (photo.thumbnail) {
      var img = element("img", "photo-chooser__thumb");
      img.src = photo.thumbnail;
      img.alt = "";
      img.width = photo.width;
      img.height = photo.height;
      parts.push(img);
    }
    var words = element("div", "photo-chooser__words");
    words.appendChild(element("p", "photo-chooser__caption", photo.label));
    if (photo.credit) {
      words.appendChild(element("p", "photo-chooser__credit", "Photograph: " + photo.credit));
    }
    parts.push(words);
    return parts;
  }

  function setup(chooser) {
    if (chooser.dataset.chooserReady) return;
    chooser.dataset.chooserReady = "1";
    var input = chooser.querySelector("[data-chooser-fallback] input");
    var current = chooser.querySelector("[data-chooser-current]");
    var openButton = chooser.querySelector("[data-chooser-open]");
    var removeButton = chooser.querySelector("[data-chooser-remove]");
    var dialog = chooser.querySelector("[data-chooser-dialog]");
    var title = dialog.querySelector("[data-chooser-title]");
    var search = dialog.querySelector("[data-chooser-q]");
    var status = dialog.querySelector("[data-chooser-status]");
    var results = dialog.querySelector("[data-chooser-results]");
    var drop = dialog.querySelector("[data-chooser-drop]");
    var fileInput = dialog.querySelector("[data-field=image]");
    var dropped = dialog.querySelector("[data-chooser-dropped]");
    var generalErrors = dialog.querySelector("[data-chooser-errors]");
    var sendButton = dialog.querySelector("[data-chooser-send]");
    var uploadStatus = dialog.querySelector("[data-chooser-upload-status]");
    var searchUrl = chooser.dataset.searchUrl;
    var uploadUrl = chooser.dataset.uploadUrl;
    var searchTimer = null;
    var searchNumber = 0;

    chooser.querySelector("[data-chooser-fallback]").hidden = true;
    chooser.querySelector("[data-chooser-actions]").hidden = false;
    // Ids of inline rows are renumbered by Django when a row is added: name things now.
    dialog.setAttribute("aria-labelledby", title.id);
    openButton.setAttribute("aria-describedby", current.id);
    // Outside the article's form: Enter in the dialog's fields must not submit the article.
    document.body.appendChild(dialog);

    function show(photo) {
      current.replaceChildren.apply(
        current,
        photo ? summary(photo) : [element("p", "photo-chooser__none", "No photo chosen")]
      );
      removeButton.hidden = !photo;
    }

    function choose(photo) {
      input.value = photo ? String(photo.id) : "";
      input.dispatchEvent(new Event("change", { bubbles: true }));
      show(photo);
    }

    function showResults(data) {
      results.replaceChildren();
      data.results.forEach(function (photo) {
        var item = element("li");
        var button = element("button", "photo-chooser__result");
        button.type = "button";
        summary(photo).forEach(function (part) {
          button.appendChild(part);
        });
        if (String(photo.id) === input.value) button.setAttribute("aria-current", "true");
        button.addEventListener("click", function () {
          choose(photo);
          dialog.close();
        });
        item.appendChild(button);
        results.appendChild(item);
      });
      var count = data.results.length;
      if (!count) status.textContent = "No photo matches.";
      else if (data.more) status.textContent = "The newest " + count + " matches. Type more words to narrow them.";
      else status.textContent = count === 1 ? "1 photo." : count + " photos.";
    }

    function runSearch() {
      var number = ++searchNumber;
      status.textContent = "Searching…";
      fetch(searchUrl + "?q=" + encodeURIComponent(search.value.trim()), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          if (number === searchNumber) showResults(data);
        })
        .catch(function () {
          if (number === searchNumber) status.textContent = "The search failed. Try again.";
        });
    }

    function errorSlot(field) {
      var control = dialog.querySelector("[data-field=" + field + "]");
      var slot = dialog.querySelector("[data-error-for=" + field + "]");
      if (!slot) {
        slot = element("ul", "errorlist");
        slot.id = control.id + "_errors";
        slot.dataset.errorFor = field;
        slot.hidden = true;
        control.insertAdjacentElement("afterend", slot);
      }
      return { control: control, slot: slot };
    }

    function showErrors(errors) {
      var general = [];
      FIELDS.forEach(function (field) {
        var found = errorSlot(field);
        var messages = errors[field] || [];
        found.slot.replaceChildren.apply(
          found.slot,
          messages.map(function (message) {
            return element("li", "", message);
          })
        );
        found.slot.hidden = !messages.length;
        if (messages.length) {
          found.control.setAttribute("aria-invalid", "true");
          found.control.setAttribute("aria-describedby", found.slot.id);
        } else {
          found.control.removeAttribute("aria-invalid");
          found.control.removeAttribute("aria-describedby");
        }
      });
      Object.keys(errors).forEach(function (field) {
        if (FIELDS.indexOf(field) === -1) general = general.concat(errors[field]);
      });
      generalErrors.textContent = general.join(" ");
      generalErrors.hidden = !general.length;
      var first = FIELDS.filter(function (field) {
        return errors[field];
      })[0];
      if (first) errorSlot(first).control.focus();
    }

    function upload() {
      var data = new FormData();
      if (fileInput.files.length) data.append("image", fileInput.files[0]);
      ["alt_text", "caption", "credit"].forEach(function (field) {
        data.append(field, dialog.querySelector("[data-field=" + field + "]").value);
      });
      sendButton.disabled = true;
      uploadStatus.textContent = "Uploading…";
      fetch(uploadUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" }
      })
        .then(function (response) {
          return response
            .json()
            .catch(function () {
              return { errors: { __all__: ["The upload failed (" + response.status + "). Try again."] } };
            })
            .then(function (body) {
              return { ok: response.ok, body: body };
            });
        })
        .then(function (answer) {
          sendButton.disabled = false;
          if (!answer.ok || !answer.body.photo) {
            uploadStatus.textContent = "The photo was not uploaded: see the messages above.";
            showErrors(answer.body.errors || { __all__: ["The upload failed. Try again."] });
            return;
          }
          showErrors({});
          uploadStatus.textContent = "";
          dialog.querySelectorAll("[data-field]").forEach(function (control) {
            control.value = "";
          });
          dropped.hidden = true;
          choose(answer.body.photo);
          dialog.close();
        })
        .catch(function () {
          sendButton.disabled = false;
          uploadStatus.textContent = "";
          showErrors({ __all__: ["The upload failed: is the connection down? Try again."] });
        });
    }

    openButton.addEventListener("click", function () {
      dialog.showModal();
      search.focus();
      runSearch();
    });
    removeButton.addEventListener("click", function () {
      choose(null);
      openButton.focus();
    });
    dialog.querySelector("[data-chooser-close]").addEventListener("click", function () {
      dialog.close();
    });
    // Escape closes a modal dialog by itself; either way the focus goes back to the button.
    dialog.addEventListener("close", function () {
      openButton.focus();
    });
    search.addEventListener("input", function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(runSearch, 250);
    });
    search.addEventListener("keydown", function (event) {
      // A search box's own Escape only empties it: here Escape closes the dialog, as elsewhere.
      if (event.key === "Escape") {
        event.preventDefault();
        dialog.close();
      } else if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(searchTimer);
        runSearch();
      }
    });
    sendButton.addEventListener("click", upload);
    fileInput.addEventListener("change", function () {
      dropped.hidden = true;
    });
    ["dragenter", "dragover"].forEach(function (type) {
      drop.addEventListener(type, function (event) {
        event.preventDefault();
        drop.classList.add("photo-chooser__drop--over");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      drop.addEventListener(type, function () {
        drop.classList.remove("photo-chooser__drop--over");
      });
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) return;
      var chosen = new DataTransfer();
      chosen.items.add(files[0]);
      fileInput.files = chosen.files;
      dropped.textContent = "Ready to upload: " + files[0].name;
      dropped.hidden = false;
    });
  }

  function setupAll(root) {
    root.querySelectorAll("[data-photo-chooser]").forEach(function (chooser) {
      // The inline formset's blank row is a template Django copies: set up the copies.
      if (!chooser.closest(".empty-form")) setup(chooser);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupAll(document);
  });
  // A body piece added with "Add another": Django sends formset:added from the new row.
  document.addEventListener("formset:added", function (event) {
    setupAll(event.target instanceof Element ? event.target : document);
  });
})();
