// The field app: reports are kept in IndexedDB with their own id and the time they were made,
// and sent through the operations API when there is a network. The API writes an entry once
// per id, so sending the same report again never doubles it. No framework, no map.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("field-config").textContent);
  var T = config.text;
  var ZONE = "Europe/Stockholm";
  var CLOSED = ["closing", "closed"];
  var believedState = config.state.state;
  var syncing = false;
  // navigator.onLine is reliable only when false: a send or state read that fails also means "no network".
  var reachable = navigator.onLine;

  // ---- small helpers --------------------------------------------------------

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key] === undefined ? "" : String(values[key]); });
  }
  function clock(iso) {
    return new Date(iso).toLocaleTimeString("sv-SE", { timeZone: ZONE, hour: "2-digit", minute: "2-digit" });
  }
  function newId() {
    // A version 4 UUID from the browser's random source (works without a secure context too).
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  // ---- IndexedDB: the outbox and the notices ---------------------------------

  var dbPromise = new Promise(function (resolve, reject) {
    var req = indexedDB.open("trygg-field", 1);
    req.onupgradeneeded = function () {
      var db = req.result;
      db.createObjectStore("outbox", { keyPath: "id" }).createIndex("where", "where");
      db.createObjectStore("notices", { keyPath: "id" }).createIndex("where", "where");
    };
    req.onsuccess = function () { resolve(req.result); };
    req.onerror = function () { reject(req.error); };
  });
  function store(name, mode, work) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode);
        var result = work(tx.objectStore(name));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function put(name, value) { return store(name, "readwrite", function (s) { s.put(value); }); }
  function remove(name, id) { return store(name, "readwrite", function (s) { s["delete"](id); }); }
  function here(name) {
    return store(name, "readonly", function (s) { return s.index("where").getAll(config.where); })
      .then(function (rows) { return rows.sort(function (a, b) { return a.occurred_at < b.occurred_at ? -1 : 1; }); });
  }

  // ---- reading the form ------------------------------------------------------

  function fieldValue(form, f) {
    if (f.widget === "multi") {
      return Array.prototype.map.call(form.querySelectorAll("input[name=" + f.name + "]:checked"), function (i) { return i.value; });
    }
    if (f.widget === "choice") {
      var c = form.querySelector("input[name=" + f.name + "]:checked");
      return c ? c.value : "";
    }
    return form.elements[f.name].value.trim();
  }
  function showError(name, message) {
    var e = document.getElementById("e-" + name);
    if (!e) { return; }
    e.textContent = message || "";
    e.hidden = !message;
  }
  function parseNumber(f, raw) {
    var n = Number(raw.replace(",", "."));
    if (!isFinite(n)) { return { error: T.not_number }; }
    if ((f.min !== null && n < f.min) || (f.max !== null && n > f.max)) {
      return { error: fmt(T.out_of_range, { min: f.min, max: f.max }) };
    }
    return { value: n };
  }
  function summaryOf(f, value) {
    var shown = Array.isArray(value) ? value.map(function (v) { return f.choices[v] || v; }).join(", ")
      : typeof value === "number" ? value.toLocaleString(document.documentElement.lang || "sv")
        : (f.choices[value] || value);
    return f.label + ": " + shown;
  }

  // The entries one press of "save" makes: a state change, a status report, a note (each only if filled).
  function entriesFrom(form) {
    var status = {}, state = "", note = "", parts = [], bad = false;
    config.fields.forEach(function (f) {
      var value = fieldValue(form, f);
      showError(f.name, "");
      if (value === "" || (Array.isArray(value) && value.length === 0)) { return; }
      if (f.widget === "number") {
        var parsed = parseNumber(f, value);
        if (parsed.error) { showError(f.name, parsed.error); bad = true; return; }
        value = parsed.value;
      }
      if (f.goes === "state") { state = value; } else if (f.goes === "note") { note = value; } else {
        status[f.name] = value;
        parts.push(summaryOf(f, value));
      }
    });
    if (bad) { return null; }
    var made = new Date().toISOString();
    var out = [];
    if (state) {
      out.push({ kind: "state", url: config.entries_url, summary: "→ " + (config.state_labels[state] || state), known_state: state,
                 body: { kind: "state", point: config.point, occurred_at: made, data: { state: state } } });
    }
    if (parts.length) {
      var s = Object.assign({ occurred_at: made }, status);
      out.push({ kind: "status", url: config.report_url, summary: parts.join("; "), body: s });
    }
    if (note) {
      out.push({ kind: "note", url: config.entries_url, summary: note,
                 body: { kind: "note", point: config.point, occurred_at: made, text: note } });
    }
    return out.map(function (e) {
      var id = newId();
      e.body.id = id;
      return Object.assign(e, { id: id, where: config.where, occurred_at: made, known_state: e.known_state || believedState });
    });
  }

  // ---- sending -----------------------------------------------------------------

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return { status: r.status, data: data }; });
    });
  }
  function reasonOf(data) {
    if (data && data.error) { data = data.error.fields || data.error.message || data.error; }
    if (typeof data === "string") { return data; }
    if (!data || typeof data !== "object") { return ""; }
    var out = [];
    Object.keys(data).forEach(function (k) {
      var v = data[k];
      if (typeof v === "string") { out.push(v); } else if (Array.isArray(v)) { out.push(v.join(" ")); } else { out.push(reasonOf(v)); }
    });
    return out.join(" ").trim();
  }
  // A 403 for want of a session (or of its CSRF cookie) needs a new login; any other 403 is a refusal.
  function loggedOut(data) {
    var error = (data && data.error) || data || {};
    var message = String(error.message || error.detail || "");
    return error.code === "not_authenticated" || message.indexOf("CSRF") !== -1;
  }
  function kindWord(item) { return T[item.kind] ? T[item.kind].toLowerCase() : item.kind; }

  // Refused by the log (e.g. a state change to a point that was closed meanwhile): keep it as a note with the
  // same id, so a resend is still written once, and tell the user what happened.
  function refused(item, response) {
    var reason = reasonOf(response.data);
    var noteText = fmt(T.refused_note, { reason: reason, made: clock(item.occurred_at), summary: item.summary });
    var values = { kind: kindWord(item), made: clock(item.occurred_at), reason: reason };
    var note = { id: item.id, kind: "note", point: config.point, occurred_at: item.occurred_at, text: noteText };
    return post(config.entries_url, note).then(function (r) {
      if (r.status === 200 || r.status === 201) {
        return remove("outbox", item.id).then(function () { return notice(item.id, fmt(T.refused, values)); });
      }
      item.refused = reason;
      return put("outbox", item).then(function () { return notice(item.id, fmt(T.refused_kept, values)); });
    });
  }
  function notice(id, text) { return put("notices", { id: id, where: config.where, text: text, at: new Date().toISOString() }); }

  function sendOne(item) {
    return post(item.url, item.body).then(function (r) {
      if (r.status === 200 || r.status === 201) { return remove("outbox", item.id).then(function () { return "sent"; }); }
      if (r.status === 400) { return refused(item, r).then(function () { return "refused"; }); }
      if (r.status === 401 || (r.status === 403 && loggedOut(r.data))) { return "login"; }
      if (r.status === 403) { return refused(item, r).then(function () { return "refused"; }); }
      if (r.status === 404) { return notice("404-" + item.id, T.not_yours).then(function () { return "stop"; }); }
      return "stop";  // the server is in trouble: try again later
    });
  }

  // After sending: was the point moved centrally (closed) while these reports were made offline?
  function checkCentralChange(sent) {
    return fetch(config.state_url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { reachable = true; return r.ok ? r.json() : null; })
      .then(function (now) {
        if (!now) { return; }
        var ours = sent.some(function (i) { return i.id === now.changed_entry; });
        var work = sent.filter(function (i) {
          return !ours && CLOSED.indexOf(now.state) !== -1 && CLOSED.indexOf(i.known_state) === -1;
        }).map(function (i) {
          return notice("closed-" + i.id, fmt(T.closed_meanwhile, {
            state: now.state_label, changed: now.changed_at ? clock(now.changed_at) : "–", by: now.changed_by,
            kind: kindWord(i), made: clock(i.occurred_at) }));
        });
        showState(now);
        return Promise.all(work);
      });
  }

  function sync() {
    if (syncing || !navigator.onLine) { return Promise.resolve(); }
    syncing = true;
    var sent = [], needLogin = false;
    return here("outbox").then(function (items) {
      var queue = items.filter(function (i) { return !i.refused; });
      function next() {
        var item = queue.shift();
        if (!item) { return Promise.resolve(); }
        return sendOne(item).then(function (outcome) {
          if (outcome === "sent") { sent.push(item); return next(); }
          if (outcome === "refused") { return next(); }
          if (outcome === "login") { needLogin = true; }
          return undefined;
        });
      }
      return next();
    }).then(function () {
      return checkCentralChange(sent);
    }).catch(function () {
      // No network after all: what was not confirmed stays in the outbox.
      reachable = false;
    }).then(function () {
      syncing = false;
      showLogin(needLogin);
      return render();
    });
  }

  // ---- showing -------------------------------------------------------------------

  function showState(now) {
    var s = document.getElementById("state");
    s.textContent = now.state_label;
    s.className = "opstate " + (now.state || "");
    believedState = now.state;
    offerStates();
  }
  // Only the moves the point can make from the state this device believes it is in.
  function offerStates() {
    var next = believedState ? config.transitions[believedState] : config.first_states;
    document.querySelectorAll("fieldset[data-field=state] label[data-value]").forEach(function (label) {
      label.hidden = next.indexOf(label.dataset.value) === -1;
    });
  }
  function showNet() {
    var net = document.getElementById("net");
    var up = navigator.onLine && reachable;
    net.textContent = up ? T.online : T.offline;
    net.className = "net " + (up ? "online" : "offline");
  }
  function showLogin(needed) {
    var box = document.getElementById("login-needed");
    if (!needed) { if (box) { box.remove(); } return; }
    if (box) { return; }
    box = el("p", "notice");
    box.id = "login-needed";
    box.appendChild(document.createTextNode(T.log_in + " "));
    var a = el("a", "", T.log_in_link);
    a.href = config.login_url;
    box.appendChild(a);
    document.getElementById("notices").before(box);
  }
  function render() {
    showNet();
    return Promise.all([here("outbox"), here("notices")]).then(function (found) {
      var waiting = found[0].filter(function (i) { return !i.refused; });
      var n = waiting.length;
      var pending = document.getElementById("pending");
      pending.textContent = fmt(n === 1 ? T.waiting_one : T.waiting_other, { count: n });
      pending.className = "pending" + (n ? " some" : "");
      pending.dataset.count = n;
      var list = document.getElementById("waiting");
      list.textContent = "";
      waiting.forEach(function (i) {
        list.appendChild(el("li", "", T[i.kind] + " · " + fmt(T.made, { time: clock(i.occurred_at) }) + " · " + i.summary));
      });
      var box = document.getElementById("notices");
      box.textContent = "";
      found[1].forEach(function (n) {
        var div = el("div", "notice");
        div.appendChild(el("p", "", n.text));
        var b = el("button", "primary", T.dismiss);
        b.type = "button";
        b.addEventListener("click", function () { remove("notices", n.id).then(render); });
        div.appendChild(b);
        box.appendChild(div);
      });
    });
  }

  // ---- wiring -------------------------------------------------------------------

  var form = document.getElementById("field-form");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var entries = entriesFrom(form);
    showError("form", "");
    if (entries === null) { return; }
    if (!entries.length) { showError("form", T.empty); return; }
    entries.reduce(function (p, e) { return p.then(function () { return put("outbox", e); }); }, Promise.resolve())
      .then(function () {
        var stateEntry = entries.filter(function (e) { return e.kind === "state"; })[0];
        if (stateEntry) { believedState = stateEntry.known_state; offerStates(); }
        form.reset();
        document.getElementById("saved").textContent = fmt(T.saved, { time: clock(entries[0].occurred_at) });
        return render();
      })
      .then(sync);
  });
  window.addEventListener("online", function () { reachable = true; sync(); });
  window.addEventListener("offline", showNet);
  setInterval(function () {  // try again while something waits or the network seemed gone; idle otherwise
    here("outbox").then(function (items) { if (items.length || !reachable) { sync(); } });
  }, 30000);
  offerStates();
  render().then(sync);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.sw_url).catch(function () { /* the page still works online */ });
  }
  window.tryggField = { sync: sync, ready: dbPromise };
})();
