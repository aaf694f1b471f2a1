// Newsroom: a live story's page fetches its new updates by itself. The page works without this
// (templates/includes/live_coverage.html: a reload shows what is new, "Show 20 more" is a link).
// Every few seconds it asks the story's updates endpoint for what is newer than the newest update
// it shows (articles.views.live_updates, answered from the page cache, 304 when nothing changed).
// New updates go in at the top when the reader is at the top; a reader who has scrolled down into
// the updates gets a "N new updates" button instead, so nothing moves under their eyes. Either
// way the status line (aria-live="polite") says so to screen readers.
(function () {
  "use strict";

  var live = document.querySelector("[data-live]");
  if (!live || !window.fetch || !("content" in document.createElement("template"))) return;

  var list = live.querySelector("[data-live-updates]");
  var status = live.querySelector("[data-live-status]");
  var endpoint = live.getAttribute("data-endpoint");
  var latest = parseInt(live.getAttribute("data-latest"), 10) || 0;
  var interval = (parseInt(live.getAttribute("data-interval"), 10) || 7) * 1000;
  var etag = null;
  var waiting = [];
  var button = null;
  var running = true;

  // A link to an update by its anchor alone (…#update-12) that this page no longer shows: open
  // the update's own address (?update=12), the page that does.
  var wanted = /^#update-(\d+)$/.exec(window.location.hash);
  if (wanted && !document.getElementById("update-" + wanted[1])) {
    window.location.replace("?update=" + wanted[1] + window.location.hash);
    return;
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content;
  }

  function item(update) {
    var li = document.createElement("li");
    li.className = "live__item";
    li.appendChild(fragment(update.html));
    return li;
  }

  function say(text) {
    if (!status) return;
    // A new text each time, so the same words twice are announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function counted(n) {
    return n === 1 ? "1 new update" : n + " new updates";
  }

  function announce(updates) {
    var titled = updates.length === 1 && updates[0].title ? ": " + updates[0].title : "";
    say(counted(updates.length) + titled);
  }

  // The reader sees the top of the updates, or has not scrolled down to them yet.
  function atTop() {
    return list.getBoundingClientRect().top >= 0;
  }

  function keyLink(update) {
    return document.querySelector("[data-key-events-list] a[href$='#update-" + update.id + "']");
  }

  function addKeyEvent(update) {
    var nav = document.querySelector("[data-key-events]");
    if (!update.key_event || !nav || keyLink(update)) return;
    var link = document.createElement("a");
    link.href = "#update-" + update.id;
    link.appendChild(fragment(update.time));
    link.appendChild(document.createTextNode(" "));
    var title = document.createElement("span");
    title.className = "key-events__title";
    title.textContent = update.title;
    link.appendChild(title);
    var entry = document.createElement("li");
    entry.appendChild(link);
    var keys = nav.querySelector("[data-key-events-list]");
    keys.insertBefore(entry, keys.firstChild);
    nav.hidden = false;
  }

  function insert(updates) {
    // Newest first, as the endpoint sends them: the oldest goes in first, under the newer ones.
    for (var i = updates.length - 1; i >= 0; i--) {
      if (document.getElementById("update-" + updates[i].id)) continue;
      list.insertBefore(item(updates[i]), list.firstChild);
      addKeyEvent(updates[i]);
    }
    var none = live.querySelector("[data-live-none]");
    if (none) none.hidden = true;
  }

  function replace(changed) {
    changed.forEach(function (update) {
      var shown = document.getElementById("update-" + update.id);
      if (!shown) return;
      var next = fragment(update.html).firstElementChild;
      if (!next || next.getAttribute("data-update-version") === shown.getAttribute("data-update-version")) return;
      shown.replaceWith(next);
      var key = keyLink(update);
      if (key && !update.key_event) key.parentNode.remove();
    });
  }

  function showWaiting() {
    insert(waiting);
    waiting = [];
    button.hidden = true;
    var first = list.querySelector("article");
    live.scrollIntoView({ block: "start" });
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.focus({ preventScroll: true });
    }
  }

  function offer(updates) {
    waiting = updates.concat(waiting);
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "live__new";
      button.addEventListener("click", showWaiting);
      live.insertBefore(button, list);
    }
    button.textContent = counted(waiting.length) + ": show them";
    button.hidden = false;
  }

  function handle(data) {
    if (data.changed && data.changed.length) replace(data.changed);
    var lastUpdated = document.querySelector("[data-live-updated]");
    if (lastUpdated && data.last_updated) {
      lastUpdated.replaceChildren(fragment(data.last_updated));
    }
    if (data.updates.length) {
      latest = Math.max(latest, data.latest);
      etag = null; // the next question has a new address
      if (atTop() && !waiting.length) {
        insert(data.updates);
      } else {
        offer(data.updates);
      }
      announce(data.updates);
    } else if (waiting.length && atTop()) {
      insert(waiting);
      waiting = [];
      if (button) button.hidden = true;
    }
    if (!data.live) {
      running = false;
      say("The live coverage has ended. Reload the page for the summary.");
    }
  }

  function poll() {
    if (!running) return;
    if (document.hidden) {
      schedule();
      return;
    }
    var headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    // no-store: the page keeps the validator itself, so a 304 reaches it as a 304.
    fetch(endpoint + "?after=" + latest, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) return null;
        if (!response.ok) throw new Error("updates answered " + response.status);
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) { if (data) handle(data); })
      .catch(function () { /* the next look tries again */ })
      .then(schedule);
  }

  function schedule() {
    if (running) window.setTimeout(poll, interval);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && running) poll();
  });

  // "Show 20 more": the next older updates appended here, without leaving the page.
  live.addEventListener("click", function (event) {
    var more = event.target.closest("[data-live-more]");
    if (!more) return;
    var cursor = /[?&]before=(\d+)/.exec(more.getAttribute("href"));
    if (!cursor) return;
    event.preventDefault();
    fetch(endpoint + "?before=" + cursor[1], { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("updates answered " + response.status);
        return response.json();
      })
      .then(function (data) {
        var first = null;
        data.updates.forEach(function (update) {
          if (document.getElementById("update-" + update.id)) return;
          var entry = item(update);
          list.appendChild(entry);
          first = first || entry.querySelector("article");
        });
        if (data.more) {
          more.setAttribute("href", "?before=" + data.more + "#updates");
        } else {
          more.parentNode.remove();
        }
        if (first) {
          first.setAttribute("tabindex", "-1");
          first.focus();
        }
      })
      .catch(function () { window.location.href = more.href; });
  });

  schedule();
})();
