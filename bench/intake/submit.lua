-- wrk script for bench/intake/run.sh: every request files one resident submission, as the resident page
-- does (POST /v1/submissions, JSON, no Authorization), through a code drawn at random from a list, from a
-- client address drawn at random from 10.0.0.0/8 (sent as X-Forwarded-For, which the API trusts from the
-- benchmark's loopback address), with a fresh Idempotency-Key.
--
--   MINQING_CODES=codes.txt wrk -t2 -c64 -d30s -s bench/intake/submit.lua http://127.0.0.1:8080
--   MINQING_CODES=codes.txt MINQING_RATE=400 MINQING_THREADS=2 wrk -t2 ...   (about 400 requests/s in all)
--   MINQING_ACKS=/tmp/acks wrk ...   (each thread writes the receipt numbers it got to /tmp/acks-<thread>.txt)
--
-- Counts the responses that are not 2xx over all threads and prints them in done(), with the first such
-- status and the start of its body (a 422 names the field, a 429 means a rate limit was hit).
--
-- The text below is the same as in bench/intake/intake.sql.

local ffi = require("ffi")
ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *time);
]]
local clock = ffi.new("bench_timespec")
local function now_ms()
    ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
    return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../counts.lua")

function init(args)
    local path = os.getenv("MINQING_CODES")
    if path == nil or path == "" then error("submit.lua: set MINQING_CODES to a file of active codes, one per line") end
    codes = {}
    for line in io.lines(path) do
        if line ~= "" then table.insert(codes, line) end
    end
    if #codes == 0 then error("submit.lua: no codes in " .. path) end
    local acks_prefix = os.getenv("MINQING_ACKS")
    if acks_prefix ~= nil and acks_prefix ~= "" then
        acks = io.open(acks_prefix .. "-" .. id .. ".txt", "w")
        acks:setvbuf("line")
    end
    math.randomseed(id * 7919 + math.floor(now_ms()))
    sent = 0
    -- an open-loop schedule for this thread when MINQING_RATE is set: one request every `interval` ms
    local rate = tonumber(os.getenv("MINQING_RATE") or "")
    if rate ~= nil and rate > 0 then
        interval = 1000 * (tonumber(os.getenv("MINQING_THREADS") or "") or 2) / rate
        next_at = now_ms()
    end
end

function delay()
    if interval == nil then return 0 end
    local wait = next_at - now_ms()
    next_at = next_at + interval
    if wait < 0 then return 0 end
    return wait
end

local function body(code)
    return '{"code":"' .. code .. '",'
        .. '"kind":"complaint",'
        .. '"category":"urban_rural_construction",'
        .. '"title":"小区路灯不亮，夜间出行不便",'
        .. '"content":"江南社区12幢至15幢之间的路灯已经坏了两个多星期，晚上老人和孩子出行很不方便，'
        .. '希望有关部门尽快派人维修，并定期检查小区公共照明设施。",'
        .. '"location":{"address":"杭州市滨江区西兴街道江南社区12幢旁"},'
        .. '"contact":{"name":"张三","phone":"13812345678"}}'
end

function request()
    sent = sent + 1
    local headers = {
        ["Content-Type"] = "application/json",
        ["Accept"] = "application/json",
        ["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254)),
        ["Idempotency-Key"] = string.format("bench-%d-%d-%d", id, sent, math.random(0, 2147483647)),
    }
    return wrk.format("POST", "/v1/submissions", headers, body(codes[math.random(1, #codes)]))
end

-- counts.lua's response(), and the receipt of an acknowledged filing written down when asked to
local count = response
function response(status, headers, body)
    count(status, headers, body)
    if acks ~= nil and status == 201 then
        local receipt = string.match(body or "", '"receipt_no":"([^"]+)"')
        if receipt ~= nil then acks:write(receipt, "\n") end
    end
end
