// pairstat's page script: follows the inbox live and uploads workbooks.
// It only reads the pages and the JSON API; it never sends SQL.
(function () {
  "use strict";
  var token = (document.querySelector('meta[name="pairstat-token"]') || {}).content || "";
  var version = null;

  // refresh re-reads this page and replaces its live parts ([data-live]
  // elements, by id), leaving the rest (a chosen file, an open form) alone.
  function refresh() {
    fetch(location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live]").forEach(function (el) {
          var fresh = doc.getElementById(el.id);
          if (!fresh) { return; }
          // the problems and warnings a reader opened or closed stay so
          var open = {};
          el.querySelectorAll("details").forEach(function (d) { open[detailsKey(d)] = d.open; });
          fresh.querySelectorAll("details").forEach(function (d) {
            var key = detailsKey(d);
            if (key in open) { d.open = open[key]; }
          });
          if (fresh.innerHTML !== el.innerHTML) { el.innerHTML = fresh.innerHTML; }
        });
        var nav = doc.querySelector("nav"), shown = document.querySelector("nav");
        if (nav && nav.innerHTML !== shown.innerHTML) { shown.innerHTML = nav.innerHTML; }
      })
      .catch(function () {});
    checkUploads();
  }

  // detailsKey names a details element across renderings: its row's
  // path and its class.
  function detailsKey(d) {
    var row = d.closest("[data-path]");
    return (row ? row.dataset.path : "") + " " + d.className;
  }

  function poll() { window.setInterval(refresh, 3000); }

  if (window.EventSource) {
    var es = new EventSource("/api/events");
    es.addEventListener("change", function (e) {
      if (version !== null && e.data !== version) { refresh(); }
      version = e.data;
    });
    es.onerror = function () {
      if (es.readyState === EventSource.CLOSED) { poll(); }
    };
  } else {
    poll();
  }

  // Uploads.
  var results = document.getElementById("upload-results");
  var pending = {}; // inbox path → its list item, until the file is read

  function say(li, text, status) {
    li.textContent = text;
    if (status) { li.dataset.status = status; }
  }

  function upload(file) {
    if (!results) { return; }
    var region = document.getElementById("upload-region");
    var li = document.createElement("li");
    li.dataset.file = file.name;
    results.appendChild(li);
    say(li, file.name + " …", "sending");
    var body = new FormData();
    if (region && region.value) { body.append("region", region.value); }
    body.append("file", file, file.name);
    fetch("/api/upload", { method: "POST", body: body, credentials: "same-origin", headers: { "X-Pairstat-Token": token } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (res) {
        if (!res.ok) { say(li, file.name + ": " + results.dataset.failed + ": " + res.body.error, "failed"); return; }
        li.dataset.path = res.body.path;
        if (res.body.unchanged) { say(li, res.body.path + ": " + results.dataset.unchanged, "unchanged"); return; }
        say(li, res.body.path + ": " + results.dataset.sent, "waiting");
        pending[res.body.path] = li;
        window.setTimeout(checkUploads, 1500);
      })
      .catch(function (err) { say(li, file.name + ": " + results.dataset.failed + ": " + err, "failed"); });
  }

  // checkUploads shows what became of the uploaded files: the newest
  // record of each path, once it is no longer waiting.
  function checkUploads() {
    var paths = Object.keys(pending);
    if (!paths.length) { return; }
    fetch("/api/sources", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (files) {
        var last = {};
        files.forEach(function (f) { last[f.path] = f; });
        paths.forEach(function (p) {
          var f = last[p];
          if (!f || f.status === "waiting") { return; }
          var text = p + ": " + (results.dataset[f.status] || f.status);
          if (f.problems.length) { text += " (" + f.problems.length + " " + results.dataset.problems + ")"; }
          say(pending[p], text, f.status);
          delete pending[p];
        });
        if (Object.keys(pending).length) { window.setTimeout(checkUploads, 1000); }
      })
      .catch(function () {});
  }

  var form = document.getElementById("upload-form");
  if (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var input = document.getElementById("upload-file");
      Array.prototype.forEach.call(input.files, upload);
      input.value = "";
    });
  }

  // Drag and drop anywhere on the page.
  var hint = document.getElementById("drop-hint");
  document.addEventListener("dragover", function (e) {
    if (!results) { return; }
    e.preventDefault();
    hint.hidden = false;
  });
  document.addEventListener("dragleave", function (e) {
    if (e.relatedTarget === null) { hint.hidden = true; }
  });
  document.addEventListener("drop", function (e) {
    if (!results) { return; }
    e.preventDefault();
    hint.hidden = true;
    Array.prototype.forEach.call(e.dataTransfer.files, upload);
  });
})();
