// 民情直通: optional enhancements. Every page works without this file.
(function () {
  "use strict";
  function length(text) { return Array.from(text.trim()).length; }

  // Live character count under text areas (data-counter names the output element).
  document.querySelectorAll("textarea[data-counter]").forEach(function (area) {
    var out = document.getElementById(area.getAttribute("data-counter"));
    if (!out) { return; }
    var min = parseInt(area.getAttribute("data-min") || "0", 10);
    var max = parseInt(area.getAttribute("data-max") || "0", 10);
    function update() {
      var n = length(area.value);
      var text = "已输入 " + n + " 字，最多 " + max + " 字";
      if (min && n > 0 && n < min) { text += "（至少 " + min + " 字）"; }
      if (max && n > max) { text += "（超出 " + (n - max) + " 字）"; }
      out.textContent = text;
      out.classList.toggle("over", (min > 0 && n > 0 && n < min) || (max > 0 && n > max));
    }
    area.addEventListener("input", update);
    update();
  });

  // The consent line is required once a phone number is typed: highlight it.
  var phone = document.getElementById("phone");
  var consent = document.getElementById("consent-row");
  if (phone && consent) {
    var sync = function () { consent.classList.toggle("needed", phone.value.trim() !== ""); };
    phone.addEventListener("input", sync);
    sync();
  }

  // One tap is enough: disable the button while the form is sent (the server also de-duplicates).
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (!button) { return; }
      window.setTimeout(function () { button.disabled = true; button.textContent = "正在提交…"; }, 0);
    });
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("button[type=submit][disabled]").forEach(function (button) {
      button.disabled = false;
      button.textContent = button.closest("form") && button.closest("form").querySelector("#rating") ? "提交评价" : "提交反映";
    });
  });

  // After a failed submission, move focus to the list of problems.
  var summary = document.getElementById("summary");
  if (summary) { summary.focus(); }
})();
