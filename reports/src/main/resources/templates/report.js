(function () {
  "use strict";
  var doc = document.documentElement;
  doc.classList.add("js");
  var form = document.getElementById("filters");
  var list = document.getElementById("flist");
  if (!form || !list) { return; }
  // Findings in full are articles; passing ones are list items of a group per rule.
  var articles = list.querySelectorAll("article.f");
  var groups = list.querySelectorAll(".grp");
  var total = articles.length + list.querySelectorAll(".grp li").length;
  var shown = document.getElementById("shown");
  var nomatch = document.getElementById("nomatch");
  var PROBLEMS = { fail: 1, error: 1, unknown: 1, notchecked: 1 };

  function value(name) { return form.elements[name].value; }

  // Status and severity are classes of each finding; families come from its control links.
  var STATUSES = ["fail", "waived", "error", "unknown", "notchecked", "pass", "notapplicable", "informational"];
  function classOf(el, list) {
    for (var k = 0; k < list.length; k++) { if (el.classList.contains(list[k])) { return list[k]; } }
    return "";
  }
  function sevOf(el) {
    var c = el.className.match(/ s-([a-z]+)/);
    return c ? c[1] : "";
  }
  var meta = [];
  for (var a = 0; a < articles.length; a++) {
    var fams = {}, links = articles[a].querySelectorAll(".fm a[href^='#control-']");
    for (var l = 0; l < links.length; l++) { fams[links[l].textContent.substring(0, 2)] = 1; }
    var tgl = articles[a].querySelector(".fm .tg");
    meta.push({ st: classOf(articles[a], STATUSES), sev: sevOf(articles[a]),
      fam: Object.keys(fams).join(" "), tg: tgl ? tgl.textContent : "" });
    articles[a].firstElementChild.addEventListener("click", function (e) {
      if (e.target.tagName !== "A") { location.hash = this.parentNode.id; }
    });
  }

  function statusOk(st, want) {
    if (want === "problems") { return PROBLEMS[st] === 1; }
    return !want || st === want;
  }

  function famOk(fams, want) {
    return !want || (" " + fams + " ").indexOf(" " + want + " ") >= 0;
  }

  function apply() {
    var st = value("status"), sev = value("severity"), fam = value("family"), tg = value("target");
    var q = value("q").trim().toLowerCase();
    var n = 0, i, j;
    for (i = 0; i < articles.length; i++) {
      var el = articles[i], d = meta[i];
      var ok = statusOk(d.st, st) && (!sev || d.sev === sev) && (!tg || d.tg === tg) &&
          famOk(d.fam, fam) && (!q || el.textContent.toLowerCase().indexOf(q) >= 0);
      el.hidden = !ok;
      if (ok) { n++; }
    }
    for (i = 0; i < groups.length; i++) {
      var g = groups[i], items = g.getElementsByTagName("li");
      var gok = statusOk(classOf(g, STATUSES), st) && (!sev || sevOf(g) === sev) &&
          famOk(g.dataset.fam, fam);
      var head = q ? g.firstElementChild.textContent.toLowerCase() : "";
      var m = 0;
      for (j = 0; j < items.length; j++) {
        var li = items[j];
        var ok2 = gok && (!tg || li.firstChild.nodeValue.trim() === tg) &&
            (!q || head.indexOf(q) >= 0 || li.textContent.toLowerCase().indexOf(q) >= 0);
        li.hidden = !ok2;
        if (ok2) { m++; }
      }
      g.hidden = m === 0;
      n += m;
    }
    shown.textContent = n + " of " + total + " shown";
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
    if (el.hidden || (el.parentNode.closest && el.closest(".grp") && el.closest(".grp").hidden)) {
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
    timer = setTimeout(apply, total > 5000 ? 250 : 60);
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
    shown.textContent = total + " shown";
    reveal();
  }
})();
