-- Flood folding (README, "Floods"): rows that fold many events, and per window how many rows an
-- environment has, so that a flood never adds more than a bounded number of rows.
--   fold_level       0: one event as received; 1: folded by source (IPv4 address, IPv6 /64) and rule;
--                    2: the rest of the window
--   folded_events    events folded into the row (0 for an event as received)
--   source_partition, source_offset: the last record folded in, so a record read again is not added twice
alter table blocked_attempt
    add column fold_level       smallint not null default 0,
    add column folded_events    bigint   not null default 0,
    add column source_partition integer,
    add column source_offset    bigint;

create table attempt_window (
    environment_id  uuid        not null,
    window_start    timestamptz not null,
    detailed_rows   integer     not null,
    folded_rows     integer     not null,
    primary key (environment_id, window_start)
);
create index attempt_window_by_start on attempt_window (window_start);
