// patchbay's own small script. Pages work without it; it adds the notice
// area for failed htmx requests, example sentences, the editor's line
// gutter, the deploy button's label, and live deploy progress over
// server-sent events.
(function () {
  "use strict";

  function notice(text) {
    var n = document.getElementById("notice");
    if (!n) { return; }
    n.textContent = text;
    n.hidden = false;
  }

  document.addEventListener("htmx:responseError", function (e) {
    var xhr = e.detail.xhr;
    var text = xhr && xhr.responseText && xhr.getResponseHeader("Content-Type") &&
      xhr.getResponseHeader("Content-Type").indexOf("text/plain") === 0 ? xhr.responseText : "";
    notice(text || "That did not work. Reload the page and try again.");
  });
  document.addEventListener("htmx:sendError", function () {
    notice("patchbay could not be reached. Check that it is still running, then try again. Your text is still in the page.");
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    if (e.detail.successful) {
      var n = document.getElementById("notice");
      if (n) { n.hidden = true; }
    }
  });

  // Example sentences fill the text box they point at.
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-example]");
    if (!b) { return; }
    e.preventDefault();
    var t = document.getElementById(b.getAttribute("data-fill"));
    if (t) { t.value = b.getAttribute("data-example"); t.focus(); }
  });

  // Editor gutter: one number per line, error lines marked.
  function errorLines() {
    var set = {};
    document.querySelectorAll("#problems [data-line]").forEach(function (li) {
      var n = parseInt(li.getAttribute("data-line"), 10);
      if (n > 0) { set[n] = li.getAttribute("data-msg") || "problem"; }
    });
    return set;
  }
  function drawGutter() {
    var ta = document.getElementById("spec-text");
    var g = document.getElementById("gutter");
    if (!ta || !g) { return; }
    var lines = ta.value.split("\n").length;
    var errs = errorLines();
    var frag = document.createDocumentFragment();
    for (var i = 1; i <= lines; i++) {
      var s = document.createElement("span");
      s.textContent = String(i);
      if (errs[i]) { s.className = "err"; s.title = errs[i]; }
      frag.appendChild(s);
    }
    g.replaceChildren(frag);
    g.scrollTop = ta.scrollTop;
  }
  // Unsaved editor text: warn before leaving the page, not when saving.
  var saving = false;
  document.addEventListener("input", function (e) {
    if (e.target.id === "spec-text") { drawGutter(); }
  });
  document.addEventListener("submit", function (e) {
    if (e.target.querySelector && e.target.querySelector("#spec-text")) { saving = true; }
  });
  window.addEventListener("beforeunload", function (e) {
    var ta = document.getElementById("spec-text");
    if (ta && !ta.readOnly && !saving && ta.value !== ta.defaultValue) {
      e.preventDefault();
      e.returnValue = "";
    }
  });
  document.addEventListener("scroll", function (e) {
    if (e.target.id === "spec-text") {
      var g = document.getElementById("gutter");
      if (g) { g.scrollTop = e.target.scrollTop; }
    }
  }, true);
  document.addEventListener("htmx:afterSettle", drawGutter);
  // Clicking a problem jumps to its line.
  document.addEventListener("click", function (e) {
    var li = e.target.closest("#problems [data-line]");
    var ta = document.getElementById("spec-text");
    if (!li || !ta) { return; }
    var line = parseInt(li.getAttribute("data-line"), 10);
    var lines = ta.value.split("\n");
    var pos = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) { pos += lines[i].length + 1; }
    ta.focus();
    ta.setSelectionRange(pos, pos + (lines[line - 1] || "").length);
  });

  // Live deploy progress: the server sends each org's panel as HTML.
  function watch(root) {
    var url = root.getAttribute("data-sse");
    if (!url || !window.EventSource) { return; }
    var es = new EventSource(url);
    es.addEventListener("swap", function (ev) {
      var tpl = document.createElement("template");
      tpl.innerHTML = ev.data.trim();
      var next = tpl.content.firstElementChild;
      if (!next || !next.id) { return; }
      var cur = document.getElementById(next.id);
      if (cur) { cur.replaceWith(next); }
    });
    es.addEventListener("done", function () {
      es.close();
      root.removeAttribute("data-sse");
    });
    es.onerror = function () {
      if (es.readyState === EventSource.CLOSED) {
        notice("Live progress stopped. Reload the page to see the latest state; the deployment carries on regardless.");
      }
    };
  }
  // The deploy button says what it will do: "Deploy to 2 orgs".
  function deployLabel(form) {
    var b = form.querySelector("[data-deploy-button]");
    if (!b) { return; }
    var n = form.querySelectorAll('input[name="org"]:checked').length;
    var mode = form.querySelector('input[name="mode"]:checked');
    var check = mode && mode.value === "check";
    var orgs = n === 1 ? "1 org" : n + " orgs";
    b.textContent = n === 0 ? "Tick an org to deploy to" : (check ? "Validate in " : "Deploy to ") + orgs;
    b.disabled = n === 0;
  }
  document.addEventListener("change", function (e) {
    var form = e.target.closest && e.target.closest("form");
    if (form && form.querySelector("[data-deploy-button]")) { deployLabel(form); }
  });
  // A page restored from the back/forward cache keeps its ticks: recount.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-deploy-button]").forEach(function (b) { if (b.form) { deployLabel(b.form); } });
  });

  // Editor views: Form and YAML are tabs once this script runs; without
  // it both show, one under the other.
  function showView(id, focus) {
    document.querySelectorAll("[data-view-tab]").forEach(function (t) {
      var on = t.getAttribute("data-view-tab") === id;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      if (on && focus) { t.focus(); }
    });
    document.querySelectorAll("[data-view]").forEach(function (p) {
      p.hidden = p.getAttribute("data-view") !== id;
    });
  }
  document.addEventListener("click", function (e) {
    var t = e.target.closest("[data-view-tab]");
    if (!t) { return; }
    e.preventDefault();
    showView(t.getAttribute("data-view-tab"), false);
    try { sessionStorage.setItem("pb-view", t.getAttribute("data-view-tab")); } catch (err) { /* private mode */ }
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target.closest && e.target.closest("[data-view-tab]");
    if (!t || (e.key !== "ArrowLeft" && e.key !== "ArrowRight")) { return; }
    var tabs = Array.prototype.slice.call(document.querySelectorAll("[data-view-tab]"));
    var i = tabs.indexOf(t) + (e.key === "ArrowRight" ? 1 : -1);
    var next = tabs[(i + tabs.length) % tabs.length];
    e.preventDefault();
    showView(next.getAttribute("data-view-tab"), true);
  });
  // The form view: choosing a step, trigger, auth or field type, an
  // operator or a body format shows that choice's fields at once; after any
  // button the page comes back where it was, focus on the same control.
  document.addEventListener("change", function (e) {
    var s = e.target;
    if (!s.matches || !s.matches(".spec-form select") || !/\.(type|op|format)$/.test(s.name)) { return; }
    var b = s.form.querySelector("button.default-submit");
    if (b && s.form.requestSubmit) { s.form.requestSubmit(b); }
  });
  document.addEventListener("submit", function (e) {
    if (e.submitter && e.submitter.hasAttribute("data-show-view")) {
      try { sessionStorage.setItem("pb-view", e.submitter.getAttribute("data-show-view")); } catch (err) { /* private mode */ }
    }
    if (!e.target.classList || !e.target.classList.contains("spec-form")) { return; }
    saving = true;
    var sub = e.submitter;
    var a = document.activeElement;
    var where = { y: window.scrollY, name: a && a.name && a.tagName !== "BUTTON" ? a.name : "", op: sub && !sub.classList.contains("default-submit") ? sub.value : "" };
    try { sessionStorage.setItem("pb-form", JSON.stringify(where)); } catch (err) { /* private mode */ }
  });
  function restoreForm() {
    var raw = null;
    try { raw = sessionStorage.getItem("pb-form"); sessionStorage.removeItem("pb-form"); } catch (err) { return; }
    if (!raw || !document.querySelector(".spec-form")) { return; }
    var w = JSON.parse(raw);
    window.scrollTo(0, w.y || 0);
    var el = null;
    if (w.name) { el = document.querySelector('.spec-form [name="' + CSS.escape(w.name) + '"]'); }
    if (!el && w.op) { el = document.querySelector('.spec-form button[value="' + CSS.escape(w.op) + '"]:not([disabled])'); }
    if (el) { el.focus({ preventScroll: true }); }
  }

  function init() {
    if (document.querySelector("[data-view-tab]")) {
      var v = "form-view";
      try { v = sessionStorage.getItem("pb-view") || v; } catch (err) { /* private mode */ }
      if (location.hash === "#yaml-view" || location.hash === "#form-view") { v = location.hash.slice(1); }
      showView(v, false);
      restoreForm();
    }
    drawGutter();
    document.querySelectorAll("[data-deploy-button]").forEach(function (b) { if (b.form) { deployLabel(b.form); } });
    document.querySelectorAll("[data-sse]").forEach(watch);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
