-- Fixed-rate pacing for Debian's wrk (4.1, which has no -R like wrk2).
-- Every wrk thread keeps a schedule of send slots spaced 1/(RATE/threads) apart; before each request wrk calls
-- delay(), which claims the next slot and returns how long to wait for it (in ms; wrk's timers have 1 ms
-- granularity, the schedule itself is kept in fractional ms so the average rate stays exact). With enough
-- connections per thread (latency < connections x interval) the send rate is the target rate, independent of the
-- server's latency. A request that could not be sent on time is sent as soon as a connection is free (the schedule
-- does not skip slots), so a stall shows up as a burst, but wrk's latency is measured from the actual send, i.e.
-- without coordinated-omission correction (wrk2 would add the schedule lag).
-- Usage: RATE=1000 wrk -t1 -c16 -d30s --latency -s paced.lua URL
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } paced_timespec;
  int clock_gettime(int clk, paced_timespec *tp);
]]
local ts = ffi.new("paced_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
local interval, next_slot

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local rate = tonumber(os.getenv("RATE") or "1000")
  local nthreads = tonumber(os.getenv("THREADS") or "1")
  interval = 1000 / (rate / nthreads)
  next_slot = now_ms()
end

function delay()
  local now = now_ms()
  local wait = next_slot - now
  next_slot = next_slot + interval
  if wait < 0 then return 0 end
  return math.floor(wait)
end
