/* The 适老化 switches (they persist across pages in localStorage) and the print button. */
(function () {
  var root = document.documentElement;
  function save(name, on) {
    try { window.localStorage.setItem("sitegen:" + name, on ? "1" : "0"); } catch (e) { /* ignore */ }
  }
  document.querySelectorAll("button[data-pref]").forEach(function (button) {
    var name = button.getAttribute("data-pref");
    button.setAttribute("aria-pressed", root.classList.contains(name) ? "true" : "false");
    button.addEventListener("click", function () {
      var on = root.classList.toggle(name);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      save(name, on);
    });
  });
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
