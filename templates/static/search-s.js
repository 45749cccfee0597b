/* The sentence table of site search (s/, searchsentences.py): search.js runs this script, read with the first
 * query, when the main index has one, and calls sgSentences for every term and layer. */
(function () {
  "use strict";
  var TERMINATOR = /[。!?;,]/; // folded, as searchsentences.TERMINATORS

  /* A table of grams (s/sentences.bin, w/words.bin: u32 shards, u32 K, K u16 lengths, the units) by rank. */
  function grams(layer, fetchBytes, name) {
    return fetchBytes(layer.path + name).then(function (got) {
      var head = new Uint32Array(got.buffer, 0, 2), units = new Uint16Array(got.buffer, 8), at = head[1], found = [];
      for (var r = 0; r < head[1]; r++) {
        found.push(String.fromCharCode.apply(null, units.subarray(at, at + units[r])));
        at += units[r];
      }
      return found;
    });
  }

  /* The layer's sentence table by rank, and its words (rank by word), read once. */
  function table(layer, fetchBytes) {
    if (!layer.sentences) {
      layer.sentences = Promise.all([grams(layer, fetchBytes, "s/sentences.bin"), grams(layer, fetchBytes, "w/words.bin")]).then(function (both) {
        layer.words = {};
        both[1].forEach(function (word, rank) { layer.words[word] = rank; });
        return both[0];
      });
    }
    return layer.sentences;
  }

  /* A word of the table has a list of its own, whole (the rest and the table's sentences alike): its counts are the
   * term's, its first offsets first · 2 + whether the title holds it, the first being the body's first (where the
   * excerpt is cut; the title's when the body has none); no entry means it occurs nowhere in the layer. */
  function whole(layer, rank, within) {
    return layer.entry(rank, "w/").then(function (e) {
      return e ? layer.posting(e, within) : { ids: [] };
    }).then(function (p) {
      var hits = {};
      p.ids.forEach(function (id, i) {
        var body = layer.titleLength[id - layer.first] + 1, first = p.firsts[i] >> 1;
        hits[id] = { count: p.counts[i], title: p.firsts[i] % 2 === 1, at: first >= body ? first : -1 };
      });
      return hits;
    });
  }

  function times(text, term) {
    var n = 0;
    for (var k = text.indexOf(term); k >= 0; k = text.indexOf(term, k + 1)) { n++; }
    return n;
  }

  /* A list's documents: only the blocks of those in `within` (an id set; all when null), unless its offsets are
   * wanted and lie in the shard (read for every document of the list in turn). */
  function list(layer, e, within, offsets) {
    return layer.posting(e, offsets && e.positionAt >= 0 && e.positionBytes ? null : within);
  }

  /* The documents of sentence `rank` with each one's offsets (all of them when `all`, else the first). */
  function sentence(layer, rank, all, within) {
    return layer.entry(rank, "s/").then(function (e) {
      return e && list(layer, e, within, all).then(function (p) {
        return (all ? layer.positions(p, p.at) : Promise.resolve({})).then(function (byDoc) {
          p.offsets = function (id) { return byDoc[id]; };
          return p;
        });
      });
    });
  }

  /* A term without a terminator before its end lies inside one sentence: the rest's hits (`hits`, from the
   * pairs, which leave the table's sentences out) plus, per table sentence holding it, that sentence's count
   * times the term's occurrences in it. A document without a hit in the body's rest gets one, for its excerpt,
   * from the first table sentence (by rank) holding the term there, read when it is shown (`later`): one block
   * of that sentence's offsets, whatever order the lists arrive in. */
  function inside(layer, term, sentences, hits, within) {
    var from = {};
    return Promise.all(sentences.map(function (s, rank) {
      var at = s.indexOf(term), n = times(s, term);
      return n && sentence(layer, rank, false, within).then(function (p) {
        (p ? p.ids : []).forEach(function (id, i) {
          var h = hits[id] || (hits[id] = { count: 0, title: false, at: -1 });
          h.count += p.counts[i] * n;
          if (h.at < 0 && !(from[id] && from[id][0] < rank)) { from[id] = [rank, p, at]; }
        });
      });
    })).then(function () {
      Object.keys(from).forEach(function (id) { hits[id].later = layer.later(from[id][1], +id, 0, from[id][2]); });
      return hits;
    });
  }

  /* A term across sentences: every offset of each of its pairs, in the rest (the pair index) and inside the
   * table's sentences (a sentence's offsets plus the pair's place in it), joined at consecutive offsets. */
  function across(layer, term, sentences, within) {
    var pairs = [];
    for (var j = 0; j + 1 < term.length; j++) { pairs.push(term.substr(j, 2)); }
    return Promise.all(pairs.map(function (pair) {
      var key = (pair.charCodeAt(0) << 16 | pair.charCodeAt(1)) >>> 0, places = {}, parts = [];
      var add = function (p, shift) {
        (p ? p.ids : []).forEach(function (id) {
          var mine = places[id] || (places[id] = {});
          p.offsets(id).forEach(function (o) { mine[o + shift] = true; });
        });
      };
      parts.push(layer.entry(key).then(function (e) {
        return e && list(layer, e, within, true).then(function (p) {
          return layer.positions(p, p.at).then(function (byDoc) {
            p.offsets = function (id) { return byDoc[id] || [p.firsts[p.at[id]]]; };
            add(p, 0);
          });
        });
      }));
      sentences.forEach(function (s, rank) {
        for (var k = s.indexOf(pair); k >= 0; k = s.indexOf(pair, k + 1)) {
          parts.push(sentence(layer, rank, true, within).then(function (shift, p) { add(p, shift); }.bind(null, k)));
        }
      });
      return Promise.all(parts).then(function () { return places; });
    })).then(function (places) {
      var hits = {};
      Object.keys(places[0]).forEach(function (id) {
        var count = 0, title = false, at = -1, body = layer.titleLength[id - layer.first] + 1;
        Object.keys(places[0][id]).forEach(function (text) {
          var start = +text;
          for (var j = 1; j < places.length; j++) { if (!(places[j][id] && places[j][id][start + j])) { return; } }
          count++;
          if (start < body - 1) { title = true; }
          if (start >= body && (at < 0 || start < at)) { at = start; }
        });
        if (count) { hits[id] = { count: count, title: title, at: at }; }
      });
      return hits;
    });
  }

  /* The hits of `term` in `layer`; `rest(ids)` gives those of the rest (pairs, common grams, phrases), exact for an
   * id set (all when null). Exact for the documents in `within` (all when null): search.js reads a query's later
   * terms only in the documents its earlier ones left. */
  window.sgSentences = function (layer, term, rest, fetchBytes, within) {
    return table(layer, fetchBytes).then(function (sentences) {
      if (!sentences.length) { return rest(within); }
      if (layer.words.hasOwnProperty(term)) { return whole(layer, layer.words[term], within); }
      if (TERMINATOR.test(term.slice(0, -1))) { return across(layer, term, sentences, within); }
      return rest(within).then(function (hits) { return inside(layer, term, sentences, hits, within); });
    });
  };
})();
