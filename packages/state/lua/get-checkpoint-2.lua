--[[
  Reads one checkpoint of a thread with everything `getTuple` needs, in one round trip: the
  checkpoint's hash, its pending writes, and the channel values its version map points at.

  KEYS[1]  the namespace's index (sorted set of checkpoint ids, newest last by lexical order)
  KEYS[2]  the namespace's blobs hash (channel and version -> value)
  ARGV[1]  the prefix of the namespace's per-checkpoint keys (`<thread>:<namespace>:`)
  ARGV[2]  the checkpoint id, or '' for the thread's newest

  The per-checkpoint keys are named from the id found here (`<prefix><id>:checkpoint`,
  `…:writes`, the id percent-encoded as encodeKeyPart in key-part.ts does: keep the two
  alike; the saver's test with a hostile id checks them); they share the thread's hash tag,
  so on a cluster they are in the slot of the declared keys.

  Output: nil when there is no such checkpoint; otherwise { id, checkpoint hash as a flat
  field/value list, writes hash as a flat list, the blobs named by the checkpoint's
  `blob_fields` (one per line) in that order — or nil when the checkpoint has no such field
  (saved before it existed: the caller reads the blobs itself) }.
]]
local id = ARGV[2]
if id == '' then
  id = redis.call('ZREVRANGEBYLEX', KEYS[1], '+', '-', 'LIMIT', 0, 1)[1]
  if not id then
    return nil
  end
end
local encoded = string.gsub(id, '[^%w_%.%-]', function(character)
  return string.format('%%%02X', string.byte(character))
end)
local base = ARGV[1] .. encoded
local checkpoint = redis.call('HGETALL', base .. ':checkpoint')
if #checkpoint == 0 then
  return nil
end
local writes = redis.call('HGETALL', base .. ':writes')
local listed = nil
for index = 1, #checkpoint, 2 do
  if checkpoint[index] == 'blob_fields' then
    listed = checkpoint[index + 1]
  end
end
if not listed then
  return { id, checkpoint, writes }
end
local fields = {}
for field in string.gmatch(listed, '[^\n]+') do
  fields[#fields + 1] = field
end
local blobs = {}
if #fields > 0 then
  blobs = redis.call('HMGET', KEYS[2], unpack(fields))
end
return { id, checkpoint, writes, blobs }
