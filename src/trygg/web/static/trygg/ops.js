// The live situation picture: fetch the event's status when the server pushes a change (live.js),
// every 15 s when it cannot, and update the table and the map without a reload.
// The page works without it (reload shows the same).
(function () {
  "use strict";
  var dataEl = document.getElementById("map-data");
  var table = document.getElementById("situation");
  if (!dataEl || !table) { return; }
  var mapData = JSON.parse(dataEl.textContent);
  var url = mapData.status_url;
  // Every time is shown as Sweden's clocks show it, whatever the browser's own zone (the log does the same).
  var ZONE = "Europe/Stockholm";
  function text(v) { return v === null || v === undefined || v === "" ? "–" : String(v); }
  function when(iso) {
    if (!iso) { return "–"; }
    var d = new Date(iso);
    return d.toLocaleString("sv-SE", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  }
  var silentWord = table.dataset.silent || "SILENT";
  function render(points) {
    var body = table.tBodies[0];
    while (body.firstChild) { body.removeChild(body.firstChild); }
    points.forEach(function (p) {
      var tr = document.createElement("tr");
      tr.dataset.point = p.point;
      if (p.silent) { tr.className = "silent"; }
      var cells = [p.name, p.state_label, text(p.people_present) + " / " + p.capacity_day, p.power_label,
                   text(p.fuel_l) + (p.fuel_hours !== null ? " (≈ " + Math.round(p.fuel_hours) + " h)" : ""), text(p.indoor_temp_c), (p.silent ? silentWord + " " : "") + when(p.last_contact_at),
                   [p.needs, p.problems].join(" ")];
      cells.forEach(function (c, i) {
        var td = document.createElement("td");
        if (i === 6 && p.silent) { var s = document.createElement("strong"); s.className = "silent-flag"; s.textContent = c; td.appendChild(s); }
        else { td.textContent = c; }
        if (i === 2 || i === 4 || i === 5) { td.className = "num"; }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }
  function poll() {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) { return; }
        render(d.points);
        var u = document.getElementById("updated");
        if (u) { u.textContent = new Date(d.now).toLocaleTimeString("sv-SE", { timeZone: ZONE }); }
        document.dispatchEvent(new CustomEvent("trygg:status", { detail: d }));
      })
      .catch(function () { /* offline: keep the last picture */ });
  }
  poll();
  if (window.tryggLive) { window.tryggLive(mapData.stream_url, poll, { poll: 15000, gap: 1000 }); } else { setInterval(poll, 15000); }
})();
