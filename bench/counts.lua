-- bench/counts.lua: what the wrk scripts share (loaded with dofile): the thread list with each thread's
-- id, the count of responses that are not 2xx with the first one's status and body, and done() printing
-- "non-2xx responses: N" (the bench scripts read that line).

threads = {}

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

non2xx = 0
first_error = ""

function response(status, headers, body)
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
        if first_error == "" then first_error = tostring(status) .. " " .. string.sub(body or "", 1, 300) end
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
    if sample ~= "" then io.write("first non-2xx response: " .. sample .. "\n") end
end
