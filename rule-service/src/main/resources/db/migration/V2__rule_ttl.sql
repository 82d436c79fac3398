-- The ttl a rule was last given (seconds), shown by the IP address policy view; expires_at holds
-- the instant it leads to.
alter table ip_rule add column ttl_seconds bigint;
