-- wrk script for bench/codes/run.sh: GET /v1/codes/{code} with a code drawn at random from a list, as
-- residents scanning the posters of many representatives do. Counts the responses that are not 2xx.
--
--   MINQING_CODES=codes.txt wrk -t2 -c64 -d10s -s bench/codes/lookup.lua http://127.0.0.1:8080

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../counts.lua")

function init(args)
    local path = os.getenv("MINQING_CODES")
    if path == nil or path == "" then error("lookup.lua: set MINQING_CODES to a file of codes, one per line") end
    prepared = {}
    for line in io.lines(path) do
        if line ~= "" then
            table.insert(prepared, wrk.format("GET", "/v1/codes/" .. line, { ["Accept"] = "application/json" }))
        end
    end
    if #prepared == 0 then error("lookup.lua: no codes in " .. path) end
    math.randomseed(id * 7919 + os.time())
end

function request()
    return prepared[math.random(1, #prepared)]
end
