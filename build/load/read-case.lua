dofile((os.getenv("LOAD_SCRIPTS") or ".") .. "/common.lua")
local floor = os.getenv("FLOOR") == "1"
-- Each request reads one of the load server's cases, at random.
local case_ids = {}
for line in io.lines((os.getenv("LOAD_DIR") or "/tmp/casecoordination-load") .. "/case-ids") do case_ids[#case_ids + 1] = line end
local headers = {}
if not floor then headers["Authorization"] = "Bearer " .. read_file("token-sender") end
function request()
  local id = case_ids[math.random(#case_ids)]
  return wrk.format("GET", (floor and "/floor/cases/" or "/api/v1/cases/") .. id, headers)
end
