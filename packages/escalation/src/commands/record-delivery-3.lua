-- Records a successful delivery: who was notified, the job's marker and the
-- timeline line, together; returns the breach's state as of this write, so a
-- resolution that raced the delivery is seen at once.
-- KEYS[1] notified set, KEYS[2] breach hash, KEYS[3] timeline list.
-- ARGV[1] target, ARGV[2] marker field, ARGV[3] marked at ms, ARGV[4] timeline entry JSON.
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3])
redis.call('RPUSH', KEYS[3], ARGV[4])
return redis.call('HGET', KEYS[2], 'state') or ''
