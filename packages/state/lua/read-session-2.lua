--[[
  Reads a session for a caller that may already hold a parsed copy of it: the document travels
  only when the caller's copy is not the current one.

  KEYS[1]  the session hash (fields: doc, version, etag)
  KEYS[2]  the session's owner key (the tenant, kept a while after the session expires)
  ARGV[1]  the etag of the copy the caller holds, or '' for none

  Output: { version or false, etag or false, document or false, owner or false } — the
  document is false when the caller's copy is current (or there is no session). A document
  written before etags existed has none, and always travels.
]]
local fields = redis.call('HMGET', KEYS[1], 'version', 'etag')
local version, etag = fields[1], fields[2]
local doc = false
if version and not (etag and etag == ARGV[1]) then
  doc = redis.call('HGET', KEYS[1], 'doc')
end
return { version or false, etag or false, doc or false, redis.call('GET', KEYS[2]) }
