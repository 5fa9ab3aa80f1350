(function () {
  "use strict";
  var doc = document.documentElement;
  doc.classList.add("js");
  var form = document.getElementById("filters");
  var list = document.getElementById("flist");
  if (!form || !list) { return; }
  var items = list.children;
  var shown = document.getElementById("shown");
  var nomatch = document.getElementById("nomatch");
  var PROBLEMS = { fail: 1, error: 1, unknown: 1, notchecked: 1 };

  function value(name) { return form.elements[name].value; }

  function apply() {
    var st = value("status"), sev = value("severity"), fam = value("family"), tg = value("target");
    var q = value("q").trim().toLowerCase();
    var n = 0;
    for (var i = 0; i < items.length; i++) {
      var el = items[i], d = el.dataset, ok = true;
      if (st === "problems") { ok = PROBLEMS[d.st] === 1; } else if (st) { ok = d.st === st; }
      if (ok && sev) { ok = d.sev === sev; }
      if (ok && tg) { ok = d.tg === tg; }
      if (ok && fam) { ok = (" " + d.fam + " ").indexOf(" " + fam + " ") >= 0; }
      if (ok && q) { ok = el.textContent.toLowerCase().indexOf(q) >= 0; }
      el.hidden = !ok;
      if (ok) { n++; }
    }
    shown.textContent = n + " of " + items.length + " shown";
    nomatch.hidden = n !== 0;
    writeHash();
  }

  // Filters live in the query part of the hash (#findings?status=fail) so a filtered view is a link.
  function writeHash() {
    var parts = [];
    ["status", "severity", "family", "target", "q"].forEach(function (k) {
      var v = value(k);
      if (v) { parts.push(k + "=" + encodeURIComponent(v)); }
    });
    if (parts.length && (location.hash === "" || location.hash.indexOf("#findings") === 0)) {
      history.replaceState(null, "", "#findings?" + parts.join("&"));
    }
  }

  function readHash() {
    var h = location.hash;
    if (h.indexOf("#findings?") !== 0) { return false; }
    form.reset();
    h.substring(10).split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0 && form.elements[kv.substring(0, i)]) {
        form.elements[kv.substring(0, i)].value = decodeURIComponent(kv.substring(i + 1));
      }
    });
    return true;
  }

  // A deep link to a finding hidden by the filters clears them, then shows the finding.
  function reveal() {
    var id = decodeURIComponent(location.hash.substring(1));
    if (!id) { return; }
    var el = document.getElementById(id);
    if (!el) { return; }
    if (el.hidden) {
      form.reset();
      apply();
      el.scrollIntoView();
    }
    var det = el.closest("details");
    if (det) { det.open = true; }
    if (el.tagName === "DETAILS") { el.open = true; }
  }

  var timer = null;
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, items.length > 5000 ? 200 : 60);
  });
  form.addEventListener("change", apply);
  window.addEventListener("hashchange", function () {
    if (readHash()) { apply(); } else { reveal(); }
  });
  window.addEventListener("beforeprint", function () {
    var ds = document.querySelectorAll("details");
    for (var i = 0; i < ds.length; i++) { ds[i].open = true; }
  });
  if (readHash()) {
    apply();
    document.getElementById("findings").scrollIntoView();
  } else {
    shown.textContent = items.length + " shown";
    reveal();
  }
})();
