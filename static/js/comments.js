// Newsroom comments: small improvements to a reply form that works without JavaScript.
// "Reply" moves the form under the comment (without JS the link reloads the page with
// ?replyto=); "Cancel reply" puts it back. A nonce tells two identical posts from different page
// loads apart, and the button is disabled while a post is on its way. The times the form was
// shown and sent (this browser's clock) tell the server how long the reader had it, however old
// the cached page is (comments/protection.py).
(function () {
  "use strict";

  var respond = document.getElementById("respond");
  if (!respond) return;
  var form = respond.querySelector("form");
  var home = document.createComment("reply form");
  respond.parentNode.insertBefore(home, respond);
  var title = document.getElementById("reply-title");
  var cancel = document.getElementById("cancel-reply");
  var parentInput = form.querySelector("input[name=parent]");
  var nonce = form.querySelector("input[name=nonce]");

  var shown = form.querySelector("input[name=shown]");
  var sent = form.querySelector("input[name=sent]");
  if (shown) shown.value = String(Date.now());

  if (nonce && window.crypto && crypto.getRandomValues) {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    nonce.value = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function setTitle(name) {
    // Rebuild the heading's text: "Leave a Reply" or "Leave a Reply to <bdi>NAME</bdi>".
    while (title.firstChild && title.firstChild !== cancel.parentNode) {
      title.removeChild(title.firstChild);
    }
    var text = document.createTextNode(name ? "Leave a Reply to " : "Leave a Reply ");
    title.insertBefore(text, cancel.parentNode);
    if (name) {
      var bdi = document.createElement("bdi");
      bdi.textContent = name;
      title.insertBefore(bdi, cancel.parentNode);
      title.insertBefore(document.createTextNode(" "), cancel.parentNode);
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-reply-to]");
    if (!link) return;
    event.preventDefault();
    var card = link.closest(".comment__card");
    card.parentNode.insertBefore(respond, card.nextSibling);
    parentInput.value = link.getAttribute("data-reply-to");
    setTitle(link.getAttribute("data-reply-name"));
    cancel.hidden = false;
    var textarea = form.querySelector("textarea");
    if (textarea) textarea.focus();
  });

  cancel.addEventListener("click", function (event) {
    event.preventDefault();
    home.parentNode.insertBefore(respond, home.nextSibling);
    parentInput.value = "";
    setTitle("");
    cancel.hidden = true;
    title.setAttribute("tabindex", "-1");
    title.focus();
  });

  form.addEventListener("submit", function () {
    if (sent) sent.value = String(Date.now());
    var button = form.querySelector("button[type=submit]");
    // Disabled after this tick, so the browser still sends the form it is submitting.
    window.setTimeout(function () { button.disabled = true; }, 0);
    window.setTimeout(function () { button.disabled = false; }, 10000);
  });

  var summary = document.getElementById("comment-errors");
  if (summary) summary.focus();
})();
