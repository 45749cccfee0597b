/* 出口退税率查询: looks a commodity up by code or name, loading only the shards the query needs
   (generator/site/dataviews.py writes them): a code loads the row shards its prefix spans; a name
   loads at most three shards of its two-character grams, then the row shards of the first hits. */
(function () {
  var form = document.getElementById("sg-lookup-form");
  if (!form) return;
  var input = document.getElementById("sg-lookup-q");
  var status = document.getElementById("sg-lookup-status");
  var wrap = document.getElementById("sg-lookup-wrap");
  var body = document.getElementById("sg-lookup-rows");
  var base = new URL(form.getAttribute("data-base"), window.location.href);
  var LIMIT = 50;
  var LABELS = ["商品编码", "商品名称", "计量单位", "退税率（%）", "执行起始日期"];
  var cache = {};
  var meta = null;

  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, base)).then(function (r) {
        if (!r.ok) throw new Error(path);
        return r.json();
      });
    }
    return cache[path];
  }
  function loadMeta() { return meta || (meta = get("meta.json")); }
  function hex(n) { return (n < 16 ? "0" : "") + n.toString(16); }
  function shard(gram, count) {  // the same arithmetic as dataviews.gram_shard
    var value = 0;
    for (var i = 0; i < gram.length; i++) value = (value * 31 + gram.charCodeAt(i)) % count;
    return value;
  }
  function pad3(n) { return ("00" + n).slice(-3); }

  function byCode(q, m) {  // the shards whose code range meets [q000…, q999…]
    var lo = (q + "0000000000").slice(0, 10), hi = (q + "9999999999").slice(0, 10);
    var wanted = [];
    for (var i = 0; i < m.firsts.length; i++) {
      var next = m.firsts[i + 1];
      if (m.firsts[i] <= hi && (next === undefined || next > lo)) wanted.push(i);
    }
    return Promise.all(wanted.map(function (i) { return get("c/" + pad3(i) + ".json"); })).then(function (parts) {
      return [].concat.apply([], parts).filter(function (r) { return r[0].indexOf(q) === 0; });
    });
  }

  function byName(q, m) {
    var grams = [];
    for (var i = 0; i + 1 < q.length; i++) if (grams.indexOf(q.slice(i, i + 2)) < 0) grams.push(q.slice(i, i + 2));
    if (grams.length > 3) grams = [grams[0], grams[Math.floor(grams.length / 2)], grams[grams.length - 1]];
    return Promise.all(grams.map(function (g) {
      return get("n/" + hex(shard(g, m.shards)) + ".json").then(function (t) { return t[g] || []; });
    })).then(function (lists) {
      lists.sort(function (a, b) { return a.length - b.length; });
      var others = lists.slice(1).map(function (l) { return new Set(l); });
      var ids = lists[0].filter(function (id) { return others.every(function (s) { return s.has(id); }); });
      var needed = {};
      ids.slice(0, LIMIT * 4).forEach(function (id) {
        var n = Math.floor(id / m.size);
        (needed[n] = needed[n] || []).push(id - n * m.size);
      });
      return Promise.all(Object.keys(needed).map(Number).sort(function (a, b) { return a - b; }).map(function (n) {
        return get("c/" + pad3(n) + ".json").then(function (rows) {
          return needed[n].map(function (i) { return rows[i]; });
        });
      })).then(function (parts) {
        return [].concat.apply([], parts).filter(function (r) { return r && r[1].indexOf(q) >= 0; });
      });
    });
  }

  function show(rows, q) {
    body.textContent = "";
    rows.slice(0, LIMIT).forEach(function (r) {
      var tr = document.createElement("tr");
      r.forEach(function (value, i) {
        var cell = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) cell.setAttribute("scope", "row");
        else cell.setAttribute("data-label", LABELS[i]);
        cell.textContent = value || "—";
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    });
    wrap.hidden = rows.length === 0;
    status.textContent = rows.length === 0
      ? "没有找到与“" + q + "”相符的商品，请检查编码或换个名称试试。"
      : "找到 " + rows.length + " 条" + (rows.length > LIMIT ? "，显示前 " + LIMIT + " 条，请输入更完整的编码或名称" : "") + "。";
  }

  function run(q) {
    q = q.replace(/\s+/g, "");
    var digits = /^\d+$/.test(q);
    if (q.length < 2) {
      wrap.hidden = true;
      status.textContent = "请输入至少 2 位商品编码或至少 2 个字的商品名称。";
      return;
    }
    status.textContent = "正在查询……";
    loadMeta().then(function (m) { return digits ? byCode(q, m) : byName(q, m); })
      .then(function (rows) { show(rows, q); })
      .catch(function () { status.textContent = "查询暂不可用（数据文件加载失败），请稍后再试或下载完整数据文件。"; });
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
