-- wrk script of the wallet API load benchmark (bench/api/run.sh). Settings come from the environment, because wrk
-- decides whether a script paces its requests (has a `delay` function) before it hands the script any argument:
--
--   BODIES   file with one JSON request body per line (a GraphQL operation and its variables); each thread sends
--            them in turn, starting at a different line. Without it every request is a plain GET of the URL.
--   RATE     requests per second over all threads: a fixed rate (see `delay`). Unset or 0: as fast as the
--            connections allow (saturation).
--   THREADS  wrk's -t, so that each thread takes its share of RATE.
--
-- At the end it prints one line, RESULT key=value ..., which run.sh reads: throughput, latency percentiles (ms),
-- wrk's socket errors and non-2xx answers, answers whose body holds GraphQL "errors", and for a fixed rate how far
-- the sends fell behind their schedule.

local ffi = require("ffi")
ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clk_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("bench_timespec")
local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local bodies_file = os.getenv("BODIES")
if bodies_file == "" then bodies_file = nil end
local rate = tonumber(os.getenv("RATE") or "0") or 0
local threads = tonumber(os.getenv("THREADS") or "1") or 1

-- In the main script state: number the threads so that each starts at a different body.
local thread_list = {}
function setup(thread)
    thread:set("id", #thread_list)
    table.insert(thread_list, thread)
end

-- In each thread's state.
local requests = {}
local next_index = 1
graphql_errors = 0
behind = 0        -- sends more than 5 ms behind their slot
max_behind = 0    -- ms

function init(args)
    if bodies_file then
        for line in io.lines(bodies_file) do
            if #line > 0 then
                table.insert(requests, wrk.format("POST", nil,
                    { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }, line))
            end
        end
        assert(#requests > 0, "no request bodies in " .. bodies_file)
    else
        table.insert(requests, wrk.format("GET", nil, {}, nil))
    end
    next_index = ((id or 0) * 7) % #requests + 1
end

function request()
    local r = requests[next_index]
    next_index = next_index % #requests + 1
    return r
end

function response(status, headers, body)
    if body and string.find(body, '"errors"', 1, true) then
        graphql_errors = graphql_errors + 1
    end
end

if rate > 0 then
    -- A fixed rate with plain wrk (Debian has no wrk2): wrk asks `delay` before each request a connection sends.
    -- Each thread hands out send slots on its own fixed schedule (one every THREADS / RATE seconds) to whichever
    -- of its connections asks next, and the connection waits until its slot. With enough idle connections the
    -- requests leave on schedule, whatever the latency; when every connection is busy, sends fall behind, which
    -- `behind` and `max_behind` show (wrk measures latency from the actual send, not from the slot).
    local interval = 1000.0 * threads / rate
    local next_slot = nil
    function delay()
        local now = now_ms()
        if next_slot == nil then
            next_slot = now + (id or 0) * interval / threads
        end
        local slot = next_slot
        next_slot = next_slot + interval
        local wait = slot - now
        if wait < 0 then
            if -wait > 5 then behind = behind + 1 end
            if -wait > max_behind then max_behind = -wait end
            return 0
        end
        return math.floor(wait)
    end
end

function done(summary, latency, requests_stats)
    local errors_gql, late, late_max = 0, 0, 0
    for _, thread in ipairs(thread_list) do
        errors_gql = errors_gql + (thread:get("graphql_errors") or 0)
        late = late + (thread:get("behind") or 0)
        late_max = math.max(late_max, thread:get("max_behind") or 0)
    end
    local e = summary.errors
    local seconds = summary.duration / 1e6
    io.write(string.format(
        "RESULT requests=%d seconds=%.2f rps=%.1f p50=%.2f p90=%.2f p99=%.2f p999=%.2f max=%.2f mean=%.2f "
            .. "socket_errors=%d non2xx=%d timeouts=%d graphql_errors=%d late=%d late_max_ms=%.1f\n",
        summary.requests, seconds, summary.requests / seconds,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
        latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000,
        e.connect + e.read + e.write, e.status, e.timeout, errors_gql, late, late_max))
end
