// Live search on an edition's search page (`search/`), over the index
// canteen builds with the site (docs/search.md). Without this script the
// page lists every page A to Z; with it, results follow the typing.
//
// No inline script, no eval, no WebAssembly: it works under the theme's
// strict Content-Security-Policy. Words are matched as the index stores
// them: a stem's postings (`t`), and each word whose stem differs (`w`), so
// "posting" meets "post" with no stemmer here.
(function () {
  'use strict';
  var root = document.getElementById('search');
  if (!root || !window.fetch || !window.Map) return;
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-input');
  var select = document.getElementById('search-edition');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var az = document.getElementById('a-to-z');
  var PAGE_SIZE = 10;
  // The messages, in the page's language, from the theme's strings file
  // (search.html writes them on `#search`); `{name}` parts filled in here.
  function message(name, values) {
    return (root.getAttribute('data-' + name) || '').replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values || {}, key) ? values[key] : all;
    });
  }

  // Every edition this page can search, newest first; this page's own when
  // the site has no editions.
  var editions = [];
  if (select) {
    Array.prototype.forEach.call(select.options, function (o) {
      if (o.value !== 'all') {
        editions.push({ id: o.value, label: o.getAttribute('data-label'), base: o.getAttribute('data-index') });
      }
    });
  } else {
    editions.push({ id: '', label: '', base: root.getAttribute('data-index') });
  }
  editions.forEach(function (e) { e.chunks = new Map(); e.pages = new Map(); });

  function json(url, priority) {
    return fetch(url, { credentials: 'same-origin', priority: priority || 'auto' }).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.json();
    });
  }
  function manifest(ed) {
    if (!ed.manifest) ed.manifest = json(ed.base + 'index.json');
    return ed.manifest;
  }
  function chunk(ed, n) {
    if (!ed.chunks.has(n)) ed.chunks.set(n, json(ed.base + 'c/' + n + '.json'));
    return ed.chunks.get(n);
  }
  function fragment(ed, page, priority) {
    if (!ed.pages.has(page)) ed.pages.set(page, json(ed.base + 'p/' + page + '.json', priority));
    return ed.pages.get(page);
  }
  // The chunk a key falls in: the last whose first key is not after it.
  function chunkOf(m, key) {
    var lo = 0, hi = m.chunks.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (m.chunks[mid] <= key) { at = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return at;
  }

  // Welsh words are matched through their initial mutations: each word
  // is keyed as the index keyed it ("nghymraeg" → "cymraeg"), by the
  // rules of canteen's `search/welsh.rs`.
  var welsh = /^cy\b/i.test(document.documentElement.lang);
  var MUTATIONS = [['ngh', 'c'], ['mh', 'p'], ['nh', 't'], ['ph', 'p'], ['th', 't'], ['ch', 'c'], ['ng', 'c'], ['dd', 't'], ['ff', 'ff'], ['ll', 'l'], ['rh', 'r'], ['g', 'c'], ['b', 'p'], ['m', 'p'], ['f', 'p'], ['d', 't'], ['n', 't']];
  function radical(w) {
    for (var i = 0; i < MUTATIONS.length; i++) {
      var from = MUTATIONS[i][0];
      if (w.length > from.length && w.indexOf(from) === 0) return MUTATIONS[i][1] + w.slice(from.length);
    }
    return /^h[aeiouwy]/.test(w) ? w.slice(1) : w;
  }

  // A query's words, split as the index splits text.
  function words(text) {
    return text.toLowerCase().replace(/\u2019/g, "'").split(/[^\p{Alphabetic}\p{N}']+/u)
      .map(function (w) { return w.replace(/^'+|'+$/g, ''); })
      .filter(function (w) { return w.length > 0; })
      .map(function (w) { return welsh ? radical(w) : w; });
  }

  // Stems a word finds, each with how well: 1 for the word itself or its
  // stem, less for a word it only begins (typing is not finished).
  function stemsOf(ed, m, word) {
    var first = chunkOf(m, word);
    var wanted = [first];
    // A word's stem is the word or a word it begins with ("discharg"), so
    // it is in the word's chunk or, often, the one before: that one is
    // fetched at the same time, not after the word's chunk names the stem.
    if (word.length >= 4 && first > 0 && chunkOf(m, word.slice(0, Math.max(3, word.length - 4))) < first) {
      wanted.push(first - 1);
    }
    if (word.length >= 3) {
      for (var j = first + 1; j < m.chunks.length && j <= first + 3 && m.chunks[j].indexOf(word) === 0; j++) wanted.push(j);
    }
    return Promise.all(wanted.map(function (n) { return chunk(ed, n); })).then(function (chunks) {
      var found = new Map();
      var keep = function (stem, how) { if (!(found.get(stem) >= how)) found.set(stem, how); };
      chunks.forEach(function (c) {
        Object.keys(c.t).forEach(function (k) {
          if (k === word) keep(k, 1); else if (word.length >= 3 && k.indexOf(word) === 0) keep(k, 0.6);
        });
        Object.keys(c.w).forEach(function (k) {
          if (k === word) keep(c.w[k], 1); else if (word.length >= 3 && k.indexOf(word) === 0) keep(c.w[k], 0.6);
        });
      });
      if (found.size === 0 && word.length >= 4) {
        // A form of the word the site does not use ("postings"): the
        // longest stem it begins with.
        var best = '';
        Object.keys(chunks[0].t).forEach(function (k) {
          if (k.length >= 3 && k.length > best.length && word.indexOf(k) === 0) best = k;
        });
        if (best) keep(best, 0.8);
      }
      return found;
    });
  }

  // A search's scores are one number per page of an edition (the
  // manifest's `pages`), 0 for a page that does not match: a common word
  // matches most of a large site, and typed arrays hold ten thousand
  // scores with no hashing and nothing for the garbage collector.

  // Every page's score for both of `a` and `b` (their sum), into `a`.
  function both(a, b) {
    for (var i = 0; i < a.length; i++) a[i] = a[i] > 0 && b[i] > 0 ? a[i] + b[i] : 0;
    return a;
  }

  // Every page's score for either of `a` and `b` (the better), into `a`.
  function either(a, b) {
    for (var i = 0; i < a.length; i++) if (b[i] > a[i]) a[i] = b[i];
    return a;
  }

  // Results that are all of `rs` (`combine` = `both`) or any of them
  // (`either`); the first's scores are written over.
  function merged(rs, combine) {
    var stems = [];
    rs.forEach(function (r, i) {
      stems = stems.concat(r.stems);
      if (i > 0) combine(rs[0].scores, r.scores);
    });
    return { scores: rs[0].scores, stems: stems };
  }

  // Each page's weight for one word.
  function pagesOfWord(ed, m, word) {
    return stemsOf(ed, m, word).then(function (stems) {
      var list = Array.from(stems.entries());
      return Promise.all(list.map(function (s) { return chunk(ed, chunkOf(m, s[0])); })).then(function (chunks) {
        var scores = new Float64Array(m.pages);
        list.forEach(function (s, i) {
          var postings = chunks[i].t[s[0]] || [];
          for (var k = 0, page = 0; k < postings.length; k += 2) {
            page += postings[k];
            var w = postings[k + 1] * s[1];
            if (w > scores[page]) scores[page] = w;
          }
        });
        return { scores: scores, stems: Array.from(stems.keys()) };
      });
    });
  }

  // Each page's score for a phrase: every word in it.
  function pagesOfPhrase(ed, m, phrase) {
    return Promise.all(phrase.map(function (w) { return pagesOfWord(ed, m, w); })).then(function (all) {
      return merged(all, both);
    });
  }

  // The query as units: a synonym group it names ("x" → x or twitter), or
  // one word of two letters or more. A page matches with every unit
  // (or, where none has them all, with as many as it has: `scored`).
  function units(m, query) {
    var ws = words(query);
    var groups = (m.syn || []).map(function (g) { return g.map(function (p) { return words(p); }); });
    var out = [];
    for (var i = 0; i < ws.length;) {
      var hit = null;
      groups.forEach(function (g) {
        g.forEach(function (p) {
          if (p.length && (!hit || p.length > hit.len) && p.every(function (w, k) { return ws[i + k] === w; })) hit = { len: p.length, group: g };
        });
      });
      if (hit) { out.push(hit.group); i += hit.len; continue; }
      if (ws[i].length >= 2) out.push([[ws[i]]]);
      i++;
    }
    return out;
  }

  // Every page's score for the query's units `rs`: the sum of their
  // scores on the pages that have every unit (`full`); when no page has
  // them all (a question typed as it is asked: "can I accept a patient's
  // friend request"), on the pages with any of them, how many first, then
  // their sum (`some`).
  function scored(rs) {
    var pages = rs[0].scores.length;
    var sums = new Float64Array(pages);
    var counts = new Uint16Array(pages);
    var stems = [];
    rs.forEach(function (r) {
      stems = stems.concat(r.stems);
      for (var i = 0; i < pages; i++) if (r.scores[i] > 0) { sums[i] += r.scores[i]; counts[i]++; }
    });
    var full = counts.indexOf(rs.length) !== -1;
    for (var i = 0; i < pages; i++) {
      if (full) { if (counts[i] !== rs.length) sums[i] = 0; }
      else sums[i] += counts[i] * 1e6;
    }
    return { scores: sums, stems: stems, full: full, some: !full && rs.length > 1 && counts.some(function (c) { return c > 0; }) };
  }

  function searchEdition(ed, query) {
    return manifest(ed).then(function (m) {
      var us = units(m, query);
      if (us.length === 0) return { ed: ed, m: m, scores: new Float64Array(0), stems: [] };
      return Promise.all(us.map(function (alternatives) {
        return Promise.all(alternatives.map(function (p) { return pagesOfPhrase(ed, m, p); })).then(function (rs) {
          return merged(rs, either);
        });
      })).then(function (rs) {
        var found = scored(rs);
        found.ed = ed;
        found.m = m;
        return found;
      });
    });
  }

  // Which of two results comes first: the better score; in a search of
  // every edition, the newer edition; then the page's place in the site.
  function order(a, b) {
    return b.score - a.score || a.rank - b.rank || a.page - b.page;
  }

  // Calls `f(found, rank, page, score)` for every page an edition found.
  function eachResult(found, f) {
    found.forEach(function (edition, rank) {
      var scores = edition.scores;
      for (var page = 0; page < scores.length; page++) {
        if (scores[page] > 0) f(edition, rank, page, scores[page]);
      }
    });
  }

  // The `n` first results in `order`, without making or sorting them all:
  // the first page of results is shown before the rest are put in order
  // (`inOrder`, when the reader asks for more).
  // A plain loop, not `eachResult`: a common word finds thousands of
  // pages, and most of them are passed over with one comparison.
  function firstResults(found, n) {
    var top = [];
    found.forEach(function (f, rank) {
      var scores = f.scores;
      for (var page = 0; page < scores.length; page++) {
        var score = scores[page];
        if (!(score > 0) || (top.length === n && score < top[n - 1].score)) continue;
        var r = { ed: f.ed, page: page, score: score, rank: rank };
        if (top.length === n && order(r, top[n - 1]) >= 0) continue;
        var at = top.length;
        while (at > 0 && order(r, top[at - 1]) < 0) at--;
        top.splice(at, 0, r);
        if (top.length > n) top.pop();
      }
    });
    return top;
  }

  // Every result, in `order`.
  function inOrder(found) {
    var results = [];
    eachResult(found, function (f, rank, page, score) {
      results.push({ ed: f.ed, page: page, score: score, rank: rank });
    });
    return results.sort(order);
  }

  // What the chosen editions found: their scores (in a search of every
  // edition, an older copy of a page scores just below the current one),
  // how many results, and the words to mark.
  function search(query, chosen) {
    return Promise.all(chosen.map(function (ed) { return searchEdition(ed, query); })).then(function (found) {
      // Pages with some of the words are shown only where no chosen
      // edition has a page with all of them.
      var some = !found.some(function (f) { return f.full; }) && found.some(function (f) { return f.some; });
      if (!some) found.forEach(function (f) { if (f.some) f.scores = new Float64Array(0); });
      var current = found[0];
      var count = 0;
      found.forEach(function (f, rank) {
        var scores = f.scores;
        var same = rank > 0 && current.ed === editions[0] && f.m.same;
        for (var page = 0; page < scores.length; page++) {
          if (!(scores[page] > 0)) continue;
          count++;
          var newer = same ? same[page] : -1;
          if (newer >= 0 && current.scores[newer] > 0) scores[page] = Math.min(scores[page], current.scores[newer] - 0.001);
        }
      });
      var markers = [];
      found.forEach(function (f) { markers = markers.concat(f.stems); });
      words(query).forEach(function (w) { if (w.length >= 2) markers.push(w); });
      return { found: found, count: count, markers: markers, some: some };
    });
  }

  // Whether a word of a result's text begins with a marker; remembered
  // per search, as a page repeats its words.
  function matches(word, markers) {
    if (!markers.seen) markers.seen = new Map();
    var known = markers.seen.get(word);
    if (known !== undefined) return known;
    var w = words(word)[0];
    var found = !!w && markers.some(function (m) { return w.indexOf(m) === 0; });
    markers.seen.set(word, found);
    return found;
  }

  // Text with the matched words in <mark>, around the first match.
  function excerpt(text, markers, into) {
    var ws = text.split(' ');
    var at = ws.findIndex(function (w) { return matches(w, markers); });
    var from = Math.max(0, at - 12), to = Math.min(ws.length, Math.max(at, 0) + 26);
    if (from > 0) into.appendChild(document.createTextNode('\u2026 '));
    var plain = [];
    var flush = function () { if (plain.length) { into.appendChild(document.createTextNode(plain.join(' ') + ' ')); plain = []; } };
    for (var i = from; i < to; i++) {
      if (matches(ws[i], markers)) {
        flush();
        var mark = document.createElement('mark');
        mark.textContent = ws[i];
        into.appendChild(mark);
        into.appendChild(document.createTextNode(' '));
      } else {
        plain.push(ws[i]);
      }
    }
    flush();
    if (to < ws.length) into.appendChild(document.createTextNode('\u2026'));
  }

  function item(r, f, markers, showEdition) {
    var parts = f.p || [];
    var part = parts.find(function (p) { return p[1].split(' ').some(function (w) { return matches(w, markers); }); }) ||
      parts.find(function (p) { return p[2].split(' ').some(function (w) { return matches(w, markers); }); });
    var li = document.createElement('li');
    li.className = 'search__result';
    var a = document.createElement('a');
    a.className = 'search__link';
    a.href = r.ed.base.replace(/search\/$/, '') + f.u + (part && part[0] ? '#' + part[0] : '');
    a.textContent = f.t;
    var title = document.createElement('p');
    title.className = 'search__title';
    title.appendChild(a);
    li.appendChild(title);
    var meta = [f.s, showEdition ? r.ed.label : ''].filter(Boolean).join(' \u00b7 ');
    if (part && part[1] && part[0]) meta = (meta ? meta + ' \u00b7 ' : '') + part[1];
    if (meta) {
      var m = document.createElement('p');
      m.className = 'search__meta';
      m.textContent = meta;
      li.appendChild(m);
    }
    var text = part ? part[2] || part[1] : f.d;
    if (text) {
      var p = document.createElement('p');
      p.className = 'search__excerpt';
      excerpt(text, markers, p);
      li.appendChild(p);
    }
    return li;
  }

  // Resolves once the frame showing the latest changes is drawn: a timer
  // set in an animation frame's callback runs after that frame. A page out
  // of sight draws no frames, so it waits 100 ms at most.
  function drawn() {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () { setTimeout(resolve, 0); });
      setTimeout(resolve, 100);
    });
  }

  var latest = 0;
  var shown = { found: [], total: 0, markers: [], count: 0 };
  var more = null;

  function chosenEditions() {
    if (!select || select.value === 'all') return editions.slice();
    return editions.filter(function (e) { return e.id === select.value; });
  }

  // Adds the next results with `add` while `current()` holds: the best
  // as soon as its text arrives, the rest together once theirs have all
  // come (one frame each, not one per result: a frame of a page with a
  // long A to Z list costs milliseconds). The list is `aria-busy` until
  // the last is added; then a "Show more results" button follows the
  // list if there are more.
  function showMore(add, showEdition, current) {
    var slice;
    if (shown.count === 0) {
      slice = firstResults(shown.found, PAGE_SIZE);
    } else {
      if (!shown.all) shown.all = inOrder(shown.found);
      slice = shown.all.slice(shown.count, shown.count + PAGE_SIZE);
    }
    shown.count += slice.length;
    var markers = shown.markers;
    list.setAttribute('aria-busy', 'true');
    // The best result's text is asked for alone, and the others' once it
    // is on the screen: it is the one the reader waits for. Nine requests
    // beside it (fetch priority or not) held it back by tens of
    // milliseconds on a loaded machine, as they would on a slow line, and
    // starting them before its frame cost that frame a few more.
    var first = slice.length ? fragment(slice[0].ed, slice[0].page, 'high') : Promise.resolve(null);
    var added = first.then(function (f) {
      if (f && current()) add(item(slice[0], f, markers, showEdition));
      return slice.length > 1 ? drawn() : null;
    }).then(function () {
      return Promise.all(slice.slice(1).map(function (r) { return fragment(r.ed, r.page, 'low'); }));
    }).then(function (fs) {
      if (current()) fs.forEach(function (f, i) { add(item(slice[i + 1], f, markers, showEdition)); });
    });
    return added.then(function () {
      if (!current()) return;
      list.removeAttribute('aria-busy');
      if (more) { more.remove(); more = null; }
      if (shown.count < shown.total) {
        more = document.createElement('button');
        more.type = 'button';
        more.className = 'search__more';
        more.textContent = message('more');
        more.addEventListener('click', function () {
          var next = list.children.length;
          var mine = shown;
          var stillMine = function () { return shown === mine; };
          showMore(function (li) { list.appendChild(li); }, showEdition, stillMine).then(function () {
            var link = stillMine() && list.children[next] && list.children[next].querySelector('a');
            if (link) link.focus();
          });
        });
        list.insertAdjacentElement('afterend', more);
      }
    });
  }

  // With results showing, the A to Z list is put away with a class
  // (`content-visibility: hidden` in the stylesheet): out of sight, the
  // tab order and the accessibility tree, as `hidden` would, but the
  // browser keeps its layout. Hiding a 10,000-page list with `hidden`
  // cost a frame of 150 ms before the first results were shown.
  function putAway(away) {
    az.classList.toggle('a-to-z--away', away);
  }

  function run() {
    var query = input.value.trim();
    var id = ++latest;
    var all = select && select.value === 'all';
    var params = new URLSearchParams();
    if (query) params.set('q', query);
    if (select && !(select.selectedOptions[0] || {}).defaultSelected) params.set('edition', select.value);
    var qs = params.toString();
    // The address keeps the query (a reload or a shared link searches
    // again); written once the results are shown, as writing it kept the
    // page busy for about 10 ms (and the browser for a few more) that the
    // first results need not wait for.
    var remember = function () {
      if (id === latest) history.replaceState(null, '', location.pathname + (qs ? '?' + qs : ''));
    };
    if (!query) {
      remember();
      list.textContent = '';
      list.removeAttribute('aria-busy');
      if (more) { more.remove(); more = null; }
      status.textContent = '';
      putAway(false);
      return Promise.resolve();
    }
    return search(query, chosenEditions()).then(function (found) {
      if (id !== latest) return;
      shown = { found: found.found, total: found.count, markers: found.markers, count: 0, all: null };
      if (more) { more.remove(); more = null; }
      var current = function () { return id === latest; };
      // The count is announced, and the A to Z list put away, with the
      // first result on the screen (or at once, when there is none).
      var announced = false;
      var announce = function () {
        if (announced) return;
        announced = true;
        list.replaceChildren();
        var n = found.count;
        // A site's own search.html from before `data-some-words` gets the
        // plain count.
        var some = found.some && root.hasAttribute('data-some-words');
        var results = message(n === 0 ? 'no-results' : some ? 'some-words' : n === 1 ? 'one-result' : 'results', { count: n, query: query });
        status.textContent = all ? message('in-all-editions', { results: results }) : results;
        putAway(true);
      };
      return showMore(function (li) {
        announce();
        list.appendChild(li);
      }, !!select, current).then(function () {
        if (current()) announce();
      });
    }).catch(function () {
      if (id !== latest) return;
      list.removeAttribute('aria-busy');
      status.textContent = message('unavailable');
      putAway(false);
    }).then(remember);
  }

  // A search starts as soon as the reader types when none is under way
  // (no fixed delay); keys pressed while one runs are searched together,
  // once it ends, so fast typing does not fetch every prefix's results.
  var running = false, again = false;
  function schedule() {
    if (running) { again = true; return; }
    running = true;
    run().then(finished, finished);
  }
  function finished() {
    running = false;
    if (again) { again = false; schedule(); }
  }
  input.addEventListener('input', schedule);
  if (select) select.addEventListener('change', function () { chosenEditions().forEach(manifest); schedule(); });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    run().then(function () {
      var first = list.querySelector('a');
      if (first) location.href = first.href;
    });
  });
  // Arrow keys move between the box and the results; focus moves only
  // when the reader presses them.
  root.addEventListener('keydown', function (event) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    var links = Array.prototype.slice.call(list.querySelectorAll('a'));
    var at = links.indexOf(document.activeElement);
    if (document.activeElement === input && event.key === 'ArrowDown' && links.length) {
      links[0].focus();
    } else if (at >= 0) {
      if (event.key === 'ArrowDown' && at + 1 < links.length) links[at + 1].focus();
      else if (event.key === 'ArrowUp') (at > 0 ? links[at - 1] : input).focus();
    } else {
      return;
    }
    event.preventDefault();
  });

  root.hidden = false;
  // The manifest is small and every search needs it: fetched before the
  // first key.
  chosenEditions().forEach(manifest);
  var params = new URLSearchParams(location.search);
  if (select && params.get('edition')) {
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === params.get('edition'); });
    if (option) select.value = option.value;
  }
  if (params.get('q')) {
    input.value = params.get('q');
    run();
  }
})();
