/* Applies the reader's saved 大字号 / 高对比度 choices before the page paints. */
(function () {
  try {
    var root = document.documentElement;
    ["large-text", "high-contrast"].forEach(function (name) {
      if (window.localStorage.getItem("sitegen:" + name) === "1") root.classList.add(name);
    });
  } catch (e) { /* storage blocked: the defaults apply */ }
})();
