// The county page follows the running events: when a report is stored in the county (pushed, live.js),
// re-fetch this same page (at most every 10 s) and swap in its silent-points panel. Without push it
// stays as loaded, as before.
// The page's own view decides what it shows, so nothing here widens what the reader may see.
(function () {
  "use strict";
  var split = document.querySelector(".split");
  if (!split || !window.tryggLive || !window.DOMParser) { return; }
  var streamUrl = window.location.pathname.replace(/\/?$/, "/") + "stream/";
  function refresh() {
    return fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".silent-card");
        var old = document.querySelector(".silent-card");
        if (old && fresh) { old.replaceWith(fresh); }
        else if (old) { old.remove(); }
        else if (fresh) { split.insertBefore(fresh, split.firstChild); }
      });
  }
  window.tryggLive(streamUrl, refresh, { poll: 0, gap: 10000 });  // no polling: as before push
})();
