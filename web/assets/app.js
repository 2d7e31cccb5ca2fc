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
        schedule(1500);
      })
      .catch(function (err) { say(li, file.name + ": " + results.dataset.failed + ": " + err, "failed"); });
  }

  // checkUploads shows what became of the uploaded files: the server's
  // list item for each path (/upload/outcome: its status, problems and
  // warnings in the page's language), once it is no longer waiting; it
  // asks again in a second while some are.
  var timer = null;
  function checkUploads() {
    window.clearTimeout(timer);
    timer = null;
    var paths = Object.keys(pending);
    if (!paths.length) { return; }
    Promise.all(paths.map(checkUpload)).then(function () {
      if (Object.keys(pending).length) { schedule(1000); }
    });
  }

  function schedule(ms) {
    if (timer === null) { timer = window.setTimeout(checkUploads, ms); }
  }

  // checkUpload puts the outcome of the upload at path p into its list
  // item, unless it is still waiting; it never fails.
  function checkUpload(p) {
    var u = "/upload/outcome?lang=" + encodeURIComponent(document.body.dataset.lang) + "&path=" + encodeURIComponent(p);
    return fetch(u, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString("<ul>" + html + "</ul>", "text/html").querySelector("li");
        var li = pending[p];
        if (!fresh || !li || fresh.dataset.status === "waiting") { return; }
        li.innerHTML = fresh.innerHTML;
        li.dataset.status = fresh.dataset.status;
        delete pending[p];
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
