/* loa — tìm kiếm tĩnh (static search) for the theme "cong".
 *
 * Plain JavaScript, no dependencies, no requests outside the site. The index
 * is written by `loa build` (src/search/): meta.json, terms/<key>.json,
 * docs/<n>.json under the folder named by `data-index` on #search-form.
 * Folding and ranking follow src/search/text.rs and src/search/query.rs
 * exactly; the Rust tests run this file with node to check it.
 */
(function () {
  'use strict';

  var TONES = '\u0300\u0301\u0303\u0309\u0323';
  var RUN = /[\p{Alphabetic}\p{N}]+/gu;
  var SEP = /[^\p{Alphabetic}\p{N}]+/u;
  var MARKS = /[\u0300-\u036f]/g;
  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var MAX_WORDS = 10;
  var PREFIX_BUDGET = 256 * 1024;
  var PREFIX_FACTOR = 0.5;
  var TITLE_WEIGHT = 8;
  var PAGE = 10;
  var SNIPPET = 200;
  var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

  // ---- Folding (src/search/text.rs) ----

  function foldChar(ch, fold) {
    if (fold && has(fold, ch)) return fold[ch];
    if (ch < '\u0080') return ch.toLowerCase();
    return ch.normalize('NFD').replace(MARKS, '').replace(/[đĐðÐ]/g, 'd').toLowerCase();
  }

  /** Lower-case word → NFD with the tone marks moved to the end. */
  function markKey(lower) {
    var letters = '', tones = '';
    for (var ch of lower.normalize('NFD')) {
      if (TONES.indexOf(ch) >= 0) tones += ch; else letters += ch;
    }
    return letters + tones;
  }

  function formHasPrefix(f, q) {
    var split = function (s) {
      var l = '', t = '';
      for (var ch of s) { if (TONES.indexOf(ch) >= 0) t += ch; else l += ch; }
      return [l, t];
    };
    var a = split(f), b = split(q);
    if (a[0].slice(0, b[0].length) !== b[0]) return false;
    for (var ch of b[1]) if (a[1].indexOf(ch) < 0) return false;
    return true;
  }

  /** Words of a text: {term, form, start, end}; start/end index `nfc`. */
  function words(text, fold) {
    var nfc = String(text).normalize('NFC');
    var out = [];
    for (var m of nfc.matchAll(RUN)) {
      var run = m[0], folded = '';
      for (var ch of run) folded += foldChar(ch, fold);
      var pieces = folded.split(SEP).filter(Boolean);
      var start = m.index, end = m.index + run.length;
      if (pieces.length === 1) {
        out.push({ term: pieces[0], form: markKey(run.toLowerCase()), start: start, end: end });
      } else {
        pieces.forEach(function (p) { out.push({ term: p, form: p, start: start, end: end }); });
      }
    }
    out.nfc = nfc;
    return out;
  }

  /** Query words: {term, form, marked, prefix} (see query.rs). */
  function parse(q, fold) {
    var all = words(q, fold);
    var open = !/\p{White_Space}$/u.test(q);
    if (open && all.length > 1 && Array.from(all[all.length - 1].term).length < 2) {
      all.pop();
      open = false;
    }
    var n = Math.min(all.length, MAX_WORDS);
    return all.slice(0, n).map(function (w, i) {
      return {
        term: w.term,
        form: w.form,
        marked: w.form !== w.term,
        prefix: i + 1 === all.length && open && Array.from(w.term).length >= 2
      };
    });
  }

  function readNums(s) {
    var out = [], v = 0, mult = 1;
    for (var i = 0; i < s.length; i++) {
      var d = DIGITS.indexOf(s[i]);
      if (d < 0) d = 0;
      v += (d % 32) * mult;
      if (d >= 32) { mult *= 32; } else { out.push(v); v = 0; mult = 1; }
    }
    return out;
  }

  // ---- Index and ranking (src/search/query.rs) ----

  /** `load(path, id)` resolves to the parsed JSON of an index file. */
  function Engine(load) {
    this.load = load;
    this.files = new Map();
    this.metaPromise = null;
  }

  Engine.prototype.meta = function () {
    var self = this;
    if (!this.metaPromise) {
      this.metaPromise = this.load('meta.json', null).then(function (m) {
        m.byKey = new Map();
        m.shards.forEach(function (s) { m.byKey.set(s[0], s); });
        return m;
      });
      this.metaPromise.catch(function () { self.metaPromise = null; });
    }
    return this.metaPromise;
  };

  Engine.prototype.file = function (path, id) {
    var self = this;
    if (!this.files.has(path)) {
      var p = this.load(path, id);
      this.files.set(path, p);
      p.catch(function () { self.files.delete(path); });
    }
    return this.files.get(path);
  };

  function stem(s) { return s[3] || s[0]; }

  function shardOf(meta, term) {
    var chars = Array.from(term);
    for (var k = chars.length; k >= Math.min(2, chars.length) && k > 0; k--) {
      var s = meta.byKey.get(chars.slice(0, k).join(''));
      if (s) return s;
    }
    return null;
  }

  /** Resolves to {words, total, ranked: [[exact, rounded score, doc, score]]}. */
  Engine.prototype.search = async function (q) {
    var meta = await this.meta();
    var ws = parse(q, meta.fold);
    if (!ws.length) return { words: ws, total: 0, ranked: [] };
    var wanted = ws.map(function (w) {
      var list = [];
      var own = shardOf(meta, w.term);
      if (own) list.push(own);
      if (w.prefix) {
        var extra = meta.shards.filter(function (s) {
          return s[0].startsWith(w.term) && s[0] !== w.term && list.indexOf(s) < 0;
        });
        extra.sort(function (a, b) { return a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
        var spent = 0;
        for (var s of extra) {
          if (spent + s[1] > PREFIX_BUDGET) break;
          spent += s[1];
          list.push(s);
        }
      }
      return list;
    });
    var self = this;
    var loaded = new Map();
    var paths = [];
    ws.forEach(function (w, i) {
      wanted[i].forEach(function (s) {
        paths.push('terms/' + stem(s) + '.json');
        if (w.marked && s[2] > 0) paths.push('forms/' + stem(s) + '.json');
      });
    });
    await Promise.all(paths.map(function (p) {
      return self.file(p, meta.id).then(function (obj) { loaded.set(p, obj); });
    }));

    var perWord = ws.map(function (w, i) {
      var map = new Map();
      wanted[i].forEach(function (s) {
        var terms = loaded.get('terms/' + stem(s) + '.json');
        var forms = loaded.get('forms/' + stem(s) + '.json');
        Object.keys(terms).forEach(function (t) {
          if (!(t === w.term || (w.prefix && t.startsWith(w.term)))) return;
          addTerm(map, w, t, terms[t], forms && has(forms, t) ? forms[t] : null, meta.docs);
        });
      });
      return map;
    });

    var smallest = 0;
    perWord.forEach(function (m, i) { if (m.size < perWord[smallest].size) smallest = i; });
    var ranked = [];
    perWord[smallest].forEach(function (_, id) {
      var score = 0, exact = 0;
      for (var i = 0; i < ws.length; i++) {
        var e = perWord[i].get(id);
        if (!e) return;
        score += e[0];
        if (ws[i].marked && e[1]) exact++;
      }
      ranked.push([exact, Math.round(score * 1e6), id, score]);
    });
    ranked.sort(function (a, b) { return b[0] - a[0] || b[1] - a[1] || a[2] - b[2]; });
    return { words: ws, total: ranked.length, ranked: ranked };
  };

  function addTerm(map, w, t, postings, formEntry, docs) {
    var forms = formEntry ? formEntry[0] : [t];
    var bits = formEntry ? readNums(formEntry[1]) : [];
    var qbits = [];
    if (w.marked) {
      forms.forEach(function (f, i) {
        if (w.prefix ? formHasPrefix(f, w.form) : f === w.form) qbits.push(Math.pow(2, i));
      });
    }
    var nums = readNums(postings);
    var idf = Math.log(1 + docs / nums.length);
    var factor = t === w.term ? 1 : PREFIX_FACTOR;
    var doc = 0;
    for (var k = 0; k < nums.length; k++) {
      var v = nums[k];
      var gap = Math.floor(v / 16);
      doc = k === 0 ? gap : doc + gap + 1;
      var title = v % 2;
      var level = Math.floor(v / 2) % 8;
      var score = idf * factor * (TITLE_WEIGHT * title + level);
      var held = bits.length ? bits[k] : 1;
      var exact = false;
      for (var q = 0; q < qbits.length; q++) {
        if (Math.floor(held / qbits[q]) % 2 === 1) { exact = true; break; }
      }
      var e = map.get(doc);
      if (!e) { e = [0, false]; map.set(doc, e); }
      if (score > e[0]) e[0] = score;
      e[1] = e[1] || exact;
    }
  }

  /** Rows [title, url, day, section index, excerpt] of docs `ids`. */
  Engine.prototype.docs = async function (ids) {
    var meta = await this.meta();
    var self = this;
    var rows = await Promise.all(ids.map(function (id) {
      return self.file('docs/' + Math.floor(id / meta.chunk) + '.json', meta.id)
        .then(function (chunk) { return chunk[id % meta.chunk]; });
    }));
    return rows.map(function (r) {
      return { title: r[0], url: r[1], day: r[2], section: r[3] >= 0 ? meta.sections[r[3]] : '', excerpt: r[4] };
    });
  };

  // ---- Snippets and highlighting ----

  function matchIndex(t, ws) {
    for (var i = 0; i < ws.length; i++) {
      if (t.term === ws[i].term || (ws[i].prefix && t.term.startsWith(ws[i].term))) return i;
    }
    return -1;
  }

  /** Text cut in [{text, mark}] parts; `max` > 0 picks a window of about
   *  `max` characters around the matches. */
  function highlight(text, ws, fold, max) {
    var toks = words(text, fold);
    var s = toks.nfc;
    var hits = toks.filter(function (t) { t.hit = matchIndex(t, ws); return t.hit >= 0; });
    var from = 0, to = s.length;
    if (max > 0 && s.length > max) {
      var best = null, bestCount = -1;
      hits.forEach(function (h) {
        var distinct = new Set();
        hits.forEach(function (o) { if (o.start >= h.start && o.end <= h.start + max) distinct.add(o.hit); });
        if (distinct.size > bestCount) { best = h; bestCount = distinct.size; }
      });
      // Start after a space some 40 characters before the best match, end
      // at the last space that fits: no word is cut.
      var start = best ? Math.max(0, best.start - 40) : 0;
      if (start > 0) {
        var space = s.slice(start).search(/\s/);
        from = space < 0 ? start : start + space + 1;
        if (from > best.start) from = best.start;
      }
      if (s.length - from <= max) {
        to = s.length;
      } else {
        var last = s.slice(from, from + max + 1).search(/\s\S*$/);
        to = last > 0 ? from + last : from + max;
      }
    }
    var parts = [];
    if (from > 0) parts.push({ text: '…', mark: false });
    var pos = from;
    hits.forEach(function (h) {
      if (h.start < pos || h.end > to) return;
      if (h.start > pos) parts.push({ text: s.slice(pos, h.start), mark: false });
      parts.push({ text: s.slice(h.start, h.end), mark: true });
      pos = h.end;
    });
    if (pos < to) parts.push({ text: s.slice(pos, to), mark: false });
    if (to < s.length) parts.push({ text: '…', mark: false });
    return parts;
  }

  function formatDay(day) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
    return m ? m[3] + '/' + m[2] + '/' + m[1] : '';
  }

  function formatCount(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  }

  function message(total, q) {
    var quoted = '“' + q.trim() + '”';
    return total > 0
      ? 'Tìm thấy ' + formatCount(total) + ' kết quả cho ' + quoted
      : 'Không tìm thấy kết quả nào cho ' + quoted;
  }

  var api = {
    foldChar: foldChar, markKey: markKey, formHasPrefix: formHasPrefix, words: words, parse: parse,
    readNums: readNums, Engine: Engine, highlight: highlight, formatDay: formatDay, message: message
  };

  // ---- The page (themes/cong/templates/search.html) ----

  function init() {
    var form = document.getElementById('search-form');
    var list = document.getElementById('search-results');
    if (!form || !list) return;
    var input = form.querySelector('input[name="q"]');
    var status = document.getElementById('search-status');
    var more = document.getElementById('search-more');
    var indexAttr = form.getAttribute('data-index') || list.getAttribute('data-index') || '';
    var base = new URL(indexAttr.replace(/\/?$/, '/'), location.href);
    var baseTitle = document.title;
    var engine = new Engine(function (path, id) {
      var url = new URL(path, base);
      if (id) url.searchParams.set('v', id);
      return fetch(url.href, { cache: id ? 'default' : 'no-cache', credentials: 'same-origin' })
        .then(function (r) {
          if (!r.ok) throw new Error(r.status + ' ' + url.pathname);
          return r.json();
        });
    });
    var seq = 0, timer = 0, state = null;

    function queryOfUrl() { return new URL(location.href).searchParams.get('q') || ''; }

    function urlFor(q) {
      var u = new URL(location.href);
      if (q.trim()) u.searchParams.set('q', q); else u.searchParams.delete('q');
      return u.href;
    }

    function say(text) { if (status && status.textContent !== text) status.textContent = text; }

    function append(parts, parent) {
      parts.forEach(function (p) {
        if (p.mark) {
          var m = document.createElement('mark');
          m.textContent = p.text;
          parent.appendChild(m);
        } else {
          parent.appendChild(document.createTextNode(p.text));
        }
      });
    }

    function item(doc, ws, fold) {
      var li = document.createElement('li');
      li.className = 'search-result';
      var h = document.createElement('h2');
      h.className = 'search-result__title';
      var a = document.createElement('a');
      a.href = doc.url;
      append(highlight(doc.title, ws, fold, 0), a);
      h.appendChild(a);
      li.appendChild(h);
      var meta = document.createElement('p');
      meta.className = 'search-result__meta';
      if (doc.day) {
        var time = document.createElement('time');
        time.dateTime = doc.day;
        time.textContent = formatDay(doc.day);
        meta.appendChild(time);
      }
      if (doc.section) {
        if (doc.day) {
          var sep = document.createElement('span');
          sep.setAttribute('aria-hidden', 'true');
          sep.textContent = ' · ';
          meta.appendChild(sep);
        }
        var sec = document.createElement('span');
        sec.className = 'search-result__section';
        sec.textContent = doc.section;
        meta.appendChild(sec);
      }
      if (meta.childNodes.length) li.appendChild(meta);
      if (doc.excerpt) {
        var p = document.createElement('p');
        p.className = 'search-result__snippet';
        append(highlight(doc.excerpt, ws, fold, SNIPPET), p);
        li.appendChild(p);
      }
      return li;
    }

    async function showMore(my, focusFirst) {
      var ids = state.ranked.slice(state.shown, state.shown + PAGE).map(function (r) { return r[2]; });
      var docs = await engine.docs(ids);
      var meta = await engine.meta();
      if (my !== seq) return;
      var firstNew = null;
      docs.forEach(function (d) {
        var li = item(d, state.words, meta.fold);
        firstNew = firstNew || li;
        list.appendChild(li);
      });
      state.shown += ids.length;
      if (more) more.hidden = state.shown >= state.total;
      if (focusFirst && firstNew) firstNew.querySelector('a').focus();
    }

    async function run(q) {
      var my = ++seq;
      document.title = q.trim() ? q.trim() + ' – ' + baseTitle : baseTitle;
      if (!q.trim()) {
        state = null;
        list.replaceChildren();
        if (more) more.hidden = true;
        say('');
        return;
      }
      list.setAttribute('aria-busy', 'true');
      try {
        var r = await engine.search(q);
        if (my !== seq) return;
        state = { words: r.words, ranked: r.ranked, total: r.total, shown: 0 };
        list.replaceChildren();
        if (r.total > 0) await showMore(my, false);
        if (my !== seq) return;
        if (more) more.hidden = !state || state.shown >= state.total;
        say(message(r.total, q));
      } catch (err) {
        if (my !== seq) return;
        list.replaceChildren();
        if (more) more.hidden = true;
        say('Không tải được dữ liệu tìm kiếm. Vui lòng thử lại sau.');
        if (window.console) console.warn('loa search:', err);
      } finally {
        if (my === seq) list.removeAttribute('aria-busy');
      }
    }

    // While typing (debounced): results and ?q= follow the box, without
    // adding history entries. An input method composing a letter (Telex,
    // VNI) waits for the letter.
    function typed() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        history.replaceState(history.state, '', urlFor(input.value));
        run(input.value);
      }, 250);
    }
    input.addEventListener('input', function (e) { if (!e.isComposing) typed(); });
    input.addEventListener('compositionend', typed);

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(timer);
      var q = input.value;
      if (q !== queryOfUrl()) history.pushState(null, '', urlFor(q));
      run(q);
    });

    window.addEventListener('popstate', function () {
      clearTimeout(timer);
      input.value = queryOfUrl();
      run(input.value);
    });

    if (more) {
      more.addEventListener('click', function () {
        if (!state || state.busy) return;
        state.busy = true;
        var mine = state;
        showMore(seq, true)
          .catch(function () { say('Không tải được thêm kết quả. Vui lòng thử lại.'); })
          .finally(function () { mine.busy = false; });
      });
    }

    // Keyboard: ↓ from the box to the results, ↑/↓ between them, Esc back.
    function links() { return Array.prototype.slice.call(list.querySelectorAll('.search-result__title a')); }
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' && links().length) { e.preventDefault(); links()[0].focus(); }
    });
    list.addEventListener('keydown', function (e) {
      var all = links(), i = all.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === 'ArrowDown' && i + 1 < all.length) { e.preventDefault(); all[i + 1].focus(); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? all[i - 1] : input).focus(); }
      else if (e.key === 'Escape') { e.preventDefault(); input.focus(); }
    });

    input.value = queryOfUrl();
    run(input.value);
  }

  // In node (the Rust tests drive it): the functions. In a page: the page.
  if (typeof module === 'object' && module && module.exports) module.exports = api;
  if (typeof document !== 'undefined' && typeof window !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
    else init();
  }
})();
