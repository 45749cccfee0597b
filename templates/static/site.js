/* The 适老化 switches (they persist across pages in localStorage), the phone menu, list filters
   and the print button. */
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
  document.querySelectorAll("button.menu-toggle").forEach(function (button) {
    var header = button.closest(".site-header");
    button.addEventListener("click", function () {
      var open = header.classList.toggle("nav-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-filter"));
    var count = document.getElementById(input.getAttribute("aria-describedby"));
    var items = Array.prototype.slice.call(list.children);
    input.closest("[hidden]") && input.closest("[hidden]").removeAttribute("hidden");
    input.addEventListener("input", function () {
      var q = input.value.trim();
      var shown = 0;
      items.forEach(function (item) {
        var hit = !q || item.textContent.indexOf(q) >= 0;
        item.hidden = !hit;
        if (hit) shown += 1;
      });
      count.textContent = q ? "找到 " + shown + " 个" : "";
    });
  });
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
