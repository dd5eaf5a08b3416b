// Points and municipal boundaries on a Leaflet map. Tiles only when an operator
// configured MAP_TILE_URL: nothing is fetched from the internet by default.
// Registry maps colour points by readiness; the live event map by state, with
// silent points outlined in red, and it follows the table's updates (ops.js).
(function () {
  "use strict";
  var el = document.getElementById("map");
  var dataEl = document.getElementById("map-data");
  if (!el || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  // Quarter zoom steps let a long, narrow municipality fill the map instead of a corner of it.
  var map = L.map(el, { attributionControl: true, zoomSnap: 0.25, zoomDelta: 0.5 });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var bounds = L.latLngBounds([]);
  el.tryggMap = map;  // for the area drawing tool (area-draw.js)
  if (data.boundaries && data.boundaries.features.length) {
    var b = L.geoJSON(data.boundaries, {
      style: { color: "#004b87", weight: 1.5, fillColor: "#dfe8f0", fillOpacity: 0.6 },
      onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.name); }
    }).addTo(map);
    bounds.extend(b.getBounds());
  }
  if (data.area) {  // a disruption's affected area
    var area = L.geoJSON(data.area, { style: { color: "#b00020", weight: 2.5, fillColor: "#b00020", fillOpacity: 0.12 } }).addTo(map);
    bounds = area.getBounds();
  }
  // The live map's colours and words come with the page (trygg.operations.mapdata), so the legend agrees.
  var STATE_COLOURS = data.state_colours || {};
  var SILENT = data.silent_outline || "#b00020";
  // Score colours are the stylesheet's (--good, --fair, --poor), as on the score badges.
  var css = window.getComputedStyle(document.documentElement);
  var BAND_COLOURS = { good: css.getPropertyValue("--good").trim(), fair: css.getPropertyValue("--fair").trim(),
                       poor: css.getPropertyValue("--poor").trim() };
  function colour(p) {
    if (p.role === "demand") { return p.covered ? "#0a6b2d" : "#b00020"; }
    if (p.role === "service") { return p.service === "fuel" ? "#8a5a00" : "#1f6fb2"; }  // access page
    if (p.role === "disruption") { return p.serves ? "#0a6b2d" : "#b00020"; }  // affected-area page
    if (p.readiness_band) { return BAND_COLOURS[p.readiness_band] || "#6b6b6b"; }  // trygg.rules.readiness.SCORE_BANDS
    return STATE_COLOURS[p.state] || "#6b6b6b";
  }
  function label(p) {
    if (p.role === "demand") {
      var cost = p.km != null ? " · " + p.km + " km" : (p.minutes != null ? " · " + p.minutes + " min" : "");
      return " · " + p.population + cost;
    }
    if (p.role === "service") { return " · " + p.kind_label; }
    if (p.role === "disruption") { return " · " + p.level; }
    if (p.readiness !== undefined) { return " · " + p.level + " · " + p.readiness; }
    var people = p.people_present === null ? "–" : p.people_present;
    return " · " + (p.state_label || "–") + " · " + people + "/" + p.capacity_day + (p.fuel_l !== null ? " · " + p.fuel_l + " l" : "") +
      (p.silent ? " · " + (data.silent_label || "silent") : "");
  }
  var layer = L.geoJSON(null, {
    pointToLayer: function (f, latlng) {
      var p = f.properties;
      if (p.role === "demand") {
        return L.circleMarker(latlng, { radius: 3 + Math.sqrt(p.population) / 6, color: colour(p), weight: 1,
                                        fillColor: colour(p), fillOpacity: 0.35 });
      }
      return L.circleMarker(latlng, {
        radius: 6 + 2 * (p.level || 1), color: p.silent ? SILENT : "#111", weight: p.silent ? 4 : (p.approximate ? 1 : 2),
        dashArray: p.approximate ? "3" : null, fillColor: colour(p), fillOpacity: 0.9
      });
    },
    onEachFeature: function (f, lyr) {
      var div = document.createElement("div");
      var name = document.createElement(f.properties.url ? "a" : "strong");
      if (f.properties.url) { name.href = f.properties.url; }
      name.textContent = f.properties.name;
      div.appendChild(name);
      div.appendChild(document.createTextNode(label(f.properties)));
      lyr.bindPopup(div);
    }
  }).addTo(map);
  function show(collection) { layer.clearLayers(); layer.addData(collection); }
  show(data.points);
  if (data.points.features.length && !data.area) { bounds.extend(layer.getBounds()); }
  if (bounds.isValid()) { map.fitBounds(bounds, { padding: [20, 20] }); } else { map.setView([63.2, 14.6], 6); }
  document.addEventListener("trygg:status", function (e) {
    show({ type: "FeatureCollection", features: e.detail.points.filter(function (p) { return p.lon !== null; }).map(function (p) {
      return { type: "Feature", geometry: { type: "Point", coordinates: [p.lon, p.lat] }, properties: p };
    }) });
  });
})();
