dofile((os.getenv("LOAD_SCRIPTS") or ".") .. "/common.lua")
local floor = os.getenv("FLOOR") == "1"
local case_id = read_file("case-id")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if floor then
  wrk.path = "/floor/cases/" .. case_id .. "/referrals"
  wrk.body = "{}"
else
  wrk.path = "/api/v1/cases/" .. case_id .. "/referrals"
  wrk.headers["Authorization"] = "Bearer " .. read_file("token-sender")
  wrk.body = '{"toAgencyId":"00000000-0000-0000-0000-000000000002","need":"healthcare","urgency":"routine","sharedCategories":["coordination"]}'
end
