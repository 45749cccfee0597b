/* Exact site search over the index in search/ (written by generator/site/search.py; format in searchindex.py).
 *
 * A result is a page whose text contains every space-separated term, after the fold table of
 * search/meta.json (the build applies the same table). A term of n >= 2 characters is found
 * through its n-1 overlapping character pairs: two-character terms need only the pair's document
 * list (d/ files); longer ones also the positions (p/ files) of pairs chosen to cover every
 * character, so a match is exact. Files are fetched per query and kept for the page's life.
 *
 * Needs: fetch, Promise, typed arrays/DataView, TextDecoder, URL/URLSearchParams, history API
 * (every current browser, Chinese phone browsers on Chromium/WebKit included). No WebAssembly, no
 * DecompressionStream: files are compact binary, and a server's gzip is used when it offers it.
 * Results are read by HTTP Range requests (nginx, Apache, IIS and CDNs honour them); a server that
 * does not sends a whole pack instead, which works, only with more bytes.
 * Without these features the page says search is unavailable and points to the site map.
 */
(function () {
  "use strict";
  var PAGE_SIZE = 10;
  var BEFORE = 30; // excerpt: characters shown before the first hit
  var LENGTH = 120; // excerpt length
  var HASH_FIRST = 40503, HASH_SECOND = 34283;
  var SEPARATE = 2147483648; // bit 31 of a shard header's size: the list is in a file of its own
  var PACK = 64; // results per r/ file (search.py)

  var form = document.getElementById("sg-search-form");
  var input = document.getElementById("sg-search-input");
  var channelSelect = document.getElementById("sg-search-channel");
  var yearSelect = document.getElementById("sg-search-year");
  var status = document.getElementById("sg-search-status");
  var list = document.getElementById("sg-search-results");
  var pager = document.getElementById("sg-search-pages");
  var header = document.getElementById("sg-q");
  var root = document.documentElement.getAttribute("data-root") || "";
  var base = new URL(root + "search/", window.location.href);
  var stats = { bytes: 0, files: 0, paths: [] };
  window.sgSearchStats = stats; // bytes fetched, read by the benchmark
  var files = {};
  var index = null;
  var decoder = window.TextDecoder ? new TextDecoder("utf-8") : null;

  function fetchBytes(path, fresh) {
    if (!files[path]) {
      files[path] = fetch(new URL(path, base).href, fresh ? { cache: "no-cache" } : {})
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status + ": " + path); }
          return response.arrayBuffer();
        })
        .then(function (buffer) {
          stats.bytes += buffer.byteLength;
          stats.files += 1;
          stats.paths.push(path);
          return new Uint8Array(buffer);
        });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }

  /* Bytes [start, end) of a file, by an HTTP Range request. A server that ignores Range answers with the
     whole file: it is kept, and every later range of that file is cut from it without another request. */
  function fetchRange(path, start, end) {
    if (files[path]) { return files[path].then(function (whole) { return whole.subarray(start, Math.min(end, whole.length)); }); }
    var key = path + "#" + start + "-" + end;
    if (!files[key]) {
      files[key] = fetch(new URL(path, base).href, { headers: { Range: "bytes=" + start + "-" + (end - 1) } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status + ": " + path); }
          return response.arrayBuffer().then(function (buffer) {
            var bytes = new Uint8Array(buffer);
            stats.bytes += buffer.byteLength;
            stats.files += 1;
            stats.paths.push(response.status === 206 ? key : path);
            if (response.status === 206) { return bytes; }
            files[path] = Promise.resolve(bytes);
            return bytes.subarray(start, Math.min(end, bytes.length));
          });
        });
      files[key].catch(function () { delete files[key]; });
    }
    return files[key];
  }

  function fetchJson(path, fresh) {
    return fetchBytes(path, fresh).then(function (bytes) { return JSON.parse(decoder.decode(bytes)); });
  }

  // ---------------------------------------------------------------- the index

  function Layer(path, shards, first) {
    this.path = path;
    this.shards = shards;
    this.first = first;
  }

  Layer.prototype.load = function () {
    var layer = this;
    var wanted = [fetchBytes(layer.path + "docs.bin"), fetchBytes(layer.path + "tie.bin"), fetchBytes(layer.path + "3/common.bin")];
    return Promise.all(wanted).then(function (got) {
      var docs = new DataView(got[0].buffer, got[0].byteOffset, got[0].byteLength);
      var ties = new DataView(got[1].buffer, got[1].byteOffset, got[1].byteLength);
      var n = docs.getUint32(0, true);
      layer.n = n;
      layer.day = [];
      layer.titleLength = [];
      layer.channel = [];
      layer.tie = [];
      for (var i = 0; i < n; i++) {
        layer.day.push(docs.getUint16(4 + 2 * i, true));
        layer.titleLength.push(docs.getUint16(4 + 2 * n + 2 * i, true));
        layer.channel.push(docs.getUint8(4 + 4 * n + i));
        layer.tie.push(ties.getUint32(4 * i, true));
      }
      var common = new DataView(got[2].buffer, got[2].byteOffset, got[2].byteLength);
      layer.gramShards = common.getUint32(0, true);
      layer.common = [];
      for (var k = 0; k < common.getUint32(4, true); k++) { layer.common.push(common.getUint32(8 + 4 * k, true)); }
      return layer;
    });
  };

  function Reader(bytes, at) { this.bytes = bytes; this.at = at; }
  Reader.prototype.next = function () {
    var value = 0, scale = 1, byte;
    do {
      byte = this.bytes[this.at++];
      value += (byte & 127) * scale;
      scale *= 128;
    } while (byte & 128);
    return value;
  };

  /* The rank of a pair among the layer's common pairs (whose three-character grams are indexed), or -1. */
  Layer.prototype.commonRank = function (key) {
    var lo = 0, hi = this.common.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (this.common[mid] === key) { return mid; }
      if (this.common[mid] < key) { lo = mid + 1; } else { hi = mid - 1; }
    }
    return -1;
  };

  /* Where one character pair (or, with `gram`, one common gram: rank << 16 | third unit) is in one layer:
     its shard header entry, or null if no document has it. */
  Layer.prototype.entry = function (key, gram) {
    var layer = this, prefix = gram ? "3/" : "", shards = gram ? layer.gramShards : layer.shards;
    var shard = (Math.imul(key >>> 16, HASH_FIRST) + Math.imul(key & 0xffff, HASH_SECOND)) & (shards - 1);
    return fetchBytes(layer.path + prefix + "d/" + shard + ".bin").then(function (d) {
      var view = new DataView(d.buffer, d.byteOffset, d.byteLength);
      var count = view.getUint32(0, true);
      var at = 4 + 12 * count, positionsAt = 0;
      for (var j = 0; j < count; j++) {
        var entry = 4 + 12 * j, found = view.getUint32(entry, true);
        var docBytes = view.getUint32(entry + 4, true), positionBytes = view.getUint32(entry + 8, true);
        var docOwn = docBytes >= SEPARATE, positionOwn = positionBytes >= SEPARATE;
        if (docOwn) { docBytes -= SEPARATE; }
        if (positionOwn) { positionBytes -= SEPARATE; }
        if (found === key) {
          return {
            key: key, prefix: prefix, shard: shard, shardBytes: d, docAt: docOwn ? -1 : at, docBytes: docBytes,
            positionAt: positionOwn ? -1 : positionsAt, positionBytes: positionBytes
          };
        }
        if (found > key) { break; }
        if (!docOwn) { at += docBytes; }
        if (!positionOwn) { positionsAt += positionBytes; }
      }
      return null;
    });
  };

  /* The documents of a pair: {ids, counts, firsts, entry}. */
  Layer.prototype.posting = function (entry) {
    var source = entry.docAt < 0 ? fetchBytes(this.path + entry.prefix + "e/" + entry.key + ".bin") : Promise.resolve(entry.shardBytes);
    return source.then(function (bytes) {
      var reader = new Reader(bytes, entry.docAt < 0 ? 0 : entry.docAt), n = reader.next(), doc = 0;
      var posting = { ids: [], counts: [], firsts: [], entry: entry };
      for (var i = 0; i < n; i++) {
        doc = i === 0 ? reader.next() : doc + reader.next();
        posting.ids.push(doc);
        posting.counts.push(reader.next());
        posting.firsts.push(reader.next());
      }
      return posting;
    });
  };

  /* Every offset of a pair, by document id. */
  Layer.prototype.positions = function (posting) {
    var entry = posting.entry;
    var source = !entry.positionBytes ? Promise.resolve(null)
      : fetchBytes(this.path + entry.prefix + (entry.positionAt < 0 ? "q/" + entry.key : "p/" + entry.shard) + ".bin");
    return source.then(function (p) {
      var reader = p && new Reader(p, Math.max(entry.positionAt, 0)), byDoc = {};
      for (var i = 0; i < posting.ids.length; i++) {
        var offsets = [posting.firsts[i]];
        for (var k = 1; k < posting.counts[i]; k++) { offsets.push(offsets[k - 1] + reader.next()); }
        byDoc[posting.ids[i]] = offsets;
      }
      return byDoc;
    });
  };

  function loadIndex() {
    if (!index) {
      index = fetchJson("meta.json", true).then(function (meta) {
        var fold = new Uint16Array(65536);
        for (var c = 0; c < 65536; c++) { fold[c] = c; }
        meta.fold.forEach(function (pair) { fold[pair[0]] = pair[1]; });
        var layers = [new Layer(meta.gen + "/", meta.shards, 0)];
        if (meta.layer) { layers.push(new Layer(meta.layer.dir + "/", meta.layer.shards, meta.layer.first)); }
        var deleted = meta.layer && meta.layer.deleted ? fetchBytes(layers[1].path + "deleted.bin") : Promise.resolve(null);
        return { meta: meta, fold: fold, layers: layers, deletedFile: deleted };
      });
    }
    return index;
  }

  function loadDocs(ix) {
    if (!ix.ready) {
      ix.ready = Promise.all([Promise.all(ix.layers.map(function (l) { return l.load(); })), ix.deletedFile]).then(function (got) {
        ix.deleted = {};
        if (got[1]) {
          var view = new DataView(got[1].buffer, got[1].byteOffset, got[1].byteLength);
          for (var i = 0; i + 4 <= got[1].byteLength; i += 4) { ix.deleted[view.getUint32(i, true)] = true; }
        }
        return ix;
      });
    }
    return ix.ready;
  }

  function layerOf(ix, id) {
    return ix.layers.length > 1 && id >= ix.layers[1].first ? ix.layers[1] : ix.layers[0];
  }

  function normalise(ix, text) {
    var out = "";
    for (var i = 0; i < text.length; i++) { out += String.fromCharCode(ix.fold[text.charCodeAt(i)]); }
    return out;
  }

  function terms(ix, query) {
    var found = [], seen = {};
    normalise(ix, query).split(/[\u0000-\u0020]+/).forEach(function (term) {
      if (term && !seen[term]) { seen[term] = true; found.push(term); }
    });
    return found;
  }

  // ---------------------------------------------------------------- matching

  /* Grams ({at, length, cost}) that cover every character of a term of `length` at least total cost. */
  function cover(length, grams) {
    var best = [0], via = [null];
    for (var end = 1; end <= length; end++) { best[end] = Infinity; }
    for (var covered = 0; covered < length; covered++) {
      if (best[covered] === Infinity) { continue; }
      grams.forEach(function (g) {
        var reach = g.at + g.length, cost = best[covered] + g.cost;
        if (g.at <= covered && reach > covered && cost < best[reach]) { best[reach] = cost; via[reach] = [covered, g]; }
      });
    }
    var chosen = [], at = length;
    while (at > 0) { chosen.unshift(via[at][1]); at = via[at][0]; }
    return chosen;
  }

  function contains(sorted, value) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === value) { return true; }
      if (sorted[mid] < value) { lo = mid + 1; } else { hi = mid - 1; }
    }
    return false;
  }

  /* The first offset in `offsets` at or after `from`, or -1. */
  function firstFrom(offsets, from) {
    for (var i = 0; i < offsets.length; i++) { if (offsets[i] >= from) { return offsets[i]; } }
    return -1;
  }

  /* {id: {count, title, at}} of the documents of one layer that contain `term` (`at`: first hit in the body, or -1). */
  function matchLayer(ix, layer, term) {
    var keys = [];
    for (var i = 0; i + 1 < term.length; i++) { keys.push((term.charCodeAt(i) << 16 | term.charCodeAt(i + 1)) >>> 0); }
    return Promise.all(keys.map(function (key) { return layer.entry(key); })).then(function (entries) {
      if (entries.some(function (e) { return !e; })) { return {}; }
      var local = function (id) { return id - layer.first; };
      var hits = {};
      /* A term that is one indexed gram: its document list has the counts and first offsets, no positions needed. */
      function firstsOnly(posting) {
        return posting.then(function (only) {
          only.ids.forEach(function (id, i) {
            var body = layer.titleLength[local(id)] + 1, first = only.firsts[i];
            hits[id] = { count: only.counts[i], title: first < body - 1, at: first >= body ? first : -1 };
          });
          return hits;
        });
      }
      if (keys.length === 1) { return firstsOnly(layer.posting(entries[0])); }
      // a covering choice of pairs and common grams read at least cost (lists kept in their own files and
      // positions), then exact offsets: the term is at `at` exactly when every chosen gram is at its place after it
      var grams = [];
      for (var k = 0; k + 2 < term.length; k++) {
        var rank = layer.commonRank(keys[k]);
        grams.push(rank < 0 ? null : layer.entry(((rank << 16) | term.charCodeAt(k + 2)) >>> 0, true));
      }
      return Promise.all(grams).then(function (gramEntries) {
        var options = entries.map(function (e, k) { return { at: k, length: 2, entry: e }; });
        var absent = false;
        gramEntries.forEach(function (e, k) {
          if (grams[k] && !e) { absent = true; } // a common pair never followed by this character
          if (e) { options.push({ at: k, length: 3, entry: e }); }
        });
        if (absent) { return {}; }
        if (term.length === 3 && gramEntries[0]) { return firstsOnly(layer.posting(gramEntries[0])); } // one gram is the term
        options.forEach(function (o) {
          o.cost = (o.entry.docAt < 0 ? o.entry.docBytes : 0) + o.entry.positionBytes + 16;
        });
        var chosen = cover(term.length, options);
        return Promise.all(chosen.map(function (g) { return layer.posting(g.entry); })).then(function (postings) {
          var common = null;
          postings.forEach(function (p) {
            var here = {};
            p.ids.forEach(function (id) { if (!common || common[id]) { here[id] = true; } });
            common = here;
          });
          return Promise.all(postings.map(function (p) { return layer.positions(p); })).then(function (offsets) {
            Object.keys(common).forEach(function (idText) {
              var id = +idText, starts = offsets[0][id], count = 0, title = false, at = -1;
              var body = layer.titleLength[local(id)] + 1;
              for (var s = 0; s < starts.length; s++) {
                var start = starts[s] - chosen[0].at, ok = true;
                for (var c = 1; c < chosen.length && ok; c++) { ok = contains(offsets[c][id], start + chosen[c].at); }
                if (ok) {
                  count++;
                  if (start < body - 1) { title = true; }
                  if (at < 0 && start >= body) { at = start; }
                }
              }
              if (count) { hits[id] = { count: count, title: title, at: at }; }
            });
            return hits;
          });
        });
      });
    });
  }

  function search(ix, query, filters) {
    var wanted = terms(ix, query);
    return Promise.all(wanted.map(function (term) {
      return Promise.all(ix.layers.map(function (layer) { return matchLayer(ix, layer, term); }));
    })).then(function (perTerm) {
      var merged = null;
      perTerm.forEach(function (layers) {
        var hits = {};
        layers.forEach(function (h) { Object.keys(h).forEach(function (id) { hits[id] = h[id]; }); });
        if (merged === null) {
          merged = hits;
        } else {
          var both = {};
          Object.keys(hits).forEach(function (id) {
            if (merged[id]) {
              both[id] = {
                count: merged[id].count + hits[id].count, title: merged[id].title && hits[id].title,
                at: merged[id].at >= 0 ? merged[id].at : hits[id].at
              };
            }
          });
          merged = both;
        }
      });
      var results = [];
      Object.keys(merged || {}).forEach(function (idText) {
        var id = +idText, layer = layerOf(ix, id), i = id - layer.first;
        if (layer === ix.layers[0] && ix.deleted[id]) { return; }
        var day = layer.day[i];
        if (filters.channel !== "" && layer.channel[i] !== +filters.channel) { return; }
        if (filters.year && new Date(day * 86400000).getUTCFullYear() !== +filters.year) { return; }
        results.push({
          id: id, title: merged[idText].title, count: merged[idText].count, day: day, tie: layer.tie[i],
          at: merged[idText].at, body: layer.titleLength[i] + 1
        });
      });
      results.sort(function (a, b) {
        return (b.title - a.title) || (b.count - a.count) || (b.day - a.day) || (a.tie - b.tie) || (a.id - b.id);
      });
      return { terms: wanted, results: results };
    });
  }

  // ---------------------------------------------------------------- showing

  function marked(ix, text, wanted) {
    var folded = normalise(ix, text), ranges = [];
    wanted.forEach(function (term) {
      for (var at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + 1)) { ranges.push([at, at + term.length]); }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) { last[1] = Math.max(last[1], r[1]); } else { merged.push([r[0], r[1]]); }
    });
    return merged;
  }

  function fill(element, text, ranges, from, to) {
    var at = from;
    ranges.forEach(function (r) {
      var start = Math.max(r[0], from), end = Math.min(r[1], to);
      if (end <= start) { return; }
      element.appendChild(document.createTextNode(text.slice(at, start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      element.appendChild(mark);
      at = end;
    });
    element.appendChild(document.createTextNode(text.slice(at, to)));
  }

  /* `text` is the body from its offset `from` on (`from` > the body's start: not its beginning). */
  function excerpt(ix, text, wanted, cut, more) {
    var flat = text.replace(/\s+/g, " ");
    var ranges = marked(ix, flat, wanted);
    var start = ranges.length ? Math.max(0, ranges[0][0] - BEFORE) : 0;
    var end = Math.min(flat.length, start + LENGTH);
    if (/[\udc00-\udfff]/.test(flat.charAt(start))) { start++; }
    var p = document.createElement("p");
    p.className = "result-excerpt";
    if (start > 0 || cut) { p.appendChild(document.createTextNode("…")); }
    fill(p, flat, ranges, start, end);
    if (end < flat.length || more) { p.appendChild(document.createTextNode("…")); }
    return p;
  }

  var utf16 = null;
  try { utf16 = new TextDecoder("utf-16le"); } catch (e) { utf16 = null; }

  function decodeUnits(bytes) {
    if (utf16) { return utf16.decode(bytes); }
    var out = "";
    for (var i = 0; i + 1 < bytes.length; i += 2) { out += String.fromCharCode(bytes[i] | bytes[i + 1] << 8); }
    return out;
  }

  /* A result's record (URL, title, date) and the stretch of its text around its first hit in the body
     (or the body's beginning), read by byte ranges from its pack r/<n>.bin (format in search.py):
     the pack's offsets, then the record and the stretch, in one range when they are close. */
  function loadResult(ix, r) {
    var layer = layerOf(ix, r.id), local = r.id - layer.first, slot = local % PACK;
    var path = layer.path + "r/" + Math.floor(local / PACK) + ".bin";
    var from = r.at >= 0 ? Math.max(r.body, r.at - BEFORE) : r.body;
    var to = from + LENGTH + BEFORE + 60; // room for runs of spaces the excerpt folds into one
    return fetchRange(path, 0, 4 * (2 * PACK + 1)).then(function (head) {
      var view = new DataView(head.buffer, head.byteOffset, head.byteLength);
      var recordAt = view.getUint32(8 * slot, true), textAt = view.getUint32(8 * slot + 4, true);
      var length = (view.getUint32(8 * slot + 8, true) - textAt) / 2;
      var lo = textAt + 2 * Math.min(from, length), hi = textAt + 2 * Math.min(to, length);
      var near = lo - textAt <= 1024;
      var parts = near ? [fetchRange(path, recordAt, hi)] : [fetchRange(path, recordAt, textAt), fetchRange(path, lo, hi)];
      return Promise.all(parts).then(function (got) {
        var doc = JSON.parse(decoder.decode(got[0].subarray(0, textAt - recordAt)));
        doc.slice = decodeUnits(near ? got[0].subarray(lo - recordAt) : got[1]);
        doc.cut = from > r.body;
        doc.more = to < length;
        return doc;
      });
    });
  }

  function show(ix, found, page) {
    var first = (page - 1) * PAGE_SIZE;
    var shown = found.results.slice(first, first + PAGE_SIZE);
    return Promise.all(shown.map(function (r) { return loadResult(ix, r); })).then(function (docs) {
      list.textContent = "";
      list.setAttribute("start", String(first + 1));
      docs.forEach(function (doc) {
        var item = document.createElement("li");
        var heading = document.createElement("a");
        heading.href = root + doc.u;
        fill(heading, doc.t, marked(ix, doc.t, found.terms), 0, doc.t.length);
        item.appendChild(heading);
        var date = document.createElement("span");
        date.className = "result-date";
        date.textContent = " " + doc.d;
        item.appendChild(date);
        item.appendChild(excerpt(ix, doc.slice, found.terms, doc.cut, doc.more));
        list.appendChild(item);
      });
      return shown.length;
    });
  }

  function pageUrl(params, page) {
    var next = new URLSearchParams(params);
    if (page > 1) { next.set("p", String(page)); } else { next.delete("p"); }
    return "search.html?" + next.toString();
  }

  function showPager(params, page, pages) {
    pager.textContent = "";
    pager.hidden = pages < 2;
    if (pages < 2) { return; }
    var items = document.createElement("ul");
    function add(label, target, current, name) {
      var li = document.createElement("li");
      if (current) {
        var here = document.createElement("span");
        here.setAttribute("aria-current", "page");
        here.textContent = label;
        li.appendChild(here);
      } else {
        var link = document.createElement("a");
        link.href = pageUrl(params, target);
        link.textContent = label;
        link.setAttribute("data-page", String(target));
        if (name) { link.setAttribute("aria-label", name); }
        li.appendChild(link);
      }
      items.appendChild(li);
    }
    if (page > 1) { add("上一页", page - 1, false, "上一页，第 " + (page - 1) + " 页"); }
    var shown = {};
    [1, page - 2, page - 1, page, page + 1, page + 2, pages].forEach(function (n) {
      if (n >= 1 && n <= pages && !shown[n]) { shown[n] = true; }
    });
    var last = 0;
    Object.keys(shown).map(Number).sort(function (a, b) { return a - b; }).forEach(function (n) {
      if (n > last + 1) {
        var gap = document.createElement("li");
        gap.textContent = "…";
        gap.setAttribute("aria-hidden", "true");
        items.appendChild(gap);
      }
      add(String(n), n, n === page, "第 " + n + " 页");
      last = n;
    });
    if (page < pages) { add("下一页", page + 1, false, "下一页，第 " + (page + 1) + " 页"); }
    pager.appendChild(items);
  }

  function fillSelect(select, options, value) {
    if (select.options.length > 1) { return; }
    options.forEach(function (o) {
      var option = document.createElement("option");
      option.value = String(o[0]);
      option.textContent = o[1];
      select.appendChild(option);
    });
    select.value = value;
  }

  function run(params, focus) {
    var query = (params.get("q") || "").trim();
    var filters = { channel: params.get("ch") || "", year: params.get("y") || "" };
    var page = Math.max(1, parseInt(params.get("p") || "1", 10) || 1);
    input.value = query;
    if (header) { header.value = query; }
    list.textContent = "";
    pager.hidden = true;
    return loadIndex().then(function (ix) {
      fillSelect(channelSelect, ix.meta.channels, filters.channel);
      fillSelect(yearSelect, ix.meta.years.map(function (y) { return [y, y + " 年"]; }), filters.year);
      channelSelect.value = filters.channel;
      yearSelect.value = filters.year;
      if (!query) { status.textContent = "请输入要搜索的词语。"; return null; }
      var wanted = terms(ix, query);
      var short = wanted.filter(function (t) { return t.length < 2; });
      if (short.length) {
        status.textContent = "“" + short.join("”“") + "”只有一个字，请输入至少两个字的词语（可用空格分隔多个词）。";
        return null;
      }
      status.textContent = "正在搜索……";
      return loadDocs(ix).then(function () { return search(ix, query, filters); }).then(function (found) {
        var total = found.results.length, pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
        page = Math.min(page, pages);
        return show(ix, found, page).then(function (count) {
          var scope = (filters.channel !== "" ? "（已限定栏目）" : "") + (filters.year ? "（已限定 " + filters.year + " 年）" : "");
          status.textContent = total
            ? "找到 " + total + " 条含有“" + query + "”的结果" + scope + "，当前显示第 " + ((page - 1) * PAGE_SIZE + 1) + "–" +
              ((page - 1) * PAGE_SIZE + count) + " 条（第 " + page + " 页，共 " + pages + " 页）。"
            : "没有找到含有“" + query + "”的页面" + scope + "。请检查用字，或减少、缩短搜索词。";
          showPager(params, page, pages);
          if (focus) { status.focus(); }
        });
      });
    }).catch(function () {
      status.textContent = "搜索暂不可用（搜索索引加载失败）。可通过网站地图或政府信息公开目录查找信息。";
    });
  }

  function currentParams() { return new URLSearchParams(window.location.search); }

  if (!window.fetch || !window.Promise || !window.URLSearchParams || !decoder || !Math.imul) {
    status.textContent = "您的浏览器不支持站内搜索。可通过网站地图或政府信息公开目录查找信息。";
    return;
  }
  status.setAttribute("tabindex", "-1");

  /* The ranked ids of every result, without showing them (the tests' and benchmark's entry point). */
  window.sgSearch = function (query, channel, year) {
    return loadIndex().then(loadDocs).then(function (ix) {
      return search(ix, query, { channel: channel || "", year: year || "" });
    }).then(function (found) { return found.results.map(function (r) { return r.id; }); });
  };

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = new URLSearchParams();
    params.set("q", input.value);
    if (channelSelect.value) { params.set("ch", channelSelect.value); }
    if (yearSelect.value) { params.set("y", yearSelect.value); }
    window.history.pushState(null, "", "search.html?" + params.toString());
    run(params, false);
  });

  pager.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-page]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    window.history.pushState(null, "", link.getAttribute("href"));
    run(currentParams(), true);
  });

  window.addEventListener("popstate", function () { run(currentParams(), true); });

  run(currentParams(), false);
})();
