-- Shared by the load scripts: reads the token and ids that the load server wrote.
local folder = os.getenv("LOAD_DIR") or "/tmp/casecoordination-load"
function read_file(name)
  local f = assert(io.open(folder .. "/" .. name, "r"))
  local s = f:read("*a")
  f:close()
  return (s:gsub("%s+$", ""))
end

-- Each wrk thread runs its own Lua state, and an unseeded math.random gives every thread the same
-- sequence: two threads would pick the same case at the same moment, all run long (a collision on
-- one person that real clients make only by chance). Each thread gets a seed of its own (fixed, so
-- runs repeat). A script that defines its own setup (transition.lua) does not use math.random.
local seeded_threads = 0
function setup(thread)
  seeded_threads = seeded_threads + 1
  thread:set("thread_seed", seeded_threads)
end
function init(args)
  math.randomseed(7919 * (thread_seed or 1))
end
