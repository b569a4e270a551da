dofile((os.getenv("LOAD_SCRIPTS") or ".") .. "/common.lua")
local floor = os.getenv("FLOOR") == "1"
wrk.method = "GET"
if floor then
  wrk.path = "/floor/referrals?agency=00000000-0000-0000-0000-000000000002"
else
  wrk.path = "/api/v1/referrals?direction=incoming&limit=50"
  wrk.headers["Authorization"] = "Bearer " .. read_file("token-receiver")
end
