// Live pages: refresh when the server pushes a change (server-sent events, trygg.operations.push),
// poll when the push channel is down, refused (503: too many streams) or not configured (204).
// refresh() fetches exactly what polling fetches, so permissions stay in those views.
// options.poll: the polling interval in ms (0: do not poll, the page stays as loaded, as before push);
// options.gap: at least this many ms between two fetches, however many changes arrive (a burst costs one).
(function () {
  "use strict";
  var RETRY_PUSH_MS = 60000;  // after a refusal, poll and try the stream again this much later
  window.tryggLive = function (streamUrl, refresh, options) {
    var pollMs = options.poll || 0, gapMs = options.gap || 0;
    var pollTimer = null, busy = false, again = false, lastRun = 0;
    var root = document.documentElement;
    function run() {  // one fetch at a time, gapMs apart; changes meanwhile cost one more fetch
      if (busy) { again = true; return; }
      var wait = lastRun + gapMs - Date.now();
      busy = true;
      setTimeout(function () {
        lastRun = Date.now();
        Promise.resolve(refresh()).catch(function () {}).then(function () {
          busy = false;
          if (again) { again = false; run(); }
        });
      }, Math.max(0, wait));
    }
    function poll() { if (!pollTimer && pollMs) { pollTimer = setInterval(run, pollMs); } root.dataset.live = "poll"; }
    function unpoll() { if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } root.dataset.live = "push"; }
    function connect() {
      if (!streamUrl || !window.EventSource) { poll(); return; }
      var source = new EventSource(streamUrl), first = true;
      source.addEventListener("hello", function (e) {
        unpoll();
        // The first time, catch what was stored between the page's fetch and the subscription;
        // after a reconnect, only if the server says something changed meanwhile.
        var d = JSON.parse(e.data);
        if (first || d.missed) { run(); }
        first = false;
      });
      source.addEventListener("entry", run);
      source.onerror = function () {
        poll();  // while reconnecting, and for good if the server refused the stream
        if (source.readyState === EventSource.CLOSED) { setTimeout(connect, RETRY_PUSH_MS); }
      };
    }
    poll();
    connect();
  };
})();
