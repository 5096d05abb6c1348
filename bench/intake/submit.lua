-- wrk script for bench/intake/run.sh: every request files one resident submission through a code,
-- exactly as the resident page does (POST /v1/submissions, JSON, no Authorization, no Idempotency-Key).
--
--   MINQING_CODE=abcdefghjkmnp wrk -t2 -c64 -d30s -s bench/intake/submit.lua http://127.0.0.1:8080
--   (or pass the code after `--`: wrk ... -s submit.lua URL -- abcdefghjkmnp)
--
-- Counts the responses that are not 2xx over all threads and prints them in done(), together with the
-- first such status and the start of its body (a 422 names the field, a 429 means rate limits are on).
--
-- The text below is the same as in bench/intake/intake.sql, so both benchmarks feed the trigram index
-- the same content.

local threads = {}

local function json_body(code)
    return '{"code":"' .. code .. '",'
        .. '"kind":"complaint",'
        .. '"category":"urban_rural_construction",'
        .. '"title":"小区路灯不亮，夜间出行不便",'
        .. '"content":"江南社区12幢至15幢之间的路灯已经坏了两个多星期，晚上老人和孩子出行很不方便，'
        .. '希望有关部门尽快派人维修，并定期检查小区公共照明设施。",'
        .. '"location":{"address":"杭州市滨江区西兴街道江南社区12幢旁"},'
        .. '"contact":{"name":"张三","phone":"13812345678"}}'
end

local function configure(code)
    if code == nil or code == "" then
        error("submit.lua: set MINQING_CODE (an active code) or pass it after `--`")
    end
    wrk.method = "POST"
    wrk.path = "/v1/submissions"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Accept"] = "application/json"
    wrk.body = json_body(code)
end

-- Runs in the main Lua state once per thread before it starts; keeps the threads for done().
function setup(thread)
    table.insert(threads, thread)
end

-- Runs in each thread's own Lua state, before wrk formats the request.
function init(args)
    configure(args[1] or os.getenv("MINQING_CODE"))
    non2xx = 0
    first_error = ""
end

function response(status, headers, body)
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
        if first_error == "" then
            first_error = tostring(status) .. " " .. string.sub(body or "", 1, 300)
        end
    end
end

function done(summary, latency, requests)
    local total, sample = 0, ""
    for _, thread in ipairs(threads) do
        total = total + (thread:get("non2xx") or 0)
        local first = thread:get("first_error")
        if sample == "" and first ~= nil and first ~= "" then sample = first end
    end
    io.write(string.format("non-2xx responses: %d\n", total))
    if sample ~= "" then
        io.write("first non-2xx response: " .. sample .. "\n")
    end
end
