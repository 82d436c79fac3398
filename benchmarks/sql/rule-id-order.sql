-- Inserting 10,000 rules with random (version 4) ids against time-ordered (version 7 style) ids.
-- Run against a database with rule-service's migrations applied, e.g.:
--   for f in rule-service/src/main/resources/db/migration/V*.sql; do psql -1 -q -f "$f" DB; done
--   psql -q -f benchmarks/sql/rule-id-order.sql DB
-- It first fills ip_rule with 360,000 rules (36 environments), then times 4 alternate pairs of
-- imports of 10,000 into a new environment each (in one transaction); the ids are computed before
-- the timed statement.
\set ON_ERROR_STOP on

-- The creation millisecond first, then random bits: ordered like RFC 9562's version 7 across
-- milliseconds, random within one, as ids from several replicas would be.
create or replace function pg_temp.time_ordered_id() returns uuid language sql volatile as $$
    select (lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
            || substr(md5(random()::text), 1, 19))::uuid
$$;

create or replace function pg_temp.import(ids uuid[]) returns void language plpgsql as $$
declare
    org uuid := gen_random_uuid();
    proj uuid := gen_random_uuid();
    env uuid := gen_random_uuid();
begin
    insert into project values (proj, org, 'p', now(), now(), 'bench', 'bench', 1);
    insert into environment values (env, org, proj, 'e', now(), now(), 'bench', 'bench', 1);
    insert into ip_rule (id, org_id, scope, scope_id, network, action, traffic_scopes, is_active, created_at,
                         updated_at, created_by, updated_by, version)
    select ids[i], org, 'environment', env,
           ('10.' || (i / 65536) || '.' || ((i / 256) % 256) || '.' || (i % 256) || '/32')::cidr,
           'deny', array['all'], true, now(), now(), 'bench', 'bench', 1
      from generate_series(1, array_length(ids, 1)) i;
end
$$;

-- (the inner query names n, so that it runs once per environment)
select pg_temp.import((select array_agg(gen_random_uuid()) from generate_series(1, 10000) where n > 0))
  from generate_series(1, 36) n;
checkpoint;

do $$
declare
    random_ids uuid[];
    ordered_ids uuid[];
    started timestamptz;
begin
    for pair in 1..4 loop
        random_ids := (select array_agg(gen_random_uuid()) from generate_series(1, 10000));
        ordered_ids := (select array_agg(pg_temp.time_ordered_id() order by i) from generate_series(1, 10000) i);
        started := clock_timestamp();
        perform pg_temp.import(random_ids);
        raise notice 'pair %: random ids % ms', pair, round(extract(epoch from clock_timestamp() - started) * 1000);
        started := clock_timestamp();
        perform pg_temp.import(ordered_ids);
        raise notice 'pair %: time-ordered ids % ms', pair,
            round(extract(epoch from clock_timestamp() - started) * 1000);
    end loop;
end
$$;
