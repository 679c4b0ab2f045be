-- wrk script for scripts/load.sh: every request submits a new 2-step saga with wait_result, so one request is
-- one whole saga (stored, run, finished) on the server. The gid is unique per thread and request.
--   wrk -t2 -c10 -d10s --latency -s benchmarks/wrk/saga.lua http://127.0.0.1:36789 [-- BRANCH_BASE_URL]
-- With no BRANCH_BASE_URL the branch URLs are empty (the server records them as done without a call); with one,
-- the saga calls BRANCH_BASE_URL/TransOut and /TransIn.
local counter = 0
local prefix = ""
local steps = '[{"action":"","compensate":""},{"action":"","compensate":""}]'
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  prefix = string.format("wrk-%d-%d-", os.time(), id)
  local rm = args[1]
  if rm ~= nil and rm ~= "" then
    steps = '[{"action":"' .. rm .. '/TransOut","compensate":"' .. rm .. '/TransOutCompensate"},'
      .. '{"action":"' .. rm .. '/TransIn","compensate":"' .. rm .. '/TransInCompensate"}]'
  end
end

request = function()
  counter = counter + 1
  local body = '{"gid":"' .. prefix .. counter .. '","trans_type":"saga","wait_result":true,"steps":' .. steps
    .. ',"payloads":["{\\"amount\\":30}","{\\"amount\\":30}"]}'
  return wrk.format("POST", "/api/dtmsvr/submit", {["Content-Type"] = "application/json"}, body)
end

response = function(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body .. "\n")
  end
end
