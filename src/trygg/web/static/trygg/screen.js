// The shared screen follows the event: fetch the screen's JSON when the server pushes a change
// (live.js), every 15 s when it cannot; redraw the
// totals, table, decisions and log, and hand the points to map.js. Works read-only for guests.
(function () {
  "use strict";
  var urlEl = document.getElementById("screen-url");
  if (!urlEl) { return; }
  var url = JSON.parse(urlEl.textContent);
  var mapData = JSON.parse(document.getElementById("map-data").textContent);
  var silentWord = mapData.silent_label || "silent";
  var streamEl = document.getElementById("screen-stream-url");  // the guest link's own stream
  var streamUrl = streamEl ? JSON.parse(streamEl.textContent) : mapData.stream_url;
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) { e.textContent = text; } if (cls) { e.className = cls; } return e; }
  function dash(v) { return v === null || v === undefined || v === "" ? "–" : String(v); }
  function setText(id, v) { var e = document.getElementById(id); if (e) { e.textContent = v; } }
  function rows(points) {
    var body = document.getElementById("rows");
    if (!body || !points.length) { return; }
    body.textContent = "";
    points.forEach(function (p) {
      var tr = el("tr", undefined, p.silent ? "silent" : "");
      tr.appendChild(el("td", p.name));
      tr.appendChild(el("td", dash(p.state_label) + (p.silent ? " · " + silentWord : "")));
      tr.appendChild(el("td", dash(p.people_present) + " / " + p.capacity_day, "num"));
      tr.appendChild(el("td", dash(p.power_label)));
      var fuel = p.fuel_l === null ? "–" : Math.round(p.fuel_l) + " l" + (p.fuel_hours ? " (≈ " + Math.round(p.fuel_hours) + " h)" : "");
      tr.appendChild(el("td", fuel, "num"));
      body.appendChild(tr);
    });
  }
  function list(id, entries, withKind) {
    var ol = document.getElementById(id);
    if (!ol) { return; }
    ol.textContent = "";
    if (!entries.length) { ol.appendChild(el("li", "–")); return; }
    entries.forEach(function (e) {
      var li = el("li");
      li.appendChild(el("span", e.at, "at"));
      if (withKind) { li.appendChild(el("strong", e.kind)); li.appendChild(document.createTextNode((e.point ? " · " + e.point : "") + ": ")); }
      li.appendChild(document.createTextNode(e.text));
      ol.appendChild(li);
    });
  }
  function refresh() {
    return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    }).then(function (d) {
      setText("clock", d.now);
      setText("t-open", d.totals.open); setText("t-people", d.totals.people);
      setText("t-capacity", d.totals.capacity); setText("t-silent", d.totals.silent);
      var box = document.getElementById("t-silent-box");
      if (box) { box.className = d.totals.silent ? "alarm" : ""; }
      rows(d.points); list("decisions", d.decisions, false); list("log", d.log, true);
      document.dispatchEvent(new CustomEvent("trygg:status", { detail: { points: d.points } }));
    }).catch(function () { /* keep the last picture; the next poll tries again */ });
  }
  if (window.tryggLive) { window.tryggLive(streamUrl, refresh, { poll: 15000, gap: 1000 }); } else { setInterval(refresh, 15000); }
  var fs = document.getElementById("fullscreen");
  if (fs && document.documentElement.requestFullscreen) {
    fs.addEventListener("click", function () { document.documentElement.requestFullscreen(); });
  } else if (fs) { fs.hidden = true; }
})();
