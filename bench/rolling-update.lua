-- wrk script of bench/rolling-update.sh: counts, over all threads, the replies that are not 2xx and the 2xx replies
-- served by the new spec (the page says "<version> <hostname>"; the new version is the script's argument), and prints
-- one parseable line with wrk's socket errors beside them.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  new_version = args[1] or "?"
  ok, non2xx, new = 0, 0, 0
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
    if body and body:sub(1, #new_version + 1) == new_version .. " " then
      new = new + 1
    end
  else
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local o, n, b = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok")
    n = n + t:get("new")
    b = b + t:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format("ROLLING requests=%d ok=%d new=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, o, n, b, e.connect, e.read, e.write, e.timeout))
end
