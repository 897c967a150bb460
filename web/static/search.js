// Search as you type: suggestions under the search box from
// GET /api/suggest?q=, following the WAI-ARIA combobox pattern (a list
// popup without automatic selection). Without this script the box is a
// plain form. No inline handlers or styles: the page may run under a
// Content-Security-Policy without 'unsafe-inline'.
(function () {
  "use strict";

  var DEBOUNCE_MS = 120;
  var KINDS = { query: "Search", post: "Post", topic: "Topic", person: "Person", project: "Project", year: "Year", month: "Month", kind: "Kind" };

  document.documentElement.classList.add("js");

  var input = document.getElementById("q");
  if (!input || !window.fetch) return;
  var form = input.form;
  var combo = input.parentNode;

  var list = document.createElement("ul");
  list.id = "q-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  combo.appendChild(list);

  var status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  form.appendChild(status);

  var hint = document.getElementById("q-hint");
  if (hint) hint.textContent = "Press slash to come back here. Suggestions appear as you type: use the up and down arrows to choose one.";

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  var items = [];      // the suggestions shown
  var active = -1;     // index of the highlighted option, -1: none
  var timer = 0;
  var pending = null;  // AbortController of the request in flight
  var cache = Object.create(null);
  var shownFor = null; // the text the list was filled for

  function open() {
    if (!items.length) return close();
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function isOpen() { return !list.hidden; }

  function setActive(i) {
    var prev = list.children[active];
    if (prev) prev.setAttribute("aria-selected", "false");
    active = i;
    var opt = list.children[i];
    if (opt) {
      opt.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", opt.id);
      scrollIntoView(opt);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function scrollIntoView(opt) {
    if (opt.offsetTop < list.scrollTop) {
      list.scrollTop = opt.offsetTop;
    } else if (opt.offsetTop + opt.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = opt.offsetTop + opt.offsetHeight - list.clientHeight;
    }
  }

  // label puts the label in el, the part matching typed in bold: all of
  // it, else the word being typed (after a filter's colon: author:chr).
  function label(el, text, typed) {
    var t = typed.trim().toLowerCase();
    var at = t ? text.toLowerCase().indexOf(t) : -1;
    if (at < 0) {
      t = t.slice(Math.max(t.lastIndexOf(" "), t.lastIndexOf(":")) + 1);
      at = t ? text.toLowerCase().indexOf(t) : -1;
    }
    if (at < 0) {
      el.textContent = text;
      return;
    }
    el.appendChild(document.createTextNode(text.slice(0, at)));
    var b = document.createElement("b");
    b.textContent = text.slice(at, at + t.length);
    el.appendChild(b);
    el.appendChild(document.createTextNode(text.slice(at + t.length)));
  }

  function render(typed, suggestions) {
    items = suggestions.filter(function (s) { return safeURL(s.url); });
    shownFor = typed;
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.textContent = "";
    items.forEach(function (s, i) {
      var li = document.createElement("li");
      li.id = "q-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "s-kind-" + s.kind;
      var kind = document.createElement("span");
      kind.className = "s-kind";
      kind.textContent = KINDS[s.kind] || s.kind;
      var text = document.createElement("span");
      text.className = "s-label";
      label(text, s.label, typed);
      li.appendChild(kind);
      li.appendChild(text);
      if (s.count) {
        var n = document.createElement("span");
        n.className = "s-count";
        n.textContent = s.count + (s.count === 1 ? " post" : " posts");
        li.appendChild(n);
      }
      list.appendChild(li);
    });
    if (items.length) {
      open();
      status.textContent = items.length + (items.length === 1 ? " suggestion" : " suggestions") + ". Use the up and down arrows to choose.";
    } else {
      close();
      status.textContent = "";
    }
  }

  // Only paths on this site: the API answers with them.
  function safeURL(u) {
    return typeof u === "string" && u.charAt(0) === "/" && u.charAt(1) !== "/" && u.charAt(1) !== "\\";
  }

  function fetchSuggestions() {
    var typed = input.value;
    if (!typed.trim()) {
      items = [];
      shownFor = null;
      close();
      status.textContent = "";
      return;
    }
    if (cache[typed]) {
      render(typed, cache[typed]);
      return;
    }
    if (pending) pending.abort();
    var ctrl = window.AbortController ? new AbortController() : null;
    pending = ctrl;
    fetch("/api/suggest?q=" + encodeURIComponent(typed), {
      headers: { Accept: "application/json" },
      signal: ctrl ? ctrl.signal : undefined
    }).then(function (r) {
      if (!r.ok) throw new Error("suggest: HTTP " + r.status);
      return r.json();
    }).then(function (body) {
      var got = Array.isArray(body.suggestions) ? body.suggestions : [];
      cache[typed] = got;
      // Answers can arrive out of order: show only the one for what is in the box.
      if (input.value === typed && document.activeElement === input) render(typed, got);
    }).catch(function (err) {
      if (err && err.name === "AbortError") return;
      close(); // suggestions are a convenience: the form still works
    }).then(function () {
      if (pending === ctrl) pending = null;
    });
  }

  function go(i) {
    var s = items[i];
    if (!s) return;
    close();
    window.location.assign(s.url);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, DEBOUNCE_MS);
  });

  input.addEventListener("keydown", function (e) {
    if (e.isComposing || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case "ArrowDown":
      case "Down":
        e.preventDefault();
        if (!isOpen()) {
          if (items.length && shownFor === input.value) {
            open();
            if (!e.altKey) setActive(0);
          } else {
            clearTimeout(timer);
            fetchSuggestions();
          }
          return;
        }
        if (!e.altKey) setActive(active + 1 < items.length ? active + 1 : 0);
        return;
      case "ArrowUp":
      case "Up":
        if (!isOpen()) return;
        e.preventDefault();
        // From the first option back to the box, then from the last.
        setActive(active === -1 ? items.length - 1 : active - 1);
        return;
      case "Enter":
        if (isOpen() && active >= 0) {
          e.preventDefault();
          go(active);
        } else {
          close(); // the form submits the words as typed
        }
        return;
      case "Escape":
      case "Esc":
        if (isOpen()) {
          e.preventDefault();
          close();
        } else if (input.value) {
          e.preventDefault();
          input.value = "";
          items = [];
          shownFor = null;
        }
        return;
      case "Tab":
        close();
        return;
    }
  });

  input.addEventListener("blur", function () { close(); });

  // mousedown would move the focus out of the box and close the list
  // before the click lands.
  list.addEventListener("mousedown", function (e) { e.preventDefault(); });
  list.addEventListener("click", function (e) {
    var opt = e.target.closest("[role=option]");
    if (opt) go(Array.prototype.indexOf.call(list.children, opt));
  });
  list.addEventListener("mousemove", function (e) {
    var opt = e.target.closest("[role=option]");
    var i = opt ? Array.prototype.indexOf.call(list.children, opt) : -1;
    if (i >= 0 && i !== active) setActive(i);
  });

  // "/" anywhere but in a field jumps to the box, as on GitHub or MDN.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
    input.select();
  });

  // Coming back with the back button: no stale list.
  window.addEventListener("pageshow", function () { close(); });
})();

// The search page's facets: a <details> that phones show closed above the
// results and wide screens show as a sidebar. Where CSS can't show a
// closed <details>'s content (no ::details-content), open it on wide
// screens.
(function () {
  "use strict";
  var refine = document.getElementById("refine");
  if (!refine || !window.matchMedia) return;
  var supported = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  if (supported) return;
  var wide = window.matchMedia("(min-width: 52.01rem)");
  function apply() { if (wide.matches) refine.open = true; }
  apply();
  if (wide.addEventListener) wide.addEventListener("change", apply);
})();

// The filter box of /tags, /people and /projects filters the list as you
// type; without this script it is a form the server answers.
(function () {
  "use strict";
  var box = document.getElementById("term-q");
  var lists = Array.prototype.slice.call(document.querySelectorAll("ul.terms"));
  var status = document.getElementById("terms-summary");
  if (!box || !lists.length || !status) return;
  // People and projects without posts are a second list, in a section
  // of its own that hides when none of it matches.
  var apart = document.querySelector("section.apart");
  var items = [];
  lists.forEach(function (list) { items = items.concat(Array.prototype.slice.call(list.children)); });
  var words = items.map(function (li) {
    var a = li.querySelector("a");
    return (a.textContent + " " + decodeURIComponent(a.getAttribute("href"))).toLowerCase();
  });
  var served = status.innerHTML;
  var noun = box.form.getAttribute("aria-label").replace(/^Filter /, "").toLowerCase();
  var timer = 0;
  function filter() {
    var q = box.value.trim().toLowerCase();
    var dashed = q.replace(/[^\p{L}\p{N}]+/gu, "-");
    var shown = 0;
    items.forEach(function (li, i) {
      var hit = !q || words[i].indexOf(q) >= 0 || words[i].indexOf(dashed) >= 0;
      li.hidden = !hit;
      if (hit) shown++;
    });
    if (apart) {
      apart.hidden = !Array.prototype.some.call(apart.querySelectorAll("ul.terms > li"), function (li) { return !li.hidden; });
    }
    if (q === box.defaultValue.trim().toLowerCase()) {
      status.innerHTML = served;
    } else {
      status.textContent = shown + " of " + items.length + " " + noun + " shown, matching “" + box.value.trim() + "”";
    }
  }
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(filter, 60);
  });
})();
