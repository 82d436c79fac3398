-- The retention job's range scan on occurred_at: events arrive in about time order, so a BRIN index
-- (one summary per 128 pages) serves it and costs next to nothing per insert, unlike the btree it
-- replaces. The listing reads by (environment_id, occurred_at) through blocked_attempt_by_environment.
drop index blocked_attempt_by_time;
create index blocked_attempt_by_time on blocked_attempt using brin (occurred_at);
