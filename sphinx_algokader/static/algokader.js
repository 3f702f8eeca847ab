/* sphinx-algokader: search, filters and the AI Act profile for lists.
 *
 * No framework, no network. Each list carries its rows as JSON in a
 * <script type="application/json" class="algokader-data"> element, read
 * with JSON.parse. `uitzondering` expressions are parsed by the small
 * parser below, never evaluated as code; sphinx_algokader/profile.py has
 * the same parser and shared test vectors keep them in step.
 */
(function () {
  "use strict";

  var AI_ACT_KEYS = ["soort-toepassing", "risicogroep", "rol-ai-act",
    "transparantieverplichting", "systeemrisico", "open-source"];
  var STORAGE_KEY = "algokader-profile";

  /* ---- uitzondering expressions ------------------------------------- */

  function tokenize(text) {
    var re = /\s*(?:(\(|\)|&&|\|\|)|"([^"]*)"|([A-Za-z0-9_-]+))/y;
    var tokens = [];
    text = text.replace(/\s+$/, "");
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
        pos++;
        var inner = expression();
        if (!isOp(peek(), ")")) { throw new Error("missing )"); }
        pos++;
        return inner;
      }
      if (t[0] === "atom") { pos++; return splitToken(t[1]); }
      throw new Error("unexpected " + t[1]);
    }
    var node = expression();
    if (pos !== tokens.length) { throw new Error("unexpected " + tokens[pos][1]); }
    return node;
  }

  function holds(node, profile) {
    if (node.key !== undefined) { return profile[node.key] === node.value; }
    var results = node.args.map(function (a) { return holds(a, profile); });
    return node.op === "and" ? results.every(Boolean) : results.some(Boolean);
  }

  function applies(labels, profile) {
    var fits = AI_ACT_KEYS.every(function (key) {
      var values = labels[key];
      return !values || !values.length || !profile[key] || values.indexOf(profile[key]) >= 0;
    });
    if (fits) { return true; }
    return (labels.uitzondering || []).some(function (expr) {
      try { return holds(parse(expr), profile); } catch (e) { return false; }
    });
  }

  /* ---- the reader's profile, kept across pages -------------------------- */

  function loadProfile() {
    try {
      var data = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "{}");
      var profile = {};
      AI_ACT_KEYS.forEach(function (k) { if (typeof data[k] === "string" && data[k]) { profile[k] = data[k]; } });
      return profile;
    } catch (e) { return {}; }
  }

  function saveProfile(profile) {
    try {
      if (Object.keys(profile).length) {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(profile));
      } else {
        window.localStorage.removeItem(STORAGE_KEY);
      }
    } catch (e) { /* storage may be off: the profile then lasts for this page */ }
  }

  /* ---- one list ---------------------------------------------------------- */

  function normalize(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
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
    var profileBox = controls.querySelector(".algokader-profile");
    var selects = profileBox ? Array.prototype.slice.call(profileBox.querySelectorAll("select")) : [];
    var count = controls.querySelector(".algokader-count");

    var list = { root: root, update: update, showProfile: showProfile };

    function chosen(filter) {
      return Array.prototype.slice.call(filter.querySelectorAll("input:checked")).map(function (i) { return i.value; });
    }

    function showProfile(profile) {
      selects.forEach(function (s) { s.value = profile[s.getAttribute("data-key")] || ""; });
      if (profileBox) {
        var n = Object.keys(profile).length;
        profileBox.querySelector(".algokader-profile-state").textContent = n ? " (" + n + ")" : "";
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
    selects.forEach(function (s) {
      s.addEventListener("change", function () {
        var profile = loadProfile();
        if (s.value) { profile[s.getAttribute("data-key")] = s.value; } else { delete profile[s.getAttribute("data-key")]; }
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
  }

  function init() {
    Array.prototype.slice.call(document.querySelectorAll(".algokader-list")).forEach(setupList);
    refreshAll();
    window.addEventListener("storage", function (e) { if (e.key === STORAGE_KEY) { refreshAll(); } });
  }

  /* the evaluator, for the shared test vectors */
  window.algokader = { parse: parse, holds: holds, applies: applies };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
