// Public pages: everything here is an addition. The list, the text and the place chooser
// work without JavaScript. This adds: remembering the language, sorting by the phone's
// position (which never leaves the phone), sorting by a chosen place without a reload
// (so it works in the static copy too), and a map that loads Leaflet only when asked for.
(function () {
  "use strict";
  var root = document.documentElement;
  var lang = root.getAttribute("data-lang");
  var explicit = /\/(sv|lattlast|en|ar|fi|so|fa|ti|uk)\/(index\.html)?$/.test(location.pathname);
  if (explicit && lang && location.protocol !== "file:") {
    document.cookie = "trygg_public_lang=" + lang + "; path=/; max-age=31536000; SameSite=Lax";
  }

  function distanceKm(lat1, lon1, lat2, lon2) {
    var r = Math.PI / 180, a = Math.sin((lat2 - lat1) * r / 2), b = Math.sin((lon2 - lon1) * r / 2);
    var h = a * a + Math.cos(lat1 * r) * Math.cos(lat2 * r) * b * b;
    return 12742 * Math.asin(Math.sqrt(h));
  }
  function formatKm(km) {
    var sep = root.getAttribute("data-decimal") || ".";
    return (km < 10 ? km.toFixed(1) : km.toFixed(0)).replace(".", sep) + " km";
  }
  function sortFrom(lat, lon, message) {
    var lists = document.querySelectorAll("ol[data-sortable]");
    Array.prototype.forEach.call(lists, function (list) {
      var items = Array.prototype.slice.call(list.children);
      items.forEach(function (li) {
        var d = li.dataset.lat ? distanceKm(lat, lon, +li.dataset.lat, +li.dataset.lon) : Infinity;
        li._km = d;
        var span = li.querySelector(".dist");
        if (span) { span.textContent = isFinite(d) ? " · " + formatKm(d) : ""; }
      });
      items.sort(function (a, b) { return a._km - b._km; });
      items.forEach(function (li) { list.appendChild(li); });
    });
    var status = document.getElementById("sorted");
    if (status) { status.textContent = message; }
  }

  var form = document.querySelector("form.near");
  if (form) {
    var hint = form.querySelector(".hint");
    var select = form.querySelector("select");
    form.addEventListener("submit", function (event) {
      var option = select.options[select.selectedIndex];
      if (!option || !option.dataset.lat) { return; }
      event.preventDefault();
      sortFrom(+option.dataset.lat, +option.dataset.lon, hint.dataset.sorted + " (" + option.textContent + ")");
      if (history.replaceState && location.protocol !== "file:") {
        history.replaceState(null, "", "?near=" + encodeURIComponent(option.value) + "#list");
      }
    });
    var locate = form.querySelector(".locate");
    if (navigator.geolocation && locate) {
      locate.hidden = false; hint.hidden = false;
      locate.addEventListener("click", function () {
        hint.textContent = hint.dataset.locating;
        navigator.geolocation.getCurrentPosition(function (pos) {
          hint.textContent = hint.dataset.located;
          sortFrom(pos.coords.latitude, pos.coords.longitude, hint.dataset.located);
        }, function () { hint.textContent = hint.dataset.failed; }, { maximumAge: 300000, timeout: 20000 });
      });
    }
  }

  function load(tag, attrs, done) {
    var el = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
    if (done) { el.onload = done; }
    document.head.appendChild(el);
  }
  function drawMap(box) {
    var el = box.querySelector(".map");
    el.hidden = false;
    var map = L.map(el);
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { maxZoom: 18, attribution: box.dataset.attribution || "" }).addTo(map);
    }
    var bounds = L.latLngBounds([]);
    Array.prototype.forEach.call(document.querySelectorAll(".point[data-lat]"), function (p) {
      if (!p.dataset.lat) { return; }
      var ll = [+p.dataset.lat, +p.dataset.lon];
      var open = p.classList.contains("open") || p.classList.contains("full");
      var marker = L.circleMarker(ll, { radius: 9, color: "#111", weight: 2, fillColor: open ? "#0a6b2d" : "#003f7d", fillOpacity: 0.9 });
      var a = document.createElement("a");
      a.href = p.dataset.href; a.textContent = p.dataset.name;
      var div = document.createElement("div");
      div.appendChild(a);
      div.appendChild(document.createElement("br"));
      div.appendChild(document.createTextNode(p.dataset.status));
      marker.bindPopup(div).addTo(map);
      bounds.extend(ll);
    });
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 }); } else { map.setView([63.2, 14.6], 6); }
  }
  Array.prototype.forEach.call(document.querySelectorAll(".mapbox"), function (box) {
    var button = box.querySelector(".show-map");
    if (!button || !document.querySelector(".point[data-lat]:not([data-lat=''])")) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.hidden = true;
      if (window.L) { drawMap(box); return; }
      load("link", { rel: "stylesheet", href: box.dataset.leafletCss });
      load("script", { src: box.dataset.leafletJs }, function () { drawMap(box); });
    });
  });
})();
