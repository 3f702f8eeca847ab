/* sphinx-algokader: search, filters and the AI Act profile for lists.
 *
 * No framework, no network. Each list carries its rows as JSON in a
 * <script type="application/json" class="algokader-data"> element, read
 * with JSON.parse. `uitzondering` expressions are parsed by the small
 * parser below, never evaluated as code; sphinx_algokader/profile.py has
 * the same parser and the same `applies`, and shared test vectors keep them
 * in step.
 *
 * A profile maps each AI Act label to the values chosen for it (an array).
 * It is kept in localStorage for every page of the handbook, and a page
 * opened with ?profiel=label:value1,value2;label2:value3 takes that one.
 *
 * Records views (class algokader-records) are lists to this script: the
 * same search and filters, never the profile.
 */
(function () {
  "use strict";

  var AI_ACT_KEYS = ["soort-toepassing", "risicogroep", "rol-ai-act",
    "transparantieverplichting", "systeemrisico", "open-source"];
  var STORAGE_KEY = "algokader-profile";

  /* ---- uitzondering expressions ------------------------------------- */

  /* whitespace between tokens: ASCII only, as WHITESPACE in profile.py */
  var MAX_DEPTH = 32;  /* as MAX_DEPTH in profile.py */

  function tokenize(text) {
    var re = /[ \t\n\r\f\v]*(?:(\(|\)|&&|\|\|)|"([^"]*)"|([A-Za-z0-9_-]+))/y;
    var tokens = [];
    text = text.replace(/[ \t\n\r\f\v]+$/, "");
    re.lastIndex = 0;
    while (re.lastIndex < text.length) {
      var start = re.lastIndex;
      var m = re.exec(text);
      if (!m || re.lastIndex === start) { throw new Error("unexpected input"); }
      if (m[1]) { tokens.push(["op", m[1]]); }
      else { tokens.push(["atom", m[2] !== undefined ? m[2] : m[3]]); }
    }
    return tokens;
  }

  function splitToken(token) {
    var keys = AI_ACT_KEYS.slice().sort(function (a, b) { return b.length - a.length; });
    for (var i = 0; i < keys.length; i++) {
      var key = keys[i];
      if (token.indexOf(key + "-") === 0 && token.length > key.length + 1) {
        return { key: key, value: token.slice(key.length + 1) };
      }
    }
    throw new Error("not a profile token: " + token);
  }

  function parse(text) {
    var tokens = tokenize(text);
    var pos = 0;
    var depth = 0;
    if (!tokens.length) { throw new Error("empty expression"); }
    function peek() { return tokens[pos]; }
    function isOp(t, op) { return t && t[0] === "op" && t[1] === op; }
    function expression() {
      var args = [term()];
      while (isOp(peek(), "||")) { pos++; args.push(term()); }
      return args.length === 1 ? args[0] : { op: "or", args: args };
    }
    function term() {
      var args = [factor()];
      while (isOp(peek(), "&&")) { pos++; args.push(factor()); }
      return args.length === 1 ? args[0] : { op: "and", args: args };
    }
    function factor() {
      var t = peek();
      if (!t) { throw new Error("expression ends too early"); }
      if (isOp(t, "(")) {
        depth++;
        if (depth > MAX_DEPTH) { throw new Error("parentheses nested too deeply"); }
        pos++;
        var inner = expression();
        if (!isOp(peek(), ")")) { throw new Error("missing )"); }
        pos++;
        depth--;
        return inner;
      }
      if (t[0] === "atom") { pos++; return splitToken(t[1]); }
      throw new Error("unexpected " + t[1]);
    }
    var node = expression();
    if (pos !== tokens.length) { throw new Error("unexpected " + tokens[pos][1]); }
    return node;
  }

  /* the values chosen for a label: non-empty strings only, as make_profile */
  function chosenValues(profile, key) {
    if (!Object.prototype.hasOwnProperty.call(profile, key)) { return []; }
    var values = profile[key];
    if (typeof values === "string") { return values ? [values] : []; }
    return Array.isArray(values) ? values.filter(function (v) { return typeof v === "string" && v; }) : [];
  }

  /* a token is true only when the profile chose that value explicitly */
  function holds(node, profile) {
    if (node.key !== undefined) { return chosenValues(profile, node.key).indexOf(node.value) >= 0; }
    var results = node.args.map(function (a) { return holds(a, profile); });
    return node.op === "and" ? results.every(Boolean) : results.some(Boolean);
  }

  var NOT_APPLICABLE = "niet-van-toepassing";
  var EXCEPTION_APPLIES = "uitzondering-van-toepassing";
  var GPAI_ADDED = { "risicogroep": NOT_APPLICABLE, "transparantieverplichting": NOT_APPLICABLE };
  var GPAI_REMOVED = { "risicogroep": EXCEPTION_APPLIES };

  /* the semantics of profile.py's applies(), line for line */
  function applies(labels, profile) {
    var chosenAny = AI_ACT_KEYS.some(function (key) { return chosenValues(profile, key).length; });
    if (!chosenAny) { return true; }
    var carried = AI_ACT_KEYS.filter(function (key) { return labels[key] && labels[key].length; });
    if (!carried.length) { return true; }
    var gpai = chosenValues(profile, "soort-toepassing").indexOf("ai-model-voor-algemene-doeleinden") >= 0 &&
      chosenValues(profile, "systeemrisico").indexOf("systeemrisico") >= 0;
    var meets = carried.every(function (key) {
      var chosen = chosenValues(profile, key);
      var added = gpai ? GPAI_ADDED[key] : undefined;
      var removed = gpai ? GPAI_REMOVED[key] : undefined;
      return labels[key].some(function (value) {
        if (value === removed) { return false; }
        return !chosen.length || chosen.indexOf(value) >= 0 || value === added;
      });
    });
    if (!meets) { return false; }
    return !(labels.uitzondering || []).some(function (expr) {
      try { return holds(parse(expr), profile); } catch (e) { return false; }
    });
  }

  /* ---- the reader's profile, kept across pages and shared by URL ------ */

  /* only known labels, each with an array of distinct non-empty strings */
  function cleanProfile(data) {
    var profile = {};
    AI_ACT_KEYS.forEach(function (k) {
      var values = chosenValues(data || {}, k).filter(function (v, i, all) {
        return all.indexOf(v) === i;
      });
      if (values.length) { profile[k] = values; }
    });
    return profile;
  }

  function loadProfile() {
    try {
      return cleanProfile(JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "{}"));
    } catch (e) { return sessionProfile; }
  }

  var sessionProfile = {};  /* where storage is off: the profile lasts for this page */

  function saveProfile(profile) {
    profile = cleanProfile(profile);
    sessionProfile = profile;
    try {
      if (Object.keys(profile).length) {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(profile));
      } else {
        window.localStorage.removeItem(STORAGE_KEY);
      }
    } catch (e) { /* storage may be off */ }
  }

  var URL_PARAMETER = "profiel";

  /* ?profiel=label:value1,value2;label2:value3 -> a profile of the values
   * that `known` (label -> values) lists; anything else is ignored with a
   * console warning, never an error on the page */
  function profileFromQuery(text, known) {
    var profile = {};
    text.split(";").forEach(function (part) {
      if (!part.trim()) { return; }
      var at = part.indexOf(":");
      var key = (at < 0 ? part : part.slice(0, at)).trim();
      if (AI_ACT_KEYS.indexOf(key) < 0 || !Object.prototype.hasOwnProperty.call(known, key)) {
        console.warn("sphinx-algokader: unknown profile label in the URL: " + key);
        return;
      }
      (at < 0 ? "" : part.slice(at + 1)).split(",").forEach(function (value) {
        value = value.trim();
        if (!value) { return; }
        if (known[key].indexOf(value) < 0) {
          console.warn("sphinx-algokader: unknown value in the URL for " + key + ": " + value);
          return;
        }
        profile[key] = profile[key] || [];
        if (profile[key].indexOf(value) < 0) { profile[key].push(value); }
      });
    });
    return profile;
  }

  function profileQuery(profile) {
    return AI_ACT_KEYS.filter(function (k) { return profile[k] && profile[k].length; })
      .map(function (k) { return k + ":" + profile[k].join(","); }).join(";");
  }

  function profileLink(profile) {
    var url = new URL(window.location.href);
    var query = profileQuery(profile);
    if (query) { url.searchParams.set(URL_PARAMETER, query); } else { url.searchParams.delete(URL_PARAMETER); }
    url.hash = "";
    return url.href;
  }

  /* ---- one list ---------------------------------------------------------- */

  /* what search compares: lower case, no accents, and no soft hyphens (the
   * tables put them in long names, where a line may break) */
  function normalize(text) {
    return text.replace(/\u00ad/g, "").toLowerCase().normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "");
  }

  var lists = [];

  function setupList(root) {
    var controls = root.querySelector(".algokader-controls");
    var dataNode = root.querySelector("script.algokader-data");
    var table = root.querySelector("table");
    if (!controls || !dataNode || !table) { return; }
    var data = JSON.parse(dataNode.textContent);
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody > tr"));
    if (rows.length !== data.rows.length) { return; }
    rows.forEach(function (tr, i) { tr._algokader = { labels: data.rows[i].labels, text: normalize(tr.textContent) }; });

    var search = controls.querySelector("input[type=search]");
    var filters = Array.prototype.slice.call(controls.querySelectorAll(".algokader-filter"));
    /* records views (.algokader-records) have no profile box: the reader's
     * stored profile never hides what an organisation recorded */
    var profileBox = root.classList.contains("algokader-records") ? null :
      controls.querySelector(".algokader-profile");
    var boxes = profileBox ? Array.prototype.slice.call(profileBox.querySelectorAll("fieldset[data-key] input[type=checkbox]")) : [];
    var count = controls.querySelector(".algokader-count");

    var list = { root: root, update: update, showProfile: showProfile, profileBox: profileBox };

    function chosen(filter) {
      return Array.prototype.slice.call(filter.querySelectorAll("input:checked")).map(function (i) { return i.value; });
    }

    function keyOf(box) { return box.closest("fieldset[data-key]").getAttribute("data-key"); }

    function showProfile(profile) {
      boxes.forEach(function (b) { b.checked = chosenValues(profile, keyOf(b)).indexOf(b.value) >= 0; });
      if (profileBox) {
        var n = Object.keys(profile).length;
        profileBox.querySelector(".algokader-profile-state").textContent = n ? " (" + n + ")" : "";
        var link = profileBox.querySelector(".algokader-profile-link");
        if (link) { link.href = profileLink(profile); }
      }
    }

    function update() {
      var query = search ? normalize(search.value.trim()) : "";
      var active = filters.map(function (f) { return { key: f.getAttribute("data-key"), values: chosen(f) }; })
        .filter(function (f) { return f.values.length; });
      filters.forEach(function (f) {
        var n = chosen(f).length;
        f.querySelector(".algokader-filter-count").textContent = n ? " (" + n + ")" : "";
      });
      var profile = profileBox ? loadProfile() : {};
      var shown = 0;
      rows.forEach(function (tr) {
        var row = tr._algokader;
        var ok = (!query || row.text.indexOf(query) >= 0) &&
          active.every(function (f) {
            var values = row.labels[f.key] || [];
            return f.values.some(function (v) { return values.indexOf(v) >= 0; });
          }) &&
          (!profileBox || applies(row.labels, profile));
        tr.hidden = !ok;
        if (ok) { shown++; }
      });
      if (count) {
        var template = shown === 1 ? count.getAttribute("data-one") : count.getAttribute("data-other");
        count.textContent = template.replace("{n}", String(shown));
      }
    }

    if (search) { search.addEventListener("input", update); }
    filters.forEach(function (f) { f.addEventListener("change", update); });
    boxes.forEach(function (b) {
      b.addEventListener("change", function () {
        var profile = loadProfile();
        var key = keyOf(b);
        var values = chosenValues(profile, key).filter(function (v) { return v !== b.value; });
        if (b.checked) { values.push(b.value); }
        profile[key] = values;
        saveProfile(profile);
        refreshAll();
      });
    });
    if (profileBox) {
      profileBox.querySelector(".algokader-profile-clear").addEventListener("click", function () {
        saveProfile({});
        refreshAll();
      });
    }
    controls.hidden = false;
    lists.push(list);
  }

  function refreshAll() {
    var profile = loadProfile();
    lists.forEach(function (l) { l.showProfile(profile); l.update(); });
    syncAddress();
  }

  /* label -> values the page's profile panels offer */
  function knownValues() {
    var known = {};
    lists.forEach(function (l) {
      if (!l.profileBox) { return; }
      Array.prototype.slice.call(l.profileBox.querySelectorAll("fieldset[data-key]")).forEach(function (f) {
        var key = f.getAttribute("data-key");
        known[key] = known[key] || [];
        Array.prototype.slice.call(f.querySelectorAll("input[type=checkbox]")).forEach(function (b) {
          if (known[key].indexOf(b.value) < 0) { known[key].push(b.value); }
        });
      });
    });
    return known;
  }

  /* A page opened with ?profiel= keeps that parameter in step with the
   * profile, so that reloading or bookmarking the page after a change (or
   * after "Clear profile") does not bring the old profile back. */
  var profileInAddress = false;

  function syncAddress() {
    if (!profileInAddress || !window.history || !window.history.replaceState) { return; }
    var url = new URL(window.location.href);
    var query = profileQuery(loadProfile());
    if (query) { url.searchParams.set(URL_PARAMETER, query); } else { url.searchParams.delete(URL_PARAMETER); }
    if (url.href !== window.location.href) {
      try { window.history.replaceState(window.history.state, "", url.href); } catch (e) { /* file: URLs */ }
    }
  }

  /* ---- the filter and profile pop-ups (<details>) ----------------------- */

  /* One open at a time on a page; Escape closes it (focus back on its
   * summary), and so does a click or focus outside it. */
  function setupPopups() {
    var popups = Array.prototype.slice.call(document.querySelectorAll(
      ".algokader-controls details.algokader-filter, .algokader-controls details.algokader-profile"));
    function closeAll(except) {
      popups.forEach(function (d) { if (d !== except && d.open) { d.open = false; } });
    }
    popups.forEach(function (d) {
      d.addEventListener("toggle", function () { if (d.open) { closeAll(d); } });
      d.addEventListener("keydown", function (e) {
        if ((e.key === "Escape" || e.key === "Esc") && d.open) {
          d.open = false;
          var summary = d.querySelector("summary");
          if (summary) { summary.focus(); }
          e.stopPropagation();
        }
      });
    });
    function outside(e) {
      popups.forEach(function (d) { if (d.open && !d.contains(e.target)) { d.open = false; } });
    }
    document.addEventListener("click", outside);
    document.addEventListener("focusin", outside);
  }

  /* ---- the tables' scroll regions ------------------------------------ */

  /* A table's region, or a chart's, is a Tab stop (tabindex="0", as
   * written, so that a keyboard can scroll it) only while its content is
   * wider than it: one that fits is no stop on the way through the page.
   * Looked at again when the region or its content changes size (the
   * window, a filter). */
  function setupRegions() {
    var regions = Array.prototype.slice.call(document.querySelectorAll(
      ".algokader-scroll[role=region], figure.algokader-chart[role=region]"));
    function update() {
      regions.forEach(function (r) {
        if (r.scrollWidth > r.clientWidth + 1) {
          r.setAttribute("tabindex", "0");
        } else if (r !== document.activeElement) {
          r.removeAttribute("tabindex");
        }
      });
    }
    update();
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(update);
      regions.forEach(function (r) {
        observer.observe(r);
        if (r.firstElementChild) { observer.observe(r.firstElementChild); }
      });
    } else {
      window.addEventListener("resize", update);
    }
  }

  function init() {
    Array.prototype.slice.call(document.querySelectorAll(".algokader-list")).forEach(setupList);
    setupPopups();
    setupRegions();
    var query = new URLSearchParams(window.location.search).get(URL_PARAMETER);
    if (query !== null) {
      var known = knownValues();
      if (Object.keys(known).length) {
        saveProfile(profileFromQuery(query, known));
        profileInAddress = true;
      }
    }
    refreshAll();
    window.addEventListener("storage", function (e) { if (e.key === STORAGE_KEY) { refreshAll(); } });
  }

  /* the evaluator, for the shared test vectors */
  window.algokader = { parse: parse, holds: holds, applies: applies,
    profileFromQuery: profileFromQuery, profileQuery: profileQuery };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
