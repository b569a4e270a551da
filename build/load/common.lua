-- Shared by the load scripts: reads the token and ids that the load server wrote.
local folder = os.getenv("LOAD_DIR") or "/tmp/casecoordination-load"
function read_file(name)
  local f = assert(io.open(folder .. "/" .. name, "r"))
  local s = f:read("*a")
  f:close()
  return (s:gsub("%s+$", ""))
end
