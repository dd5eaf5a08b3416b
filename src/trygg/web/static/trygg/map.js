// Points and municipal boundaries on a Leaflet map. Tiles only when an
// operator configured MAP_TILE_URL: nothing is fetched from the internet by default.
(function () {
  "use strict";
  var el = document.getElementById("map");
  var dataEl = document.getElementById("map-data");
  if (!el || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var map = L.map(el, { attributionControl: true });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var bounds = L.latLngBounds([]);
  if (data.boundaries && data.boundaries.features.length) {
    var b = L.geoJSON(data.boundaries, {
      style: { color: "#004b87", weight: 1.5, fillColor: "#dfe8f0", fillOpacity: 0.6 },
      onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.name); }
    }).addTo(map);
    bounds.extend(b.getBounds());
  }
  function colour(score) { return score >= 80 ? "#0a6b2d" : score >= 50 ? "#8a5a00" : "#b00020"; }
  var pts = L.geoJSON(data.points, {
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, {
        radius: 6 + 2 * f.properties.level, color: "#111", weight: f.properties.approximate ? 1 : 2,
        dashArray: f.properties.approximate ? "3" : null, fillColor: colour(f.properties.readiness), fillOpacity: 0.9
      });
    },
    onEachFeature: function (f, layer) {
      var a = document.createElement("a");
      a.href = f.properties.url; a.textContent = f.properties.name;
      var div = document.createElement("div");
      div.appendChild(a);
      div.appendChild(document.createTextNode(" · " + f.properties.level + " · " + f.properties.readiness));
      layer.bindPopup(div);
    }
  }).addTo(map);
  if (data.points.features.length) { bounds.extend(pts.getBounds()); }
  if (bounds.isValid()) { map.fitBounds(bounds, { padding: [20, 20] }); } else { map.setView([63.2, 14.6], 6); }
})();
