dofile((os.getenv("LOAD_SCRIPTS") or ".") .. "/common.lua")
local floor = os.getenv("FLOOR") == "1"
local case_id = read_file("case-id")
wrk.method = "GET"
if floor then
  wrk.path = "/floor/cases/" .. case_id
else
  wrk.path = "/api/v1/cases/" .. case_id
  wrk.headers["Authorization"] = "Bearer " .. read_file("token-sender")
end
