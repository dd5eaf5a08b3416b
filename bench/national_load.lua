-- wrk script of bench_national_load.py: the read mix from a file, statuses counted, figures to a file.
--
--   NATLOAD_WRK_OUT=out.json wrk -t2 -c48 -d20s --latency -s bench/national_load.lua URL -- requests.tsv
--
-- requests.tsv: one request a line, "path<TAB>header name<TAB>header value" (the header may be empty:
-- an unconditional GET). Each thread walks the list from its own offset, one request after the other.
-- Every answer is counted by status (200, 304, other); done() writes the counts, wrk's own error
-- counters and the latency percentiles (microseconds) as JSON to $NATLOAD_WRK_OUT.

local threads = {}
local created = 0

function setup(thread)
   created = created + 1
   thread:set("id", created)
   table.insert(threads, thread)
end

local requests = {}
local n = 0
local i = 0
ok200 = 0
ok304 = 0
other = 0
first_other = ""

function init(args)
   local f = assert(io.open(args[1], "r"))
   for line in f:lines() do
      local path, name, value = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      if path == nil then path, name, value = line, "", "" end
      local headers = {}
      if name ~= "" then headers[name] = value end
      n = n + 1
      requests[n] = wrk.format("GET", path, headers)
   end
   f:close()
   i = (id * 7919) % n
end

function request()
   i = i % n + 1
   return requests[i]
end

function response(status, headers, body)
   if status == 200 then
      ok200 = ok200 + 1
   elseif status == 304 then
      ok304 = ok304 + 1
   else
      other = other + 1
      if first_other == "" then first_other = tostring(status) end
   end
end

function done(summary, latency, requests_)
   local s200, s304, sother, samples = 0, 0, 0, {}
   for _, t in ipairs(threads) do
      s200 = s200 + t:get("ok200")
      s304 = s304 + t:get("ok304")
      sother = sother + t:get("other")
      local first = t:get("first_other")
      if first ~= "" then table.insert(samples, '"' .. first .. '"') end
   end
   local e = summary.errors
   local parts = {
      string.format('"requests": %d', summary.requests),
      string.format('"duration_us": %d', summary.duration),
      string.format('"bytes": %d', summary.bytes),
      string.format('"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}',
                    e.connect, e.read, e.write, e.status, e.timeout),
      string.format('"status": {"200": %d, "304": %d, "other": %d}', s200, s304, sother),
      '"other_samples": [' .. table.concat(samples, ", ") .. ']',
      string.format('"latency_us": {"mean": %.1f, "max": %d, "p50": %d, "p90": %d, "p95": %d, "p99": %d, "p999": %d}',
                    latency.mean, latency.max, latency:percentile(50), latency:percentile(90),
                    latency:percentile(95), latency:percentile(99), latency:percentile(99.9)),
   }
   local f = assert(io.open(os.getenv("NATLOAD_WRK_OUT"), "w"))
   f:write("{" .. table.concat(parts, ", ") .. "}\n")
   f:close()
end
