dofile((os.getenv("LOAD_SCRIPTS") or ".") .. "/common.lua")
local floor = os.getenv("FLOOR") == "1"
-- Each request sends a referral for one of the load server's cases, at random.
local case_ids = {}
for line in io.lines((os.getenv("LOAD_DIR") or "/tmp/casecoordination-load") .. "/case-ids") do case_ids[#case_ids + 1] = line end
local headers = { ["Content-Type"] = "application/json" }
local body = "{}"
if not floor then
  headers["Authorization"] = "Bearer " .. read_file("token-sender")
  body = '{"toAgencyId":"00000000-0000-0000-0000-000000000002","need":"healthcare","urgency":"routine","sharedCategories":["coordination"]'
  -- LOAD_TEXT=N: a message of N characters, as the load server gives its cases a situation (ADR 0019).
  local text = tonumber(os.getenv("LOAD_TEXT") or "0")
  if text > 0 then body = body .. ',"message":"' .. string.rep("x", text) .. '"' end
  body = body .. '}'
end
function request()
  local id = case_ids[math.random(#case_ids)]
  return wrk.format("POST", (floor and "/floor/cases/" or "/api/v1/cases/") .. id .. "/referrals", headers, body)
end
