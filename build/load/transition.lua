-- Each request receives a different referral: the threads take interleaved slices of the ids.
dofile((os.getenv("LOAD_SCRIPTS") or ".") .. "/common.lua")
local floor = os.getenv("FLOOR") == "1"
local ids = {}
for line in io.lines((os.getenv("LOAD_DIR") or "/tmp/casecoordination-load") .. "/referral-ids") do ids[#ids + 1] = line end
local token = floor and nil or read_file("token-receiver")
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter)
  table.insert(threads, thread)
end
-- Each run takes its own slice of the ids (ID_START, ID_COUNT), so no run receives an id twice.
local start = tonumber(os.getenv("ID_START") or "0")
local count = tonumber(os.getenv("ID_COUNT") or tostring(#ids))
local next_index = nil
function request()
  if next_index == nil then next_index = offset or 1 end
  local id = ids[start + ((next_index - 1) % count) + 1]
  next_index = next_index + 2
  local headers = { ["Content-Type"] = "application/json" }
  if token then headers["Authorization"] = "Bearer " .. token end
  local path = floor and ("/floor/referrals/" .. id .. "/receive") or ("/api/v1/referrals/" .. id .. "/receive")
  return wrk.format("POST", path, headers, "{}")
end
