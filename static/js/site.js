// Newsroom: small improvements for pages that already work without JavaScript.
(function () {
  "use strict";

  function announce(link, text) {
    var status = link.closest(".share, .live-share").querySelector("[data-share-status]");
    if (status) status.textContent = text;
  }

  // "Copy link" copies the address where the browser allows it; otherwise it stays a link.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-copy-link]");
    if (!link) return;
    var url = link.getAttribute("href");
    if (navigator.clipboard && window.isSecureContext) {
      event.preventDefault();
      navigator.clipboard.writeText(url).then(
        function () { announce(link, "Link copied to the clipboard."); },
        function () { announce(link, "Could not copy: select the address bar and copy it from there."); }
      );
    }
  });

  // Offer the device's own share sheet as an extra button where the browser supports it.
  if (navigator.share) {
    document.querySelectorAll("[data-copy-link]").forEach(function (link) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "share__link share__link--native";
      button.textContent = "More ways to share";
      button.addEventListener("click", function () {
        navigator.share({ title: link.getAttribute("data-share-title") || document.title, url: link.getAttribute("href") }).catch(function () {});
      });
      item.appendChild(button);
      link.parentNode.parentNode.appendChild(item);
    });
  }
})();
