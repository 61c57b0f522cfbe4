--[[
  Reads a session for a caller that may already hold a version of it: the document travels
  only when the caller's copy is not the current one.

  KEYS[1]  the session hash (fields: doc, version)
  KEYS[2]  the session's owner key (the tenant, kept a while after the session expires)
  ARGV[1]  the version the caller holds, or '' for none

  Output: { version or false, document or false, owner or false } — the document is false
  when the version is the caller's (or there is no session).
]]
local version = redis.call('HGET', KEYS[1], 'version')
local doc = false
if version and version ~= ARGV[1] then
  doc = redis.call('HGET', KEYS[1], 'doc')
end
return { version or false, doc or false, redis.call('GET', KEYS[2]) }
