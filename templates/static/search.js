/* Site search with Pagefind's index (built by `sitegen build` into pagefind/). */
(function () {
  var form = document.getElementById("sg-search-form");
  var input = document.getElementById("sg-search-input");
  var status = document.getElementById("sg-search-status");
  var list = document.getElementById("sg-search-results");
  var root = document.documentElement.getAttribute("data-root") || "";
  var base = new URL(root || "./", window.location.href);
  var engine = null;

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        return pf.options({ baseUrl: base.pathname }).then(function () { return pf; });
      });
    }
    return engine;
  }

  // Pagefind excerpts mark hits with <mark>; keep only text and those marks.
  function excerpt(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var p = document.createElement("p");
    holder.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function show(results) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      item.appendChild(link);
      if (data.meta && data.meta.date) {
        var time = document.createElement("span");
        time.className = "result-date";
        time.textContent = " " + data.meta.date;
        item.appendChild(time);
      }
      item.appendChild(excerpt(data.excerpt || ""));
      list.appendChild(item);
    });
  }

  function run(query) {
    query = query.trim();
    list.textContent = "";
    if (!query) { status.textContent = "请输入要搜索的词语。"; return; }
    status.textContent = "正在搜索……";
    load().then(function (pf) {
      return pf.search(query);
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 30).map(function (r) { return r.data(); }))
        .then(function (data) {
          show(data);
          status.textContent = search.results.length
            ? "找到 " + search.results.length + " 条与“" + query + "”相关的结果。"
            : "没有找到与“" + query + "”相关的结果，请换个词试试。";
        });
    }).catch(function () {
      status.textContent = "搜索暂不可用（搜索索引未生成或加载失败）。可通过网站地图查找信息。";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });

  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) { input.value = initial; run(initial); }
})();
