// The article form's "Schedule…" button: it folds the date-time picker away until the editor
// asks for it. Without this file the picker and its "Schedule" button are simply shown.
"use strict";
{
  const setUp = () => {
    for (const toggle of document.querySelectorAll("[data-schedule-toggle]")) {
      const panel = document.getElementById(toggle.getAttribute("aria-controls"));
      if (!panel) continue;
      const picker = panel.querySelector("input[type=datetime-local]");
      const confirm = panel.querySelector("[data-schedule-confirm]");
      const show = (open) => {
        panel.hidden = !open;
        toggle.setAttribute("aria-expanded", String(open));
      };
      toggle.hidden = false;
      // An error about the time keeps the picker open, beside its message.
      show(panel.querySelector(".errorlist") !== null);
      toggle.addEventListener("click", () => {
        const open = panel.hidden;
        show(open);
        if (open && picker) picker.focus();
      });
      if (picker && confirm) {
        // Enter in the picker schedules, rather than pressing the form's first button.
        picker.addEventListener("keydown", (event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            confirm.click();
          }
        });
      }
    }
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
}
