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
/* Consultations: open / closed / days left from the dates, on the reader's day (Beijing time),
   so a page built days ago still tells the truth. The build's text stays for readers without JS. */
(function () {
  var DAY = 86400000;
  function day(iso) { var p = iso.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]); }
  var now = new Date(Date.now() + 8 * 3600000);
  var today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  document.querySelectorAll("[data-consultation]").forEach(function (el) {
    var opens = day(el.getAttribute("data-opens")), closes = day(el.getAttribute("data-closes"));
    var status = today < opens ? "upcoming" : today > closes ? "closed" : "open";
    var left = Math.round((closes - today) / DAY) + 1;
    el.setAttribute("data-status", status);
    if (el.hasAttribute("data-short")) {
      el.textContent = status === "open" ? "征求意见中（剩 " + left + " 天）" : status === "closed" ? "已结束" : "未开始";
      return;
    }
    var strong = document.createElement("strong");
    el.textContent = "";
    el.appendChild(strong);
    if (status === "open") {
      strong.textContent = "正在征求意见";
      el.appendChild(document.createTextNode("，截至 " + el.getAttribute("data-closes") + "（含当日，还剩 " + left + " 天）。"));
    } else if (status === "closed") {
      strong.textContent = "意见征集已结束";
      el.appendChild(document.createTextNode("（" + el.getAttribute("data-closes") + " 截止），感谢您的关注。"));
    } else {
      strong.textContent = "意见征集尚未开始";
      el.appendChild(document.createTextNode("，将于 " + el.getAttribute("data-opens") + " 开始。"));
    }
  });
})();
