/* Exact site search over search/ (search.py writes it, searchindex.py has the format, docs/site.md the
 * design and the browser features it needs). Kept under the 50 KB page budget: say more there, not here. */
(function () {
  "use strict";
  var PAGE_SIZE = 10;
  // excerpt: characters shown before the first hit
  var BEFORE = 30;
  // excerpt length
  var LENGTH = 120;
  var HASH_FIRST = 40503, HASH_SECOND = 34283;
  // bit 31 of a shard header's size: the list is in a part of its own (after the shard, in its pack)
  var SEPARATE = 2147483648, SPARSE = 1073741824;
  // results per r/ file (search.py)
  var PACK = 64;
  // documents per block of a part of its own (searchindex.py)
  var BLOCK = 64;
  // the index layout this script reads (search.py FORMAT): a cached script meeting a newer index says so
  var FORMAT = 12;
  var ELSEWHERE = "可通过网站地图或政府信息公开目录查找信息。";

  var byId = function (id) { return document.getElementById(id); };
  var form = byId("sg-search-form");
  var input = byId("sg-search-input");
  var channelSelect = byId("sg-search-channel");
  var yearSelect = byId("sg-search-year");
  var status = byId("sg-search-status");
  var list = byId("sg-search-results");
  var pager = byId("sg-search-pages");
  var header = byId("sg-q");
  var root = document.documentElement.getAttribute("data-root") || "";
  var base = new URL(root + "search/", window.location.href);
  var stats = { bytes: 0, paths: [] };
  // bytes fetched (stamp.txt's too, though not among the paths: it is read before every search), read by the benchmark
  window.sgSearchStats = stats;
  var files = {};
  var index = null, loaded = null; // loaded: stamp.txt as it was when the index was loaded (current)
  var decoder = window.TextDecoder ? new TextDecoder("utf-8") : null;

  /* A file, or bytes [start, end) of it by an HTTP Range request (a server without Range sends it whole, once). */
  // whether the server honours Range: unknown (others wait for the first answer), true or false
  var ranges = null;
  // When a build took documents out of the main index, some of its files changed under the same names:
  // the index's files are asked for with the layer's name as a query, so no cached copy of an earlier
  // build is mixed in.
  var query = "";
  function fetchBytes(path, fresh, start, end) {
    var ranged = end !== undefined, key = ranged ? path + "#" + start + "-" + end : path;
    var cut = function (whole) { return ranged ? whole.subarray(start, Math.min(end, whole.length)) : whole; };
    if (ranged && (files[path] || ranges === false)) { return fetchBytes(path).then(cut); }
    if (ranged && ranges && ranges.then) { return ranges.then(function () { return fetchBytes(path, fresh, start, end); }); }
    if (!files[key]) {
      var options = fresh ? { cache: "no-cache" } : ranged ? { headers: { Range: "bytes=" + start + "-" + (end - 1) } } : {};
      files[key] = fetch(new URL(path + query, base).href, options).then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + path); }
        if (ranged) { ranges = response.status === 206; }
        return response.arrayBuffer().then(function (buffer) {
          var bytes = new Uint8Array(buffer), part = response.status === 206;
          stats.bytes += buffer.byteLength;
          stats.paths.push(part ? key : path);
          if (part || !ranged) { return bytes; }
          files[path] = Promise.resolve(bytes);
          return cut(bytes);
        });
      });
      files[key].catch(function () { delete files[key]; });
      if (ranged && ranges === null) { ranges = files[key].then(function () {}, function () { ranges = null; }); }
    }
    return files[key];
  }


  function Layer(path, first) {
    this.path = path;
    this.first = first;
  }

  Layer.prototype.load = function () {
    var layer = this;
    var wanted = ["docs.bin", "tie.bin", "3/common.bin", "f/phrases.bin", "packs.bin"].map(function (f) { return fetchBytes(layer.path + f); });
    return Promise.all(wanted).then(function (got) {
      // every browser's platform is little-endian; each file is a whole buffer
      var n = new DataView(got[0].buffer).getUint32(0, true), common = new Uint32Array(got[2].buffer);
      layer.n = n;
      layer.day = new Uint16Array(got[0].buffer, 4, n);
      layer.titleLength = new Uint16Array(got[0].buffer, 4 + 2 * n, n);
      layer.channel = new Uint8Array(got[0].buffer, 4 + 4 * n, n);
      layer.tie = new Uint32Array(got[1].buffer, 0, n);
      layer.common = common.subarray(2, 2 + common[1]);
      layer.packs = readPacks(got[4]);
      // the phrase table (searchphrases.py): u32 shards, u32 K, K × u16 length, the phrases' code units, then
      // their contexts (searchphrases.Contexts): K × u16 before, K × u16 after, K × u32 absorbed, the befores'
      // units, the afters', then u16 G and G absorbed grams (u16 rank, u16 start << 8 | length)
      var head = new Uint32Array(got[3].buffer, 0, 2), units = new Uint16Array(got[3].buffer, 8), k = head[1];
      var text = function (at, length) { return String.fromCharCode.apply(null, units.subarray(at, at + length)); };
      var at = k, texts = [], owners = Object.create(null);
      layer.phrases = Object.create(null);
      for (var r = 0; r < k; r++) {
        texts.push(text(at, units[r]));
        layer.phrases[texts[r]] = r;
        at += units[r];
      }
      var sizes = at < units.length ? units.subarray(at, at + 2 * k) : null, absorbed = at + 2 * k;
      at += sizes ? 4 * k : 0;
      layer.contexts = texts.map(function (t, r) {
        var before = sizes ? text(at, sizes[r]) : "";
        at += sizes ? sizes[r] : 0;
        return { before: before };
      });
      // the phrases with the same context around them occur at the same places: the first has the list
      layer.contexts.forEach(function (c, r) {
        c.after = sizes ? text(at, sizes[k + r]) : "";
        at += sizes ? sizes[k + r] : 0;
        var whole = c.before + texts[r] + c.after, owner = owners[whole] === undefined ? (owners[whole] = r) : owners[whole];
        c.owner = owner;
        c.shift = c.before.length - layer.contexts[owner].before.length;
        c.absorbed = sizes ? (units[absorbed + 2 * r] | units[absorbed + 2 * r + 1] << 16) >>> 0 : 0;
        c.grams = [];
      });
      for (var g = 0, grams = sizes ? units[at] : 0; g < grams; g++) {
        var packed = units[at + 2 + 2 * g];
        layer.contexts[units[at + 1 + 2 * g]].grams.push({ start: packed >> 8, end: (packed >> 8) + (packed & 0xff) });
      }
      layer.wholes = Object.keys(owners).map(function (whole) { return { text: whole, owner: owners[whole] }; });
      return layer;
    });
  };

  /* Where the shards of each family lie (searchindex.Packs): per family u32 shards, u32 packs, shards × u32 start,
   * shards × u32 size (`places`); shard s is in <prefix>p/<s mod packs>.bin, its pairs' own parts right after it. */
  function readPacks(bytes) {
    var words = new Uint32Array(bytes.buffer), at = 0, packs = {};
    ["", "3/", "f/", "s/", "w/"].forEach(function (prefix) {
      var shards = words[at];
      if (shards) { packs[prefix] = { shards: shards, packs: words[at + 1], places: words.subarray(at + 2, at + 2 + 2 * shards) }; }
      at += 2 + 2 * shards;
    });
    return packs;
  }

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

  /* A block of offsets in an own part (searchindex _rice_parts): u8 k, then bits from the lowest of each byte: the
   * n values' low k bits, then each value's high part in unary (that many 0 bits, then a 1). */
  function Rice(bytes, at, n) {
    this.bytes = bytes;
    this.k = bytes[at];
    this.low = 8 * at + 8;
    this.high = this.low + n * this.k;
    this.end = 8 * bytes.length; // a block holding fewer values than its list says ends the reading, not the page
  }
  Rice.prototype.next = function () {
    var bytes = this.bytes, value = 0, j;
    for (j = 0; j < this.k; j++, this.low++) { value |= (bytes[this.low >> 3] >> (this.low & 7) & 1) << j; }
    for (; this.high < this.end && !(bytes[this.high >> 3] >> (this.high & 7) & 1); this.high++) { value += 1 << this.k; }
    this.high++;
    return value;
  };

  /* The shard header entry in a layer of a pair (prefix ""), a common gram ("3/": rank << 16 | third unit), a
   * phrase ("f/": its rank in the table) or a sentence ("s/", search-s.js), or null. */
  Layer.prototype.entry = function (key, prefix) {
    prefix = prefix || "";
    var layer = this, family = layer.packs[prefix];
    if (!family) { return Promise.resolve(null); } // a family with no grams has no files
    var shard = (Math.imul(key >>> 16, HASH_FIRST) + Math.imul(key & 0xffff, HASH_SECOND)) & (family.shards - 1);
    var pack = layer.path + prefix + "p/" + shard % family.packs + ".bin", start = family.places[shard];
    return fetchBytes(pack, 0, start, start + family.places[family.shards + shard]).then(function (d) {
      var view = new DataView(d.buffer, d.byteOffset, d.byteLength);
      var count = view.getUint32(0, true), own = start + d.byteLength; // the own parts follow, in header order
      var at = 4 + 12 * count, positionsAt = 0, hit = null;
      // every entry: the shard's offsets start after all its lists
      for (var j = 0; j < count; j++) {
        var entry = 4 + 12 * j, found = view.getUint32(entry, true);
        var docBytes = view.getUint32(entry + 4, true), positionBytes = view.getUint32(entry + 8, true);
        var docOwn = docBytes >= SEPARATE, positionOwn = positionBytes >= SEPARATE;
        if (docOwn) { docBytes -= SEPARATE; }
        if (positionOwn) { positionBytes -= SEPARATE; }
        var sparse = docOwn && docBytes >= SPARSE;
        if (sparse) { docBytes -= SPARSE; }
        if (found === key) {
          hit = {
            prefix: prefix, shardBytes: d, docAt: docOwn ? -1 : at, docBytes: docBytes, sparse: sparse,
            positionAt: positionOwn ? -1 : positionsAt, positionBytes: positionBytes, pack: pack, ownAt: own
          };
        }
        own += (docOwn ? docBytes : 0) + (positionOwn ? positionBytes : 0);
        if (!docOwn) { at += docBytes; }
        if (!positionOwn) { positionsAt += positionBytes; }
      }
      if (hit && hit.positionAt >= 0) { hit.positionAt += at; }
      return hit;
    });
  };

  /* Blocks of a blocked part (u32 block ends, then the blocks; `size` bytes from `base` in the file) as [number,
   * bytes, start, end]: those numbered in `want` (all when null), by Range requests when they are less than three
   * quarters of the part (with half, 税务局申报 出口企业可以 read 61 KB more: benchmarks/README.md). */
  Layer.prototype.pick = function (path, size, want, base) {
    var count = Math.ceil(this.n / BLOCK), head = 4 * count;
    var whole = function () { return fetchBytes(path, 0, base, base + size); };
    // most of the blocks, or the whole part read before (a Range answer is kept under its range only): the
    // whole part, without reading the block ends first (callers take documents beyond those they asked for)
    if (want && (Object.keys(want).length * 4 > count * 3 || files[path + "#" + base + "-" + (base + size)])) { want = null; }
    return (want ? fetchBytes(path, 0, base, base + head) : whole()).then(function (top) {
      var view = new DataView(top.buffer, top.byteOffset, head), ends = [], chosen = [], sum = 0, j, runs = [], run;
      for (j = 0; j < count; j++) {
        ends[j] = view.getUint32(4 * j, true);
        var from = j ? ends[j - 1] : 0;
        if (ends[j] > from && (!want || want[j])) { chosen.push([j, from, ends[j]]); sum += ends[j] - from; }
      }
      if (!want || sum * 4 > size * 3) {
        return (want ? whole() : Promise.resolve(top)).then(function (all) {
          return chosen.map(function (c) { return [c[0], all, head + c[1], head + c[2]]; });
        });
      }
      // neighbouring blocks in one request
      chosen.forEach(function (c) {
        if (run && c[1] - run[1] < 512) { run[1] = c[2]; run[2].push(c); } else { runs.push(run = [c[1], c[2], [c]]); }
      });
      return Promise.all(runs.map(function (r) {
        return fetchBytes(path, 0, base + head + r[0], base + head + r[1]).then(function (bytes) {
          return r[2].map(function (c) { return [c[0], bytes, c[1] - r[0], c[2] - r[0]]; });
        });
      })).then(function (got) { return [].concat.apply([], got); });
    });
  };

  function blocksOf(layer, ids) {
    var want = {};
    for (var id in ids) { want[(id - layer.first) >> 6] = true; }
    return want;
  }

  /* The documents of a pair: {ids, counts, firsts, at: index by id, entry}; of a list in a part of its own only
   * the blocks of the documents in `alive` (an id set; all when null). */
  Layer.prototype.posting = function (entry, alive) {
    // s/: no first offsets in the lists (searchindex FIRSTS_APART); each document's offsets start with it
    var apart = entry.prefix === "s/", layer = this, posting = { ids: [], counts: [], firsts: [], at: {}, entry: entry, apart: apart };
    var add = function (id, count, first) {
      posting.at[id] = posting.ids.length;
      posting.ids.push(id);
      posting.counts.push(count);
      posting.firsts.push(apart ? -1 : first);
    };
    if (entry.docAt >= 0) {
      var reader = new Reader(entry.shardBytes, entry.docAt), n = reader.next(), doc = 0;
      for (var i = 0; i < n; i++) {
        doc = i === 0 ? reader.next() : doc + reader.next();
        add(doc, reader.next(), reader.next());
      }
      return Promise.resolve(posting);
    }
    if (entry.sparse) {
      // s/ (searchindex _count_lists): v(documents), then per document v(gap·2 + more) [v(count-2)]; read whole
      return fetchBytes(entry.pack, 0, entry.ownAt, entry.ownAt + entry.docBytes).then(function (bytes) {
        var reader = new Reader(bytes, 0), n = reader.next(), doc = layer.first - 1;
        for (var i = 0; i < n; i++) {
          var value = reader.next();
          doc += 1 + Math.floor(value / 2);
          add(doc, value % 2 ? 2 + reader.next() : 1, -1);
        }
        return posting;
      });
    }
    // the own part holds the list, then the offsets when they are not in the shard
    return layer.pick(entry.pack, entry.docBytes, alive && blocksOf(layer, alive), entry.ownAt).then(function (blocks) {
      // a 64-bit map of the block's documents, then v(first·4 + min(count-1, 3)) [v(count-4)]; s/: a second map,
      // of the documents that hold the sentence more than once, then v(count-2) of each of those
      blocks.forEach(function (b) {
        var bytes = b[1], at = b[2], reader = new Reader(bytes, at + (apart ? 16 : 8));
        for (var i = 0; i < BLOCK; i++) {
          if (bytes[at + (i >> 3)] >> (i & 7) & 1) {
            if (apart) {
              add(layer.first + b[0] * BLOCK + i, bytes[at + 8 + (i >> 3)] >> (i & 7) & 1 ? 2 + reader.next() : 1, -1);
              continue;
            }
            var value = reader.next(), count = value % 4 + 1;
            add(layer.first + b[0] * BLOCK + i, count === 4 ? count + reader.next() : count, Math.floor(value / 4));
          }
        }
      });
      return posting;
    });
  };

  /* The offsets of a pair in the documents of `need` (an id set), by document id. */
  Layer.prototype.positions = function (posting, need) {
    var entry = posting.entry, layer = this, byDoc = {};
    var read = function (reader, i) {
      var offsets = [posting.apart ? reader.next() : posting.firsts[i]];
      for (var k = 1; k < posting.counts[i]; k++) { offsets.push(offsets[k - 1] + reader.next()); }
      byDoc[posting.ids[i]] = offsets;
    };
    if (!entry.positionBytes || !Object.keys(need).length) { return Promise.resolve(byDoc); }
    // in the shard, after its lists: every document of the pair in turn
    if (entry.positionAt >= 0) {
      var inShard = new Reader(entry.shardBytes, entry.positionAt);
      posting.ids.forEach(function (id, i) { read(inShard, i); });
      return Promise.resolve(byDoc);
    }
    // in the pair's own part, after its list if that is there too
    var base = entry.ownAt + (entry.docAt < 0 ? entry.docBytes : 0);
    return layer.pick(entry.pack, entry.positionBytes, blocksOf(layer, need), base).then(function (blocks) {
      var i = 0, ids = posting.ids;
      // the documents of the block in order, each count-1 offset deltas (s/: count offsets), Rice coded
      blocks.forEach(function (b) {
        var low = layer.first + b[0] * BLOCK, n = 0, j;
        while (ids[i] < low) { i++; }
        for (j = i; ids[j] < low + BLOCK; j++) { n += posting.counts[j] - !posting.apart; }
        var reader = new Rice(b[1], b[2], n);
        for (; ids[i] < low + BLOCK; i++) { read(reader, i); }
      });
      return byDoc;
    });
  };

  /* What reads, when a result is shown, the first offset of `posting` in document `id` at `from` or after, plus
   * `shift` (-1 when there is none): the excerpt's hit, which ranking did not need. */
  Layer.prototype.later = function (posting, id, from, shift) {
    var layer = this, one = {};
    one[id] = true;
    return function () {
      return layer.positions(posting, one).then(function (byDoc) {
        return (byDoc[id] || []).filter(function (o) { return o >= from; }).map(function (o) { return o + shift; }).concat(-1)[0];
      });
    };
  };

  /* search/stamp.txt (the index's generation and change layer), read afresh before every search: when it changed
   * since the index was loaded (a build took articles out of the main index: own parts moved within its packs, and
   * shard headers read before would misplace them), everything read is dropped and the index loaded again. */
  function current() {
    return fetch(new URL("stamp.txt", base).href, { cache: "no-cache" }).then(function (response) {
      return response.text();
    }).then(function (stamp) {
      stats.bytes += stamp.length;
      if (stamp !== loaded) { index = null; files = {}; query = ""; loaded = stamp; }
    });
  }

  function loadIndex() {
    if (!index) {
      index = fetchBytes("meta.json", true).then(function (bytes) {
        var meta = JSON.parse(decoder.decode(bytes)), fold = new Uint16Array(65536);
        if (meta.format !== FORMAT) { throw new Error("format"); }
        for (var c = 0; c < 65536; c++) { fold[c] = c; }
        meta.fold.forEach(function (pair) { fold[pair[0]] = pair[1]; });
        if (meta.layer && meta.layer.deleted) { query = "?" + meta.layer.dir; }
        var layers = [new Layer(meta.gen + "/", 0)];
        if (meta.layer) { layers.push(new Layer(meta.layer.dir + "/", meta.layer.first)); }
        var deleted = meta.layer && meta.layer.deleted ? fetchBytes(layers[1].path + "deleted.bin") : Promise.resolve(null);
        return { meta: meta, fold: fold, layers: layers, deletedFile: deleted };
      });
    }
    return index;
  }

  function loadDocs(ix) {
    if (!ix.ready) {
      // a sentence table: search-s.js is read and run with the first query
      var more = ix.meta.sentences && fetchBytes("../static/search-s.js", true).then(function (code) {
        document.head.appendChild(document.createElement("script")).text = decoder.decode(code);
      });
      ix.ready = Promise.all([Promise.all(ix.layers.map(function (l) { return l.load(); })), ix.deletedFile, more]).then(function (got) {
        ix.deleted = {};
        new Uint32Array(got[1] ? got[1].buffer : 0).forEach(function (id) { ix.deleted[id] = true; });
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

  /* Where `value` is in the ascending array `sorted`, or -1. */
  function find(sorted, value) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === value) { return mid; }
      if (sorted[mid] < value) { lo = mid + 1; } else { hi = mid - 1; }
    }
    return -1;
  }

  /* The hits of a term that is one gram (its entry given): its list has the counts and first offsets, no positions
   * needed. Only the blocks of the documents in `within` (an id set; all when null) are read. A document whose first
   * hit is in the title and that has more reads its first in the body, for the excerpt, when it is shown. */
  function firstsOf(layer, entry, within, shift) {
    shift = shift || 0;  // where the term starts after the gram (a phrase's owner: phraseAround)
    return layer.posting(entry, within).then(function (only) {
      var hits = {};
      only.ids.forEach(function (id, i) {
        var body = layer.titleLength[id - layer.first] + 1, first = only.firsts[i] + shift;
        hits[id] = { count: only.counts[i], title: first < body - 1, at: first >= body ? first : -1 };
        if (first < body && only.counts[i] > 1) { hits[id].later = layer.later(only, id, body - shift, shift); }
      });
      return hits;
    });
  }

  /* A phrase of the table inside `term` with the rest of the term in its context, or a whole (before, phrase,
   * after) holding the term and in it a pair or a longer gram that occurs nowhere else (absorbed): the term is
   * wherever the phrase is, so its owner's list counts it (searchphrases.Contexts). {owner, shift: where the term
   * starts after the owner} or null. */
  function phraseAround(layer, term) {
    for (var k = 0; k + 3 <= term.length; k++) {
      for (var size = Math.min(8, term.length - k); size >= 3; size--) {
        var rank = layer.phrases[term.substr(k, size)], c = rank === undefined ? null : layer.contexts[rank];
        if (c && c.before.length >= k && c.before.slice(c.before.length - k) === term.slice(0, k) &&
            c.after.slice(0, term.length - k - size) === term.slice(k + size)) {
          return { owner: c.owner, shift: c.shift - k };
        }
      }
    }
    for (var w = 0; w < layer.wholes.length; w++) {
      var whole = layer.wholes[w], at = whole.text.indexOf(term), mine = layer.contexts[whole.owner];
      var held = at >= 0 && mine.grams.some(function (g) { return g.start >= at && g.end <= at + term.length; });
      for (var i = at; at >= 0 && !held && i + 1 < at + term.length && i < 32; i++) { held = (mine.absorbed >>> i) & 1; }
      if (held) { return { owner: whole.owner, shift: at - mine.before.length }; }
    }
    return null;
  }

  /* {id: {count, title, at: first hit in the body or -1}} of the documents of a layer that contain `term`: exact
   * for those in `within` (an id set, all when null); others may be missing or miscounted. */
  function matchLayer(ix, layer, term, within) {
    var keys = [], around = phraseAround(layer, term), phrases = [];
    // a phrase of the table around the term: its list has the counts and first offsets; none is nowhere
    if (around) {
      return layer.entry(around.owner, "f/").then(function (e) { return e ? firstsOf(layer, e, within, around.shift) : {}; });
    }
    for (var i = 0; i + 1 < term.length; i++) { keys.push((term.charCodeAt(i) << 16 | term.charCodeAt(i + 1)) >>> 0); }
    return Promise.all(keys.map(function (key) { return layer.entry(key); })).then(function (entries) {
      if (entries.some(function (e) { return !e; })) { return {}; }
      var local = function (id) { return id - layer.first; };
      var hits = {};
      if (keys.length === 1) { return firstsOf(layer, entries[0], within); }
      // grams covering every character at least cost; the term is at `at` when each is at its place after it
      var grams = [];
      // a common pair and the character after it, or before it
      for (var k = 0; k + 2 < term.length; k++) {
        var rank = find(layer.common, keys[k]), next = find(layer.common, keys[k + 1]);
        grams.push(rank < 0 ? null : layer.entry(((rank << 16) | term.charCodeAt(k + 2)) >>> 0, "3/"));
        grams.push(next < 0 ? null : layer.entry((((layer.common.length + next) << 16) | term.charCodeAt(k)) >>> 0, "3/"));
      }
      // phrases of the table inside the term (one missing: use the pairs)
      for (k = 0; k + 3 <= term.length; k++) {
        for (var size = 3; size <= 8 && k + size <= term.length; size++) {
          var phrase = layer.phrases[term.substr(k, size)], c = phrase === undefined ? null : layer.contexts[phrase];
          // its owner's list, whose offsets are `base` after the term's start
          if (c) { phrases.push({ at: k, length: size, base: k - c.shift, entry: layer.entry(c.owner, "f/") }); }
        }
      }
      return Promise.all(grams.concat(phrases.map(function (p) { return p.entry; }))).then(function (gramEntries) {
        var option = function (e, k, length, base) {
          var cost = (e.docAt < 0 ? e.docBytes : 0) + e.positionBytes / 4 + 16;
          return { at: k, length: length, base: base === undefined ? k : base, entry: e, cost: cost };
        };
        var options = entries.map(function (e, k) { return option(e, k, 2); }), absent = false;
        gramEntries.forEach(function (e, j) {
          var found = phrases[j - grams.length];
          // a common pair never next to this character, a phrase nowhere
          if ((found || grams[j]) && !e) { absent = true; }
          if (e) { options.push(found ? option(e, found.at, found.length, found.base) : option(e, j >> 1, 3)); }
        });
        if (absent) { return {}; }
        var only = gramEntries[0] || gramEntries[1];
        if (term.length === 3 && only) { return firstsOf(layer, only, within); }
        var chosen = cover(term.length, options), alive = within;
        // doc lists, shortest first; the later ones read only the blocks of documents still possible. First every
        // list that came with a shard read for its header (no bytes more), chosen or not: each gram lies inside
        // the term, so a document without it cannot hold the term
        var order = entries.concat(gramEntries).filter(function (e) { return e && e.docAt >= 0; }).map(function (e) {
          return { entry: e };
        }).concat(chosen.slice().sort(function (x, y) { return x.entry.docBytes - y.entry.docBytes; }));
        return order.reduce(function (done, g) {
          return done.then(function () {
            var e = g.entry;
            return layer.posting(e, e.positionAt >= 0 && e.positionBytes ? null : alive).then(function (p) {
              var next = {};
              p.ids.forEach(function (id) { if (!alive || alive[id]) { next[id] = true; } });
              g.posting = p;
              alive = next;
            });
          });
        }, Promise.resolve()).then(function () {
          // From the counts and first offsets: where the term can start, and which offsets must be read to know (none
          // for a document ruled out)
          var need = chosen.map(function () { return {}; }), plan = [];
          Object.keys(alive).forEach(function (idText) {
            var id = +idText, lead = -1, info = chosen.map(function (g, c) {
              var i = g.posting.at[id], count = g.posting.counts[i];
              if (count === 1 && lead < 0) { lead = c; }
              return [count, g.posting.firsts[i] - g.base];
            });
            var start = lead < 0 ? 0 : info[lead][1], wanted = [];
            for (var c = 0; c < info.length; c++) {
              if (lead < 0 || info[c][1] < start && info[c][0] > 1) { wanted.push(c); }
              // the gram's only or first place is not where the term needs it
              else if (info[c][1] !== start) { return; }
            }
            wanted.forEach(function (c) { need[c][id] = true; });
            plan.push([id, lead, start]);
          });
          return Promise.all(chosen.map(function (g, c) { return layer.positions(g.posting, need[c]); })).then(function (offsets) {
            var has = function (c, id, at) {
              var g = chosen[c];
              return find(offsets[c][id] || [g.posting.firsts[g.posting.at[id]]], at + g.base) >= 0;
            };
            plan.forEach(function (p) {
              var id = p[0], count = 0, title = false, at = -1, body = layer.titleLength[local(id)] + 1;
              var starts = p[1] < 0 ? offsets[0][id].map(function (o) { return o - chosen[0].base; }) : [p[2]];
              starts.forEach(function (start) {
                for (var c = 0; c < chosen.length; c++) { if (!has(c, id, start)) { return; } }
                count++;
                if (start < body - 1) { title = true; }
                if (at < 0 && start >= body) { at = start; }
              });
              if (count) { hits[id] = { count: count, title: title, at: at }; }
            });
            return hits;
          });
        });
      });
    });
  }

  /* A term's weight: the smallest document list of its pairs, or its own as a phrase of the table, in the main index
   * (the change layer is small). */
  function weight(ix, term) {
    var layer = ix.layers[0], around = phraseAround(layer, term), got = [];
    for (var i = 0; i + 1 < term.length; i++) {
      got.push(around ? layer.entry(around.owner, "f/") : layer.entry((term.charCodeAt(i) << 16 | term.charCodeAt(i + 1)) >>> 0));
    }
    return Promise.all(got).then(function (es) { return Math.min.apply(null, es.map(function (e) { return e ? e.docBytes : 0; })); });
  }

  function search(ix, query, filters) {
    var wanted = terms(ix, query), perTerm = [], alive = null;
    // Several terms: the lightest first; each next one is read only in the documents the earlier ones left
    // (the blocks of its long lists that hold them), and not at all once none is left.
    return Promise.all(wanted.map(function (term) { return wanted.length > 1 ? weight(ix, term) : 0; })).then(function (w) {
      return Object.keys(wanted).sort(function (a, b) { return w[a] - w[b] || a - b; }).reduce(function (done, t) {
        return done.then(function () {
          var term = wanted[t];
          return Promise.all(ix.layers.map(function (layer) {
            if (alive && !Object.keys(alive).length) { return {}; }
            var rest = function (w) { return matchLayer(ix, layer, term, w); };
            return ix.meta.sentences ? sgSentences(layer, term, rest, fetchBytes, alive) : rest(alive);
          })).then(function (layers) {
            var next = {};
            layers.forEach(function (h) { Object.keys(h).forEach(function (id) { if (!alive || alive[id]) { next[id] = true; } }); });
            perTerm[t] = layers;
            alive = next;
          });
        });
      }, Promise.resolve());
    }).then(function () {
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
              var known = merged[id].at >= 0 ? merged[id] : hits[id].at >= 0 ? hits[id] : null;
              both[id] = {
                count: merged[id].count + hits[id].count, title: merged[id].title && hits[id].title,
                at: known ? known.at : -1, later: known ? null : merged[id].later || hits[id].later
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
          at: merged[idText].at, later: merged[idText].later, body: layer.titleLength[i] + 1
        });
      });
      results.sort(function (a, b) {
        return (b.title - a.title) || (b.count - a.count) || (b.day - a.day) || (a.tie - b.tie) || (a.id - b.id);
      });
      return { terms: wanted, results: results };
    });
  }


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

  // in the Encoding Standard: wherever TextDecoder is
  var utf16 = decoder && new TextDecoder("utf-16le");

  /* A result's record and its text around a hit in the body (`at`: the first the lists give), by ranges of its pack
   * r/<n>.bin. */
  function loadResult(ix, r) {
    var layer = layerOf(ix, r.id), local = r.id - layer.first, slot = local % PACK;
    var path = layer.path + "r/" + Math.floor(local / PACK) + ".bin";
    var from = r.at >= 0 ? Math.max(r.body, r.at - BEFORE) : r.body;
    // room for runs of spaces the excerpt folds into one
    var to = from + LENGTH + BEFORE + 60;
    return fetchBytes(path, 0, 0, 4 * (2 * PACK + 1)).then(function (head) {
      var view = new DataView(head.buffer, head.byteOffset, head.byteLength);
      var recordAt = view.getUint32(8 * slot, true), textAt = view.getUint32(8 * slot + 4, true);
      var length = (view.getUint32(8 * slot + 8, true) - textAt) / 2;
      var lo = textAt + 2 * Math.min(from, length), hi = textAt + 2 * Math.min(to, length);
      var near = lo - textAt <= 1024;
      var parts = near ? [fetchBytes(path, 0, recordAt, hi)] : [fetchBytes(path, 0, recordAt, textAt), fetchBytes(path, 0, lo, hi)];
      return Promise.all(parts).then(function (got) {
        var doc = JSON.parse(decoder.decode(got[0].subarray(0, textAt - recordAt)));
        doc.slice = utf16.decode(near ? got[0].subarray(lo - recordAt) : got[1]);
        doc.cut = from > r.body;
        doc.more = to < length;
        return doc;
      });
    });
  }

  function show(ix, found, page) {
    var first = (page - 1) * PAGE_SIZE;
    var shown = found.results.slice(first, first + PAGE_SIZE);
    return Promise.all(shown.map(function (r) {
      // a hit known only to lie in a table sentence: its offset, for the excerpt (search-s.js)
      var at = r.at < 0 && r.later ? r.later() : Promise.resolve(r.at);
      return at.then(function (offset) { r.at = offset; r.later = null; return loadResult(ix, r); });
    })).then(function (docs) {
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
    return current().then(loadIndex).then(function (ix) {
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
    }).catch(function (error) {
      status.textContent = error.message === "format"
        ? "搜索程序已更新，请刷新本页。" : "搜索暂不可用（搜索索引加载失败）。" + ELSEWHERE;
    });
  }

  function currentParams() { return new URLSearchParams(window.location.search); }

  if (!window.fetch || !window.Promise || !window.URLSearchParams || !decoder || !Math.imul) {
    status.textContent = "您的浏览器不支持站内搜索。" + ELSEWHERE;
    return;
  }
  status.setAttribute("tabindex", "-1");

  /* The ranked ids of every result, without showing them (the tests' and benchmark's entry point). */
  function searched(query, channel, year) {
    return current().then(loadIndex).then(loadDocs).then(function (ix) {
      return search(ix, query, { channel: channel || "", year: year || "" });
    });
  }
  window.sgSearch = function (query, channel, year) {
    return searched(query, channel, year).then(function (found) { return found.results.map(function (r) { return r.id; }); });
  };
  // [id, count, title hit, a hit in the body or -1] of each result, in order: read by the tests
  window.sgSearchHits = function (query) {
    return searched(query).then(function (found) {
      return Promise.all(found.results.map(function (r) {
        return (r.at < 0 && r.later ? r.later() : Promise.resolve(r.at)).then(function (at) { return [r.id, r.count, r.title, at]; });
      }));
    });
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
