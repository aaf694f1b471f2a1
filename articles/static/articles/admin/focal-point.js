// Photo admin: click the preview to set the focal point that crops keep. The two number fields
// ("focal point across" and "down", 0 to 1) stay the way to set it without a pointer.
(function () {
  "use strict";

  function setup(picker) {
    var img = picker.querySelector("img");
    var mark = picker.querySelector("[data-focal-mark]");
    var across = document.getElementById("id_focal_x");
    var down = document.getElementById("id_focal_y");
    if (!img || !mark || !across || !down) return;

    function show() {
      var x = parseFloat(across.value);
      var y = parseFloat(down.value);
      if (isNaN(x) || isNaN(y)) {
        mark.hidden = true;
        return;
      }
      mark.style.left = Math.min(Math.max(x, 0), 1) * 100 + "%";
      mark.style.top = Math.min(Math.max(y, 0), 1) * 100 + "%";
      mark.hidden = false;
    }

    img.addEventListener("click", function (event) {
      var box = img.getBoundingClientRect();
      across.value = ((event.clientX - box.left) / box.width).toFixed(3);
      down.value = ((event.clientY - box.top) / box.height).toFixed(3);
      show();
    });
    across.addEventListener("input", show);
    down.addEventListener("input", show);
    picker.classList.add("focal-picker--ready");
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-focal-picker]").forEach(setup);
  });
})();
