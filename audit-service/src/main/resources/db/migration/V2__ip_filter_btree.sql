-- The ip filter always comes with an environment: a btree on both serves "ip <<= network" (PostgreSQL
-- turns it into a range scan) and costs far less per insert than the GiST index it replaces.
drop index blocked_attempt_by_ip;
create index blocked_attempt_by_environment_ip on blocked_attempt (environment_id, ip);
