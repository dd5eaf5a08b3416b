// Draw an affected area on the map: each click adds a corner; "Use the drawn area" writes the
// outline as a GeoJSON Polygon into the form's text box (#area-geojson). Plain Leaflet, no plugin.
(function () {
  "use strict";
  var el = document.getElementById("map");
  var box = document.getElementById("area-geojson");
  if (!el || !box || !el.tryggMap || typeof L === "undefined") { return; }
  var map = el.tryggMap;
  var corners = [];
  var outline = L.polygon([], { color: "#6a1b9a", weight: 2, dashArray: "4", fillOpacity: 0.08 }).addTo(map);
  function redraw() { outline.setLatLngs(corners); }
  map.on("click", function (e) { corners.push(e.latlng); redraw(); });
  function on(id, handler) { var b = document.getElementById(id); if (b) { b.addEventListener("click", handler); } }
  on("draw-undo", function () { corners.pop(); redraw(); });
  on("draw-clear", function () { corners = []; redraw(); });
  on("draw-use", function () {
    if (corners.length < 3) { box.focus(); return; }
    var ring = corners.map(function (c) { return [Math.round(c.lng * 1e5) / 1e5, Math.round(c.lat * 1e5) / 1e5]; });
    ring.push(ring[0]);
    box.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
    box.scrollIntoView({ block: "center" });
  });
})();
