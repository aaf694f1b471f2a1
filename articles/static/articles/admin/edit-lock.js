// The article form's edit lock: while the form is open, tell the server every so often, so the
// lock stays taken (it runs out by itself a few minutes after the page is closed). When someone
// else holds it, the notice above the form says who and since when.
"use strict";
{
  const setUp = () => {
    const notice = document.querySelector("[data-edit-lock]");
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!notice || !token) return;
    const url = notice.dataset.editLock;
    const seconds = Math.max(10, Number(notice.dataset.editLockSeconds) || 60);
    const text = notice.querySelector("[data-edit-lock-text]");
    const beat = async () => {
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "X-CSRFToken": token.value, Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok) return;
        const answer = await response.json();
        if (text && answer.notice !== text.textContent) text.textContent = answer.notice;
        notice.hidden = !answer.notice;
      } catch {
        // Offline for a moment: the next beat tries again.
      }
    };
    window.setInterval(beat, seconds * 1000);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
}
