/* Applies the reader's saved 大字号 / 高对比度 choices before the page paints; marks that scripts run
   (the phone menu folds away only then, so without JavaScript the navigation stays visible). */
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    ["large-text", "high-contrast"].forEach(function (name) {
      if (window.localStorage.getItem("sitegen:" + name) === "1") root.classList.add(name);
    });
  } catch (e) { /* storage blocked: the defaults apply */ }
})();
